import Foundation

/// One data row of a table file, as raw UTF-8 field bytes.
///
/// A row is only valid until the source's next call to ``RowSource/nextRow()``: the bytes live in
/// the source's reusable buffer so that reading a million-row file allocates almost nothing.
public protocol TableRow {
    /// Row number as the user sees it in Excel or a text editor (the header is row 1).
    var rowNumber: Int { get }
    /// Number of fields present in this row (may be fewer than the header's columns).
    var fieldCount: Int { get }
    /// Calls `body` with the bytes of field `index` (empty when the field is absent), unquoted.
    func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
}

extension TableRow {
    /// Field `index` as a `String` (empty when absent), trimmed of surrounding spaces.
    public func string(_ index: Int) -> String {
        withField(index) { bytes in
            var lo = bytes.startIndex, hi = bytes.endIndex
            while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0D { hi -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
        }
    }

    /// Whether field `index` is blank (absent, empty or only spaces).
    public func isBlank(_ index: Int) -> Bool {
        withField(index) { bytes in bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
    }
}

/// A streaming reader of a table file (CSV or one XLSX sheet): a header row, then data rows.
///
/// Memory does not grow with the file: rows are produced one at a time.
public protocol RowSource: AnyObject {
    /// File name shown in error messages (e.g. `members.csv`).
    var fileName: String { get }
    /// The header row's cells, trimmed, in file order.
    var headers: [String] { get }
    /// Bytes consumed so far and the total size when known, for progress bars.
    var progress: (done: Int64, total: Int64?) { get }
    /// Calls `body` with the next data row; returns `false` at the end of the file.
    /// Fully blank rows are skipped.
    func nextRow(_ body: (any TableRow) throws -> Void) throws -> Bool
}

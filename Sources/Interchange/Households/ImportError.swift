import Foundation

/// One problem found while importing a file (lỗi nhập dữ liệu), located as the user sees it in Excel.
///
/// Rendered as `members.csv:17 national_id "0123" — Số CCCD phải có 12 chữ số [national_id.length]`.
public struct ImportError: Sendable, Hashable, Error, CustomStringConvertible {
    /// File name, e.g. `members.csv`.
    public var file: String
    /// Row number as Excel shows it: the header is row 1, the first data row is row 2.
    public var row: Int
    /// Canonical (English) column name, e.g. `national_id`; empty for a problem of the whole row.
    public var column: String
    /// The offending cell value as read (empty when the cell was blank).
    public var value: String
    /// Message in Vietnamese for the commune officer (thông báo lỗi).
    public var message: String
    /// Stable English code, e.g. `national_id.length`, for tools and tests.
    public var code: String

    /// Creates an error.
    public init(file: String, row: Int, column: String, value: String = "", message: String, code: String) {
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.message = message
        self.code = code
    }

    /// The one-line text form: `file:row column "value" — message [code]`; the value part is
    /// left out when the cell was blank, so an empty `""` does not look like data.
    public var description: String {
        var s = "\(file):\(row)"
        if !column.isEmpty { s += " \(column)" }
        if !value.isEmpty { s += " \"\(value)\"" }
        s += " — \(message) [\(code)]"
        return s
    }
}

/// All problems of an import (báo cáo lỗi nhập dữ liệu): every error, not just the first, so an
/// officer can fix a whole sheet in one pass.
///
/// Stored errors are capped (a broken 4-million-row file must not exhaust memory); beyond the cap
/// errors are still counted in ``totalErrorCount``.
public struct ImportErrorReport: Sendable, Error, CustomStringConvertible {
    /// Stored errors, in the order found (at most ``capacity``).
    public private(set) var errors: [ImportError] = []
    /// Warnings that do not block the import, e.g. unknown columns that are ignored (`header.unknown`).
    public private(set) var warnings: [ImportError] = []
    /// Number of errors found, including those beyond the cap.
    public private(set) var totalErrorCount = 0
    /// Maximum number of errors kept in ``errors``.
    public let capacity: Int

    /// Creates an empty report keeping at most `capacity` errors.
    public init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Whether no error was found (warnings do not count).
    public var isEmpty: Bool { totalErrorCount == 0 }
    /// Whether errors were found beyond those stored.
    public var isTruncated: Bool { totalErrorCount > errors.count }

    /// Records an error.
    public mutating func add(_ error: ImportError) {
        totalErrorCount += 1
        if errors.count < capacity { errors.append(error) }
    }

    /// Records a warning.
    public mutating func addWarning(_ warning: ImportError) {
        if warnings.count < capacity { warnings.append(warning) }
    }

    /// Adds all errors and warnings of `other`, keeping its uncounted errors in the total.
    public mutating func merge(_ other: ImportErrorReport) {
        for e in other.errors { add(e) }
        totalErrorCount += other.totalErrorCount - other.errors.count
        for w in other.warnings { addWarning(w) }
    }

    /// Counts `n` errors that are not stored (they were beyond another report's cap).
    mutating func addUncounted(_ n: Int) { totalErrorCount += n }

    /// Errors sorted by file, then row, then column order of discovery — the order a user fixes them in.
    public var sortedErrors: [ImportError] {
        errors.enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            if a.element.row != b.element.row { return a.element.row < b.element.row }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The text form: one line per error, then a count line (and the warnings after it).
    public var description: String {
        var lines = errors.map(\.description)
        if isTruncated {
            lines.append("… và \(totalErrorCount - errors.count) lỗi khác (chỉ hiển thị \(errors.count) lỗi đầu tiên)")
        }
        if totalErrorCount > 0 { lines.append("Tổng cộng \(totalErrorCount) lỗi.") }
        for w in warnings { lines.append("Cảnh báo: \(w.description)") }
        return lines.joined(separator: "\n")
    }

    /// The report as CSV (columns `file,row,column,value,message,code`), UTF-8 with a byte-order
    /// mark because Excel otherwise opens UTF-8 CSV as the legacy code page and garbles Vietnamese.
    /// - Parameter includeWarnings: also list warnings (after the errors).
    public func csvData(includeWarnings: Bool = false) -> Data {
        var out = "\u{FEFF}file,row,column,value,message,code\r\n"
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        for e in errors + (includeWarnings ? warnings : []) {
            out += [field(e.file), String(e.row), field(e.column), field(e.value), field(e.message), field(e.code)]
                .joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    /// Writes ``csvData(includeWarnings:)`` to `url`.
    public func writeCSV(to url: URL, includeWarnings: Bool = false) throws {
        try csvData(includeWarnings: includeWarnings).write(to: url, options: .atomic)
    }
}

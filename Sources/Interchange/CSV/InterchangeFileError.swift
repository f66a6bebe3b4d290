import Foundation

/// A table file that cannot be read or written at all (lỗi tệp), as opposed to a bad value in a
/// row, which is an ``ImportError``.
///
/// ``code`` is stable English for programs and tests; ``message`` is Vietnamese for the commune
/// officer and says what to do about it.
public struct InterchangeFileError: Error, LocalizedError, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The file does not exist (không tìm thấy tệp).
        case fileNotFound = "file.not_found"
        /// The file exists but cannot be opened or read (permissions, I/O error, a directory).
        case fileUnreadable = "file.unreadable"
        /// The bytes are not UTF-8, e.g. a CSV saved in TCVN3, VNI or Windows-1258, or as UTF-16.
        case fileEncoding = "file.encoding"
        /// The output file cannot be created or written (disk full, no permission).
        case fileWriteFailed = "file.write_failed"
        /// A quoted CSV field is never closed, so the rest of the file would be one cell.
        case csvUnterminatedQuote = "csv.unterminated_quote"
        /// One CSV record is larger than the reader accepts (64 MiB).
        case csvRecordTooLarge = "csv.record_too_large"
        /// The file is not a valid XLSX workbook (not a ZIP, parts missing, malformed XML).
        case xlsxInvalid = "xlsx.invalid"
        /// The requested worksheet is not in the workbook.
        case xlsxSheetNotFound = "xlsx.sheet_not_found"
        /// More rows than an Excel sheet holds (1,048,576).
        case xlsxTooManyRows = "xlsx.too_many_rows"
    }

    /// What went wrong.
    public var code: Code
    /// File name as given by the user, e.g. `members.csv`.
    public var file: String
    /// Row number as the user sees it (header = row 1), when the problem is at a row.
    public var row: Int?
    /// Technical detail (system error text, the sheet name asked for), shown after the message.
    public var detail: String?

    /// Creates an error.
    public init(code: Code, file: String, row: Int? = nil, detail: String? = nil) {
        self.code = code
        self.file = file
        self.row = row
        self.detail = detail
    }

    /// The Vietnamese message (thông báo lỗi) for ``code``.
    public var message: String {
        switch code {
        case .fileNotFound:
            return "Không tìm thấy tệp"
        case .fileUnreadable:
            return "Không đọc được tệp"
        case .fileEncoding:
            return "Tệp không phải mã UTF-8 (có thể đang dùng bảng mã TCVN3, VNI, Windows-1258 hoặc UTF-16); "
                + "hãy mở bằng Excel và lưu lại với định dạng \"CSV UTF-8 (Comma delimited)\""
        case .fileWriteFailed:
            return "Không ghi được tệp"
        case .csvUnterminatedQuote:
            return "Dấu ngoặc kép (\") mở ở dòng này không được đóng; kiểm tra ô có dấu ngoặc kép"
        case .csvRecordTooLarge:
            return "Một dòng dữ liệu quá lớn (hơn 64 MiB); tệp có thể bị hỏng"
        case .xlsxInvalid:
            return "Tệp không phải bảng tính Excel (.xlsx) hợp lệ"
        case .xlsxSheetNotFound:
            return "Không tìm thấy trang tính (sheet) trong tệp Excel"
        case .xlsxTooManyRows:
            return "Quá số dòng tối đa của một trang tính Excel (1.048.576); hãy xuất ra CSV"
        }
    }

    /// `file:row — message (detail) [code]`, the same shape as import errors.
    public var description: String {
        var s = file
        if let row { s += ":\(row)" }
        s += " — " + message
        if let detail, !detail.isEmpty { s += " (\(detail))" }
        return s + " [\(code.rawValue)]"
    }

    /// Same as ``description``.
    public var errorDescription: String? { description }
}

import Foundation
import VietnameseText

/// One value of a record table (ô), typed so that each rendering writes it its own way: the
/// print view with `.` thousands and dd/MM/yyyy, CSV with plain numbers, XLSX with numeric cells
/// (reports.md §0.3, §0.5).
public enum SheetCell: Sendable, Hashable {
    /// Text.
    case text(String)
    /// A whole number (count, score, points).
    case integer(Int)
    /// An amount in đồng.
    case money(Int)
    /// A day (dd/MM/yyyy when shown).
    case date(CivilDate)
    /// An instant (dd/MM/yyyy HH:mm in Viet Nam time).
    case instant(Date)
    /// A yes/no answer (Có / Không).
    case flag(Bool)
    /// Nothing.
    case empty

    /// A text cell, or empty for `nil`.
    public static func optional(_ text: String?) -> SheetCell { text.map { .text($0) } ?? .empty }

    /// A day cell, or empty for `nil`.
    public static func optional(_ day: CivilDate?) -> SheetCell { day.map { .date($0) } ?? .empty }

    /// A number cell, or empty for `nil`.
    public static func optional(_ n: Int?) -> SheetCell { n.map { .integer($0) } ?? .empty }

    /// As printed: numbers with `.` thousands, dates dd/MM/yyyy, flags Có/Không.
    public var printed: String {
        switch self {
        case .text(let s): s
        case .integer(let n), .money(let n): VietnameseText.formatVND(n)
        case .date(let d): VietnameseText.formatDate(d)
        case .instant(let t): LocalTime.format(t)
        case .flag(let b): b ? "Có" : "Không"
        case .empty: ""
        }
    }

    /// As written to CSV: numbers without separators, dates dd/MM/yyyy, flags `1`/`0`.
    public var plain: String {
        switch self {
        case .integer(let n), .money(let n): String(n)
        case .flag(let b): b ? "1" : "0"
        default: printed
        }
    }

    /// Whether the cell is a number (right-aligned, numeric in XLSX).
    public var isNumber: Bool {
        switch self {
        case .integer, .money: true
        default: false
        }
    }
}

/// A column of a record table: its English key (CSV `--headers en`, snake_case) and its
/// Vietnamese header (the default).
public struct SheetColumn: Sendable, Hashable {
    /// English key, e.g. `household_code`.
    public var key: String
    /// Vietnamese header, e.g. `Mã hộ`.
    public var header: String

    /// Creates a column.
    public init(_ key: String, _ header: String) {
        self.key = key
        self.header = header
    }
}

/// A table of review records (bảng hồ sơ rà soát) that prints (A4, the administrative header of
/// reports.md §0.6) and exports (CSV, XLSX, reports.md §0.5) the same way for every kind of
/// record review.md names: campaign lists, requests, forms, minutes, notices, complaints,
/// re-checks, consultations, decisions, certificates, batches, monthly reports, identifications,
/// status records, transitions, year outcomes, alerts, holidays and the R10 progress report.
public struct RecordSheet: Sendable, Hashable {
    /// Record kind, as in the page address (`surveys`, `meetings`…).
    public var kind: String
    /// Document type printed in capitals (`DANH SÁCH`, `BÁO CÁO`…).
    public var documentType: String
    /// Subject line (bold), e.g. `Phiếu B đã lập trong đợt RS-42-2026`.
    public var subject: String
    /// The period and standard line (italics), optional.
    public var period: String?
    /// Columns.
    public var columns: [SheetColumn]
    /// Rows, each as many cells as columns.
    public var rows: [[SheetCell]]
    /// Lines under the table (totals, notes).
    public var notes: [String]
    /// Whether it shows personal data (names, CCCD…): the print needs the personal-read right and
    /// the export the personal-export right, both audited.
    public var personal: Bool
    /// Wide tables print landscape.
    public var landscape: Bool

    /// Creates a sheet.
    public init(kind: String, documentType: String = "DANH SÁCH", subject: String, period: String? = nil, columns: [SheetColumn],
                rows: [[SheetCell]] = [], notes: [String] = [], personal: Bool = false, landscape: Bool? = nil) {
        self.kind = kind
        self.documentType = documentType
        self.subject = subject
        self.period = period
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.personal = personal
        self.landscape = landscape ?? (columns.count > 8)
    }

    /// Adds a row (padded or cut to the columns).
    public mutating func append(_ cells: [SheetCell]) {
        var row = Array(cells.prefix(columns.count))
        while row.count < columns.count { row.append(.empty) }
        rows.append(row)
    }

    /// A row numbered in the first column (STT) when the first column is `no`.
    public mutating func appendNumbered(_ cells: [SheetCell]) {
        append([.integer(rows.count + 1)] + cells)
    }
}

/// A label–value line of a printed record (dòng thông tin).
public struct DocumentField: Sendable, Hashable {
    /// Label, e.g. `Người trả lời`.
    public var label: String
    /// Value as printed.
    public var value: String

    /// Creates a line.
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// One record printed as a document (văn bản, phiếu, biên bản): its fields as label–value lines
/// and its tables, under the administrative header.
public struct RecordDocument: Sendable, Hashable {
    /// Document type in capitals (`PHIẾU B`, `BIÊN BẢN`…).
    public var documentType: String
    /// Subject (bold).
    public var subject: String
    /// Number (`Số: …`), blank until registered.
    public var number: String?
    /// Date of the document (the place-and-date line).
    public var date: CivilDate?
    /// Label–value lines.
    public var fields: [DocumentField]
    /// Tables.
    public var sheets: [RecordSheet]
    /// Authority lines and signer (bottom right); none for a form signed by a person.
    public var authority: [String], signer: String?
    /// Whether it shows personal data.
    public var personal: Bool

    /// Creates a document.
    public init(documentType: String, subject: String, number: String? = nil, date: CivilDate? = nil, fields: [DocumentField] = [],
                sheets: [RecordSheet] = [], authority: [String] = [], signer: String? = nil, personal: Bool = true) {
        self.documentType = documentType
        self.subject = subject
        self.number = number
        self.date = date
        self.fields = fields
        self.sheets = sheets
        self.authority = authority
        self.signer = signer
        self.personal = personal
    }
}

import Foundation
import VietnameseText
import ZIPFoundation

/// A streaming reader of one worksheet of an Excel workbook (đọc tệp Excel .xlsx).
///
/// - **Sheet**: the one named `sheet` (exact name first, then ignoring case and diacritics), or
///   else the first visible sheet.
/// - **Header** is the first non-blank row (or row `headerRow` when given), so a title line
///   above the table can be skipped by naming the header row.
/// - **Cells** come out as the text a person sees: shared and inline strings as written;
///   numbers without a trailing `.0` and with at most 15 significant digits (what Excel shows,
///   so `2.9300000000000002` reads as `2.93`); numbers in a date format (built-in formats 14–17,
///   22, 27–36, 50–58, or a custom format with `d` or `y`) as `dd/MM/yyyy`; booleans as
///   `TRUE`/`FALSE`; formula cells as their cached result. Text typed into a text-formatted cell
///   keeps its leading zeros; codes typed as numbers have already lost them in Excel.
/// - **Positions** follow the cell references (`r="C5"`), so cells Excel leaves out land in the
///   right column, and row numbers are Excel's (`<row r="…">`).
///
/// Memory stays flat apart from the shared-strings table: the sheet is decompressed to an
/// anonymous temporary file and tokenised in 1 MiB pieces (see ``XMLScanner`` for why Foundation's
/// `XMLParser` is not used).
public final class XLSXReader: RowSource {
    /// File name shown in error messages.
    public let fileName: String
    /// Name of the sheet being read.
    public let sheetName: String
    /// The header row's cells, trimmed, in column order (blank columns are empty strings).
    public private(set) var headers: [String] = []

    /// Sheet XML bytes consumed so far and its uncompressed size.
    public var progress: (done: Int64, total: Int64?) {
        (cursor.pointee.isFinished ? sheetSize : min(cursor.pointee.scanner.bytesConsumed, sheetSize), sheetSize)
    }

    private let cursor: UnsafeMutablePointer<SheetCursor>
    private let row: XLSXRow
    private let sheetSize: Int64

    /// Opens sheet `sheet` (or the first visible sheet) of the workbook at `path`.
    ///
    /// - Parameters:
    ///   - path: file system path of the `.xlsx` file.
    ///   - fileName: name for error messages; defaults to the last path component.
    ///   - sheet: sheet name to read; `nil` for the first visible sheet.
    ///   - headerRow: Excel row number of the header; `nil` for the first non-blank row.
    /// - Throws: ``InterchangeFileError`` — `file.not_found`, `xlsx.invalid` (not a ZIP, parts
    ///   missing, malformed XML), `xlsx.sheet_not_found`.
    public init(path: String, fileName: String? = nil, sheet: String? = nil, headerRow: Int? = nil) throws {
        let name = fileName ?? URL(fileURLWithPath: path).lastPathComponent
        self.fileName = name
        let package = try XLSXPackage(path: path, fileName: name)
        let workbook = try Workbook(package: package)
        guard let chosen = workbook.sheet(named: sheet) else {
            throw InterchangeFileError(code: .xlsxSheetNotFound, file: name, detail: sheet)
        }
        sheetName = chosen.name
        guard let entry = package.entry(chosen.part) else { throw package.invalid(chosen.part) }
        sheetSize = Int64(entry.uncompressedSize)
        let strings = try workbook.sharedStrings.map { try SharedStrings(package: package, part: $0) } ?? SharedStrings()
        let styles = try workbook.styles.map { try DateStyles(package: package, part: $0) } ?? DateStyles()
        let fd = try package.extractToTemporaryFile(entry)
        cursor = .allocate(capacity: 1)
        cursor.initialize(
            to: SheetCursor(
                scanner: XMLScanner(fileDescriptor: fd), strings: strings, dateStyles: styles.isDate,
                date1904: workbook.date1904, fileName: name))
        row = XLSXRow(cursor)
        // Fully initialised from here: if reading the header throws, deinit releases the cursor.
        while try cursor.pointee.nextRow() {
            if let headerRow, cursor.pointee.rowNumber < headerRow { continue }
            headers = (0..<row.fieldCount).map { row.string($0) }
            break
        }
    }

    deinit {
        cursor.pointee.scanner.release()
        cursor.deinitialize(count: 1)
        cursor.deallocate()
    }

    /// Names of the workbook's sheets in tab order — to let a user pick one.
    public static func sheetNames(path: String, fileName: String? = nil) throws -> [String] {
        let name = fileName ?? URL(fileURLWithPath: path).lastPathComponent
        return try Workbook(package: XLSXPackage(path: path, fileName: name)).sheets.map(\.name)
    }

    /// Calls `body` with the next non-blank row; returns `false` after the last row.
    public func nextRow(_ body: (any TableRow) throws -> Void) throws -> Bool {
        guard try cursor.pointee.nextRow() else { return false }
        try body(row)
        return true
    }
}

/// The current row of an ``XLSXReader``: field bytes live in the cursor's value arena.
final class XLSXRow: TableRow {
    private let cursor: UnsafeMutablePointer<SheetCursor>

    init(_ cursor: UnsafeMutablePointer<SheetCursor>) { self.cursor = cursor }

    var rowNumber: Int { cursor.pointee.rowNumber }
    var fieldCount: Int { cursor.pointee.fieldCount }

    func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let c = cursor
        guard index >= 0 && index < c.pointee.fieldCount else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let lo = c.pointee.bounds[2 * index], hi = c.pointee.bounds[2 * index + 1]
        return try c.pointee.values.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[lo..<hi]))
        }
    }
}

// MARK: - Workbook structure

/// What `xl/workbook.xml` and its relationships say: the sheets, where the shared strings and
/// styles are, and the date system.
struct Workbook {
    struct Sheet {
        var name: String
        var part: String
        var hidden: Bool
    }

    var sheets: [Sheet] = []
    var sharedStrings: String?
    var styles: String?
    /// The 1904 date system (old Mac workbooks): serial 0 is 1904-01-01.
    var date1904 = false

    init(package: XLSXPackage) throws {
        let root = try package.relationships(of: "")
        let workbookPart = root.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let bytes = try package.read(workbookPart) else { throw package.invalid(workbookPart) }
        var byID: [String: String] = [:]
        for rel in try package.relationships(of: workbookPart) {
            byID[rel.id] = rel.target
            if rel.type.hasSuffix("/sharedStrings") { sharedStrings = rel.target }
            if rel.type.hasSuffix("/styles") { styles = rel.target }
        }
        var scanner = XMLScanner(bytes: bytes)
        defer { scanner.release() }
        while true {
            let token: XMLScanner.Token
            do { token = try scanner.next() } catch { throw package.invalid(workbookPart) }
            if token == .eof { break }
            guard token == .start else { continue }
            if scanner.nameIs("workbookPr") {
                let value = scanner.attributeString("date1904")
                date1904 = value == "1" || value == "true"
            } else if scanner.nameIs("sheet") {
                guard let name = scanner.attributeString("name"), let id = scanner.attributeString("id"),
                    let part = byID[id]
                else { continue }
                let state = scanner.attributeString("state")
                sheets.append(Sheet(name: name, part: part, hidden: state == "hidden" || state == "veryHidden"))
            }
        }
        if sheets.isEmpty { throw package.invalid("\(workbookPart): no sheets") }
    }

    /// The sheet called `name` (exact, then folded), or the first visible sheet for `nil`.
    func sheet(named name: String?) -> Sheet? {
        guard let name else { return sheets.first { !$0.hidden } ?? sheets.first }
        if let exact = sheets.first(where: { $0.name == name }) { return exact }
        let key = VietnameseText.fold(name)
        return sheets.first { VietnameseText.fold($0.name) == key }
    }
}

/// The shared-strings table (`xl/sharedStrings.xml`) as one byte arena plus offsets, which is far
/// smaller than an array of `String`s for a table of millions of names.
struct SharedStrings {
    var bytes: [UInt8] = []
    /// `offsets[i] ..< offsets[i + 1]` is string `i`.
    var offsets: [Int] = [0]

    init() {}

    init(package: XLSXPackage, part: String) throws {
        guard let entry = package.entry(part) else { return }
        let fd = try package.extractToTemporaryFile(entry)
        var scanner = XMLScanner(fileDescriptor: fd)
        defer { scanner.release() }
        var inString = false
        var capturing = false
        var phoneticDepth = 0
        var stringStart = 0
        do {
            loop: while true {
                switch try scanner.next() {
                case .eof:
                    break loop
                case .start:
                    if scanner.nameIs("si") {
                        if scanner.isSelfClosing {
                            offsets.append(bytes.count)
                        } else {
                            inString = true
                            stringStart = bytes.count
                        }
                    } else if scanner.nameIs("t") {
                        capturing = inString && phoneticDepth == 0 && !scanner.isSelfClosing
                    } else if scanner.nameIs("rPh") && !scanner.isSelfClosing {
                        phoneticDepth += 1  // furigana-style phonetic runs are not cell text
                    }
                case .end:
                    if scanner.nameIs("t") {
                        capturing = false
                    } else if scanner.nameIs("rPh") {
                        phoneticDepth -= 1
                    } else if scanner.nameIs("si") {
                        OOXMLEscape.decode(&bytes, from: stringStart)
                        offsets.append(bytes.count)
                        inString = false
                    }
                case .text:
                    if capturing {
                        if scanner.isCDATA {
                            bytes.append(contentsOf: scanner.text)
                        } else {
                            XMLScanner.appendDecoded(scanner.text, to: &bytes)
                        }
                    }
                }
            }
        } catch {
            throw package.invalid(part)
        }
    }

    var count: Int { offsets.count - 1 }
}

/// Which cell styles (`s` attribute, an index into `cellXfs`) display numbers as dates.
struct DateStyles {
    var isDate: [Bool] = []

    init() {}

    init(package: XLSXPackage, part: String) throws {
        guard let bytes = try package.read(part) else { return }
        var scanner = XMLScanner(bytes: bytes)
        defer { scanner.release() }
        var customDate: [Int: Bool] = [:]
        var inCellXfs = false
        do {
            loop: while true {
                switch try scanner.next() {
                case .eof:
                    break loop
                case .start:
                    if scanner.nameIs("numFmt") {
                        if let id = scanner.attributeString("numFmtId").flatMap({ Int($0) }),
                            let code = scanner.attributeString("formatCode")
                        {
                            customDate[id] = Self.isDateFormat(code)
                        }
                    } else if scanner.nameIs("cellXfs") {
                        inCellXfs = !scanner.isSelfClosing
                    } else if inCellXfs && scanner.nameIs("xf") {
                        let id = scanner.attributeString("numFmtId").flatMap { Int($0) } ?? 0
                        isDate.append(customDate[id] ?? Self.isBuiltInDate(id))
                    }
                case .end:
                    if scanner.nameIs("cellXfs") { inCellXfs = false }
                case .text:
                    break
                }
            }
        } catch {
            throw package.invalid(part)
        }
    }

    /// Built-in number formats that show a date: 14–17 and 22 everywhere, 27–36 and 50–58 in
    /// East Asian locales. 18–21 and 45–47 are times only and stay numbers.
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...17).contains(id) || id == 22 || (27...36).contains(id) || (50...58).contains(id)
    }

    /// Whether a custom format code shows a date: it has a day or year token once quoted text,
    /// escaped characters and `[…]` sections (colours, locales such as `[$-42A]`) are removed.
    /// `m` alone is not enough: it also means minutes.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        for c in code.unicodeScalars {
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if c == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if c == "]" { inBracket = false }
                continue
            }
            switch c {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": escaped = true  // `_x` pads, `*x` repeats: x is not a token
            case "d", "D", "y", "Y": return true
            default: break
            }
        }
        return false
    }
}

// MARK: - Sheet cursor

/// Walks `<sheetData>`, assembling one row at a time into a value arena.
struct SheetCursor {
    var scanner: XMLScanner
    let strings: SharedStrings
    let dateStyles: [Bool]
    let date1904: Bool
    let fileName: String

    /// Cell values of the current row, back to back.
    var values: [UInt8] = []
    /// `bounds[2*i] ..< bounds[2*i+1]` in `values` is column `i`.
    var bounds: [Int] = []
    var fieldCount = 0
    var rowNumber = 0
    private var cells: [(column: Int, start: Int, end: Int)] = []
    private var scratch: [UInt8] = []
    private var done = false

    /// Whether the last row has been read.
    var isFinished: Bool { done }

    init(scanner: XMLScanner, strings: SharedStrings, dateStyles: [Bool], date1904: Bool, fileName: String) {
        self.scanner = scanner
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.fileName = fileName
    }

    /// Advances to the next non-blank row; `false` at the end of the sheet.
    mutating func nextRow() throws -> Bool {
        guard !done else { return false }
        do {
            while true {
                switch try scanner.next() {
                case .eof:
                    done = true
                    return false
                case .end:
                    if scanner.nameIs("sheetData") {
                        done = true
                        return false
                    }
                case .start:
                    guard scanner.nameIs("row") else { continue }
                    let number = scanner.attribute("r").flatMap(Self.parseInt) ?? rowNumber + 1
                    rowNumber = number
                    if scanner.isSelfClosing { continue }
                    if try readCells() { return true }
                case .text:
                    continue
                }
            }
        } catch let error as InterchangeFileError {
            throw error
        } catch {
            throw InterchangeFileError(code: .xlsxInvalid, file: fileName, row: rowNumber, detail: "\(error)")
        }
    }

    /// Reads the cells of the current `<row>` up to `</row>`; `false` when all are blank.
    private mutating func readCells() throws -> Bool {
        values.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        var column = -1
        while true {
            switch try scanner.next() {
            case .eof:
                throw XMLScanner.Failure.malformed("unexpected end inside a row")
            case .end:
                if scanner.nameIs("row") { return finishRow() }
            case .text:
                continue
            case .start:
                guard scanner.nameIs("c") else { continue }
                column = scanner.attribute("r").flatMap(Self.columnIndex) ?? column + 1
                let type = CellType(scanner.attribute("t"))
                let style = scanner.attribute("s").flatMap(Self.parseInt) ?? 0
                if scanner.isSelfClosing { continue }
                try readCellContent()
                let start = values.count
                render(type: type, style: style)
                if values.count > start { cells.append((column, start, values.count)) }
            }
        }
    }

    /// Collects the text of the cell's `<v>`, or of the `<t>` elements of an inline string
    /// (phonetic runs excluded), into `scratch`, up to `</c>`.
    private mutating func readCellContent() throws {
        scratch.removeAll(keepingCapacity: true)
        var capturing = false
        var phoneticDepth = 0
        while true {
            switch try scanner.next() {
            case .eof:
                throw XMLScanner.Failure.malformed("unexpected end inside a cell")
            case .start:
                if scanner.isSelfClosing { continue }
                if scanner.nameIs("v") || (scanner.nameIs("t") && phoneticDepth == 0) {
                    capturing = true
                } else if scanner.nameIs("rPh") {
                    phoneticDepth += 1
                }
            case .end:
                if scanner.nameIs("c") { return }
                if scanner.nameIs("v") || scanner.nameIs("t") {
                    capturing = false
                } else if scanner.nameIs("rPh") {
                    phoneticDepth -= 1
                }
            case .text:
                guard capturing else { continue }
                if scanner.isCDATA {
                    scratch.append(contentsOf: scanner.text)
                } else {
                    XMLScanner.appendDecoded(scanner.text, to: &scratch)
                }
            }
        }
    }

    enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate

        init(_ raw: UnsafeBufferPointer<UInt8>?) {
            guard let raw, let first = raw.first else {
                self = .number
                return
            }
            switch (first, raw.count) {
            case (0x73, 1): self = .sharedString  // s
            case (0x62, 1): self = .boolean  // b
            case (0x65, 1): self = .error  // e
            case (0x64, 1): self = .isoDate  // d
            case (0x73, 3): self = .formulaString  // str
            case (0x69, _): self = .inlineString  // inlineStr
            default: self = .number
            }
        }
    }

    /// Appends the display text of the cell whose raw content is in `scratch`.
    private mutating func render(type: CellType, style: Int) {
        switch type {
        case .sharedString:
            guard let index = Self.parseInt(scratch), index >= 0, index < strings.count else { return }
            let lo = strings.offsets[index], hi = strings.offsets[index + 1]
            values.append(contentsOf: strings.bytes[lo..<hi])
        case .inlineString, .formulaString:
            let start = values.count
            values.append(contentsOf: scratch)
            OOXMLEscape.decode(&values, from: start)
        case .error:
            values.append(contentsOf: scratch)
        case .boolean:
            guard let first = scratch.first else { return }
            values.append(contentsOf: first == 0x31 || first == 0x74 ? Array("TRUE".utf8) : Array("FALSE".utf8))
        case .isoDate:
            // `2024-01-15T00:00:00`: the date part.
            let datePart = scratch.prefix { $0 != 0x54 }
            let parsed = datePart.withUnsafeBufferPointer { VietnameseText.parseDate($0) }
            if let parsed {
                values.append(contentsOf: VietnameseText.formatDate(parsed).utf8)
            } else {
                values.append(contentsOf: scratch)
            }
        case .number:
            if scratch.isEmpty { return }
            if style < dateStyles.count && dateStyles[style], let date = excelDate(scratch) {
                values.append(contentsOf: VietnameseText.formatDate(date).utf8)
            } else {
                Self.appendNumber(scratch, to: &values)
            }
        }
    }

    /// The calendar day of an Excel date serial number, or `nil` for values that are not one
    /// (negative, or below 1 — a time of day only).
    private func excelDate(_ raw: [UInt8]) -> CivilDate? {
        guard let value = Double(String(decoding: raw, as: UTF8.self)), value >= 1, value < 2_958_466 else {
            return nil
        }
        let serial = Int(value.rounded(.down))
        if date1904 {
            return CivilDate(year: 1904, month: 1, day: 1).adding(days: serial)
        }
        // Excel counts the non-existent 29/02/1900 (a Lotus 1-2-3 bug it kept): serial 60 is that
        // day, later serials are one ahead. Serial 60 is shown as 28/02/1900.
        if serial < 60 { return CivilDate(year: 1899, month: 12, day: 31).adding(days: serial) }
        if serial == 60 { return CivilDate(year: 1900, month: 2, day: 28) }
        return CivilDate(year: 1899, month: 12, day: 30).adding(days: serial)
    }

    /// Appends a number as Excel shows it in General format: integers as written, otherwise at
    /// most 15 significant digits with no exponent for integers below 10^15.
    static func appendNumber(_ raw: [UInt8], to out: inout [UInt8]) {
        var plainInteger = !raw.isEmpty
        for (i, c) in raw.enumerated() where !(c >= 0x30 && c <= 0x39) && !(i == 0 && c == 0x2D && raw.count > 1) {
            plainInteger = false
            break
        }
        if plainInteger {
            out.append(contentsOf: raw)
            return
        }
        let text = String(decoding: raw, as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            out.append(contentsOf: raw)
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            out.append(contentsOf: String(Int64(value)).utf8)
            return
        }
        var digits = 0
        for c in raw {
            if c == 0x45 || c == 0x65 { break }
            if c >= 0x30 && c <= 0x39 && (digits > 0 || c != 0x30) { digits += 1 }
        }
        if digits <= 15 && !raw.contains(0x45) && !raw.contains(0x65) {
            out.append(contentsOf: raw)  // already as typed
            return
        }
        out.append(contentsOf: String(format: "%.15g", value).utf8)
    }

    /// Builds `bounds` from the row's cells; `false` when the row is blank.
    private mutating func finishRow() -> Bool {
        var blank = true
        var maxColumn = -1
        for cell in cells {
            if cell.column > maxColumn { maxColumn = cell.column }
            if blank {
                for b in values[cell.start..<cell.end] where b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
                    blank = false
                    break
                }
            }
        }
        if blank { return false }
        fieldCount = maxColumn + 1
        if bounds.count < 2 * fieldCount { bounds = [Int](repeating: 0, count: 2 * fieldCount) }
        for i in 0..<(2 * fieldCount) { bounds[i] = 0 }
        for cell in cells {
            bounds[2 * cell.column] = cell.start
            bounds[2 * cell.column + 1] = cell.end
        }
        return true
    }

    /// Zero-based column of a cell reference such as `C5` (→ 2) or `AB12` (→ 27).
    static func columnIndex(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for c in reference {
            let upper = c & 0xDF
            guard upper >= 0x41 && upper <= 0x5A else { break }
            column = column * 26 + Int(upper - 0x40)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }

    static func parseInt<C: Collection<UInt8>>(_ bytes: C) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for c in bytes {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }
}

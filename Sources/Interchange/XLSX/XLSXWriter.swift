import Foundation
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One cell for ``XLSXWriter/writeRow(_:)-([XLSXCell])``.
public enum XLSXCell: Sendable, Hashable {
    /// Text, stored as an inline string: codes keep their leading zeros.
    case text(String)
    /// A whole number stored as a number (Excel can sum it).
    case integer(Int)
    /// A decimal number stored as a number.
    case number(Double)
    /// No cell.
    case empty
}

/// Writes a minimal Excel workbook (ghi tệp Excel .xlsx): one or more sheets streamed row by
/// row, zipped with ZIPFoundation on ``commit()``.
///
/// Text cells are inline strings (`t="inlineStr"`), so codes such as `00123` stay text and keep
/// their zeros; numbers are written as numbers only when asked for (``XLSXCell/integer(_:)``,
/// ``XLSXCell/number(_:)``, ``writeNumber(_:)-(Int)``). By default a sheet's first row is a
/// header: bold, frozen in place when scrolling, and used to size the columns.
///
/// Rows are streamed to a temporary XML file per sheet, so memory stays flat. Like ``CSVWriter``,
/// the workbook appears at `path` only on ``commit()`` (written to a temporary file in the same
/// directory, then renamed); ``discard()`` or an uncommitted writer leaves nothing behind.
/// An Excel sheet holds at most 1,048,576 rows; writing more throws
/// ``InterchangeFileError/Code/xlsxTooManyRows``.
public final class XLSXWriter {
    /// File name used in error messages.
    public let fileName: String
    /// Maximum rows in one sheet (Excel's limit).
    public static let maximumRows = 1_048_576
    /// Maximum columns in one sheet (Excel's limit, XFD).
    public static let maximumColumns = 16_384

    private let finalURL: URL
    private let workDirectory: URL
    private var sheets: [(name: String, file: URL)] = []
    private var out: XMLFileWriter?
    private var headerStyle = true
    private var rowsInSheet = 0
    private var column = 0
    private var rowOpen = false
    private var pendingHeader: [XLSXCell]?
    private var finished = false
    private var columnNames: [[UInt8]] = []

    /// Creates a writer for the workbook at `path` (published on ``commit()``).
    public init(path: String) throws {
        finalURL = URL(fileURLWithPath: path)
        fileName = finalURL.lastPathComponent
        workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("giamngheo-xlsx-\(getpid())-\(UInt64.random(in: 0...UInt64.max))", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        } catch {
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: "\(error)")
        }
        guard FileManager.default.isWritableFile(atPath: finalURL.deletingLastPathComponent().path) else {
            try? FileManager.default.removeItem(at: workDirectory)
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: "directory not writable")
        }
    }

    deinit {
        if !finished { discard() }
    }

    // MARK: Sheets

    /// Starts a new sheet (trang tính); the previous one is finished.
    ///
    /// - Parameters:
    ///   - name: tab name; characters Excel forbids (`: \ / ? * [ ]`) become `_`, it is cut to 31
    ///     characters and made unique.
    ///   - header: whether the first row is a header (bold, frozen, sizes the columns).
    public func beginSheet(named name: String, header: Bool = true) throws {
        try finishSheet()
        let file = workDirectory.appendingPathComponent("sheet\(sheets.count + 1).xml")
        sheets.append((uniqueSheetName(name), file))
        out = try XMLFileWriter(url: file, fileName: fileName)
        headerStyle = header
        rowsInSheet = 0
        column = 0
        rowOpen = false
        pendingHeader = header ? [] : nil
        if !header { try writeSheetStart(widths: []) }
    }

    private func uniqueSheetName(_ raw: String) -> String {
        var name = String(raw.map { ":\\/?*[]".contains($0) ? "_" : $0 }.prefix(31))
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        if name.isEmpty { name = "Sheet\(sheets.count + 1)" }
        var candidate = name
        var n = 2
        while sheets.contains(where: { $0.name.lowercased() == candidate.lowercased() }) {
            let suffix = " (\(n))"
            candidate = String(name.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        return candidate
    }

    // MARK: Rows

    /// Writes a row of text cells (empty strings leave the cell out).
    public func writeRow(_ cells: [String]) throws {
        for cell in cells { try writeText(cell) }
        try endRow()
    }

    /// Writes a row of typed cells.
    public func writeRow(_ cells: [XLSXCell]) throws {
        for cell in cells {
            switch cell {
            case .text(let s): try writeText(s)
            case .integer(let v): try writeNumber(v)
            case .number(let v): try writeNumber(v)
            case .empty: try skipCell()
            }
        }
        try endRow()
    }

    /// Writes a text cell in the current row.
    public func writeText(_ text: String) throws {
        if try headerPending() {
            pendingHeader!.append(.text(text))
            return
        }
        var text = text
        try text.withUTF8 { try writeText($0) }
    }

    /// Writes a text cell given as UTF-8 bytes.
    public func writeText(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if try headerPending() {
            pendingHeader!.append(.text(String(decoding: bytes, as: UTF8.self)))
            return
        }
        guard !bytes.isEmpty else { return try skipCell() }
        let out = try openCell()
        out.append("<c r=\"")
        out.append(columnName(column))
        out.appendInteger(rowsInSheet + 1)
        out.append(rowsInSheet == 0 && headerStyle ? "\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" : "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
        out.appendEscapedText(bytes)
        out.append("</t></is></c>")
        try out.flushIfNeeded()
        column += 1
    }

    /// Writes a whole-number cell.
    public func writeNumber(_ value: Int) throws {
        if try headerPending() {
            pendingHeader!.append(.integer(value))
            return
        }
        let out = try openCell()
        out.append("<c r=\"")
        out.append(columnName(column))
        out.appendInteger(rowsInSheet + 1)
        out.append("\"><v>")
        out.appendInteger(value)
        out.append("</v></c>")
        try out.flushIfNeeded()
        column += 1
    }

    /// Writes a decimal-number cell (non-finite values leave the cell out).
    public func writeNumber(_ value: Double) throws {
        if try headerPending() {
            pendingHeader!.append(.number(value))
            return
        }
        guard value.isFinite else { return try skipCell() }
        let out = try openCell()
        out.append("<c r=\"")
        out.append(columnName(column))
        out.appendInteger(rowsInSheet + 1)
        out.append("\"><v>")
        out.append(Array("\(value)".utf8))
        out.append("</v></c>")
        try out.flushIfNeeded()
        column += 1
    }

    /// Leaves the current cell empty.
    public func skipCell() throws {
        if try headerPending() {
            pendingHeader!.append(.empty)
            return
        }
        _ = try openCell()
        column += 1
    }

    /// Starts the default sheet if none was begun; whether the header row is still being collected.
    @inline(__always)
    private func headerPending() throws -> Bool {
        if out == nil { try beginSheet(named: "Sheet1") }
        return pendingHeader != nil
    }

    /// Ends the current row.
    public func endRow() throws {
        if try headerPending(), let header = pendingHeader {
            // The header decides the column widths, which come before the rows in the XML.
            pendingHeader = nil
            let widths = header.map { cell -> Int in
                if case .text(let s) = cell { return min(60, max(10, s.count + 3)) }
                return 10
            }
            try writeSheetStart(widths: widths)
            for cell in header {
                switch cell {
                case .text(let s): try writeText(s)
                case .integer(let v): try writeNumber(v)
                case .number(let v): try writeNumber(v)
                case .empty: try skipCell()
                }
            }
        }
        let out = try openRow()
        out.append("</row>")
        try out.flushIfNeeded()
        rowOpen = false
        rowsInSheet += 1
        column = 0
    }

    private func openRow() throws -> XMLFileWriter {
        if out == nil { try beginSheet(named: "Sheet1") }
        guard let out else { preconditionFailure("no sheet") }
        if !rowOpen {
            guard rowsInSheet < Self.maximumRows else {
                throw InterchangeFileError(code: .xlsxTooManyRows, file: fileName, row: rowsInSheet + 1)
            }
            out.append("<row r=\"")
            out.appendInteger(rowsInSheet + 1)
            out.append("\">")
            rowOpen = true
        }
        return out
    }

    private func openCell() throws -> XMLFileWriter {
        let out = try openRow()
        guard column < Self.maximumColumns else {
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, row: rowsInSheet + 1, detail: "more than 16384 columns")
        }
        return out
    }

    /// Column letters for zero-based `index` (`0` → `A`, `27` → `AB`), cached.
    private func columnName(_ index: Int) -> [UInt8] {
        while columnNames.count <= index {
            var n = columnNames.count + 1
            var letters: [UInt8] = []
            while n > 0 {
                let r = (n - 1) % 26
                letters.insert(UInt8(0x41 + r), at: 0)
                n = (n - 1) / 26
            }
            columnNames.append(letters)
        }
        return columnNames[index]
    }

    private func writeSheetStart(widths: [Int]) throws {
        guard let out else { return }
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        out.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" ")
        out.append("xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        if headerStyle {
            out.append("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>")
        }
        out.append("<sheetFormatPr defaultRowHeight=\"15\"/>")
        if !widths.isEmpty {
            out.append("<cols>")
            for (i, width) in widths.enumerated() {
                out.append("<col min=\"")
                out.appendInteger(i + 1)
                out.append("\" max=\"")
                out.appendInteger(i + 1)
                out.append("\" width=\"")
                out.appendInteger(width)
                out.append("\" customWidth=\"1\"/>")
            }
            out.append("</cols>")
        }
        out.append("<sheetData>")
        try out.flushIfNeeded()
    }

    private func finishSheet() throws {
        guard let current = out else { return }
        if pendingHeader != nil {
            if pendingHeader!.isEmpty {
                pendingHeader = nil
                try writeSheetStart(widths: [])
            } else {
                try endRow()
            }
        }
        if rowOpen { try endRow() }
        current.append("</sheetData></worksheet>")
        try current.close()
        out = nil
    }

    // MARK: Finishing

    /// Finishes the last sheet, zips the workbook next to `path` and renames it into place.
    public func commit() throws {
        precondition(!finished, "XLSXWriter used after commit() or discard()")
        do {
            if sheets.isEmpty { try beginSheet(named: "Sheet1") }
            try finishSheet()
            let temp = finalURL.deletingLastPathComponent()
                .appendingPathComponent(".\(fileName).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
            do {
                try XLSXPackage.write(packageParts(), to: temp)
            } catch {
                try? FileManager.default.removeItem(at: temp)
                throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: "\(error)")
            }
            if rename(temp.path, finalURL.path) != 0 {
                let message = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: message)
            }
        } catch {
            discard()
            throw error
        }
        finished = true
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// Abandons the workbook: temporary files are removed and nothing is written at `path`.
    public func discard() {
        guard !finished else { return }
        finished = true
        try? out?.close()
        out = nil
        try? FileManager.default.removeItem(at: workDirectory)
    }

    private func packageParts() -> [(String, XLSXPackage.Part)] {
        var contentTypes = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
            """
        var workbookSheets = ""
        var workbookRels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
            """
        for (i, sheet) in sheets.enumerated() {
            let n = i + 1
            contentTypes += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            workbookSheets += "<sheet name=\"\(Self.escapeAttribute(sheet.name))\" sheetId=\"\(n)\" r:id=\"rId\(n)\"/>"
            workbookRels += "<Relationship Id=\"rId\(n)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
        }
        contentTypes += "</Types>"
        workbookRels += "</Relationships>"
        let rootRels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """
        let workbook = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <bookViews><workbookView/></bookViews><sheets>\(workbookSheets)</sheets></workbook>
            """
        // Style 0: default; style 1: bold (header row).
        let styles = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
            <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """
        let app = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>GiamNgheo</Application></Properties>
            """
        let core = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>GiamNgheo</dc:creator></cp:coreProperties>
            """
        var parts: [(String, XLSXPackage.Part)] = [
            ("[Content_Types].xml", .bytes(Array(contentTypes.utf8))),
            ("_rels/.rels", .bytes(Array(rootRels.utf8))),
            ("docProps/app.xml", .bytes(Array(app.utf8))),
            ("docProps/core.xml", .bytes(Array(core.utf8))),
            ("xl/workbook.xml", .bytes(Array(workbook.utf8))),
            ("xl/_rels/workbook.xml.rels", .bytes(Array(workbookRels.utf8))),
            ("xl/styles.xml", .bytes(Array(styles.utf8))),
        ]
        for (i, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", .file(sheet.file)))
        }
        return parts
    }

    private static func escapeAttribute(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// A buffered byte writer for the sheet XML.
final class XMLFileWriter {
    private let fd: Int32
    private let fileName: String
    private var buffer: [UInt8] = []
    private var closed = false

    init(url: URL, fileName: String) throws {
        self.fileName = fileName
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !closed { closeDescriptor(fd) }
    }

    @inline(__always)
    func append(_ literal: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    func appendInteger(_ value: Int) {
        if value < 0 { buffer.append(0x2D) }
        var v = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(0x30 + v % 10))
            v /= 10
        } while v > 0
        buffer.append(contentsOf: digits.reversed())
    }

    /// Appends cell text escaped for XML: `&`, `<`, `>` as entities; carriage returns and the
    /// control characters XML 1.0 cannot carry, and text that looks like such an escape, as OOXML
    /// `_xHHHH_`.
    func appendEscapedText(_ bytes: UnsafeBufferPointer<UInt8>) {
        for (i, b) in bytes.enumerated() {
            switch b {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x09, 0x0A: buffer.append(b)
            case 0x00..<0x20:  // includes CR, which XML readers would turn into LF; Excel writes it so too
                append("_x00")
                buffer.append(Self.hex(b >> 4))
                buffer.append(Self.hex(b & 0x0F))
                buffer.append(0x5F)
            case 0x5F where OOXMLEscape.looksLikeEscape(bytes, at: i):
                append("_x005F_")
            default:
                buffer.append(b)
            }
        }
    }

    private static func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }

    func flushIfNeeded() throws {
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try buffer.withUnsafeBufferPointer { try PosixFile.writeAll(fd, $0.baseAddress!, count: $0.count) }
        } catch {
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: PosixFile.describe(error))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        closeDescriptor(fd)
    }
}

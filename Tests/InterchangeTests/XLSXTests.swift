import Foundation
import Testing

@testable import Interchange

private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("giamngheo-xlsx-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Every row of `reader` as (row number, fields).
private func readAll(_ reader: XLSXReader) throws -> [(Int, [String])] {
    var rows: [(Int, [String])] = []
    while try reader.nextRow({ row in
        rows.append((row.rowNumber, (0..<row.fieldCount).map { i in row.withField(i) { String(decoding: $0, as: UTF8.self) } }))
    }) {}
    return rows
}

/// Checks that every part the writer made is well-formed enough for strict readers: the XML
/// declaration first, then the root element, with every element closed in order.
private func expectWellFormed(_ path: String, parts: [String]) throws {
    let package = try XLSXPackage(path: path, fileName: "check")
    for part in parts {
        let bytes = try #require(try package.read(part), "\(part) missing")
        #expect(bytes.starts(with: Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>".utf8)), "\(part)")
        var scanner = XMLScanner(bytes: bytes)
        defer { scanner.release() }
        var stack: [String] = []
        var roots = 0
        loop: while true {
            switch try scanner.next() {
            case .eof: break loop
            case .start:
                let name = String(decoding: scanner.name, as: UTF8.self)
                if stack.isEmpty { roots += 1 }
                if !scanner.isSelfClosing { stack.append(name) }
            case .end:
                #expect(stack.popLast() == String(decoding: scanner.name, as: UTF8.self), "\(part)")
            case .text:
                if stack.isEmpty {
                    #expect(scanner.text.allSatisfy { $0 == 0x0A || $0 == 0x20 }, "\(part): text outside the root")
                }
            }
        }
        #expect(stack.isEmpty && roots == 1, "\(part)")
    }
}

/// Zips hand-written XML parts into a workbook.
private func makeWorkbook(at url: URL, _ parts: [(String, String)]) throws {
    try XLSXPackage.write(parts.map { ($0.0, XLSXPackage.Part.bytes(Array($0.1.utf8))) }, to: url)
}

private let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
    <Default Extension="xml" ContentType="application/xml"/>
    </Types>
    """

private let rootRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
    </Relationships>
    """

private func workbookParts(sheetXML: String, sharedStrings: String?, styles: String?, date1904: Bool = false) -> [(String, String)] {
    var rels = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
        <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/hidden.xml"/>
        """
    if sharedStrings != nil {
        rels += #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    }
    if styles != nil {
        rels += #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    }
    rels += "</Relationships>"
    let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <workbookPr\(date1904 ? #" date1904="1""# : "")/>
        <sheets>
        <sheet name="Ẩn" sheetId="9" state="hidden" r:id="rId9"/>
        <sheet name="Danh sách hộ" sheetId="1" r:id="rId1"/>
        </sheets></workbook>
        """
    let hidden = """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>
        """
    var parts = [
        ("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRels), ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels), ("xl/worksheets/sheet1.xml", sheetXML), ("xl/worksheets/hidden.xml", hidden),
    ]
    if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
    if let styles { parts.append(("xl/styles.xml", styles)) }
    return parts
}

@Suite("XLSX")
struct XLSXTests {
    @Test func roundTrip() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("households.xlsx").path
        let writer = try XLSXWriter(path: path)
        try writer.writeRow(["Mã hộ", "Họ và tên chủ hộ", "Thu nhập", "Diện tích", "Ghi chú"])
        try writer.writeRow([.text("00123"), .text("Nguyễn Văn Đức"), .integer(1_500_000), .number(2.93), .text("a & b < c > d \"q\"")])
        try writer.writeRow([.text("00124"), .empty, .integer(-5), .empty, .text("dòng 1\ndòng 2")])
        try writer.writeRow([.text("007"), .text("  Trần Thị Ánh  "), .empty, .empty, .text("tab\there, ctrl\u{1}, _x000D_ literal")])
        try writer.writeRow([.empty, .empty, .empty])  // blank row: skipped by the reader
        try writer.writeRow(["H9"])
        #expect(!FileManager.default.fileExists(atPath: path))
        try writer.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["households.xlsx"])
        try expectWellFormed(path, parts: [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "docProps/app.xml", "docProps/core.xml",
        ])

        let reader = try XLSXReader(path: path)
        #expect(reader.fileName == "households.xlsx")
        #expect(reader.sheetName == "Sheet1")
        #expect(reader.headers == ["Mã hộ", "Họ và tên chủ hộ", "Thu nhập", "Diện tích", "Ghi chú"])
        let rows = try readAll(reader)
        #expect(rows.map(\.0) == [2, 3, 4, 6])
        #expect(rows[0].1 == ["00123", "Nguyễn Văn Đức", "1500000", "2.93", "a & b < c > d \"q\""])
        #expect(rows[1].1 == ["00124", "", "-5", "", "dòng 1\ndòng 2"])
        #expect(rows[2].1 == ["007", "  Trần Thị Ánh  ", "", "", "tab\there, ctrl\u{1}, _x000D_ literal"])
        #expect(rows[3].1 == ["H9"])
        let progress = reader.progress
        #expect(progress.total != nil && progress.done == progress.total)
    }

    @Test func fieldsThroughTheRowSourceProtocol() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.xlsx").path
        let writer = try XLSXWriter(path: path)
        try writer.writeRow(["a", "b", "c"])
        try writer.writeRow([.empty, .text(" x "), .empty])
        try writer.commit()
        let source: any RowSource = try XLSXReader(path: path)
        var seen = false
        while try source.nextRow({ row in
            seen = true
            #expect(row.fieldCount == 2)
            #expect(row.isBlank(0))
            #expect(row.string(1) == "x")
            #expect(row.string(2) == "")
            #expect(row.string(99) == "")
        }) {}
        #expect(seen)
    }

    @Test func severalSheetsAndSheetSelection() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("export.xlsx").path
        let writer = try XLSXWriter(path: path)
        try writer.beginSheet(named: "Hộ gia đình")
        try writer.writeRow(["household_code"])
        try writer.writeRow(["H1"])
        try writer.beginSheet(named: "Thành viên/2025")  // `/` is not allowed in sheet names
        try writer.writeRow(["member_no"])
        for i in 1...3 { try writer.writeRow([.integer(i)]) }
        try writer.beginSheet(named: "hộ gia đình", header: false)  // same name ignoring case
        try writer.writeRow(["no header here"])
        try writer.commit()

        #expect(try XLSXReader.sheetNames(path: path) == ["Hộ gia đình", "Thành viên_2025", "hộ gia đình (2)"])
        try expectWellFormed(path, parts: ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"])
        #expect(try XLSXReader(path: path).headers == ["household_code"])
        let members = try XLSXReader(path: path, sheet: "thanh vien_2025")
        #expect(members.sheetName == "Thành viên_2025")
        #expect(try readAll(members).map(\.1) == [["1"], ["2"], ["3"]])
        #expect(try XLSXReader(path: path, sheet: "hộ gia đình (2)").headers == ["no header here"])
        #expect(throws: InterchangeFileError(code: .xlsxSheetNotFound, file: "export.xlsx", detail: "Không có")) {
            try XLSXReader(path: path, sheet: "Không có")
        }
    }

    /// A workbook as Excel writes it: shared strings (with rich text, a phonetic run and
    /// entities), styles with built-in and custom date formats, cells left out, formulas.
    @Test func handBuiltWorkbookWithSharedStringsAndDates() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("excel.xlsx")
        let sharedStrings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
            <si><t>Mã hộ</t></si>
            <si><t xml:space="preserve">Ngày sinh </t></si>
            <si><r><rPr><b/></rPr><t>Họ và </t></r><r><t>tên</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
            <si><t>Đặng &amp; Lê &lt;Thị&gt; &#7842;nh &#x1EA0;</t></si>
            <si/>
            <si><t>dòng_x000D_
            hai</t></si>
            </sst>
            """
        let styles = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts count="3">
            <numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>
            <numFmt numFmtId="165" formatCode="#,##0&quot; đ&quot;"/>
            <numFmt numFmtId="166" formatCode="[$-42A]h:mm"/>
            </numFmts>
            <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
            <cellXfs count="5">
            <xf numFmtId="0" fontId="0"/>
            <xf numFmtId="14" fontId="0" applyNumberFormat="1"/>
            <xf numFmtId="164" fontId="0" applyNumberFormat="1"/>
            <xf numFmtId="165" fontId="0" applyNumberFormat="1"/>
            <xf numFmtId="166" fontId="0" applyNumberFormat="1"/>
            </cellXfs>
            </styleSheet>
            """
        let sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <dimension ref="A1:F6"/>
            <sheetData>
            <row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="D1" t="s"><v>1</v></c></row>
            <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>5</v></c><c r="D2" s="2"><v>44075</v></c><c r="E2" s="3"><v>1500000</v></c></row>
            <row r="3"><c r="A3"><v>1.23456789012E+11</v></c><c r="C3"><v>2.9300000000000002</v></c><c r="D3" s="1"><v>36892.75</v></c><c r="F3" t="b"><v>1</v></c></row>
            <row r="4" s="1" customFormat="1"/>
            <row r="5"><c r="A5" s="1"/><c r="B5" t="s"><v>4</v></c></row>
            <row r="7"><c r="A7" t="str"><f>A2&amp;"x"</f><v>Đặngx</v></c><c r="B7"><f>1+1</f><v>2</v></c><c r="D7" s="4"><v>0.5</v></c><c r="E7" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>
            <row><c t="e"><v>#N/A</v></c><c t="d"><v>2024-02-29T00:00:00</v></c><c s="1"><v>60</v></c></row>
            </sheetData>
            <mergeCells count="1"><mergeCell ref="A10:B10"/></mergeCells>
            </worksheet>
            """
        try makeWorkbook(at: url, workbookParts(sheetXML: sheet, sharedStrings: sharedStrings, styles: styles))
        let reader = try XLSXReader(path: url.path)
        #expect(reader.sheetName == "Danh sách hộ", "the hidden first sheet is passed over")
        #expect(reader.headers == ["Mã hộ", "Họ và tên", "", "Ngày sinh"])
        let rows = try readAll(reader)
        #expect(rows.map(\.0) == [2, 3, 7, 8])
        #expect(rows[0].1 == ["Đặng & Lê <Thị> Ảnh Ạ", "dòng\r\nhai", "", "01/09/2020", "1500000"])
        #expect(rows[1].1 == ["123456789012", "", "2.93", "01/01/2001", "", "TRUE"])
        #expect(rows[2].1 == ["Đặngx", "2", "", "0.5", "inline"])
        #expect(rows[3].1 == ["#N/A", "29/02/2024", "28/02/1900"])
    }

    @Test func date1904AndPrefixedElements() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("mac.xlsx")
        let styles = """
            <x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>
            """
        // Some generators (the .NET Open XML SDK) prefix every element.
        let sheet = """
            <?xml version="1.0"?><!-- generated --><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <x:sheetData><x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>ngày</x:t></x:is></x:c></x:row>
            <x:row r="2"><x:c r="B2" s="1"><x:v>0</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t><![CDATA[a<b & c]]></x:t></x:is></x:c></x:row>
            <x:row r="3"><x:c r="B3" s="1"><x:v>1</x:v></x:c></x:row>
            </x:sheetData></x:worksheet>
            """
        try makeWorkbook(at: url, workbookParts(sheetXML: sheet, sharedStrings: nil, styles: styles, date1904: true))
        let reader = try XLSXReader(path: url.path)
        #expect(reader.headers == ["", "ngày"])
        let rows = try readAll(reader)
        // Serial 0 is below a whole day, so it stays a number; serial 1 is 02/01/1904.
        #expect(rows.map(\.1) == [["", "0", "a<b & c"], ["", "02/01/1904"]])
    }

    @Test func headerRowBelowATitle() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("titled.xlsx").path
        let writer = try XLSXWriter(path: path)
        try writer.beginSheet(named: "DS", header: false)
        try writer.writeRow(["DANH SÁCH HỘ NGHÈO NĂM 2025"])
        try writer.writeRow([String]())
        try writer.writeRow(["Mã hộ", "Thôn"])
        try writer.writeRow(["H1", "Bản Mờ"])
        try writer.commit()
        let reader = try XLSXReader(path: path, headerRow: 3)
        #expect(reader.headers == ["Mã hộ", "Thôn"])
        let rows = try readAll(reader)
        #expect(rows.map(\.0) == [4])
        #expect(rows.map(\.1) == [["H1", "Bản Mờ"]])
    }

    @Test func errors() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try XLSXReader(path: directory.appendingPathComponent("missing.xlsx").path)
            Issue.record("expected an error")
        } catch let error as InterchangeFileError {
            #expect(error.code == .fileNotFound)
            #expect(error.file == "missing.xlsx")
        }
        let csv = directory.appendingPathComponent("renamed.xlsx")
        try "a,b\n1,2\n".write(to: csv, atomically: true, encoding: .utf8)
        do {
            _ = try XLSXReader(path: csv.path)
            Issue.record("expected an error")
        } catch let error as InterchangeFileError {
            #expect(error.code == .xlsxInvalid)
            #expect(error.description.contains("[xlsx.invalid]"))
        }
        let old = directory.appendingPathComponent("old.xlsx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).write(to: old)
        do {
            _ = try XLSXReader(path: old.path)
            Issue.record("expected an error")
        } catch let error as InterchangeFileError {
            #expect(error.code == .xlsxInvalid)
            #expect(error.detail?.contains(".xls") == true)
        }
        // A ZIP without a workbook.
        let empty = directory.appendingPathComponent("empty.xlsx")
        try makeWorkbook(at: empty, [("[Content_Types].xml", contentTypes)])
        #expect(throws: InterchangeFileError.self) { try XLSXReader(path: empty.path) }
        // Broken sheet XML.
        let broken = directory.appendingPathComponent("broken.xlsx")
        try makeWorkbook(
            at: broken,
            workbookParts(sheetXML: "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row><row r=\"2\"><c", sharedStrings: nil, styles: nil))
        let brokenHeader = directory.appendingPathComponent("broken-header.xlsx")
        try makeWorkbook(at: brokenHeader, workbookParts(sheetXML: "<worksheet><sheetData><row r=\"1\"><c", sharedStrings: nil, styles: nil))
        #expect(throws: InterchangeFileError(code: .xlsxInvalid, file: "broken-header.xlsx", row: 1, detail: "malformed XML: unexpected end of document")) {
            try XLSXReader(path: brokenHeader.path)
        }
        do {
            let reader = try XLSXReader(path: broken.path)
            #expect(reader.headers == ["x"])
            while try reader.nextRow({ _ in }) {}
            Issue.record("expected an error")
        } catch let error as InterchangeFileError {
            #expect(error.code == .xlsxInvalid)
            #expect(error.row == 2)
        }
    }

    @Test func emptyAndHeaderOnlyWorkbooks() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.xlsx").path
        try XLSXWriter(path: empty).commit()
        try expectWellFormed(empty, parts: ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
        let emptyReader = try XLSXReader(path: empty)
        #expect(emptyReader.headers.isEmpty)
        #expect(try readAll(emptyReader).isEmpty)

        let headerOnly = directory.appendingPathComponent("header.xlsx").path
        let writer = try XLSXWriter(path: headerOnly)
        try writer.writeText("household_code")
        try writer.writeText("class")
        try writer.commit()  // the unfinished header row is ended by commit
        try expectWellFormed(headerOnly, parts: ["xl/worksheets/sheet1.xml"])
        let reader = try XLSXReader(path: headerOnly)
        #expect(reader.headers == ["household_code", "class"])
        #expect(try readAll(reader).isEmpty)
    }

    @Test func discardLeavesNothing() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.xlsx").path
        do {
            let writer = try XLSXWriter(path: path)
            try writer.writeRow(["a"])
            writer.discard()
        }
        do {
            let writer = try XLSXWriter(path: path)
            try writer.writeRow(["a"])
            // released without commit
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(throws: InterchangeFileError.self) { try XLSXWriter(path: "/nonexistent-dir/out.xlsx") }
    }

    @Test func manyRowsStreamThrough() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.xlsx").path
        let writer = try XLSXWriter(path: path)
        try writer.writeRow(["household_code", "member_no", "full_name", "income"])
        for i in 0..<20_000 {
            try writer.writeText("HG\(String(repeating: "0", count: 6 - String(i).count))\(i)")
            try writer.writeNumber(i % 7 + 1)
            try writer.writeText("Nguyễn Văn \(i)")
            try writer.writeNumber(Double(i) / 4)
            try writer.endRow()
        }
        try writer.commit()
        let reader = try XLSXReader(path: path)
        var n = 0
        while try reader.nextRow({ row in
            #expect(row.rowNumber == n + 2)
            if n == 12_345 {
                #expect(row.string(0) == "HG012345")
                #expect(row.string(1) == "5")
                #expect(row.string(2) == "Nguyễn Văn 12345")
                #expect(row.string(3) == "3086.25")
            }
            n += 1
        }) {}
        #expect(n == 20_000)
    }
}

@Suite("XLSX round trip of random text")
struct XLSXRandomTextTests {
    @Test func randomCells() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("random.xlsx").path
        let pieces = ["a", "Ễ", "đ", " ", "&", "<", ">", "\"", "'", "_x000D_", "_x", "_", "\n", "\r\n", "\t", "\u{1}", "\u{1F}", "]]>", "&amp;", "0"]
        var generator = SystemRandomNumberGenerator()
        var expected: [[String]] = []
        let writer = try XLSXWriter(path: path)
        try writer.writeRow(["id", "a", "b", "c"])
        for i in 0..<500 {
            var row = ["R\(i)"]
            for _ in 0..<3 {
                var cell = ""
                for _ in 0..<Int.random(in: 0...6, using: &generator) { cell += pieces.randomElement(using: &generator)! }
                row.append(cell)
            }
            try writer.writeRow(row)
            while row.last == "" { row.removeLast() }
            expected.append(row)
        }
        try writer.commit()
        let rows = try readAll(try XLSXReader(path: path))
        #expect(rows.count == expected.count)
        for (got, want) in zip(rows, expected) where got.1 != want {
            Issue.record("\(want.debugDescription) read back as \(got.1.debugDescription)")
            break
        }
    }
}

@Suite("XLSX formats")
struct XLSXFormatTests {
    @Test func dateFormatDetection() {
        for code in ["dd/mm/yyyy", "d/m/yy", "yyyy-mm-dd", "[$-42A]dd/mm/yyyy", "dd/mm/yyyy;@", "mmm d, yyyy", "dd/mm/yyyy hh:mm"] {
            #expect(DateStyles.isDateFormat(code), "\(code)")
        }
        for code in ["General", "0.00", "#,##0\" đồng\"", "h:mm:ss", "[Red]0.00", "mm:ss", "0\\d", "@"] {
            #expect(!DateStyles.isDateFormat(code), "\(code)")
        }
        #expect(DateStyles.isBuiltInDate(14) && DateStyles.isBuiltInDate(22) && !DateStyles.isBuiltInDate(20))
    }

    @Test func numbersAsExcelShowsThem() {
        func render(_ s: String) -> String {
            var out: [UInt8] = []
            SheetCursor.appendNumber(Array(s.utf8), to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(render("1500000") == "1500000")
        #expect(render("-42") == "-42")
        #expect(render("1500000.0") == "1500000")
        #expect(render("2.93") == "2.93")
        #expect(render("2.9300000000000002") == "2.93")
        #expect(render("0.30000000000000004") == "0.3")
        #expect(render("1.23456789012E+11") == "123456789012")
        #expect(render("1E-3") == "0.001")
        #expect(render("1.5E+20") == "1.5e+20")
    }

    @Test func columnReferences() {
        func column(_ s: String) -> Int? {
            var s = s
            return s.withUTF8 { SheetCursor.columnIndex($0) }
        }
        #expect(column("A1") == 0)
        #expect(column("Z9") == 25)
        #expect(column("AA10") == 26)
        #expect(column("AB1") == 27)
        #expect(column("XFD1048576") == 16383)
        #expect(column("12") == nil)
    }
}

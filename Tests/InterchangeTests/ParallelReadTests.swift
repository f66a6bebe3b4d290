import Foundation
import PovertyStandard
import Registry
import Testing
import VietnameseText

@testable import Interchange

/// Files written to a fresh temporary directory.
private func writeFiles(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("giamngheo-parallel-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
    return dir
}

/// Every row of a reader as (row number, fields).
private func rows(_ reader: CSVReader) throws -> [[String]] {
    var out: [[String]] = []
    while try reader.nextRow({ row in
        out.append(["\(row.rowNumber)"] + (0..<row.fieldCount).map { i in row.withField(i) { String(decoding: $0, as: UTF8.self) } })
    }) {}
    return out
}

/// A registry of `count` valid households with 1–6 members each, with the quirks real files
/// have: quoted addresses with commas, `""` and line breaks, blank lines, optional CRLF.
struct SyntheticFiles {
    var households: [String] = []
    var members: [String] = []

    init(count: Int, seed: UInt64 = 7) {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]
        let relations = ["chủ hộ", "vợ", "con", "bố", "cháu", "khác"]
        let employment = ["contract", "no_contract", "self_employed", "unemployed", "not_in_labour_force", ""]
        var id = 1
        for h in 0..<count {
            let code = String(format: "H%06d", h + 1)
            let address: String
            switch next(5) {
            case 0: address = ""
            case 1: address = "\"Số \(h), Thôn \(h % 7)\""
            case 2: address = "\"Nhà \"\"xanh\"\", ngõ \(h)\""
            case 3: address = "\"Xóm \(h % 3)\nĐường \(h)\""  // a line break inside a cell
            default: address = "Thôn \(h % 9)"
            }
            let income = next(3) == 0 ? "" : "\"\(1 + next(5)).\(100 + next(900)).000\""
            let reference = next(4) == 0 ? "15/10/2025" : ""
            households.append(
                "\(code),\(next(2) == 0 ? "00004" : "00001"),Thôn \(h % 5),\(address),\(next(2) == 0 ? "rural" : "urban"),"
                    + "\(reference),\(income),,kiên cố,\(20 + next(60)),1,\(next(2)),,x,,,,")
            if next(10) == 0 { households.append("") }  // blank line
            for m in 1...(1 + next(6)) {
                let year = m == 1 ? 1950 + next(40) : 1940 + next(80)
                let nationalID = year <= 2011 || next(2) == 0 ? String(format: "001%09d", id) : ""
                id += 1
                members.append(
                    "\(code),\(m),\(names[next(names.count)]),\(m == 1 ? relations[0] : relations[1 + next(5)]),"
                        + "\(next(2) == 0 ? "nam" : "nữ"),0\(1 + next(9))/0\(1 + next(9))/\(year),\(nationalID),Kinh,"
                        + "\(next(2)),primary,0,\(employment[next(employment.count)]),none,,,0,\(next(3) == 0 ? "nong_dan;phu_nu" : "")")
            }
        }
    }

    func text(_ header: String, _ rows: [String], crlf: Bool = false) -> String {
        ([header] + rows).joined(separator: crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n")
    }
}

@Suite("Reading files in parts on several threads (đọc tệp song song)")
struct ParallelReadTests {
    // MARK: Ranges and splits

    @Test("The parts of a split file hold exactly the file's rows, with its row numbers", arguments: [2, 3, 5, 9])
    func splitParts(parts: Int) throws {
        let files = SyntheticFiles(count: 120)
        for crlf in [false, true] {
            let dir = try writeFiles([
                "h.csv": "\u{FEFF}" + files.text(Fixture.householdHeader, files.households, crlf: crlf),
                "m.csv": files.text(Fixture.memberHeader, files.members, crlf: crlf),
            ])
            for name in ["h.csv", "m.csv"] {
                let path = dir.appendingPathComponent(name).path
                let whole = try CSVReader(path: path)
                let expected = try rows(whole)
                let split = try #require(CSVSplitter.split(path: path, parts: parts, threads: 3))
                #expect(split.count == parts)
                #expect(split.first?.range.lowerBound == 0)
                #expect(split.last?.range.upperBound == Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count))
                for (a, b) in zip(split, split.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
                var got: [[String]] = []
                for part in split {
                    let reader = try CSVReader(
                        path: path, fileName: name, range: part.range, firstRowNumber: part.firstRowNumber,
                        headers: whole.headers, delimiter: whole.delimiter, bufferSize: 64)
                    #expect(reader.headers == whole.headers)
                    got += try rows(reader)
                }
                #expect(got == expected)
            }
        }
    }

    @Test("Random files: parts that read without error hold exactly the file's rows")
    func randomSplits() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "ễ", ",", ",", "\"", "\"", "\"\"", "\n", "\n", "\r\n", " ", "\r", "x,y\n", "\"p\nq\","]
        let dir = try writeFiles([:])
        var compared = 0
        for round in 0..<400 {
            var text = "h1,h2\n"
            for _ in 0..<Int.random(in: 0...200, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let url = dir.appendingPathComponent("r\(round).csv")
            try Data(text.utf8).write(to: url)
            let whole: [[String]]? = try? rows(CSVReader(path: url.path, delimiter: UInt8(ascii: ",")))
            for parts in [2, 3, 4] {
                let split = try #require(CSVSplitter.split(path: url.path, parts: parts, threads: 2))
                var got: [[String]] = []
                var failed = false
                for part in split {
                    do {
                        let reader = try CSVReader(
                            path: url.path, fileName: "r.csv", range: part.range, firstRowNumber: part.firstRowNumber,
                            headers: ["h1", "h2"], delimiter: UInt8(ascii: ","), bufferSize: 16)
                        got += try rows(reader)
                    } catch {
                        failed = true
                    }
                }
                if failed { continue }  // read again in one piece
                #expect(whole != nil && got == whole!, "\(text.debugDescription) in \(parts) parts")
                compared += 1
            }
        }
        #expect(compared > 100)
    }

    @Test("A split inside a quoted field is caught by the part before it")
    func wrongSplitIsDetected() throws {
        // `5" tivi` has a literal quote (the field is not quoted), so counting quotes puts the
        // split inside the quoted cell that follows.
        var lines = ["a,b"]
        lines.append(#"1,5" tivi"#)
        lines.append("2,\"x\n" + String(repeating: "y\n", count: 200) + "z\"")
        for i in 3..<10 { lines.append("\(i),v") }
        let dir = try writeFiles(["f.csv": lines.joined(separator: "\n") + "\n"])
        let path = dir.appendingPathComponent("f.csv").path
        let whole = try CSVReader(path: path)
        #expect(try rows(whole).count == 9)
        let split = try #require(CSVSplitter.split(path: path, parts: 2))
        #expect(split.count == 2)
        // The reader of the first part reaches the end of its range inside the quoted cell.
        let first = try CSVReader(
            path: path, fileName: "f.csv", range: split[0].range, firstRowNumber: 1, headers: whole.headers,
            delimiter: whole.delimiter)
        #expect(throws: InterchangeFileError.self) { _ = try rows(first) }
    }

    @Test("Spelling keys are read in words exactly as byte by byte")
    func spellingKeys() {
        let bytes: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        bytes.withUnsafeBufferPointer { p in
            for n in 1...16 {
                var expected: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &expected) { for i in 0..<n { $0[i] = bytes[i] } }
                let key = SpellingTable<Bool>.key(p.baseAddress!, n)
                #expect(key.0 == expected.0 && key.1 == expected.1, "n = \(n)")
            }
        }
        func employment(_ s: String) -> Employment? { Array(s.utf8).withUnsafeBufferPointer { Spellings.employment.value($0) } }
        #expect(employment("not_in_labour_force") == .notInLabourForce)
        #expect(employment("Không tham gia lực lượng lao động") == .notInLabourForce)
        #expect(employment("KHÔNG THAM GIA LỰC LƯỢNG LAO ĐỘNG") == .notInLabourForce)
        #expect(employment("not in labour force") == .notInLabourForce)
        #expect(Array("Không".utf8).withUnsafeBufferPointer { Spellings.bool.value($0) } == false)
    }

    // MARK: Whole file sets

    /// Reads `households`/`members` both ways; checks the fast read gives the one-thread result
    /// or throws the same report.
    func compare(
        households: String, members: String, threads: Int = 3, partSize: Int64 = 512,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let dir = try writeFiles(["households.csv": households, "members.csv": members])
        try compare(
            dir.appendingPathComponent("households.csv"), dir.appendingPathComponent("members.csv"), threads: threads,
            partSize: partSize, sourceLocation: sourceLocation)
    }

    func compare(
        _ h: URL, _ m: URL, threads: Int = 3, partSize: Int64 = 512, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expected: Result<RegistryFactSet, any Error> = Result {
            RegistryFactSet(
                set: try RegistryFileSet.read(households: h, members: m, reviewYear: 2025, today: Fixture.today),
                reviewYear: 2025)
        }
        let got: Result<RegistryFactSet, any Error> = Result {
            try RegistryFactSet.read(
                households: h, members: m, reviewYear: 2025, catalog: AdminUnitCatalog.shared, today: Fixture.today,
                errorCapacity: 10_000, progress: nil, threads: threads, minimumPartSize: partSize)
        }
        // The fast path alone: it reads valid files itself, and leaves every invalid one to RegistryFileSet.
        let fast = FactReader(
            reviewYear: 2025, catalog: AdminUnitCatalog.shared, today: Fixture.today, errorCapacity: 10_000,
            progress: nil, threads: threads, minimumPartSize: partSize
        ).read(households: h, members: m)
        if case .success = expected {
            #expect(fast != nil, "valid files fell back to the one-thread reader", sourceLocation: sourceLocation)
        } else {
            #expect(fast == nil, "invalid files were accepted", sourceLocation: sourceLocation)
        }
        switch (expected, got) {
        case (.success(let a), .success(let b)):
            #expect(a.households == b.households, sourceLocation: sourceLocation)
            #expect(a.warnings == b.warnings, sourceLocation: sourceLocation)
        case (.failure(let a as ImportErrorReport), .failure(let b as ImportErrorReport)):
            #expect(a.sortedErrors == b.sortedErrors, sourceLocation: sourceLocation)
            #expect(a.totalErrorCount == b.totalErrorCount, sourceLocation: sourceLocation)
            #expect(a.warnings == b.warnings, sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect("\(a)" == "\(b)", sourceLocation: sourceLocation)
        default:
            Issue.record("one-thread read: \(expected), parallel read: \(got)", sourceLocation: sourceLocation)
        }
    }

    @Test("Valid files: the same households and members on any number of threads", arguments: [1, 2, 3, 4])
    func validFiles(threads: Int) throws {
        let files = SyntheticFiles(count: 300)
        try compare(
            households: files.text(Fixture.householdHeader, files.households),
            members: files.text(Fixture.memberHeader, files.members), threads: threads)
        // An unknown column: the same warning, once.
        try compare(
            households: files.text(Fixture.householdHeader + ",ghi_chu", files.households.map { $0.isEmpty ? $0 : $0 + ",x" }),
            members: files.text(Fixture.memberHeader, files.members), threads: threads)
    }

    @Test("Members in another order than households, or not adjacent")
    func memberOrder() throws {
        let files = SyntheticFiles(count: 200)
        let households = files.text(Fixture.householdHeader, files.households)
        try compare(households: households, members: files.text(Fixture.memberHeader, files.members.reversed()))
        // Every other row moved to the end: households split into runs far apart.
        let scattered = files.members.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            + files.members.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        try compare(households: households, members: files.text(Fixture.memberHeader, scattered))
        // Households in another order than their members.
        try compare(
            households: files.text(Fixture.householdHeader, files.households.reversed()),
            members: files.text(Fixture.memberHeader, files.members))
    }

    @Test("Errors anywhere, and rules across parts, are reported exactly as by one thread")
    func errors() throws {
        let files = SyntheticFiles(count: 200)
        let hs = files.households, ms = files.members
        let h = { files.text(Fixture.householdHeader, $0) }
        let m = { files.text(Fixture.memberHeader, $0) }
        func replacing(_ rows: [String], _ i: Int, _ field: Int, _ value: String) -> [String] {
            var rows = rows
            var fields = rows[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[field] = value
            rows[i] = fields.joined(separator: ",")
            return rows
        }
        let last = ms.count - 1
        // One bad cell near the end (in the last part).
        try compare(households: h(hs), members: m(replacing(ms, last, 4, "?")))
        // A household code used twice, in different parts.
        var dup = hs
        dup[dup.count - 1] = dup[0]
        try compare(households: h(dup), members: m(ms))
        // The same national id at the start and at the end.
        let firstID = ms[0].split(separator: ",", omittingEmptySubsequences: false)[6]
        try compare(households: h(hs), members: m(replacing(ms, last - 1, 6, String(firstID))))
        // A household without members, two heads, a repeated member number.
        try compare(households: h(hs), members: m(ms.filter { !$0.hasPrefix("H000150,") }))
        try compare(households: h(hs), members: m(replacing(ms, ms.firstIndex { $0.hasPrefix("H000100,2,") }!, 3, "chủ hộ")))
        try compare(households: h(hs), members: m(replacing(ms, ms.firstIndex { $0.hasPrefix("H000100,2,") }!, 1, "1")))
        // A member whose household does not exist; a household row rejected.
        try compare(households: h(hs), members: m(replacing(ms, last, 0, "H999999")))
        try compare(households: h(replacing(hs, hs.firstIndex { $0.hasPrefix("H000199,") }!, 1, "9")), members: m(ms))
        // Many errors: every member without a name, more than the report keeps.
        try compare(households: h(hs), members: m(ms.indices.reduce(ms) { replacing($0, $1, 2, "") }))
        // A missing column; an unterminated quote at the end.
        try compare(households: h(hs), members: files.text(
            Fixture.memberHeader.replacingOccurrences(of: ",national_id", with: ""),
            ms.map { row in
                var f = row.split(separator: ",", omittingEmptySubsequences: false)
                f.remove(at: 6)
                return f.joined(separator: ",")
            }))
        try compare(households: h(hs) + "\"H9,", members: m(ms))
    }

    @Test("Workbooks and small files are read in one part, with the same result")
    func singleParts() throws {
        // One workbook with both sheets (error locations name the sheet), and a workbook with a CSV file.
        let files = SyntheticFiles(count: 60)
        let dir = try writeFiles([
            "households.csv": files.text(Fixture.householdHeader, files.households),
            "members.csv": files.text(Fixture.memberHeader, files.members),
        ])
        let book = dir.appendingPathComponent("so-ho.xlsx")
        let writer = try XLSXWriter(path: book.path)
        for (sheet, name) in [("households", "households.csv"), ("members", "members.csv")] {
            try writer.beginSheet(named: sheet)
            let reader = try CSVReader(path: dir.appendingPathComponent(name).path)
            try writer.writeRow(reader.headers.map { XLSXCell.text($0) })
            for row in try rows(reader) { try writer.writeRow(row.dropFirst().map { XLSXCell.text($0) }) }
        }
        try writer.commit()
        try compare(book, book)
        try compare(dir.appendingPathComponent("households.csv"), book)

        try compare(households: Fixture.households(), members: Fixture.members(), threads: 4, partSize: 4 << 20)
        // Headers only: an empty registry.
        try compare(households: Fixture.households([]), members: Fixture.members([]))
        try compare(households: Fixture.households([]), members: Fixture.members([]), threads: 1)
        try compare(households: Fixture.households(), members: Fixture.members(Array(Fixture.memberRows.dropLast())))
    }
}


import Foundation
import Testing

@testable import Interchange

/// Reads every row of `reader` as (row number, fields).
private func readAll(_ reader: CSVReader) throws -> [(Int, [String])] {
    var rows: [(Int, [String])] = []
    while try reader.nextRow({ row in
        let fields = (0..<row.fieldCount).map { i in
            row.withField(i) { String(decoding: $0, as: UTF8.self) }
        }
        rows.append((row.rowNumber, fields))
    }) {}
    return rows
}

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("giamngheo-csv-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func simpleFile() throws {
        let reader = try CSVReader(string: "a,b,c\n1,2,3\n4,5,6\n")
        #expect(reader.headers == ["a", "b", "c"])
        #expect(reader.delimiter == UInt8(ascii: ","))
        let rows = try readAll(reader)
        #expect(rows.map(\.0) == [2, 3])
        #expect(rows.map(\.1) == [["1", "2", "3"], ["4", "5", "6"]])
        #expect(try !reader.nextRow { _ in Issue.record("no more rows") })
    }

    @Test func quotesEscapesAndEmbeddedSeparators() throws {
        let csv = "code,name,note\n"
            + "H1,\"Nguyễn Văn \"\"Tư\"\"\",\"a, b\"\n"
            + "H2,\"\",plain\n"
            + "H3,\"line one\nline two\",x\n"
            + "H4,\"ab\"c,\"tail\"\n"
        let rows = try readAll(try CSVReader(string: csv))
        #expect(rows.count == 4)
        #expect(rows[0].1 == ["H1", "Nguyễn Văn \"Tư\"", "a, b"])
        #expect(rows[1].1 == ["H2", "", "plain"])
        #expect(rows[2].1 == ["H3", "line one\nline two", "x"])
        #expect(rows[3].1 == ["H4", "abc", "tail"])
        // The multi-line record reports its first line; the next record counts both lines.
        #expect(rows.map(\.0) == [2, 3, 4, 6])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let csv = "\u{FEFF}household_code,village\r\nH1,Thôn 1\r\n\"H2\",\"Bản\r\nMờ\"\r\nH3,\r\n"
        let reader = try CSVReader(string: csv)
        #expect(reader.headers == ["household_code", "village"])
        let rows = try readAll(reader)
        #expect(rows.map(\.1) == [["H1", "Thôn 1"], ["H2", "Bản\r\nMờ"], ["H3", ""]])
        #expect(rows.map(\.0) == [2, 3, 5])
    }

    @Test func lastLineWithoutNewline() throws {
        let rows = try readAll(try CSVReader(string: "a,b\n1,2"))
        #expect(rows.map(\.1) == [["1", "2"]])
        let quoted = try readAll(try CSVReader(string: "a,b\r\n1,\"2\""))
        #expect(quoted.map(\.1) == [["1", "2"]])
        let crAtEnd = try readAll(try CSVReader(string: "a,b\r\n1,\"2\"\r"))
        #expect(crAtEnd.map(\.1) == [["1", "2"]])
    }

    @Test func semicolonDelimiterIsDetected() throws {
        let reader = try CSVReader(string: "Mã hộ;Thu nhập;Ghi chú\nH1;1.500.000;\"a;b, c\"\n")
        #expect(reader.delimiter == UInt8(ascii: ";"))
        #expect(reader.headers == ["Mã hộ", "Thu nhập", "Ghi chú"])
        #expect(try readAll(reader).map(\.1) == [["H1", "1.500.000", "a;b, c"]])
        // A comma-separated header whose quoted cell holds semicolons stays comma-separated.
        let comma = try CSVReader(string: "\"a;b;c\",d\n1,2\n")
        #expect(comma.delimiter == UInt8(ascii: ","))
        #expect(comma.headers == ["a;b;c", "d"])
        let tab = try CSVReader(string: "a\tb\n1\t2\n")
        #expect(tab.delimiter == 0x09)
        let forced = try CSVReader(string: "a;b\n1;2\n", delimiter: UInt8(ascii: ","))
        #expect(forced.headers == ["a;b"])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let csv = "\na,b\n\n1,2\n  \n,,\n , \r\n3,4\n\n"
        let reader = try CSVReader(string: csv)
        #expect(reader.headers == ["a", "b"])
        let rows = try readAll(reader)
        #expect(rows.map(\.1) == [["1", "2"], ["3", "4"]])
        #expect(rows.map(\.0) == [4, 8])
    }

    @Test func headersAreTrimmed() throws {
        let reader = try CSVReader(string: " a , b\t,\"c \"\r\n")
        #expect(reader.headers == ["a", "b", "c"])
        #expect(try readAll(reader).isEmpty)
    }

    @Test func emptyInput() throws {
        #expect(try CSVReader(string: "").headers == [])
        #expect(try CSVReader(string: "\u{FEFF}").headers == [])
        let reader = try CSVReader(string: "\n\n")
        #expect(reader.headers == [])
        #expect(try readAll(reader).isEmpty)
    }

    @Test func shortRowsAndAbsentFields() throws {
        let reader = try CSVReader(string: "a,b,c\n1\n1,2,3,4\n")
        var seen: [(Int, String, Bool)] = []
        while try reader.nextRow({ row in
            seen.append((row.fieldCount, row.string(2), row.isBlank(2)))
        }) {}
        #expect(seen.count == 2)
        #expect(seen[0] == (1, "", true))
        #expect(seen[1] == (4, "3", false))
    }

    /// Every buffer size from tiny to larger than the input gives the same rows, so records that
    /// straddle a buffer refill (inside quotes, on `""`, on `\r\n`, in a multi-byte character)
    /// are handled.
    @Test func chunkBoundaries() throws {
        let csv = "\u{FEFF}mã,tên,ghi chú\r\n"
            + "H1,\"Đặng \"\"Thị\"\" Ánh\",\"x\r\ny\"\r\n"
            + "H2,Hoàng Văn Ư,\r\n"
            + "\r\n"
            + "H3,\"\",\"a,b\"\r\n"
            + "H4,\"ab\"cd,ế\r\n"
            + "H5,,\"\"\"\""
        let expected = try readAll(try CSVReader(string: csv))
        #expect(expected.map(\.1) == [
            ["H1", "Đặng \"Thị\" Ánh", "x\r\ny"], ["H2", "Hoàng Văn Ư", ""], ["H3", "", "a,b"],
            ["H4", "abcd", "ế"], ["H5", "", "\""],
        ])
        #expect(expected.map(\.0) == [2, 4, 6, 7, 8])
        for size in 16...80 {
            let reader = try CSVReader(string: csv, bufferSize: size)
            #expect(reader.headers == ["mã", "tên", "ghi chú"])
            let rows = try readAll(reader)
            #expect(rows.map(\.1) == expected.map(\.1), "buffer \(size)")
            #expect(rows.map(\.0) == expected.map(\.0), "buffer \(size)")
        }
    }

    @Test func unterminatedQuoteIsAnError() throws {
        let reader = try CSVReader(string: "a,b\n1,2\n3,\"open\n4,5\n")
        var error: InterchangeFileError?
        do {
            while try reader.nextRow({ _ in }) {}
        } catch let e as InterchangeFileError {
            error = e
        }
        #expect(error?.code == .csvUnterminatedQuote)
        #expect(error?.row == 3)
        #expect(error?.file == "input.csv")
        #expect(error?.description.contains("input.csv:3") == true)
        #expect(error?.description.contains("[csv.unterminated_quote]") == true)
        // Also in the header, and with a small buffer.
        #expect(throws: InterchangeFileError.self) { try CSVReader(string: "\"a,b\n1,2\n", bufferSize: 16) }
    }

    @Test func invalidUTF8IsReportedAtItsRow() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("households.csv")
        // "Nguyễn" in Windows-1258 / TCVN3-like single bytes on row 3.
        var bytes = Array("a,b\n1,2\n".utf8)
        bytes += [0x4E, 0x67, 0x75, 0x79, 0xD5, 0x6E, 0x2C, 0x33, 0x0A]
        bytes += Array("4,5\n".utf8)
        try Data(bytes).write(to: url)
        for size in [16, 4 << 20] {
            let reader = try CSVReader(path: url.path, bufferSize: size)
            var delivered: [Int] = []
            var error: InterchangeFileError?
            do {
                while try reader.nextRow({ delivered.append($0.rowNumber) }) {}
            } catch let e as InterchangeFileError {
                error = e
            }
            #expect(delivered == [2])
            #expect(error?.code == .fileEncoding)
            #expect(error?.row == 3)
            #expect(error?.file == "households.csv")
        }
        // A truncated sequence at the very end is invalid too.
        try Data(Array("a\nx".utf8) + [0xE1, 0xBB]).write(to: url)
        #expect(throws: InterchangeFileError.self) {
            let reader = try CSVReader(path: url.path)
            while try reader.nextRow({ _ in }) {}
        }
        // UTF-16 is recognised by its byte-order mark.
        try Data([0xFF, 0xFE, 0x61, 0x00]).write(to: url)
        #expect(throws: InterchangeFileError(code: .fileEncoding, file: "households.csv", row: 1, detail: "UTF-16")) {
            try CSVReader(path: url.path)
        }
    }

    @Test func missingFile() {
        #expect(throws: InterchangeFileError.self) { try CSVReader(path: "/nonexistent/members.csv") }
        do {
            _ = try CSVReader(path: "/nonexistent/members.csv")
        } catch let error as InterchangeFileError {
            #expect(error.code == .fileNotFound)
            #expect(error.file == "members.csv")
            #expect(error.errorDescription?.contains("Không tìm thấy tệp") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: InterchangeFileError.self) { try CSVReader(path: "/tmp") }
    }

    @Test func fileAndProgress() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("members.csv")
        var text = "household_code,member_no,full_name\n"
        for i in 1...5000 { text += "H\(i),\(i % 7 + 1),\"Nguyễn Văn \(i)\"\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
        let reader = try CSVReader(path: url.path, bufferSize: 4096)
        #expect(reader.fileName == "members.csv")
        #expect(reader.progress.total == Int64(text.utf8.count))
        var count = 0
        var last: Int64 = 0
        while try reader.nextRow({ row in
            count += 1
            #expect(row.rowNumber == count + 1)
            #expect(row.string(2) == "Nguyễn Văn \(count)")
        }) {
            #expect(reader.progress.done >= last)
            last = reader.progress.done
        }
        #expect(count == 5000)
        #expect(reader.progress.done == Int64(text.utf8.count))
    }
}

/// A slow, obviously-correct parser with the reader's rules, to check the fast one against.
private func referenceParse(_ text: String) -> Result<[(Int, [String])], InterchangeFileError> {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var records: [(Int, [String])] = []
    var i = 0
    var line = 1
    let n = bytes.count
    while i < n {
        let recordLine = line
        var fields: [[UInt8]] = []
        while true {
            var field: [UInt8] = []
            var quotedLength = 0
            if i < n && bytes[i] == 0x22 {
                i += 1
                var closed = false
                while i < n {
                    if bytes[i] == 0x22 {
                        if i + 1 < n && bytes[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if bytes[i] == 0x0A { line += 1 }
                    field.append(bytes[i])
                    i += 1
                }
                if !closed {
                    return .failure(InterchangeFileError(code: .csvUnterminatedQuote, file: "input.csv", row: recordLine))
                }
                quotedLength = field.count
            }
            // Unquoted text, or text after a closing quote, up to the delimiter or line end.
            while i < n && bytes[i] != 0x2C && bytes[i] != 0x0A {
                field.append(bytes[i])
                i += 1
            }
            // A CR ending the record belongs to the line end, unless it is quoted content.
            if i == n || bytes[i] == 0x0A, field.count > quotedLength, field.last == 0x0D {
                field.removeLast()
            }
            fields.append(field)
            if i < n && bytes[i] == 0x2C {
                i += 1
                continue
            }
            if i < n { i += 1; line += 1 }
            break
        }
        let blank = fields.allSatisfy { $0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        if !blank { records.append((recordLine, fields.map { String(decoding: $0, as: UTF8.self) })) }
    }
    return .success(records)
}

@Suite("CSV reader against a reference parser")
struct CSVDifferentialTests {
    @Test func randomInputs() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "ễ", "Đ", ",", ",", "\"", "\"", "\"\"", "\n", "\r\n", " ", "\r"]
        var checked = 0
        for _ in 0..<3000 {
            var text = "h1,h2\n"
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                text += pieces.randomElement(using: &generator)!
            }
            let expected = referenceParse(text)
            for size in [16, 17, 23, 64, 4096] {
                let result: Result<[(Int, [String])], InterchangeFileError>
                do {
                    let reader = try CSVReader(string: text, delimiter: UInt8(ascii: ","), bufferSize: size)
                    var rows: [(Int, [String])] = reader.headers.isEmpty ? [] : [(1, reader.headers)]
                    while try reader.nextRow({ row in
                        rows.append((row.rowNumber, (0..<row.fieldCount).map { i in row.withField(i) { String(decoding: $0, as: UTF8.self) } }))
                    }) {}
                    result = .success(rows)
                } catch let error as InterchangeFileError {
                    result = .failure(error)
                }
                switch (expected, result) {
                case (.success(let a), .success(let b)):
                    // The header is trimmed by the reader; compare data rows exactly.
                    let same = a.count == b.count && zip(a.dropFirst(), b.dropFirst()).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
                    #expect(same, "\(text.debugDescription) buffer \(size): \(a) vs \(b)")
                    if !same { return }
                case (.failure(let a), .failure(let b)):
                    #expect(a == b, "\(text.debugDescription)")
                default:
                    Issue.record("\(text.debugDescription) buffer \(size): \(expected) vs \(result)")
                    return
                }
                checked += 1
            }
        }
        #expect(checked == 15000)
    }
}

@Suite("UTF-8 validation")
struct UTF8CheckTests {
    /// The hand-written validator agrees with the standard library's on random bytes biased
    /// towards the tricky ranges (overlongs, surrogates, above U+10FFFF, cut sequences).
    @Test func agreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...12, using: &generator)
            var bytes: [UInt8] = (0..<count).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes = Array("Nguyễn Văn ".utf8) + bytes }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let firstBad = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalid($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, from: 0, to: $0.count) }
            #expect((firstBad == bytes.count) == valid, "\(bytes)")
            if !valid {
                // Everything before the reported byte is valid.
                #expect(String(validating: bytes[..<firstBad], as: UTF8.self) != nil, "\(bytes)")
            }
        }
    }
}

@Suite("CSV writer")
struct CSVWriterTests {
    @Test func quotingRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.csv").path
        let rows: [[String]] = [
            ["household_code", "full_name", "note"],
            ["H1", "Nguyễn Văn \"Tư\"", "a, b"],
            ["H2", "", "line\nbreak"],
            ["H3", "cr\r\nlf", "\""],
            ["H4", "  spaced", "plain"],
        ]
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.writeRow(row) }
        try writer.writeField("H5")
        try writer.writeField(-1_500_000)
        try writer.writeField(0)
        try writer.endRow()
        #expect(!FileManager.default.fileExists(atPath: path), "nothing published before commit")
        try writer.commit()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("household_code,full_name,note\nH1,\"Nguyễn Văn \"\"Tư\"\"\",\"a, b\"\n"))
        #expect(text.hasSuffix("H5,-1500000,0\n"))
        let reader = try CSVReader(path: path)
        #expect(reader.headers == rows[0])
        var back: [[String]] = []
        while try reader.nextRow({ row in
            back.append((0..<row.fieldCount).map { i in row.withField(i) { String(decoding: $0, as: UTF8.self) } })
        }) {}
        #expect(back == Array(rows.dropFirst()) + [["H5", "-1500000", "0"]])
        // Only the published file is left in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
    }

    @Test func byteOrderMarkAndSemicolon() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("excel.csv").path
        let writer = try CSVWriter(path: path, delimiter: UInt8(ascii: ";"), byteOrderMark: true)
        try writer.writeRow(["Mã hộ", "Ghi chú"])
        try writer.writeRow(["H1", "a;b"])
        try writer.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == "Mã hộ;Ghi chú\nH1;\"a;b\"\n")
        let reader = try CSVReader(path: path)
        #expect(reader.headers == ["Mã hộ", "Ghi chú"])
    }

    @Test func discardLeavesNothingAndKeepsTheOldFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("classification.csv").path
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        let writer = try CSVWriter(path: path, bufferCapacity: 64)
        for i in 0..<1000 { try writer.writeRow(["H\(i)", "poor"]) }  // forces flushes to the temp file
        writer.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["classification.csv"])
        // An uncommitted writer that is released also cleans up.
        do {
            let abandoned = try CSVWriter(path: directory.appendingPathComponent("other.csv").path)
            try abandoned.writeRow(["x"])
            try abandoned.flush()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["classification.csv"])
    }

    @Test func largeFieldsAndSmallBuffer() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.csv").path
        let big = String(repeating: "Ấp \"Mới\", ", count: 50)
        let plain = String(repeating: "x", count: 300)
        let writer = try CSVWriter(path: path, bufferCapacity: 64)
        try writer.writeRow([big, plain, "1"])
        try writer.writeRow(["a", "b", "c"])
        try writer.commit()
        let reader = try CSVReader(path: path, bufferSize: 32)
        #expect(reader.headers == [big.trimmingCharacters(in: .whitespaces), plain, "1"])
        #expect(try readAll(reader).map(\.1) == [["a", "b", "c"]])
    }

    @Test func unwritableDirectory() {
        #expect(throws: InterchangeFileError.self) { try CSVWriter(path: "/nonexistent-dir/out.csv") }
    }
}

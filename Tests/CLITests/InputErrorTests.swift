import Foundation
import Testing

/// Invalid input: every error listed (data-format.md "Import behaviour"), non-zero exit, nothing written.
@Suite("giamngheo input errors")
struct InputErrorTests {
    /// 15 valid one-person households (members.csv rows 2–16), then the broken rows:
    ///
    /// households.csv
    /// - row 17 `BAD-COMMUNE`: commune 99999 does not exist → `commune_code.unknown`
    /// - row 18 `BAD-AREA`: area_type "mountain" → `area_type.invalid`
    /// - row 19 `OK-01` again → `household_code.duplicate`
    /// - row 20 `NO-HEAD`: valid, but its only member is a spouse
    ///
    /// members.csv
    /// - row 17: second member of OK-01 with national_id "0123" → `national_id.length`
    /// - row 18: NO-HEAD's spouse → `relation.head_count` (at the household's first member row)
    static func writeBrokenSet(in dir: TempDir) throws {
        let rows = fileRows((1...15).map { TestHousehold(String(format: "OK-%02d", $0), income: "1.000.000") })
        var hRows = rows.households
        var mRows = rows.members
        hRows.append(["BAD-COMMUNE", "99999", "Thôn Một", "rural", "1.000.000", "", "durable", "60", "1", "1", "1", "1", "1", "1", "1"])
        hRows.append(["BAD-AREA", "18739", "Thôn Một", "mountain", "1.000.000", "", "durable", "60", "1", "1", "1", "1", "1", "1", "1"])
        hRows.append(["OK-01", "18739", "Thôn Hai", "rural", "900.000", "", "durable", "60", "1", "1", "1", "1", "1", "1", "1"])
        hRows.append(["NO-HEAD", "18739", "Thôn Một", "rural", "1.000.000", "", "durable", "60", "1", "1", "1", "1", "1", "1", "1"])
        mRows.append(["OK-01", "2", "Trần Thị Lan", "spouse", "F", "1982", "0123", "1", "upper_secondary", "0", "self_employed", "none", "", "0"])
        mRows.append(["NO-HEAD", "1", "Lê Thị Hoa", "spouse", "F", "1982", "042082999001", "1", "upper_secondary", "0", "self_employed", "none", "", "0"])
        try dir.write("households.csv", csvText(householdHeader, hRows))
        try dir.write("members.csv", csvText(memberHeader, mRows))
    }

    /// (file, row, column, value, code) of every expected error, in the order they are listed.
    static let expectedErrors: [(String, Int, String, String, String)] = [
        ("households.csv", 17, "commune_code", "99999", "commune_code.unknown"),
        ("households.csv", 18, "area_type", "mountain", "area_type.invalid"),
        ("households.csv", 19, "household_code", "OK-01", "household_code.duplicate"),
        ("members.csv", 17, "national_id", "0123", "national_id.length"),
        ("members.csv", 18, "relation", "", "relation.head_count"),
    ]

    @Test("every error of both files is listed as file:row column \"value\" — message [code]; nothing is written")
    func everyErrorListed() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.writeBrokenSet(in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--out", "x.csv"], in: dir.url)
        #expect(r.status != 0)
        #expect(!dir.exists("x.csv"), "the --out file must not exist after a failed run")
        #expect(r.stdout.isEmpty || !r.stdout.contains("poor"), "no results on invalid input: \(r.stdout)")
        // The example of data-format.md, word for word.
        #expect(r.stderr.contains("members.csv:17 national_id \"0123\" — Số CCCD phải có 12 chữ số [national_id.length]"),
                "stderr: \(r.stderr)")
        let lines = r.errorLines
        #expect(lines.count == Self.expectedErrors.count, "stderr: \(r.stderr)")
        for (i, e) in Self.expectedErrors.enumerated() {
            let head = e.3.isEmpty ? "\(e.0):\(e.1) \(e.2) — " : "\(e.0):\(e.1) \(e.2) \"\(e.3)\" — "
            let match = lines.first { $0.hasPrefix(head) && $0.hasSuffix("[\(e.4)]") }
            #expect(match != nil, "missing \(head)… [\(e.4)] in:\n\(r.stderr)")
            if i < lines.count { #expect(lines[i].hasPrefix(head), "order: line \(i) is \(lines[i])") }
        }
        #expect(r.stderr.contains("5 lỗi"), "count line in: \(r.stderr)")
    }

    @Test("--errors writes the list as CSV next to the sheet")
    func errorsFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.writeBrokenSet(in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--out", "x.csv", "--errors", "errs.csv"], in: dir.url)
        #expect(r.status != 0)
        #expect(!dir.exists("x.csv"))
        let table = try readCSV(dir.path("errs.csv"))
        #expect(table.header == ["file", "row", "column", "value", "message", "code"])
        let got = table.records.map { [$0["file"]!, $0["row"]!, $0["column"]!, $0["value"]!, $0["code"]!] }
        #expect(got == Self.expectedErrors.map { [$0.0, String($0.1), $0.2, $0.3, $0.4] })
        for rec in table.records { #expect(!(rec["message"] ?? "").isEmpty, "\(rec)") }
        #expect(table.records.first { $0["code"] == "national_id.length" }?["message"] == "Số CCCD phải có 12 chữ số")
    }

    @Test("--errors into a directory that does not exist: reported, and not claimed as written")
    func errorsFileUnwritable() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.writeBrokenSet(in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--errors", "no-such-dir/errs.csv"], in: dir.url)
        #expect(r.status != 0)
        #expect(r.errorLines.count == Self.expectedErrors.count, "the list still goes to stderr: \(r.stderr)")
        #expect(r.stderr.contains("Không ghi được tệp lỗi no-such-dir/errs.csv"), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Danh sách lỗi đã ghi vào no-such-dir/errs.csv"), "stderr: \(r.stderr)")
    }

    @Test("whatif and mpi refuse the same invalid file set without writing --out")
    func otherCommandsRefuse() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try Self.writeBrokenSet(in: dir)
        let w = try giamngheo(["whatif", "--households", "households.csv", "--members", "members.csv",
                               "--from", "ND07-2022", "--to", "ND351-2027", "--year", "2026", "--out", "w.csv"], in: dir.url)
        #expect(w.status != 0)
        #expect(w.errorLines.count == Self.expectedErrors.count, "stderr: \(w.stderr)")
        #expect(!dir.exists("w.csv"))
        let m = try giamngheo(["mpi", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--out", "m.csv"], in: dir.url)
        #expect(m.status != 0)
        #expect(m.errorLines.count == Self.expectedErrors.count, "stderr: \(m.stderr)")
        #expect(!dir.exists("m.csv"))
    }

    @Test("a missing input file is reported, not a crash")
    func missingFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try giamngheo(["classify", "--households", "nope.csv", "--members", "nope-members.csv",
                               "--year", "2026", "--out", "x.csv"], in: dir.url)
        #expect(r.status != 0)
        #expect(r.status < 128, "killed by a signal? stderr: \(r.stderr)")
        #expect(r.stderr.contains("nope"), "stderr: \(r.stderr)")
        #expect(!dir.exists("x.csv"))
    }
}

import Foundation
import Testing

/// `--standard-file`: a province's standard overriding a national one (README "Local standards").
@Suite("giamngheo --standard-file")
struct LocalStandardTests {
    /// Đồng Nai 2022–2025: base ND07-2022, lines 2.000.000 rural / 2.500.000 urban, k = 2; the
    /// average band's upper bounds (2.250.000 / 3.000.000) are inherited from ND07-2022.
    static let dongNai = """
        { "base": "ND07-2022", "id": "DNAI-2022", "name": "Chuẩn nghèo tỉnh Đồng Nai 2022–2025",
          "province_code": "75", "years": {"from": 2022, "to": 2025},
          "poverty_line": {"rural": 2000000, "urban": 2500000}, "k": 2 }
        """

    /// (household, class under DNAI-2022, class under ND07-2022), derived by hand.
    static let cases: [(TestHousehold, String, String)] = [
        // 1.800.000 ≤ 2.000.000 and D = 2 ≥ k = 2 → poor; under ND07 1.500.000 < 1.800.000 ≤ 2.250.000 → average.
        (TestHousehold("DN-1", income: "1.800.000", commune: "25195", deprived: [.water, .latrine]), "poor", "average"),
        // D = 1 < 2 → near-poor.
        (TestHousehold("DN-2", income: "1.800.000", commune: "25195", deprived: [.water]), "near_poor", "average"),
        // 2.000.000 < 2.100.000 ≤ 2.250.000 → average under both.
        (TestHousehold("DN-3", income: "2.100.000", commune: "25195", deprived: [.water, .latrine, .housing]), "average", "average"),
        // Urban 2.500.000 ≤ 2.500.000, D = 0 → near-poor; ND07 urban band (2.000.000, 3.000.000] → average.
        (TestHousehold("DN-4", area: "urban", income: "2.500.000", commune: "25195"), "near_poor", "average"),
        // 1.400.000 with D = 2: poor locally (k = 2), near-poor nationally (k = 3).
        (TestHousehold("DN-5", income: "1.400.000", commune: "25195", deprived: [.insurance, .floor]), "poor", "near_poor"),
    ]

    @Test("Đồng Nai standard: classes derived by hand; the file's standard is used unless --standard names another")
    func dongNaiStandard() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try dir.write("dongnai.json", Self.dongNai)
        try writeCSVFileSet(Self.cases.map(\.0), in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv", "--year", "2025",
                               "--standard-file", "dongnai.json", "--out", "local.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let local = try readCSV(dir.path("local.csv"))
        #expect(local.rows.map { $0[0] } == Self.cases.map(\.0.code))
        let byCode = try local.rows(by: "household_code")
        for (h, cls, _) in Self.cases {
            #expect(byCode[h.code]?["standard"] == "DNAI-2022", "\(h.code)")
            #expect(byCode[h.code]?["class"] == cls, "\(h.code)")
        }
        #expect(byCode["DN-1"]?["explanation"]?.hasPrefix("Hộ nghèo theo chuẩn DNAI-2022 (nông thôn): thu nhập 1.800.000 đ/người/tháng ≤ 2.000.000 đ") == true)
        #expect(byCode["DN-1"]?["explanation"]?.contains("(≥ 2)") == true)
        #expect(byCode["DN-2"]?["explanation"]?.contains("(< 2)") == true)

        // Naming the local id explicitly gives the same rows.
        let named = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv", "--year", "2025",
                                   "--standard-file", "dongnai.json", "--standard", "DNAI-2022", "--out", "named.csv"], in: dir.url)
        #expect(named.status == 0, "stderr: \(named.stderr)")
        #expect(try readCSV(dir.path("named.csv")).rows == local.rows)

        // An explicit national id wins over the file.
        let national = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv", "--year", "2025",
                                      "--standard-file", "dongnai.json", "--standard", "ND07-2022", "--out", "national.csv"], in: dir.url)
        #expect(national.status == 0, "stderr: \(national.stderr)")
        let nat = try readCSV(dir.path("national.csv")).rows(by: "household_code")
        for (h, _, cls) in Self.cases {
            #expect(nat[h.code]?["standard"] == "ND07-2022", "\(h.code)")
            #expect(nat[h.code]?["class"] == cls, "\(h.code)")
        }

        // What-if national → local: 5 households, 4 change class.
        let w = try giamngheo(["whatif", "--households", "households.csv", "--members", "members.csv", "--year", "2025",
                               "--standard-file", "dongnai.json", "--from", "ND07-2022", "--to", "DNAI-2022", "--out", "w.csv"], in: dir.url)
        #expect(w.status == 0, "stderr: \(w.stderr)")
        #expect(w.stdout.contains("ND07-2022 → DNAI-2022"), "\(w.stdout)")
        #expect(w.stdout.contains("5 hộ, 4 hộ đổi loại"), "\(w.stdout)")
        let cells = try readCSV(dir.path("w.csv")).records
        func count(_ f: String, _ t: String) -> String? { cells.first { $0["from_class"] == f && $0["to_class"] == t }?["households"] }
        #expect(count("average", "poor") == "1")
        #expect(count("average", "near_poor") == "2")
        #expect(count("average", "average") == "1")
        #expect(count("near_poor", "poor") == "1")

        // `standards` lists the local standard next to the national ones.
        let s = try giamngheo(["standards", "--standard-file", "dongnai.json"], in: dir.url)
        #expect(s.status == 0, "stderr: \(s.stderr)")
        #expect(s.stdout.contains("DNAI-2022"))
        #expect(s.stdout.contains("ND07-2022"))
    }

    /// Invalid files: each must be refused, naming the field at fault, before anything is written.
    /// `mention` is what standard error must contain: `file: field — ` (StandardError's form) when a
    /// field is at fault.
    static let invalidFiles: [(name: String, json: String, mention: String)] = [
        ("k0.json", #"{ "base": "ND07-2022", "id": "BAD-K", "k": 0 }"#, "k0.json: k — "),
        ("k13.json", #"{ "base": "ND07-2022", "id": "BAD-K", "k": 13 }"#, "k13.json: k — "),
        ("indicator.json",
         #"{ "base": "ND07-2022", "id": "BAD-IND", "indicators": [ { "id": "no_such_indicator", "name": "X", "rule": "floor_area", "threshold_m2": 5 } ] }"#,
         "indicator.json: indicators[12].id — "),
        ("floor.json", #"{ "base": "ND07-2022", "id": "BAD-FLOOR", "indicators": [ { "id": "floor_area", "threshold_m2": -1 } ] }"#,
         "floor.json: indicators[7].threshold_m2 — "),
        ("line.json", #"{ "base": "ND07-2022", "id": "BAD-LINE", "poverty_line": { "rural": "hai triệu" } }"#, "line.json: poverty_line.rural — "),
        ("base.json", #"{ "base": "ND00-1999", "id": "BAD-BASE" }"#, "base.json: base — "),
        ("syntax.json", #"{ "base": "ND07-2022", "id": "#, "syntax.json"),
    ]

    @Test("an invalid standard file is refused with the field named", arguments: invalidFiles.indices)
    func invalidStandardFile(_ i: Int) throws {
        let bad = Self.invalidFiles[i]
        let dir = try TempDir()
        defer { dir.cleanup() }
        try dir.write(bad.name, bad.json)
        try writeCSVFileSet([TestHousehold("H-1", income: "1.000.000")], in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv", "--year", "2025",
                               "--standard-file", bad.name, "--out", "out.csv"], in: dir.url)
        #expect(r.status != 0, "\(bad.name) accepted")
        #expect(r.status < 128, "crashed? stderr: \(r.stderr)")
        #expect(r.stderr.contains(bad.mention), "\(bad.name): stderr should contain \(bad.mention): \(r.stderr)")
        #expect(r.stderr.contains(bad.name == "base.json" ? "ND00-1999" : bad.name), "stderr: \(r.stderr)")
        #expect(!dir.exists("out.csv"))
    }
}

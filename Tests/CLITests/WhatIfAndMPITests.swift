import Foundation
import Testing

/// `giamngheo whatif` and `giamngheo mpi` on hand-made households whose results are derived by hand.
@Suite("giamngheo whatif and mpi")
struct WhatIfAndMPITests {
    // MARK: 6. What-if ND07-2022 → ND351-2027

    /// Xã Cẩm Duệ (18739) and Phường Thành Sen (18073) of Hà Tĩnh (42), Phường Ba Đình (00004) of Hà Nội (01).
    /// ND07: rural 1.5M / avg 2.25M, urban 2.0M / avg 3.0M; ND351: rural 2.2M / 3.3M, urban 2.8M / 4.2M; k = 3.
    static let households: [(TestHousehold, from: String, to: String)] = [
        // 2.000.000 rural: average under ND07; ≤ 2.200.000 and D = 3 → poor under ND351.
        (TestHousehold("W1", income: "2.000.000", deprived: [.water, .latrine, .insurance]), "average", "poor"),
        // Same income, D = 1 → near-poor under ND351.
        (TestHousehold("W2", income: "2.000.000", deprived: [.water]), "average", "near_poor"),
        (TestHousehold("W3", income: "1.200.000", deprived: [.water, .latrine, .housing]), "poor", "poor"),
        (TestHousehold("W4", area: "urban", income: "2.500.000", commune: "18073"), "average", "near_poor"),
        (TestHousehold("W5", area: "urban", income: "5.000.000", commune: "18073"), "not_poor", "not_poor"),
        (TestHousehold("W6", area: "urban", income: "3.500.000", commune: "00004"), "not_poor", "average"),
        // information_assets counts under ND07 only: D = 3 → 2.
        (TestHousehold("W7", area: "urban", income: "1.000.000", commune: "00004", deprived: [.water, .latrine, .device]), "poor", "near_poor"),
        // waste counts under ND351 only: D = 2 → 3.
        (TestHousehold("W8", area: "urban", income: "1.000.000", commune: "00004", deprived: [.water, .latrine, .waste]), "near_poor", "poor"),
    ]

    static let classes = ["poor", "near_poor", "average", "not_poor", "incomplete"]

    /// Expected matrix cells for a subset of the households.
    static func matrix(_ subset: [(TestHousehold, from: String, to: String)]) -> [String: Int] {
        var m: [String: Int] = [:]
        for f in classes { for t in classes { m["\(f)>\(t)"] = 0 } }
        for h in subset { m["\(h.from)>\(h.to)", default: 0] += 1 }
        return m
    }

    /// The CSV's cells of one unit (`""` = the total) as `from>to` → households.
    static func cells(_ table: Table, unit: String) -> [String: Int] {
        var m: [String: Int] = [:]
        for r in table.records where r["unit_code"] == unit {
            m["\(r["from_class"]!)>\(r["to_class"]!)"] = Int(r["households"]!)
        }
        return m
    }

    @Test("whatif: matrix counts derived by hand, printed and in --out CSV")
    func whatIfTotal() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.households.map(\.0), in: dir)
        let r = try giamngheo(["whatif", "--households", "households.csv", "--members", "members.csv",
                               "--from", "ND07-2022", "--to", "ND351-2027", "--year", "2026", "--out", "matrix.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("ND07-2022 → ND351-2027, năm 2026: 8 hộ, 6 hộ đổi loại"), "\(r.stdout)")
        let table = try readCSV(dir.path("matrix.csv"))
        #expect(table.header == ["unit_code", "unit_name", "from_standard", "to_standard", "from_class", "to_class", "households"])
        #expect(table.rows.count == 25, "5 × 5 cells for the total only")
        for rec in table.records {
            #expect(rec["from_standard"] == "ND07-2022")
            #expect(rec["to_standard"] == "ND351-2027")
        }
        #expect(Self.cells(table, unit: "") == Self.matrix(Self.households))
        #expect(table.records.compactMap { Int($0["households"]!) }.reduce(0, +) == 8)

        // Printed matrix: the poor row reads 1 (poor→poor), 1 (→near-poor), 0, 0, 0, total 2.
        let poorRow = r.stdout.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("nghèo ") }
        let numbers = poorRow.map { $0.split(separator: " ").dropFirst().map(String.init) } ?? []
        #expect(numbers == ["1", "1", "0", "0", "0", "2"], "\(r.stdout)")
        let totalRow = r.stdout.split(separator: "\n").last { $0.trimmingCharacters(in: .whitespaces).hasPrefix("tổng ") }
        let totals = totalRow.map { $0.split(separator: " ").dropFirst().map(String.init) } ?? []
        // Columns: to poor = W1, W3, W8; near-poor = W2, W4, W7; average = W6; not poor = W5.
        #expect(totals == ["3", "3", "1", "1", "0", "8"], "\(r.stdout)")
    }

    @Test("whatif --by province / --by commune: one block and one set of rows per unit")
    func whatIfByUnit() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.households.map(\.0), in: dir)
        let hn = Array(Self.households[5...7])
        let ht = Array(Self.households[0...4])

        let p = try giamngheo(["whatif", "--households", "households.csv", "--members", "members.csv", "--from", "ND07-2022",
                               "--to", "ND351-2027", "--year", "2026", "--by", "province", "--out", "province.csv"], in: dir.url)
        #expect(p.status == 0, "stderr: \(p.stderr)")
        #expect(p.stdout.contains("Tỉnh Hà Tĩnh (42): 5 hộ, 3 hộ đổi loại"), "\(p.stdout)")
        #expect(p.stdout.contains("Thành phố Hà Nội (01): 3 hộ, 3 hộ đổi loại"), "\(p.stdout)")
        let byProvince = try readCSV(dir.path("province.csv"))
        #expect(byProvince.rows.count == 25 * 3)
        #expect(Set(byProvince.records.map { $0["unit_code"]! }) == ["", "42", "01"])
        #expect(Self.cells(byProvince, unit: "") == Self.matrix(Self.households))
        #expect(Self.cells(byProvince, unit: "42") == Self.matrix(ht))
        #expect(Self.cells(byProvince, unit: "01") == Self.matrix(hn))
        #expect(byProvince.records.first { $0["unit_code"] == "42" }?["unit_name"] == "Tỉnh Hà Tĩnh")
        let unitSum = byProvince.records.filter { $0["unit_code"] != "" }.compactMap { Int($0["households"]!) }.reduce(0, +)
        #expect(unitSum == 8, "per-unit rows add up to the household count")

        let c = try giamngheo(["whatif", "--households", "households.csv", "--members", "members.csv", "--from", "ND07-2022",
                               "--to", "ND351-2027", "--year", "2026", "--by", "commune", "--out", "commune.csv"], in: dir.url)
        #expect(c.status == 0, "stderr: \(c.stderr)")
        #expect(c.stdout.contains("(18739): 3 hộ, 2 hộ đổi loại"), "\(c.stdout)")
        #expect(c.stdout.contains("(18073): 2 hộ, 1 hộ đổi loại"), "\(c.stdout)")
        #expect(c.stdout.contains("(00004): 3 hộ, 3 hộ đổi loại"), "\(c.stdout)")
        let byCommune = try readCSV(dir.path("commune.csv"))
        #expect(Set(byCommune.records.map { $0["unit_code"]! }) == ["", "18739", "18073", "00004"])
        #expect(Self.cells(byCommune, unit: "18739") == Self.matrix(Array(Self.households[0...2])))
        #expect(Self.cells(byCommune, unit: "18073") == Self.matrix(Array(Self.households[3...4])))
        #expect(Self.cells(byCommune, unit: "00004") == Self.matrix(hn))
        #expect(byCommune.records.first { $0["unit_code"] == "00004" }?["unit_name"]?.contains("Ba Đình") == true)
    }

    @Test("whatif without --from uses the year's standard")
    func whatIfDefaultFrom() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.households.map(\.0), in: dir)
        let r = try giamngheo(["whatif", "--households", "households.csv", "--members", "members.csv",
                               "--to", "ND351-2027", "--year", "2026"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("ND07-2022 → ND351-2027, năm 2026: 8 hộ, 6 hộ đổi loại"), "\(r.stdout)")
    }

    // MARK: 7. MPI (Alkire–Foster)

    /// ND07-2022, n = 12, k = 3, equal weights 1/12.
    /// - M1 (2 persons) D = 4 → MPI-poor, share 4/12
    /// - M2 D = 3 → MPI-poor, share 3/12
    /// - M3 D = 2, M4 D = 0 → not MPI-poor
    /// - M5 (Hà Nội) one unknown indicator → excluded
    /// - M6 (Hà Nội) no income at all (class incomplete) but a complete profile, D = 5 → MPI-poor, share 5/12
    static let mpiHouseholds: [TestHousehold] = [
        TestHousehold("M1", income: "1.000.000", deprived: [.water, .latrine, .housing, .insurance], members: 2),
        TestHousehold("M2", income: "1.000.000", deprived: [.water, .latrine, .floor]),
        TestHousehold("M3", income: "1.000.000", deprived: [.water, .latrine]),
        TestHousehold("M4", income: "3.000.000"),
        TestHousehold("M5", area: "urban", income: "1.000.000", commune: "00004", deprived: [.water], unknown: [.latrine]),
        TestHousehold("M6", area: "urban", commune: "00004", deprived: [.water, .latrine, .housing, .floor, .insurance]),
    ]

    static func value(_ s: String?) -> Double { Double(s ?? "") ?? .nan }

    @Test("mpi: H, A, MPI and censored headcounts derived by hand (--out CSV), per province")
    func mpi() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.mpiHouseholds, in: dir)
        let r = try giamngheo(["mpi", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--by", "province", "--out", "mpi.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("ND07-2022"))
        let table = try readCSV(dir.path("mpi.csv"))
        #expect(Array(table.header.prefix(13)) == ["unit_code", "unit_name", "standard", "households", "persons", "excluded_incomplete",
                                                   "mpi_poor_households", "H", "A", "MPI", "H_persons", "A_persons", "MPI_persons"])
        let byUnit = try table.rows(by: "unit_code")
        #expect(table.rows.count == 3)
        let total = try #require(byUnit[""])
        #expect(total["standard"] == "ND07-2022")
        #expect(total["households"] == "5")
        #expect(total["persons"] == "6")
        #expect(total["excluded_incomplete"] == "1")
        #expect(total["mpi_poor_households"] == "3")
        // H = 3/5; A = (4 + 3 + 5)/12 / 3 = 1/3; MPI = 0.2.
        #expect(abs(Self.value(total["H"]) - 0.6) < 1e-6)
        #expect(abs(Self.value(total["A"]) - 1.0 / 3) < 1e-6)
        #expect(abs(Self.value(total["MPI"]) - 0.2) < 1e-6)
        // Persons: 4 of 6 in MPI-poor households; A = (2·4 + 3 + 5)/12 / 4 = 1/3; MPI = 2/9.
        #expect(abs(Self.value(total["H_persons"]) - 4.0 / 6) < 1e-6)
        #expect(abs(Self.value(total["A_persons"]) - 1.0 / 3) < 1e-6)
        #expect(abs(Self.value(total["MPI_persons"]) - 2.0 / 9) < 1e-6)
        // Censored headcounts: water and latrine M1, M2, M6 (3/5); housing and insurance M1, M6;
        // floor M2, M6 (2/5); the rest 0 (M3's deprivations are censored).
        let censored: [String: Double] = [
            "employment": 0, "dependants": 0, "nutrition": 0, "health_insurance": 0.4, "adult_education": 0,
            "child_schooling": 0, "housing_quality": 0.4, "floor_area": 0.4, "water_source": 0.6, "latrine": 0.6,
            "telecom": 0, "information_assets": 0,
        ]
        #expect(Array(table.header.dropFirst(13)) == ["employment", "dependants", "nutrition", "health_insurance",
            "adult_education", "child_schooling", "housing_quality", "floor_area", "water_source", "latrine", "telecom",
            "information_assets"].map { "censored_" + $0 }, "standard's order")
        for (id, v) in censored {
            #expect(abs(Self.value(total["censored_" + id]) - v) < 1e-6, "\(id): \(total["censored_" + id] ?? "-")")
        }

        // Hà Tĩnh: M1–M4 → H = 2/4, A = (4 + 3)/12 / 2 = 7/24, MPI = 7/48.
        let ht = try #require(byUnit["42"])
        #expect(ht["unit_name"] == "Tỉnh Hà Tĩnh")
        #expect(ht["households"] == "4")
        #expect(ht["excluded_incomplete"] == "0")
        #expect(abs(Self.value(ht["H"]) - 0.5) < 1e-6)
        #expect(abs(Self.value(ht["A"]) - 7.0 / 24) < 1e-6)
        #expect(abs(Self.value(ht["MPI"]) - 7.0 / 48) < 1e-6)
        // Hà Nội: M6 only (M5 excluded) → H = 1, A = MPI = 5/12.
        let hn = try #require(byUnit["01"])
        #expect(hn["households"] == "1")
        #expect(hn["excluded_incomplete"] == "1")
        #expect(abs(Self.value(hn["H"]) - 1) < 1e-6)
        #expect(abs(Self.value(hn["A"]) - 5.0 / 12) < 1e-6)
        #expect(abs(Self.value(hn["MPI"]) - 5.0 / 12) < 1e-6)

        // The screen shows the same figures (Vietnamese decimals).
        #expect(r.stdout.contains("H = 60,00%"), "\(r.stdout)")
        #expect(r.stdout.contains("MPI = 0,2000"), "\(r.stdout)")
        #expect(r.stdout.contains("Tỉnh Hà Tĩnh (42)"), "\(r.stdout)")
    }

    @Test("mpi under another standard uses its indicators and k")
    func mpiQD59() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        // QD59-2016: n = 10, k = 3. M1 D = 4 → share 4/10; M2 D = 3 → 3/10; M3 D = 2; M4 D = 0.
        try writeCSVFileSet(Array(Self.mpiHouseholds[0...3]), in: dir)
        let r = try giamngheo(["mpi", "--households", "households.csv", "--members", "members.csv",
                               "--standard", "QD59-2016", "--year", "2026", "--out", "mpi.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let total = try #require(try readCSV(dir.path("mpi.csv")).rows(by: "unit_code")[""])
        #expect(total["standard"] == "QD59-2016")
        #expect(total["households"] == "4")
        #expect(abs(Self.value(total["H"]) - 0.5) < 1e-6)
        #expect(abs(Self.value(total["A"]) - 0.35) < 1e-6)
        #expect(abs(Self.value(total["MPI"]) - 0.175) < 1e-6)
        #expect(total["censored_health_access"] != nil)
    }
}

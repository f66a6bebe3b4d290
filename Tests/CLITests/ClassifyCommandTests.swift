import Foundation
import Interchange
import Testing

/// `giamngheo classify` on the shipped examples and on hand-made households whose class is
/// derived by hand from standards.md §2–§5.
@Suite("giamngheo classify")
struct ClassifyCommandTests {
    static let classificationColumns = [
        "household_code", "standard", "class", "deprivation_count", "deprived", "unknown", "explanation",
    ]

    // MARK: 1. Examples/

    @Test("Examples: CSV output, year picks ND07-2022, classes checked by hand")
    func examplesToCSV() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let examples = packageRoot.appendingPathComponent("Examples")
        let r = try giamngheo([
            "classify", "--households", examples.appendingPathComponent("households.csv").path,
            "--members", examples.appendingPathComponent("members.csv").path,
            "--year", "2026", "--out", "x.csv",
        ], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let table = try readCSV(dir.path("x.csv"))
        #expect(Array(table.header.prefix(7)) == Self.classificationColumns)
        let input = try readCSV(examples.appendingPathComponent("households.csv").path)
        #expect(table.rows.map { $0[0] } == input.rows.map { $0[0] }, "one row per household, input order")
        let byCode = try table.rows(by: "household_code")
        for row in table.records { #expect(row["standard"] == "ND07-2022", "\(row)") }
        // Rural line 1.500.000, average band up to 2.250.000 (ND07-2022).
        // 0004: 4.500.000 > 2.250.000 → not poor.
        #expect(byCode["HT-CD-0004"]?["class"] == "not_poor")
        #expect(byCode["HT-CD-0004"]?["explanation"]?.hasPrefix("Hộ không nghèo theo chuẩn ND07-2022 (nông thôn)") == true)
        // 0003: 1.500.000 < 2.000.000 ≤ 2.250.000 → average.
        #expect(byCode["HT-CD-0003"]?["class"] == "average")
        // 0001: 1.200.000 ≤ 1.500.000; head uninsured, non-durable house, no clean water, no latrine,
        // no internet, all three members dependants (68, 66, 12 years old) → D ≥ 3 → poor.
        let p = try #require(byCode["HT-CD-0001"])
        #expect(p["class"] == "poor")
        for id in ["dependants", "health_insurance", "housing_quality", "water_source", "latrine", "telecom"] {
            #expect(p["deprived"]?.split(separator: ";").contains(Substring(id)) == true, "\(id) in \(p["deprived"] ?? "")")
        }
        #expect(p["explanation"]?.hasPrefix("Hộ nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.200.000 đ/người/tháng ≤ 1.500.000 đ") == true)
        // 0005: score 128 ≤ 140 (rural cut-off); makeshift house, uninsured unemployed son → poor.
        #expect(byCode["HT-CD-0005"]?["class"] == "poor")
        #expect(byCode["HT-CD-0005"]?["basis"] == "score")
        // TS-0002: urban, 2.000.000 < 2.800.000 ≤ 3.000.000 → average.
        #expect(byCode["HT-TS-0002"]?["class"] == "average")
        // Low-income workers (standards.md §2): working-age (15–59) members of an average / not-poor
        // household with income ≤ 2.250.000 rural / 3.000.000 urban. 0003: head 56, spouse 51;
        // TS-0002: head 42, spouse 39 (the child is 11); 0004 earns 4.500.000.
        #expect(byCode["HT-CD-0003"]?["low_income_workers"] == "1;2")
        #expect(byCode["HT-TS-0002"]?["low_income_workers"] == "1;2")
        #expect(byCode["HT-CD-0004"]?["low_income_workers"] == "")
        #expect(byCode["HT-CD-0001"]?["low_income_workers"] == "", "poor households have none")
        #expect(r.stderr.contains("ND07-2022"))
    }

    @Test("Examples without --out: results printed with their explanations")
    func examplesToScreen() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let examples = packageRoot.appendingPathComponent("Examples")
        let r = try giamngheo([
            "classify", "--households", examples.appendingPathComponent("households.csv").path,
            "--members", examples.appendingPathComponent("members.csv").path, "--year", "2026",
        ], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("HT-CD-0001\tpoor\t"))
        #expect(r.stdout.contains("HT-CD-0004\tnot_poor\t"))
        #expect(r.stdout.contains("Hộ nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.200.000 đ/người/tháng ≤ 1.500.000 đ"))
        #expect(r.stdout.contains("Hộ không nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 4.500.000 đ/người/tháng > 2.250.000 đ"))
        // Every household code appears on the screen, then the total.
        let input = try readCSV(examples.appendingPathComponent("households.csv").path)
        #expect(r.stdout.contains("Tổng: \(input.rows.count) hộ theo chuẩn ND07-2022"))
        for row in input.rows { #expect(r.stdout.contains(row[0] + "\t"), "\(row[0])") }
        #expect(!dir.exists("classification.csv"))
    }

    // MARK: 2. Hand-made households

    /// ND07-2022 (2026): rural 1.500.000 / urban 2.000.000, average to 2.250.000 / 3.000.000,
    /// score cut-offs 140 / 175, k = 3 of 12, rule "both".
    static let nd07Households: [(TestHousehold, Expected)] = {
        var m1 = TestHousehold("ND-M1", income: "1.400.000", deprived: [.water], members: 4)
        m1.floor = "30"  // 7,5 m²/person < 8 → floor_area
        var m2 = TestHousehold("ND-M2", income: "1.400.000", deprived: [.water, .latrine], members: 4)
        m2.floor = "32"  // exactly 8 m²/person: not deprived
        return [
            (TestHousehold("ND-P1", income: "1.200.000", deprived: [.water, .latrine, .insurance]),
             Expected(code: "ND-P1", cls: "poor", deprived: "health_insurance;water_source;latrine")),
            // Three known deprivations decide even with one unknown.
            (TestHousehold("ND-P2", income: "1000000", deprived: [.water, .latrine, .housing], unknown: [.floor]),
             Expected(code: "ND-P2", cls: "poor", deprived: "housing_quality;water_source;latrine", unknown: "floor_area")),
            // At the line is "at or below".
            (TestHousehold("ND-N1", income: "1.500.000", deprived: [.water, .latrine]),
             Expected(code: "ND-N1", cls: "near_poor", deprived: "water_source;latrine")),
            // D + unknown = 2 < 3: decided.
            (TestHousehold("ND-N2", income: "1.000.000", deprived: [.internet], unknown: [.device]),
             Expected(code: "ND-N2", cls: "near_poor", deprived: "telecom", unknown: "information_assets")),
            // One đồng above the line: average whatever D.
            (TestHousehold("ND-A1", income: "1.500.001", deprived: [.water, .latrine, .housing, .insurance]),
             Expected(code: "ND-A1", cls: "average", deprived: "health_insurance;housing_quality;water_source;latrine")),
            (TestHousehold("ND-A2", area: "urban", income: "3.000.000", commune: "18073"),
             Expected(code: "ND-A2", cls: "average")),
            (TestHousehold("ND-X1", area: "urban", income: "3.000.001", commune: "18073"),
             Expected(code: "ND-X1", cls: "not_poor")),
            (TestHousehold("ND-X2", income: "2.250.001", deprived: [.water, .latrine, .housing]),
             Expected(code: "ND-X2", cls: "not_poor", deprived: "housing_quality;water_source;latrine")),
            // D = 1, unknown 2: could reach k = 3 → incomplete.
            (TestHousehold("ND-I1", income: "1.000.000", deprived: [.water], unknown: [.housing, .latrine]),
             Expected(code: "ND-I1", cls: "incomplete", deprived: "water_source", unknown: "housing_quality;latrine")),
            // Neither income nor score.
            (TestHousehold("ND-I2", deprived: [.water, .latrine, .housing]),
             Expected(code: "ND-I2", cls: "incomplete", deprived: "housing_quality;water_source;latrine")),
            // Scores: ≤ 140 rural is "income ≤ line".
            (TestHousehold("ND-S1", score: "140", deprived: [.water, .latrine, .insurance]),
             Expected(code: "ND-S1", cls: "poor", deprived: "health_insurance;water_source;latrine")),
            // Above the cut-off with no income: not poor (a score says nothing about the average band).
            (TestHousehold("ND-S2", score: "141"), Expected(code: "ND-S2", cls: "not_poor")),
            (TestHousehold("ND-S3", income: "2.000.000", score: "141"), Expected(code: "ND-S3", cls: "average")),
            (TestHousehold("ND-S4", area: "urban", score: "175", commune: "18073", deprived: [.water, .latrine]),
             Expected(code: "ND-S4", cls: "near_poor", deprived: "water_source;latrine")),
            (m1, Expected(code: "ND-M1", cls: "near_poor", deprived: "floor_area;water_source")),
            (m2, Expected(code: "ND-M2", cls: "near_poor", deprived: "water_source;latrine")),
        ]
    }()

    @Test("ND07-2022: every class derived by hand, --year 2026 picks the standard")
    func handMadeND07() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.nd07Households.map(\.0), in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--out", "out.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let table = try readCSV(dir.path("out.csv"))
        try checkClassification(table, standard: "ND07-2022", Self.nd07Households.map(\.1))
        let byCode = try table.rows(by: "household_code")
        // The sentence of standards.md §2, word for word.
        #expect(byCode["ND-P1"]?["explanation"] == "Hộ nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.200.000 đ/người/tháng ≤ 1.500.000 đ; thiếu hụt 3/12 chỉ số (≥ 3): Bảo hiểm y tế, Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh.")
        #expect(byCode["ND-N1"]?["explanation"]?.contains("1.500.000 đ/người/tháng ≤ 1.500.000 đ") == true)
        #expect(byCode["ND-N1"]?["explanation"]?.contains("2/12") == true)
        #expect(byCode["ND-A2"]?["explanation"]?.hasPrefix("Hộ có mức sống trung bình theo chuẩn ND07-2022 (thành thị)") == true)
        #expect(byCode["ND-S1"]?["explanation"]?.contains("140") == true)
        #expect(byCode["ND-S1"]?["basis"] == "score")
        #expect(byCode["ND-P1"]?["basis"] == "income")

        // Explicit --standard gives the same rows.
        let r2 = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                                "--standard", "ND07-2022", "--year", "2026", "--out", "out2.csv"], in: dir.url)
        #expect(r2.status == 0, "stderr: \(r2.stderr)")
        #expect(try readCSV(dir.path("out2.csv")).rows == table.rows)
    }

    /// QD59-2016 (2019): rural 700.000 / near 1.000.000 / average 1.500.000; urban 900.000 /
    /// 1.300.000 / 1.950.000; rule "either", k = 3 of 10.
    static let qd59Households: [(TestHousehold, Expected)] = {
        var t = TestHousehold("Q-T", income: "800.000", deprived: [.water, .latrine])
        t.phone = "0"  // internet = 1 → telecom not deprived although the phone column says no
        t.device = "0"  // but hears the loudspeaker → information_assets not deprived
        return [
            // Income at or below the poverty line is enough under "either".
            (TestHousehold("Q-P1", income: "700.000"), Expected(code: "Q-P1", cls: "poor")),
            (TestHousehold("Q-P2", income: "700.001", deprived: [.water, .internet, .device]),
             Expected(code: "Q-P2", cls: "poor", deprived: "water_source;telecom;information_assets")),
            (TestHousehold("Q-N1", income: "1.000.000", deprived: [.water, .latrine]),
             Expected(code: "Q-N1", cls: "near_poor", deprived: "water_source;latrine")),
            (TestHousehold("Q-A1", income: "1.000.001", deprived: [.water, .latrine, .housing, .insurance, .floor]),
             Expected(code: "Q-A1", cls: "average", deprived: "health_insurance;housing_quality;floor_area;water_source;latrine")),
            (TestHousehold("Q-A2", area: "urban", income: "1.950.000", commune: "18073"), Expected(code: "Q-A2", cls: "average")),
            (TestHousehold("Q-X1", income: "1.500.001"), Expected(code: "Q-X1", cls: "not_poor")),
            (TestHousehold("Q-X2", area: "urban", income: "1.950.001", commune: "18073"), Expected(code: "Q-X2", cls: "not_poor")),
            // Near-poverty band, D = 1 with 2 unknown → incomplete.
            (TestHousehold("Q-I1", area: "urban", income: "1.300.000", commune: "18073", deprived: [.water], unknown: [.latrine, .housing]),
             Expected(code: "Q-I1", cls: "incomplete", deprived: "water_source", unknown: "housing_quality;latrine")),
            // Below the poverty line, unknown indicators do not matter.
            (TestHousehold("Q-I2", income: "500.000", unknown: [.water, .latrine, .housing]),
             Expected(code: "Q-I2", cls: "poor", unknown: "housing_quality;water_source;latrine")),
            (t, Expected(code: "Q-T", cls: "near_poor", deprived: "water_source;latrine")),
        ]
    }()

    @Test("QD59-2016: --year 2019 and --standard QD59-2016 give the classes derived by hand")
    func handMadeQD59() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.qd59Households.map(\.0), in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2019", "--out", "by-year.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let byYear = try readCSV(dir.path("by-year.csv"))
        try checkClassification(byYear, standard: "QD59-2016", Self.qd59Households.map(\.1))
        let byCode = try byYear.rows(by: "household_code")
        #expect(byCode["Q-P1"]?["explanation"]?.hasPrefix("Hộ nghèo theo chuẩn QD59-2016 (nông thôn): thu nhập 700.000 đ/người/tháng ≤ 700.000 đ") == true)
        #expect(byCode["Q-P2"]?["explanation"]?.contains("3/10") == true)

        let r2 = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                                "--standard", "QD59-2016", "--year", "2019", "--out", "by-id.csv"], in: dir.url)
        #expect(r2.status == 0, "stderr: \(r2.stderr)")
        #expect(try readCSV(dir.path("by-id.csv")).rows == byYear.rows)
    }

    /// ND351-2027: rural 2.200.000 / urban 2.800.000, average to 3.300.000 / 4.200.000, no score
    /// cut-offs, k = 3 of 12 (digital_services and waste instead of telecom and information_assets).
    static let nd351Households: [(TestHousehold, Expected)] = [
        (TestHousehold("R-P1", income: "2.200.000", deprived: [.water, .internet, .waste]),
         Expected(code: "R-P1", cls: "poor", deprived: "water_source;digital_services;waste")),
        // No information device is not an ND351 indicator.
        (TestHousehold("R-P2", area: "urban", income: "2.800.000", commune: "18073", deprived: [.insurance, .housing, .floor, .device]),
         Expected(code: "R-P2", cls: "poor", deprived: "health_insurance;housing_quality;floor_area")),
        (TestHousehold("R-N1", income: "2.000.000", deprived: [.water, .latrine, .device]),
         Expected(code: "R-N1", cls: "near_poor", deprived: "water_source;latrine")),
        (TestHousehold("R-A1", income: "3.300.000"), Expected(code: "R-A1", cls: "average")),
        (TestHousehold("R-A2", area: "urban", income: "2.800.001", commune: "18073"), Expected(code: "R-A2", cls: "average")),
        (TestHousehold("R-X1", area: "urban", income: "4.200.001", commune: "18073"), Expected(code: "R-X1", cls: "not_poor")),
        (TestHousehold("R-I1", income: "1.000.000", deprived: [.water, .latrine], unknown: [.waste]),
         Expected(code: "R-I1", cls: "incomplete", deprived: "water_source;latrine", unknown: "waste")),
        // A score alone decides nothing under a standard without score cut-offs.
        (TestHousehold("R-I2", score: "100", deprived: [.water, .latrine, .housing]),
         Expected(code: "R-I2", cls: "incomplete", deprived: "housing_quality;water_source;latrine")),
        // … and the income decides when both are given.
        (TestHousehold("R-S", income: "1.000.000", score: "200", deprived: [.water, .latrine, .housing]),
         Expected(code: "R-S", cls: "poor", deprived: "housing_quality;water_source;latrine")),
        // An unknown information device is not an unknown ND351 indicator.
        (TestHousehold("R-U", income: "2.100.000", deprived: [.water], unknown: [.device]),
         Expected(code: "R-U", cls: "near_poor", deprived: "water_source")),
    ]

    @Test("ND351-2027: --year 2027 and --standard ND351-2027 (in 2026) give the classes derived by hand")
    func handMadeND351() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.nd351Households.map(\.0), in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2027", "--out", "by-year.csv"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let byYear = try readCSV(dir.path("by-year.csv"))
        try checkClassification(byYear, standard: "ND351-2027", Self.nd351Households.map(\.1))
        let byCode = try byYear.rows(by: "household_code")
        #expect(byCode["R-P1"]?["explanation"]?.hasPrefix("Hộ nghèo theo chuẩn ND351-2027 (nông thôn): thu nhập 2.200.000 đ/người/tháng ≤ 2.200.000 đ") == true)
        #expect(byCode["R-P1"]?["explanation"]?.contains("3/12") == true)

        let r2 = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                                "--standard", "ND351-2027", "--year", "2026", "--out", "by-id.csv"], in: dir.url)
        #expect(r2.status == 0, "stderr: \(r2.stderr)")
        #expect(try readCSV(dir.path("by-id.csv")).rows == byYear.rows)
    }

    @Test("An unknown --standard id is refused and nothing is written")
    func unknownStandard() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try writeCSVFileSet(Self.nd07Households.prefix(2).map(\.0), in: dir)
        let r = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--standard", "ND99-2099", "--year", "2026", "--out", "out.csv"], in: dir.url)
        #expect(r.status != 0)
        #expect(r.stderr.contains("ND99-2099"), "stderr: \(r.stderr)")
        #expect(!dir.exists("out.csv"))
    }

    @Test("a semicolon CSV with a byte-order mark (Excel, vi-VN) gives the same rows")
    func semicolonCSV() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let households = Self.nd07Households.map(\.0)
        try writeCSVFileSet(households, in: dir)
        let rows = fileRows(households)
        func excelCSV(_ header: [String], _ rows: [[String]]) -> String {
            "\u{FEFF}" + ([header] + rows).map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        }
        try dir.write("h-excel.csv", excelCSV(householdHeader, rows.households))
        try dir.write("m-excel.csv", excelCSV(memberHeader, rows.members))
        let a = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                               "--year", "2026", "--out", "a.csv"], in: dir.url)
        let b = try giamngheo(["classify", "--households", "h-excel.csv", "--members", "m-excel.csv",
                               "--year", "2026", "--out", "b.csv"], in: dir.url)
        #expect(a.status == 0, "stderr: \(a.stderr)")
        #expect(b.status == 0, "stderr: \(b.stderr)")
        #expect(try readCSV(dir.path("b.csv")).rows == readCSV(dir.path("a.csv")).rows)
    }

    // MARK: 3. XLSX

    static let vietnameseHouseholdHeader = [
        "Mã hộ", "Mã xã", "Thôn/tổ dân phố", "Khu vuc", "Thu nhập bình quân đầu người/tháng", "Điểm A (B1)",
        "Chất lượng nhà ở", "Diện tích nhà ở (m²)", "Nước sạch", "Nhà tiêu hợp vệ sinh", "Sử dụng internet",
        "Sử dụng điện thoại/internet", "Phương tiện tiếp cận thông tin", "Nghe được loa truyền thanh",
        "Rác thải được thu gom/xử lý",
    ]
    static let vietnameseMemberHeader = [
        "Mã hộ", "STT", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh", "Số CCCD/Định danh",
        "Có BHYT", "Trình độ học vấn", "Đang đi học", "Việc làm", "Khuyết tật", "Suy dinh dưỡng (trẻ < 16)",
        "Ốm đau không khám chữa",
    ]

    /// A row as an officer's workbook has it: numbers as numbers, Vietnamese words for codes.
    static func excelCells(_ row: [String], numeric: Set<Int>) -> [XLSXCell] {
        let words = ["rural": "nông thôn", "urban": "thành thị", "durable": "kiên cố", "non_durable": "thiếu kiên cố",
                     "head": "chủ hộ", "spouse": "vợ, chồng", "sibling": "anh, chị, em", "M": "nam", "F": "nữ",
                     "1": "có", "0": "không"]
        return row.enumerated().map { i, v in
            if v.isEmpty { return .empty }
            if numeric.contains(i), let n = Int(v.replacingOccurrences(of: ".", with: "")) { return .integer(n) }
            if i >= 3, let w = words[v] { return .text(w) }
            return .text(v)
        }
    }

    @Test("XLSX input with Vietnamese headers gives the same rows as CSV; --out .xlsx is a readable workbook")
    func xlsxInputAndOutput() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let households = Self.nd07Households.map(\.0)
        try writeCSVFileSet(households, in: dir)
        let rows = fileRows(households)
        let hw = try XLSXWriter(path: dir.path("households.xlsx"))
        try hw.beginSheet(named: "Hộ gia đình")
        try hw.writeRow(Self.vietnameseHouseholdHeader)
        for r in rows.households { try hw.writeRow(Self.excelCells(r, numeric: [4, 5, 7])) }
        try hw.commit()
        let mw = try XLSXWriter(path: dir.path("members.xlsx"))
        try mw.beginSheet(named: "Thành viên")
        try mw.writeRow(Self.vietnameseMemberHeader)
        for r in rows.members { try mw.writeRow(Self.excelCells(r, numeric: [1])) }
        try mw.commit()

        let csv = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                                 "--year", "2026", "--out", "from-csv.csv"], in: dir.url)
        #expect(csv.status == 0, "stderr: \(csv.stderr)")
        let xlsx = try giamngheo(["classify", "--households", "households.xlsx", "--members", "members.xlsx",
                                  "--year", "2026", "--out", "from-xlsx.csv"], in: dir.url)
        #expect(xlsx.status == 0, "stderr: \(xlsx.stderr)")
        let fromCSV = try readCSV(dir.path("from-csv.csv"))
        if xlsx.status == 0 {
            #expect(try readCSV(dir.path("from-xlsx.csv")).rows == fromCSV.rows)
        }

        let book = try giamngheo(["classify", "--households", "households.csv", "--members", "members.csv",
                                  "--year", "2026", "--out", "result.xlsx"], in: dir.url)
        #expect(book.status == 0, "stderr: \(book.stderr)")
        let sheet = try readXLSX(dir.path("result.xlsx"))
        #expect(sheet.header == fromCSV.header)
        #expect(sheet.rows.count == households.count)
        // Same cells, padded to the header (empty cells are left out of the workbook).
        #expect(sheet.rows.map { Array($0.prefix(fromCSV.header.count)) } == fromCSV.rows)
        #expect(!dir.exists("result.csv"))
    }
}

import Foundation
import Testing
import PovertyStandard

// standards.md §1: standards are data — shipped files, the year table, local standards and overrides.

private let catalog = StandardCatalog.shipped

/// Loads a local standard from JSON text.
private func local(_ json: String, file: String = "local.json") throws -> Standard {
    try catalog.loadLocalStandard(Data(json.utf8), file: file)
}

/// The error thrown by `body`, or nil.
private func standardError(_ body: () throws -> Any) -> StandardError? {
    do { _ = try body(); return nil } catch let e as StandardError { return e } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// A shipped standard as a JSON object, for building complete (base-less) files.
private func jsonObject(_ id: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: JSONEncoder().encode(standard(id))) as! [String: Any]
}

@Suite("Shipped standards (standards.md §1, §3–§5)")
struct ShippedStandardTests {
    @Test("the catalog holds the three national standards in year order")
    func ids() {
        #expect(catalog.ids == ["QD59-2016", "ND07-2022", "ND351-2027"])
        for id in Std.all { #expect((try? catalog.standard(id: id))?.id == id) }
    }

    @Test("QD59-2016 matches the table")
    func qd59() throws {
        let s = try catalog.standard(id: "QD59-2016")
        #expect(s.legalBasis == "Quyết định 59/2015/QĐ-TTg")
        #expect(s.years == YearSpan(from: 2016, to: 2021))
        #expect(s.rule == .either)
        #expect(s.k == 3)
        #expect(s.povertyLine == AreaAmounts(rural: 700_000, urban: 900_000))
        #expect(s.nearPovertyLine == AreaAmounts(rural: 1_000_000, urban: 1_300_000))
        #expect(s.averageUpperBound == AreaAmounts(rural: 1_500_000, urban: 1_950_000))
        #expect(s.scoreCutoffs?.poverty == AreaAmounts(rural: 120, urban: 140))
        #expect(s.scoreCutoffs?.nearPoverty == AreaAmounts(rural: 150, urban: 175))
        #expect(s.indicatorIDs == [.healthAccess, .healthInsurance, .adultEducation, .childSchooling, .housingQuality,
                                   .floorArea, .waterSource, .latrine, .telecom, .informationAssets])
        #expect(s.indicators.map(\.name) == [
            "Tiếp cận các dịch vụ y tế", "Bảo hiểm y tế", "Trình độ giáo dục của người lớn", "Tình trạng đi học của trẻ em",
            "Chất lượng nhà ở", "Diện tích nhà ở bình quân đầu người", "Nguồn nước sinh hoạt", "Hố xí/nhà tiêu hợp vệ sinh",
            "Sử dụng dịch vụ viễn thông", "Tài sản phục vụ tiếp cận thông tin",
        ])
        #expect(s.lowIncomeWorkerLine == nil, "Nghị định 30/2025 postdates QD59")
    }

    @Test("ND07-2022 matches the table")
    func nd07() throws {
        let s = try catalog.standard(id: "ND07-2022")
        #expect(s.legalBasis == "Nghị định 07/2021/NĐ-CP")
        #expect(s.years == YearSpan(from: 2022, to: 2026))
        #expect(s.rule == .both)
        #expect(s.k == 3)
        #expect(s.povertyLine == AreaAmounts(rural: 1_500_000, urban: 2_000_000))
        #expect(s.nearPovertyLine == nil)
        #expect(s.averageUpperBound == AreaAmounts(rural: 2_250_000, urban: 3_000_000))
        #expect(s.scoreCutoffs?.poverty == AreaAmounts(rural: 140, urban: 175))
        #expect(s.lowIncomeWorkerLine == AreaAmounts(rural: 2_250_000, urban: 3_000_000))
        #expect(s.indicatorIDs == [.employment, .dependants, .nutrition, .healthInsurance, .adultEducation, .childSchooling,
                                   .housingQuality, .floorArea, .waterSource, .latrine, .telecom, .informationAssets])
        #expect(s.indicators.map(\.name) == [
            "Việc làm", "Người phụ thuộc trong hộ gia đình", "Dinh dưỡng", "Bảo hiểm y tế", "Trình độ giáo dục của người lớn",
            "Tình trạng đi học của trẻ em", "Chất lượng nhà ở", "Diện tích nhà ở bình quân đầu người", "Nguồn nước sinh hoạt",
            "Nhà tiêu hợp vệ sinh", "Sử dụng dịch vụ viễn thông", "Phương tiện phục vụ tiếp cận thông tin",
        ])
    }

    @Test("ND351-2027 matches the table")
    func nd351() throws {
        let s = try catalog.standard(id: "ND351-2027")
        #expect(s.legalBasis == "Nghị định 351/2025/NĐ-CP")
        #expect(s.years == YearSpan(from: 2027, to: 2030))
        #expect(s.rule == .both)
        #expect(s.k == 3)
        #expect(s.povertyLine == AreaAmounts(rural: 2_200_000, urban: 2_800_000))
        #expect(s.nearPovertyLine == nil)
        // Default 1.5 × the poverty line (configurable until published).
        #expect(s.averageUpperBound == AreaAmounts(rural: 3_300_000, urban: 4_200_000))
        #expect(s.scoreCutoffs == nil)
        #expect(s.indicatorIDs == [.employment, .dependants, .nutrition, .healthInsurance, .adultEducation, .childSchooling,
                                   .housingQuality, .floorArea, .waterSource, .latrine, .digitalServices, .waste])
        #expect(!s.indicatorIDs.contains(.informationAssets))
        #expect(!s.indicatorIDs.contains(.telecom))
        #expect(s.indicator(.digitalServices)?.name == "Sử dụng dịch vụ viễn thông/dịch vụ số")
        #expect(s.indicator(.waste)?.name == "Xử lý rác thải sinh hoạt")
    }

    @Test("every shipped standard validates and round-trips through JSON", arguments: Std.all)
    func roundTrip(_ id: String) throws {
        let s = standard(id)
        try s.validate()
        let data = try JSONEncoder().encode(s)
        #expect(try StandardCatalog.decodeStandard(data, file: "\(id).json") == s)
    }
}

@Suite("Year → standard (standards.md §1)")
struct YearTableTests {
    @Test("review years map to the national standard", arguments: [
        (2016, "QD59-2016"), (2020, "QD59-2016"), (2021, "QD59-2016"),
        (2022, "ND07-2022"), (2025, "ND07-2022"), (2026, "ND07-2022"),
        (2027, "ND351-2027"), (2030, "ND351-2027"),
    ])
    func year(_ year: Int, _ id: String) throws {
        #expect(try catalog.standard(forYear: year).id == id)
    }

    @Test("years outside the table are an error", arguments: [2015, 2031, 1990])
    func noStandard(_ year: Int) {
        let e = standardError { try catalog.standard(forYear: year) }
        #expect(e?.code == "standard.no_standard_for_year")
        #expect(e?.field == "year")
    }

    @Test("an unknown id is an error")
    func unknownID() {
        let e = standardError { try catalog.standard(id: "ND99-2099") }
        #expect(e?.code == "standard.unknown")
    }
}

@Suite("Local standards and overrides (standards.md §1)")
struct LocalStandardTests {
    static let dongNai = """
        {"base": "ND07-2022", "id": "DNAI-2022", "name": "Chuẩn nghèo đa chiều tỉnh Đồng Nai giai đoạn 2022–2025",
         "province_code": "75", "years": {"from": 2022, "to": 2025},
         "poverty_line": {"rural": 2000000, "urban": 2500000}, "k": 2}
        """

    @Test("Đồng Nai 2022–2025: base ND07-2022, lines 2,000,000 / 2,500,000, k = 2")
    func dongNaiFields() throws {
        let s = try local(Self.dongNai)
        #expect(s.id == "DNAI-2022")
        #expect(s.base == "ND07-2022")
        #expect(s.provinceCode == "75")
        #expect(s.years == YearSpan(from: 2022, to: 2025))
        #expect(s.povertyLine == AreaAmounts(rural: 2_000_000, urban: 2_500_000))
        #expect(s.k == 2)
        // Everything else is the base standard's.
        #expect(s.rule == .both)
        #expect(s.averageUpperBound == AreaAmounts(rural: 2_250_000, urban: 3_000_000))
        #expect(s.indicators == standard(Std.nd07).indicators)
        #expect(s.legalBasis == "Nghị định 07/2021/NĐ-CP")
    }

    @Test("Đồng Nai changes classes as its lines and k say", arguments: [
        // (area, income, D, class under ND07-2022, class under DNAI-2022)
        (AreaType.rural, 2_000_000, 2, PovertyClass.average, PovertyClass.poor),
        (.rural, 2_000_000, 1, .average, .nearPoor),
        (.rural, 1_500_000, 2, .nearPoor, .poor),
        (.rural, 1_500_000, 3, .poor, .poor),
        (.rural, 2_000_001, 2, .average, .average),
        (.rural, 2_250_001, 2, .notPoor, .notPoor),
        (.urban, 2_500_000, 2, .average, .poor),
        (.urban, 2_500_000, 1, .average, .nearPoor),
        (.urban, 2_000_000, 2, .nearPoor, .poor),
        (.urban, 2_500_001, 3, .average, .average),
        (.urban, 3_000_001, 3, .notPoor, .notPoor),
    ])
    func dongNaiClasses(_ area: AreaType, _ income: Int, _ d: Int, _ national: PovertyClass, _ provincial: PovertyClass) throws {
        let s = try local(Self.dongNai)
        let h = surveyed(Std.nd07, area, income: income, deprived: firstIndicators(Std.nd07, d))
        #expect(classify(Std.nd07, h).povertyClass == national)
        #expect(ClassificationEngine(standard: s).classify(h).povertyClass == provincial)
    }

    @Test("a local standard loads from a file and joins a catalog copy")
    func fromFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dnai-\(UUID().uuidString).json")
        try Data(Self.dongNai.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let s = try catalog.loadLocalStandard(at: url)
        #expect(s.k == 2)
        var copy = catalog
        copy.add(s)
        #expect(try copy.standard(id: "DNAI-2022") == s)
        #expect(copy.ids == ["QD59-2016", "ND07-2022", "ND351-2027", "DNAI-2022"])
        #expect(catalog.ids.count == 3, "the shipped catalog is unchanged")
        // The year table stays national: 2023 still reviews under ND07-2022.
        #expect(try copy.standard(forYear: 2023).id == "ND07-2022")
    }

    @Test("a missing file is an error naming the file")
    func missingFile() {
        let e = standardError { try catalog.loadLocalStandard(at: URL(fileURLWithPath: "/nonexistent/x.json")) }
        #expect(e?.code == "standard.file_unreadable")
        #expect(e?.file == "x.json")
    }

    @Test("an indicator override by id changes only that indicator (floor_area threshold 10 m²)")
    func indicatorOverride() throws {
        let s = try local("""
            {"base": "ND07-2022", "id": "X-FLOOR", "indicators": [{"id": "floor_area", "threshold_m2": 10}]}
            """)
        #expect(s.indicator(.floorArea)?.thresholdM2 == 10)
        #expect(s.indicatorIDs == standard(Std.nd07).indicatorIDs)
        #expect(s.indicator(.floorArea)?.name == "Diện tích nhà ở bình quân đầu người")
        var h = goodHousehold(members: [goodMember(), goodMember()])
        let e = ClassificationEngine(standard: s)
        for (m2, national, provincial) in [(18.0, IndicatorState.notDeprived, IndicatorState.deprived),
                                           (20.0, .notDeprived, .notDeprived),
                                           (15.9, .deprived, .deprived),
                                           (19.9, .notDeprived, .deprived)] {
            h.floorArea = m2
            #expect(state(classify(Std.nd07, h), .floorArea) == national, "\(m2) m² under ND07")
            #expect(state(e.classify(h), .floorArea) == provincial, "\(m2) m² under threshold 10")
        }
    }

    @Test("an indicator can be removed, and a new one appended")
    func removeAndAppend() throws {
        let removed = try local("""
            {"base": "ND07-2022", "id": "X-REMOVE", "indicators": [{"id": "information_assets", "remove": true}]}
            """)
        #expect(removed.indicators.count == 11)
        #expect(!removed.indicatorIDs.contains(.informationAssets))
        // A household deprived in information assets only (facts and survey) is not deprived under it.
        var h = goodHousehold(.rural, income: 1_000_000)
        h.facts[.informationDevice] = false
        h.facts[.cleanWater] = false
        h.facts[.hygienicLatrine] = false
        #expect(classify(Std.nd07, h).povertyClass == .poor)
        let c = ClassificationEngine(standard: removed).classify(h)
        #expect(c.deprived == IndicatorSet([.waterSource, .latrine]))
        #expect(c.povertyClass == .nearPoor)
        #expect(removed.explanation(for: c).contains("2/11 chỉ số (< 3)"))

        let appended = try local("""
            {"base": "ND07-2022", "id": "X-WASTE", "indicators": [{"id": "waste", "dimension": "water_sanitation",
             "name": "Xử lý rác thải sinh hoạt", "rule": "household_facts_false", "facts": ["waste_treated"]}]}
            """)
        #expect(appended.indicatorIDs.last == .waste)
        #expect(appended.indicators.count == 13)
        var w = goodHousehold(.rural, income: 1_000_000)
        w.facts[.wasteTreated] = false
        #expect(ClassificationEngine(standard: appended).classify(w).deprived == IndicatorSet(.waste))
        #expect(classify(Std.nd07, w).deprived == [])
    }

    @Test("a complete local file without base is a standard of its own")
    func completeFile() throws {
        var obj = try jsonObject(Std.nd351)
        obj["id"] = "X-COMPLETE"
        obj["k"] = 4
        let s = try catalog.loadLocalStandard(JSONSerialization.data(withJSONObject: obj), file: "complete.json")
        #expect(s.id == "X-COMPLETE")
        #expect(s.k == 4)
        #expect(s.base == nil)
        #expect(s.indicators == standard(Std.nd351).indicators)
    }
}

// MARK: - Invalid files

struct InvalidFileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var json: String
    var code: String
    var field: String?
    var testDescription: String { name }
}

/// A complete ND07 file with `key` removed or replaced (`value` nil removes it).
private func completeND07(_ key: String, _ value: Any?) -> String {
    var obj = try! jsonObject(Std.nd07)
    obj[key] = value
    return String(decoding: try! JSONSerialization.data(withJSONObject: obj), as: UTF8.self)
}

let invalidFiles: [InvalidFileCase] = [
    InvalidFileCase(name: "missing k in a complete file", json: completeND07("k", nil),
                    code: "standard.field_missing", field: "k"),
    InvalidFileCase(name: "missing poverty_line in a complete file", json: completeND07("poverty_line", nil),
                    code: "standard.field_missing", field: "poverty_line"),
    InvalidFileCase(name: "k = 0", json: #"{"base": "ND07-2022", "id": "X", "k": 0}"#,
                    code: "standard.field_invalid", field: "k"),
    InvalidFileCase(name: "k > n (13 of 12)", json: #"{"base": "ND07-2022", "id": "X", "k": 13}"#,
                    code: "standard.field_invalid", field: "k"),
    InvalidFileCase(name: "k > n after removing an indicator",
                    json: #"{"base": "ND07-2022", "id": "X", "k": 12, "indicators": [{"id": "telecom", "remove": true}]}"#,
                    code: "standard.field_invalid", field: "k"),
    InvalidFileCase(name: "k as text", json: #"{"base": "ND07-2022", "id": "X", "k": "three"}"#,
                    code: "standard.field_invalid", field: "k"),
    // Foundation on Linux reports a fractional number decoded as Int without a coding path, so only
    // the rejection is pinned here, not the field ("*").
    InvalidFileCase(name: "k not an integer", json: #"{"base": "ND07-2022", "id": "X", "k": 2.5}"#,
                    code: "standard.field_invalid", field: "*"),
    InvalidFileCase(name: "poverty line as text",
                    json: #"{"base": "ND07-2022", "id": "X", "poverty_line": {"rural": "hai triệu"}}"#,
                    code: "standard.field_invalid", field: "poverty_line.rural"),
    InvalidFileCase(name: "unknown disability level in dependants",
                    json: #"{"base": "ND07-2022", "id": "X", "indicators": [{"id": "dependants", "dependant_disabilities": ["extreme"]}]}"#,
                    code: "standard.field_invalid", field: "indicators[1].dependant_disabilities[0]"),
    InvalidFileCase(name: "negative rural poverty line",
                    json: #"{"base": "ND07-2022", "id": "X", "poverty_line": {"rural": -1}}"#,
                    code: "standard.field_invalid", field: "poverty_line.rural"),
    InvalidFileCase(name: "zero urban poverty line",
                    json: #"{"base": "ND07-2022", "id": "X", "poverty_line": {"urban": 0}}"#,
                    code: "standard.field_invalid", field: "poverty_line.urban"),
    InvalidFileCase(name: "near-poverty line below the poverty line",
                    json: #"{"base": "QD59-2016", "id": "X", "near_poverty_line": {"rural": 600000}}"#,
                    code: "standard.field_invalid", field: "near_poverty_line.rural"),
    InvalidFileCase(name: "average bound below the poverty line",
                    json: #"{"base": "ND07-2022", "id": "X", "average_upper_bound": {"urban": 1000000}}"#,
                    code: "standard.field_invalid", field: "average_upper_bound.urban"),
    InvalidFileCase(name: "rule either without a near-poverty line",
                    json: #"{"base": "ND07-2022", "id": "X", "rule": "either"}"#,
                    code: "standard.field_invalid", field: "near_poverty_line"),
    InvalidFileCase(name: "unknown rule shape", json: #"{"base": "ND07-2022", "id": "X", "rule": "sometimes"}"#,
                    code: "standard.field_invalid", field: "rule"),
    InvalidFileCase(name: "unknown indicator id",
                    json: #"{"base": "ND07-2022", "id": "X", "indicators": [{"id": "happiness", "dimension": "x", "name": "Hạnh phúc", "rule": "household_facts_false", "facts": ["internet"]}]}"#,
                    code: "standard.field_invalid", field: "indicators[12].id"),
    InvalidFileCase(name: "unknown indicator rule",
                    json: #"{"base": "ND07-2022", "id": "X", "indicators": [{"id": "floor_area", "rule": "magic"}]}"#,
                    code: "standard.field_invalid", field: "indicators[7].rule"),
    InvalidFileCase(name: "floor area threshold 0",
                    json: #"{"base": "ND07-2022", "id": "X", "indicators": [{"id": "floor_area", "threshold_m2": 0}]}"#,
                    code: "standard.field_invalid", field: "indicators[7].threshold_m2"),
    InvalidFileCase(name: "indicator entry without id",
                    json: #"{"base": "ND07-2022", "id": "X", "indicators": [{"threshold_m2": 9}]}"#,
                    code: "standard.field_invalid", field: "indicators[0].id"),
    InvalidFileCase(name: "unknown base", json: #"{"base": "ND99-2099", "id": "X"}"#,
                    code: "standard.unknown_base", field: "base"),
    InvalidFileCase(name: "not JSON", json: "poverty_line = 2000000", code: "standard.json_invalid", field: nil),
    InvalidFileCase(name: "JSON but not an object", json: "[1, 2, 3]", code: "standard.json_invalid", field: nil),
]

@Suite("Invalid standard files name the field (standards.md §1)")
struct InvalidStandardFileTests {
    @Test("invalid files", arguments: invalidFiles)
    func invalid(_ t: InvalidFileCase) {
        let e = standardError { try local(t.json, file: "bad.json") }
        #expect(e != nil, "must be rejected")
        #expect(e?.code == t.code)
        if t.field != "*" { #expect(e?.field == t.field) }
        if t.code != "standard.unknown" { #expect(e?.file == "bad.json") }
        #expect(!(e?.message.isEmpty ?? true))
    }

    @Test("the error renders file, field, message and code")
    func description() {
        let e = standardError { try local(#"{"base": "ND07-2022", "id": "X", "k": 0}"#, file: "dn.json") }
        #expect(e?.description.hasPrefix("dn.json: k — ") == true)
        #expect(e?.description.hasSuffix("[standard.field_invalid]") == true)
    }
}

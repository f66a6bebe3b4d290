import Testing
import PovertyStandard

// standards.md §2 "Explanation": golden Vietnamese sentences. They pin the phrasing chosen in
// Explanation.swift (income or B1 score with the line compared, D/n and k when deprivations
// decided, the deprived indicators in the standard's order) so that any change is deliberate.

struct GoldenCase: Sendable, CustomTestStringConvertible {
    var name: String
    var std: String
    var household: HouseholdFacts
    var cls: PovertyClass
    var sentence: String
    var testDescription: String { "\(std) \(name)" }
}

private func g(_ name: String, _ std: String, _ area: AreaType, income: Int?, score: Int? = nil,
               deprived: [IndicatorID] = [], unknown: [IndicatorID] = [], _ cls: PovertyClass,
               _ sentence: String) -> GoldenCase {
    GoldenCase(name: name, std: std,
               household: surveyed(std, area, income: income, score: score, deprived: deprived, unknown: unknown),
               cls: cls, sentence: sentence)
}

let nd07Golden: [GoldenCase] = [
    // The example of standards.md §2. The spec's example lists the four names in another order and
    // shortens "Sử dụng dịch vụ viễn thông"; the engine uses the standard's order and the names of
    // the standard file (as classification.csv's `deprived` column does).
    g("poor, income, rural (spec example)", Std.nd07, .rural, income: 1_200_000,
      deprived: [.healthInsurance, .latrine, .waterSource, .telecom], .poor,
      "Hộ nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.200.000 đ/người/tháng ≤ 1.500.000 đ; thiếu hụt 4/12 chỉ số (≥ 3): Bảo hiểm y tế, Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh, Sử dụng dịch vụ viễn thông."),
    g("poor, income, urban, at the line", Std.nd07, .urban, income: 2_000_000,
      deprived: [.employment, .dependants, .nutrition], .poor,
      "Hộ nghèo theo chuẩn ND07-2022 (thành thị): thu nhập 2.000.000 đ/người/tháng ≤ 2.000.000 đ; thiếu hụt 3/12 chỉ số (≥ 3): Việc làm, Người phụ thuộc trong hộ gia đình, Dinh dưỡng."),
    g("poor with an unknown indicator", Std.nd07, .rural, income: 1_000_000,
      deprived: [.waterSource, .latrine, .telecom], unknown: [.informationAssets], .poor,
      "Hộ nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.000.000 đ/người/tháng ≤ 1.500.000 đ; thiếu hụt 3/12 chỉ số (≥ 3): Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh, Sử dụng dịch vụ viễn thông."),
    g("near-poor, income, urban", Std.nd07, .urban, income: 1_800_000,
      deprived: [.floorArea, .employment], .nearPoor,
      "Hộ cận nghèo theo chuẩn ND07-2022 (thành thị): thu nhập 1.800.000 đ/người/tháng ≤ 2.000.000 đ; thiếu hụt 2/12 chỉ số (< 3): Việc làm, Diện tích nhà ở bình quân đầu người."),
    g("near-poor without deprivation, rural", Std.nd07, .rural, income: 1_500_000, .nearPoor,
      "Hộ cận nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.500.000 đ/người/tháng ≤ 1.500.000 đ; không thiếu hụt chỉ số nào (0/12)."),
    g("near-poor decided despite an unknown indicator", Std.nd07, .rural, income: 1_000_000,
      deprived: [.latrine], unknown: [.telecom], .nearPoor,
      "Hộ cận nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.000.000 đ/người/tháng ≤ 1.500.000 đ; thiếu hụt 1/12 chỉ số (< 3): Nhà tiêu hợp vệ sinh."),
    g("average, income, rural", Std.nd07, .rural, income: 2_000_000, .average,
      "Hộ có mức sống trung bình theo chuẩn ND07-2022 (nông thôn): thu nhập 2.000.000 đ/người/tháng > 1.500.000 đ và ≤ 2.250.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("average with deprivations, urban", Std.nd07, .urban, income: 3_000_000,
      deprived: [.housingQuality, .floorArea, .latrine], .average,
      "Hộ có mức sống trung bình theo chuẩn ND07-2022 (thành thị): thu nhập 3.000.000 đ/người/tháng > 2.000.000 đ và ≤ 3.000.000 đ; thiếu hụt 3/12 chỉ số (k = 3): Chất lượng nhà ở, Diện tích nhà ở bình quân đầu người, Nhà tiêu hợp vệ sinh."),
    g("not poor, income, urban", Std.nd07, .urban, income: 3_500_000, .notPoor,
      "Hộ không nghèo theo chuẩn ND07-2022 (thành thị): thu nhập 3.500.000 đ/người/tháng > 3.000.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("not poor with a deprivation, rural", Std.nd07, .rural, income: 2_250_001, deprived: [.waterSource], .notPoor,
      "Hộ không nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 2.250.001 đ/người/tháng > 2.250.000 đ; thiếu hụt 1/12 chỉ số (k = 3): Nguồn nước sinh hoạt."),
    g("incomplete, unknown indicator could decide", Std.nd07, .rural, income: 1_000_000,
      deprived: [.waterSource, .latrine], unknown: [.telecom], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn ND07-2022 (nông thôn): thu nhập 1.000.000 đ/người/tháng ≤ 1.500.000 đ; thiếu hụt 2/12 chỉ số: Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh; chưa rõ 1 chỉ số: Sử dụng dịch vụ viễn thông; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không."),
    g("incomplete, nothing deprived, three unknown", Std.nd07, .urban, income: 1_900_000,
      unknown: [.employment, .dependants, .nutrition], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn ND07-2022 (thành thị): thu nhập 1.900.000 đ/người/tháng ≤ 2.000.000 đ; thiếu hụt 0/12 chỉ số; chưa rõ 3 chỉ số: Việc làm, Người phụ thuộc trong hộ gia đình, Dinh dưỡng; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không."),
    g("incomplete, neither income nor score", Std.nd07, .rural, income: nil,
      deprived: [.waterSource, .latrine, .telecom], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn ND07-2022 (nông thôn): chưa có thu nhập bình quân đầu người và điểm B1."),
    // Score basis.
    g("poor, score, rural", Std.nd07, .rural, income: nil, score: 130,
      deprived: [.employment, .dependants, .nutrition], .poor,
      "Hộ nghèo theo chuẩn ND07-2022 (nông thôn): điểm B1 130 ≤ 140 điểm; thiếu hụt 3/12 chỉ số (≥ 3): Việc làm, Người phụ thuộc trong hộ gia đình, Dinh dưỡng."),
    g("poor, score decides over a higher income", Std.nd07, .rural, income: 2_000_000, score: 140,
      deprived: [.employment, .dependants, .nutrition], .poor,
      "Hộ nghèo theo chuẩn ND07-2022 (nông thôn): điểm B1 140 ≤ 140 điểm; thiếu hụt 3/12 chỉ số (≥ 3): Việc làm, Người phụ thuộc trong hộ gia đình, Dinh dưỡng."),
    g("near-poor, score, urban", Std.nd07, .urban, income: nil, score: 175, deprived: [.latrine], .nearPoor,
      "Hộ cận nghèo theo chuẩn ND07-2022 (thành thị): điểm B1 175 ≤ 175 điểm; thiếu hụt 1/12 chỉ số (< 3): Nhà tiêu hợp vệ sinh."),
    g("average, score and income", Std.nd07, .rural, income: 2_000_000, score: 150, .average,
      "Hộ có mức sống trung bình theo chuẩn ND07-2022 (nông thôn): điểm B1 150 > 140 điểm; thu nhập 2.000.000 đ/người/tháng ≤ 2.250.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("not poor, score without income", Std.nd07, .rural, income: nil, score: 150, .notPoor,
      "Hộ không nghèo theo chuẩn ND07-2022 (nông thôn): điểm B1 150 > 140 điểm; chưa có thu nhập để xét mức sống trung bình; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("not poor, score, income above the band", Std.nd07, .urban, income: 3_500_000, score: 180, .notPoor,
      "Hộ không nghèo theo chuẩn ND07-2022 (thành thị): điểm B1 180 > 175 điểm; thu nhập 3.500.000 đ/người/tháng > 3.000.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("not poor, score, income below the band", Std.nd07, .rural, income: 1_000_000, score: 150, .notPoor,
      "Hộ không nghèo theo chuẩn ND07-2022 (nông thôn): điểm B1 150 > 140 điểm; thu nhập 1.000.000 đ/người/tháng ≤ 2.250.000 đ (không thuộc khoảng mức sống trung bình); thiếu hụt 0/12 chỉ số (k = 3)."),
    g("incomplete, score", Std.nd07, .rural, income: nil, score: 130,
      deprived: [.waterSource, .latrine], unknown: [.telecom], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn ND07-2022 (nông thôn): điểm B1 130 ≤ 140 điểm; thiếu hụt 2/12 chỉ số: Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh; chưa rõ 1 chỉ số: Sử dụng dịch vụ viễn thông; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không."),
]

let qd59Golden: [GoldenCase] = [
    g("poor by income alone", Std.qd59, .rural, income: 600_000, .poor,
      "Hộ nghèo theo chuẩn QD59-2016 (nông thôn): thu nhập 600.000 đ/người/tháng ≤ 700.000 đ; thiếu hụt 0/10 chỉ số (k = 3)."),
    g("poor by income, with a deprivation", Std.qd59, .rural, income: 700_000, deprived: [.latrine], .poor,
      "Hộ nghèo theo chuẩn QD59-2016 (nông thôn): thu nhập 700.000 đ/người/tháng ≤ 700.000 đ; thiếu hụt 1/10 chỉ số (k = 3): Hố xí/nhà tiêu hợp vệ sinh."),
    g("poor in the near-poverty band", Std.qd59, .rural, income: 800_000,
      deprived: [.healthAccess, .healthInsurance, .adultEducation], .poor,
      "Hộ nghèo theo chuẩn QD59-2016 (nông thôn): thu nhập 800.000 đ/người/tháng > 700.000 đ và ≤ 1.000.000 đ; thiếu hụt 3/10 chỉ số (≥ 3): Tiếp cận các dịch vụ y tế, Bảo hiểm y tế, Trình độ giáo dục của người lớn."),
    g("near-poor, urban", Std.qd59, .urban, income: 1_000_000, deprived: [.telecom, .informationAssets], .nearPoor,
      "Hộ cận nghèo theo chuẩn QD59-2016 (thành thị): thu nhập 1.000.000 đ/người/tháng > 900.000 đ và ≤ 1.300.000 đ; thiếu hụt 2/10 chỉ số (< 3): Sử dụng dịch vụ viễn thông, Tài sản phục vụ tiếp cận thông tin."),
    g("near-poor without deprivation, urban", Std.qd59, .urban, income: 1_300_000, .nearPoor,
      "Hộ cận nghèo theo chuẩn QD59-2016 (thành thị): thu nhập 1.300.000 đ/người/tháng > 900.000 đ và ≤ 1.300.000 đ; không thiếu hụt chỉ số nào (0/10)."),
    g("average, rural", Std.qd59, .rural, income: 1_200_000, .average,
      "Hộ có mức sống trung bình theo chuẩn QD59-2016 (nông thôn): thu nhập 1.200.000 đ/người/tháng > 1.000.000 đ và ≤ 1.500.000 đ; thiếu hụt 0/10 chỉ số (k = 3)."),
    g("not poor, urban", Std.qd59, .urban, income: 2_000_000, .notPoor,
      "Hộ không nghèo theo chuẩn QD59-2016 (thành thị): thu nhập 2.000.000 đ/người/tháng > 1.950.000 đ; thiếu hụt 0/10 chỉ số (k = 3)."),
    g("incomplete in the near-poverty band", Std.qd59, .rural, income: 800_000,
      deprived: [.healthAccess, .healthInsurance], unknown: [.adultEducation], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn QD59-2016 (nông thôn): thu nhập 800.000 đ/người/tháng > 700.000 đ và ≤ 1.000.000 đ; thiếu hụt 2/10 chỉ số: Tiếp cận các dịch vụ y tế, Bảo hiểm y tế; chưa rõ 1 chỉ số: Trình độ giáo dục của người lớn; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không."),
    g("incomplete, neither income nor score", Std.qd59, .urban, income: nil, .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn QD59-2016 (thành thị): chưa có thu nhập bình quân đầu người và điểm B1."),
    g("poor, score", Std.qd59, .rural, income: nil, score: 100, .poor,
      "Hộ nghèo theo chuẩn QD59-2016 (nông thôn): điểm B1 100 ≤ 120 điểm; thiếu hụt 0/10 chỉ số (k = 3)."),
    g("near-poor, score", Std.qd59, .rural, income: nil, score: 130, deprived: [.latrine], .nearPoor,
      "Hộ cận nghèo theo chuẩn QD59-2016 (nông thôn): điểm B1 130 > 120 điểm và ≤ 150 điểm; thiếu hụt 1/10 chỉ số (< 3): Hố xí/nhà tiêu hợp vệ sinh."),
    g("poor in the near-poverty band, score, urban", Std.qd59, .urban, income: nil, score: 150,
      deprived: [.healthAccess, .healthInsurance, .adultEducation], .poor,
      "Hộ nghèo theo chuẩn QD59-2016 (thành thị): điểm B1 150 > 140 điểm và ≤ 175 điểm; thiếu hụt 3/10 chỉ số (≥ 3): Tiếp cận các dịch vụ y tế, Bảo hiểm y tế, Trình độ giáo dục của người lớn."),
    g("average, score and income", Std.qd59, .rural, income: 1_200_000, score: 160, .average,
      "Hộ có mức sống trung bình theo chuẩn QD59-2016 (nông thôn): điểm B1 160 > 150 điểm; thu nhập 1.200.000 đ/người/tháng ≤ 1.500.000 đ; thiếu hụt 0/10 chỉ số (k = 3)."),
    g("not poor, score without income", Std.qd59, .urban, income: nil, score: 176, .notPoor,
      "Hộ không nghèo theo chuẩn QD59-2016 (thành thị): điểm B1 176 > 175 điểm; chưa có thu nhập để xét mức sống trung bình; thiếu hụt 0/10 chỉ số (k = 3)."),
    g("incomplete, score", Std.qd59, .rural, income: nil, score: 130,
      deprived: [.healthAccess, .healthInsurance], unknown: [.adultEducation], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn QD59-2016 (nông thôn): điểm B1 130 > 120 điểm và ≤ 150 điểm; thiếu hụt 2/10 chỉ số: Tiếp cận các dịch vụ y tế, Bảo hiểm y tế; chưa rõ 1 chỉ số: Trình độ giáo dục của người lớn; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không."),
]

let nd351Golden: [GoldenCase] = [
    g("poor, rural", Std.nd351, .rural, income: 2_000_000, deprived: [.waste, .latrine, .waterSource], .poor,
      "Hộ nghèo theo chuẩn ND351-2027 (nông thôn): thu nhập 2.000.000 đ/người/tháng ≤ 2.200.000 đ; thiếu hụt 3/12 chỉ số (≥ 3): Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh, Xử lý rác thải sinh hoạt."),
    g("poor, rural, a score is ignored", Std.nd351, .rural, income: 2_000_000, score: 500,
      deprived: [.waste, .latrine, .waterSource], .poor,
      "Hộ nghèo theo chuẩn ND351-2027 (nông thôn): thu nhập 2.000.000 đ/người/tháng ≤ 2.200.000 đ; thiếu hụt 3/12 chỉ số (≥ 3): Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh, Xử lý rác thải sinh hoạt."),
    g("near-poor, urban", Std.nd351, .urban, income: 2_800_000, deprived: [.digitalServices, .waste], .nearPoor,
      "Hộ cận nghèo theo chuẩn ND351-2027 (thành thị): thu nhập 2.800.000 đ/người/tháng ≤ 2.800.000 đ; thiếu hụt 2/12 chỉ số (< 3): Sử dụng dịch vụ viễn thông/dịch vụ số, Xử lý rác thải sinh hoạt."),
    g("average, rural", Std.nd351, .rural, income: 3_300_000, .average,
      "Hộ có mức sống trung bình theo chuẩn ND351-2027 (nông thôn): thu nhập 3.300.000 đ/người/tháng > 2.200.000 đ và ≤ 3.300.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("average, urban", Std.nd351, .urban, income: 2_800_001, .average,
      "Hộ có mức sống trung bình theo chuẩn ND351-2027 (thành thị): thu nhập 2.800.001 đ/người/tháng > 2.800.000 đ và ≤ 4.200.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("not poor, urban", Std.nd351, .urban, income: 4_200_001, .notPoor,
      "Hộ không nghèo theo chuẩn ND351-2027 (thành thị): thu nhập 4.200.001 đ/người/tháng > 4.200.000 đ; thiếu hụt 0/12 chỉ số (k = 3)."),
    g("incomplete, urban", Std.nd351, .urban, income: 2_500_000, deprived: [.waste],
      unknown: [.waterSource, .latrine], .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn ND351-2027 (thành thị): thu nhập 2.500.000 đ/người/tháng ≤ 2.800.000 đ; thiếu hụt 1/12 chỉ số: Xử lý rác thải sinh hoạt; chưa rõ 2 chỉ số: Nguồn nước sinh hoạt, Nhà tiêu hợp vệ sinh; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không."),
    g("incomplete, score alone (no cut-offs yet)", Std.nd351, .rural, income: nil, score: 100, .incomplete,
      "Chưa đủ thông tin để phân loại theo chuẩn ND351-2027 (nông thôn): chưa có thu nhập bình quân đầu người."),
]

@Suite("Explanation sentences (standards.md §2)")
struct ExplanationTests {
    @Test("golden sentences", arguments: nd07Golden + qd59Golden + nd351Golden)
    func golden(_ t: GoldenCase) {
        let std = standard(t.std)
        let c = ClassificationEngine(standard: std).classify(t.household)
        #expect(c.povertyClass == t.cls)
        #expect(std.explanation(for: c) == t.sentence)
    }

    @Test("amounts use '.' thousands separators")
    func thousands() {
        let std = standard(Std.nd07)
        let c = ClassificationEngine(standard: std).classify(surveyed(Std.nd07, .urban, income: 12_345_678))
        #expect(std.explanation(for: c) == "Hộ không nghèo theo chuẩn ND07-2022 (thành thị): thu nhập 12.345.678 đ/người/tháng > 3.000.000 đ; thiếu hụt 0/12 chỉ số (k = 3).")
        let zero = ClassificationEngine(standard: std).classify(surveyed(Std.nd07, .rural, income: 0))
        #expect(std.explanation(for: zero) == "Hộ cận nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 0 đ/người/tháng ≤ 1.500.000 đ; không thiếu hụt chỉ số nào (0/12).")
    }

    @Test("every class has its Vietnamese label and stable code")
    func labels() {
        #expect(PovertyClass.allCases.map(\.rawValue) == ["poor", "near_poor", "average", "not_poor", "incomplete"])
        #expect(PovertyClass.allCases.map(\.vietnamese) == [
            "Hộ nghèo", "Hộ cận nghèo", "Hộ có mức sống trung bình", "Hộ không nghèo", "Chưa đủ thông tin để phân loại",
        ])
        #expect(AreaType.rural.vietnamese == "nông thôn")
        #expect(AreaType.urban.vietnamese == "thành thị")
    }
}

import Foundation
import VietnameseText

/// A criterion of the quick identification (tiêu chí nhận diện nhanh, Phiếu A). The list is
/// data (`review.quick_id.criteria`, **[U]**): the shipped entries are examples.
public struct QuickIDCriterion: Sendable, Hashable, Codable, Identifiable {
    /// Stable id, e.g. `owns_car`.
    public var id: String
    /// The question as printed, in Vietnamese.
    public var text: String

    /// Creates a criterion.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// Example criteria shipped until a province loads its own (**[U]**: the official list of
    /// Phiếu A was not available).
    public static let examples: [QuickIDCriterion] = [
        QuickIDCriterion(id: "owns_car", text: "Hộ có ô tô (trừ xe dùng để kinh doanh vận tải của hộ nghèo)"),
        QuickIDCriterion(id: "stable_salary", text: "Hộ có thành viên đang hưởng lương ổn định (cán bộ, công chức, lao động có hợp đồng)"),
        QuickIDCriterion(id: "pension", text: "Hộ có thành viên đang hưởng lương hưu hằng tháng"),
        QuickIDCriterion(id: "durable_large_house", text: "Hộ có nhà ở kiên cố, diện tích lớn, giá trị cao"),
        QuickIDCriterion(id: "business", text: "Hộ có cơ sở sản xuất, kinh doanh, dịch vụ thuê lao động thường xuyên"),
    ]
}

/// Result of Phiếu A (kết quả nhận diện nhanh).
public enum QuickIDResult: String, Sendable, Codable, Hashable {
    /// A criterion is yes: clearly not poor (hộ không nghèo rõ ràng).
    case clearlyNotPoor = "clearly_not_poor"
    /// No criterion is yes: the household is surveyed with Phiếu B (tiếp tục rà soát).
    case toSurvey = "to_survey"
}

/// Quick identification (Phiếu A, nhận diện nhanh), review.md §3.4: for `add` requests from
/// households not currently poor or near-poor. The result is computed from the answers:
/// `clearly_not_poor` when any criterion is answered yes.
public struct QuickIdentification: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Round (campaign or batch) and household.
    public var roundID: String, householdCode: String
    /// Date (ngày).
    public var date: CivilDate
    /// Reviewer's account (rà soát viên).
    public var reviewer: String
    /// Yes/no per criterion id.
    public var answers: [String: Bool]
    /// Confirmed by COM, with the reply to the household, when the result is `clearly_not_poor`.
    public var confirmedBy: String?, confirmedAt: Date?, reply: String?

    /// Creates a Phiếu A.
    public init(id: String, roundID: String, householdCode: String, date: CivilDate, reviewer: String, answers: [String: Bool]) {
        self.id = id
        self.roundID = roundID
        self.householdCode = householdCode
        self.date = date
        self.reviewer = reviewer
        self.answers = answers
    }

    /// `clearly_not_poor` if any answer is yes.
    public var result: QuickIDResult { answers.values.contains(true) ? .clearlyNotPoor : .toSurvey }

    /// Throws unless every criterion of `criteria` is answered and no unknown id appears.
    public func validate(criteria: [QuickIDCriterion]) throws {
        let ids = Set(criteria.map(\.id))
        if let unknown = answers.keys.first(where: { !ids.contains($0) }) {
            throw ReviewError.invalid("answers.\(unknown)", "Tiêu chí \(unknown) không có trong phiếu A")
        }
        if let missing = criteria.first(where: { answers[$0.id] == nil }) {
            throw ReviewError.invalid("answers.\(missing.id)", "Chưa trả lời tiêu chí: \(missing.text)")
        }
    }
}

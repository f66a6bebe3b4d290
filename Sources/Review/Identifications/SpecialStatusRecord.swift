import Foundation
import Registry
import VietnameseText

/// Which status a ``SpecialStatusRecord`` records.
public enum SpecialStatusKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// Agricultural, forestry, fishery or salt household with average living standard (review.md
    /// §5), a household status.
    case avgAgri = "avg_agri"
    /// Low-income worker (review.md §7, NĐ 30/2025), a person status.
    case lowIncomeWorker = "low_income_worker"

    /// Vietnamese label.
    public var vietnamese: String {
        self == .avgAgri ? "Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình" : "Người lao động có thu nhập thấp"
    }
}

/// A status record of the two identifications (bản ghi trạng thái hộ có mức sống trung bình,
/// người lao động có thu nhập thấp), shaped like the class records of review.md §6.1 and
/// append-only like them: one per decision, kept forever.
///
/// An avg-agri record is about the household (`memberNo` = `nil`), a low-income-worker record
/// about one member (review.md §7: "person status records shaped like §6.1"). `holds` says
/// whether the decision recognised the status (a refusal is recorded too, so the history shows
/// every decision). Validity: an avg-agri status lasts until the household's next periodic
/// decision (**[U]**, review.md §5; `validUntil` stays empty and readers end it there); a
/// low-income-worker status while the standard defining the category is in force
/// (`validUntil` = 31/12 of the standard's last year, **[U]** review.md §7).
public struct SpecialStatusRecord: Sendable, Hashable, Codable {
    /// Which status.
    public var kind: SpecialStatusKind
    /// Household, and the member for a person status.
    public var householdCode: String, memberNo: Int?
    /// Commune whose chairman decided.
    public var communeCode: String
    /// Recognised (true) or refused (false).
    public var holds: Bool
    /// Effective from; valid until (when known).
    public var effectiveDate: CivilDate, validUntil: CivilDate?
    /// Standard in force.
    public var standardID: String
    /// Source (`regular`: monthly batches decide these).
    public var source: StatusSource
    /// Decision number and the batch.
    public var decision: String, roundID: String
    /// The identification record decided.
    public var identificationID: String
    /// Recorded at, by.
    public var recordedAt: Date, recordedBy: String
    /// Sequence assigned by the store, and the record this one supersedes (the previous record of
    /// the same household or person and kind).
    public var sequence: Int64?, supersedes: Int64?

    /// Creates a record.
    public init(kind: SpecialStatusKind, householdCode: String, memberNo: Int? = nil, communeCode: String, holds: Bool, effectiveDate: CivilDate,
                validUntil: CivilDate? = nil, standardID: String, source: StatusSource = .regular, decision: String, roundID: String,
                identificationID: String, recordedAt: Date, recordedBy: String) {
        self.kind = kind
        self.householdCode = householdCode
        self.memberNo = memberNo
        self.communeCode = communeCode
        self.holds = holds
        self.effectiveDate = effectiveDate
        self.validUntil = validUntil
        self.standardID = standardID
        self.source = source
        self.decision = decision
        self.roundID = roundID
        self.identificationID = identificationID
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// Whether the status holds on `day` (recognised, effective, not past its validity).
    public func holds(on day: CivilDate) -> Bool {
        holds && effectiveDate <= day && (validUntil.map { day <= $0 } ?? true)
    }
}

extension ReviewSheets {
    /// The identifications' status records of a commune (bản ghi trạng thái).
    public static func specialStatuses(_ list: [SpecialStatusRecord], names: SheetNames) -> RecordSheet {
        var s = RecordSheet(kind: "special-status", subject: "Trạng thái hộ có mức sống trung bình (nông, lâm, ngư, diêm nghiệp) và người lao động có thu nhập thấp",
                            columns: [
            no, SheetColumn("kind", "Loại"), SheetColumn("household_code", "Mã hộ"), SheetColumn("head_name", "Họ và tên chủ hộ"),
            SheetColumn("member_no", "Thành viên số"), SheetColumn("person_name", "Họ và tên người lao động"), SheetColumn("holds", "Được công nhận"),
            SheetColumn("effective_date", "Hiệu lực từ"), SheetColumn("valid_until", "Hiệu lực đến"), SheetColumn("standard_id", "Chuẩn"),
            SheetColumn("decision", "Quyết định"), SheetColumn("round_id", "Đợt"), SheetColumn("recorded_at", "Ghi lúc"), SheetColumn("recorded_by", "Người ghi"),
        ], personal: true)
        for r in list {
            s.appendNumbered([.text(r.kind == .avgAgri ? "Hộ mức sống trung bình" : "Người lao động thu nhập thấp"), .text(r.householdCode),
                              names.head(r.householdCode), .optional(r.memberNo),
                              .text(r.memberNo.flatMap { names.members[r.householdCode]?[$0] } ?? ""), .flag(r.holds), .date(r.effectiveDate),
                              .text(r.validUntil.map(VietnameseText.formatDate) ?? (r.kind == .avgAgri ? "đến quyết định rà soát định kỳ tiếp theo" : "")),
                              .text(r.standardID), .text(r.decision), .text(r.roundID), .instant(r.recordedAt), .text(r.recordedBy)])
        }
        return s
    }
}

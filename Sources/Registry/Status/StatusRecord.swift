import Foundation
import VietnameseText

/// A status record (bản ghi trạng thái): one change of a household's recognised class, review.md §6.1.
///
/// Records are append-only and kept forever; a mistake is fixed by a new ``StatusSource/correction``
/// record, never by editing, so the class a report showed on any past day can be reproduced.
public struct StatusRecord: Sendable, Hashable {
    /// Household code (mã hộ).
    public var householdCode: String
    /// Effective date (ngày có hiệu lực) from which the class holds.
    public var effectiveDate: CivilDate
    /// Recognised class (phân loại đã công nhận).
    public var recognisedClass: RecognisedClass
    /// Standard id (chuẩn nghèo) the class was determined under, e.g. `ND07-2022`; `nil` when an
    /// imported list did not say.
    public var standardID: String?
    /// Source (nguồn) of the record.
    public var source: StatusSource
    /// Recognition decision number (số quyết định công nhận), e.g. `12/QĐ-UBND`.
    public var decision: String?
    /// Campaign or batch id (đợt rà soát), e.g. `RS-01-2025`.
    public var campaign: String?
    /// When the record was written (thời điểm ghi).
    public var recordedAt: Date
    /// Account that wrote it (người ghi).
    public var recordedBy: String
    /// Store-assigned sequence number (số thứ tự ghi), increasing in recording order; `nil` until stored.
    public var sequence: Int64?
    /// Sequence of the record this one replaces (thay thế bản ghi), kept for provenance.
    public var supersedes: Int64?

    /// Creates a record; decision, campaign, sequence and supersedes default to absent.
    public init(
        householdCode: String, effectiveDate: CivilDate, recognisedClass: RecognisedClass,
        standardID: String? = nil, source: StatusSource, decision: String? = nil, campaign: String? = nil,
        recordedAt: Date, recordedBy: String, sequence: Int64? = nil, supersedes: Int64? = nil
    ) {
        self.householdCode = householdCode
        self.effectiveDate = effectiveDate
        self.recognisedClass = recognisedClass
        self.standardID = standardID
        self.source = source
        self.decision = decision
        self.campaign = campaign
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.sequence = sequence
        self.supersedes = supersedes
    }

    /// The record of an imported class (phân loại nhập từ danh sách cũ): `recognised_class` and
    /// `recognised_year` of data-format.md.
    ///
    /// An imported class takes effect on the window end 14/12 of that year: the file gives only a
    /// year, and 14/12 is the last day a periodic decision of that year can carry, so the class
    /// never predates the decision it stands for.
    public static func imported(
        householdCode: String, recognisedClass: RecognisedClass, year: Int, standardID: String?,
        recordedAt: Date, recordedBy: String
    ) -> StatusRecord {
        StatusRecord(
            householdCode: householdCode, effectiveDate: CivilDate(year: year, month: 12, day: 14),
            recognisedClass: recognisedClass, standardID: standardID, source: .imported,
            recordedAt: recordedAt, recordedBy: recordedBy)
    }
}

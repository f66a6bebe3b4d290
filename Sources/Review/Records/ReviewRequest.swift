import Foundation
import VietnameseText

/// Type of a Mẫu 01 request (loại đề nghị).
public enum RequestType: String, Sendable, Codable, CaseIterable, Hashable {
    /// Add to the list (bổ sung vào danh sách hộ nghèo, hộ cận nghèo).
    case add
    /// Leave the list (ra khỏi danh sách).
    case leave
    /// Withdrawal of an earlier request (rút đề nghị): a new entry, the original stays.
    case withdrawal
    /// Opened by the commune itself on learning of a change (xã chủ động, `commune_initiated`).
    case communeInitiated = "commune_initiated"
}

/// How a request reached the commune (hình thức tiếp nhận).
public enum RequestChannel: String, Sendable, Codable, CaseIterable, Hashable {
    /// In person (trực tiếp).
    case inPerson = "in_person"
    /// By post (bưu chính).
    case post
    /// Online (trực tuyến).
    case online
}

/// A review request (Giấy đề nghị rà soát, Mẫu số 01 of QĐ 24/2021), review.md §3.4.
///
/// Immutable once registered; a withdrawal is a new entry of type ``RequestType/withdrawal``
/// naming the original in ``withdraws``.
public struct ReviewRequest: Sendable, Hashable, Codable, Identifiable {
    /// Id, e.g. `YC-18739-2026-0007`.
    public var id: String
    /// Household code.
    public var householdCode: String
    /// Commune code the household lives in.
    public var communeCode: String
    /// Type.
    public var type: RequestType
    /// Received date (ngày nhận).
    public var receivedOn: CivilDate
    /// Channel.
    public var channel: RequestChannel
    /// Stated reason (lý do).
    public var reason: String
    /// Signer: the head or a representative (người ký đề nghị).
    public var signer: String
    /// Officer who received it (người tiếp nhận).
    public var receivedBy: String
    /// Scan of the paper form.
    public var scan: String?
    /// The request withdrawn, for a withdrawal.
    public var withdraws: String?
    /// Where it was routed: a campaign id or a monthly batch id (đợt xử lý).
    public var roundID: String?
    /// Registered at.
    public var registeredAt: Date

    /// Creates a request.
    public init(id: String, householdCode: String, communeCode: String, type: RequestType, receivedOn: CivilDate,
                channel: RequestChannel, reason: String, signer: String, receivedBy: String, scan: String? = nil,
                withdraws: String? = nil, roundID: String? = nil, registeredAt: Date) {
        self.id = id
        self.householdCode = householdCode
        self.communeCode = communeCode
        self.type = type
        self.receivedOn = receivedOn
        self.channel = channel
        self.reason = reason
        self.signer = signer
        self.receivedBy = receivedBy
        self.scan = scan
        self.withdraws = withdraws
        self.roundID = roundID
        self.registeredAt = registeredAt
    }

    /// Throws naming the first missing field.
    public func validate() throws {
        if householdCode.isEmpty { throw ReviewError.invalid("household_code", "Thiếu mã hộ") }
        if type != .communeInitiated && signer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReviewError.invalid("signer", "Thiếu người ký giấy đề nghị (chủ hộ hoặc người đại diện)")
        }
        if type == .withdrawal && withdraws == nil { throw ReviewError.invalid("withdraws", "Đơn rút đề nghị phải nêu đề nghị được rút") }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("reason", "Thiếu lý do đề nghị") }
    }
}

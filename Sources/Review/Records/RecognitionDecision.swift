import Foundation
import Registry
import VietnameseText

/// Capacity in which a decision is signed (thẩm quyền ký).
public enum SignerCapacity: String, Sendable, Codable, Hashable {
    /// The chairman (CHỦ TỊCH).
    case chairman
    /// A vice chairman on the chairman's behalf (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH).
    case viceChairman = "vice_chairman"

    /// The authority lines printed over the signature.
    public var authorityLines: [String] {
        switch self {
        case .chairman: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        case .viceChairman: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        }
    }
}

/// Kind of round a decision closes.
public enum RoundKind: String, Sendable, Codable, Hashable {
    /// The periodic campaign (định kỳ).
    case periodic
    /// A monthly batch (thường xuyên).
    case regular
}

/// A household's line in a decision (hộ trong quyết định).
public struct DecisionLine: Sendable, Hashable, Codable {
    /// Household code.
    public var householdCode: String
    /// Class recognised (or kept) by the decision.
    public var recognisedClass: RecognisedClass
    /// Class before.
    public var previousClass: RecognisedClass
    /// Persons.
    public var persons: Int
    /// `recognised` or `rejected` (add-request not qualifying).
    public var rejected: Bool
    /// Reply to the household (e.g. `not_granted` of a leave request).
    public var reply: String?

    /// Creates a line.
    public init(householdCode: String, recognisedClass: RecognisedClass, previousClass: RecognisedClass, persons: Int,
                rejected: Bool = false, reply: String? = nil) {
        self.householdCode = householdCode
        self.recognisedClass = recognisedClass
        self.previousClass = previousClass
        self.persons = persons
        self.rejected = rejected
        self.reply = reply
    }
}

/// The recognition decision (quyết định công nhận hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ
/// thoát cận nghèo), review.md §3.4 step 6, `Số: …/QĐ-UBND`.
///
/// The number is unique per commune and year and never reused (the store enforces it too); an
/// annulment or correction is a new decision naming this one in ``corrects``.
public struct RecognitionDecision: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Number, e.g. `125/QĐ-UBND`.
    public var number: String
    /// Date signed.
    public var date: CivilDate
    /// Commune.
    public var communeCode: String
    /// Signer's name and capacity.
    public var signer: String, capacity: SignerCapacity
    /// Campaign or batch, and its kind.
    public var roundID: String, kind: RoundKind
    /// Standard.
    public var standardID: String
    /// Annexes (poor, near-poor, escaped poor, escaped near-poor…, with persons).
    public var annexes: [AttachedList]
    /// One line per household decided.
    public var lines: [DecisionLine]
    /// Effective date (`review.decision.effective`).
    public var effectiveDate: CivilDate
    /// Scan.
    public var scan: String?
    /// Decision this one corrects or annuls.
    public var corrects: String?
    /// What the decision recognises when it is not the poor and near-poor lists: the avg-agri
    /// or low-income-worker identifications (their own decisions, same numbering).
    public var subject: String?
    /// Issued by (account) and when.
    public var issuedBy: String?, issuedAt: Date?

    /// Creates a decision.
    public init(id: String, number: String, date: CivilDate, communeCode: String, signer: String, capacity: SignerCapacity,
                roundID: String, kind: RoundKind, standardID: String, annexes: [AttachedList] = [], lines: [DecisionLine] = [],
                effectiveDate: CivilDate, scan: String? = nil, corrects: String? = nil) {
        self.id = id
        self.number = number
        self.date = date
        self.communeCode = communeCode
        self.signer = signer
        self.capacity = capacity
        self.roundID = roundID
        self.kind = kind
        self.standardID = standardID
        self.annexes = annexes
        self.lines = lines
        self.effectiveDate = effectiveDate
        self.scan = scan
        self.corrects = corrects
    }

    /// The effective date of a decision signed on `date` under `rule`.
    public static func effectiveDate(signedOn date: CivilDate, rule: DecisionEffective) -> CivilDate {
        rule == .decisionDate ? date : CivilDate(year: date.year + 1, month: 1, day: 1)
    }

    /// Throws unless the number has the `…/QĐ-UBND` form with a number, and a signer is named.
    public func validate() throws {
        let parts = number.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, Int(parts[0]) != nil, parts[1].uppercased().hasPrefix("QĐ") else {
            throw ReviewError.invalid("number", "Số quyết định phải có dạng “125/QĐ-UBND”")
        }
        if signer.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("signer", "Thiếu người ký quyết định") }
    }
}

import Access
import Registry
import VietnameseText

/// Who takes a review action (người thao tác): an account acting under one assignment, with the
/// communes and villages it covers — or the system's daily job.
public struct ReviewActor: Sendable, Hashable {
    /// Account name, recorded on every record it makes.
    public var account: String
    /// Role of the assignment used; `nil` for the system job (tác vụ hệ thống).
    public var role: Role?
    /// The assignment that authorises the action (recorded in the audit log).
    public var assignmentID: Int64
    /// Commune codes the assignment covers, as records carry them (2025 and legacy codes);
    /// `nil` = every commune (the system job).
    public var communeCodes: Set<String>?
    /// Villages of a VIL assignment, folded (case and diacritics ignored); `nil` = all villages.
    public var villageKeys: Set<String>?
    /// The assignment's own unit code (province for PRV, legacy district for DST, commune…).
    public var unitCode: String

    /// Creates an actor.
    public init(account: String, role: Role?, assignmentID: Int64 = 0, unitCode: String = "",
                communeCodes: Set<String>?, villages: [String]? = nil) {
        self.account = account
        self.role = role
        self.assignmentID = assignmentID
        self.unitCode = unitCode
        self.communeCodes = communeCodes
        self.villageKeys = villages.map { Set($0.map(ReviewActor.villageKey)) }
    }

    /// The actor of `assignment` held by `account`, its communes expanded by `policy` (a province
    /// covers its communes and the legacy communes converted into them; a DST its former
    /// district's communes). An assignment naming no known unit covers nothing.
    public init(account: String, assignment: Assignment, policy: AccessPolicy) {
        self.init(account: account, role: assignment.role, assignmentID: assignment.id, unitCode: assignment.unitCode,
                  communeCodes: policy.communeCodes(of: assignment) ?? [],
                  villages: assignment.role == .village ? assignment.villages : nil)
    }

    /// The system's daily job (tác vụ hằng ngày lúc 06:00): closes postings, opens campaigns at
    /// the window start, raises alerts.
    public static let system = ReviewActor(account: "system", role: nil, communeCodes: nil)

    /// Whether this is the system job.
    public var isSystem: Bool { role == nil }

    /// The folded key of a village name, as scopes compare them.
    public static func villageKey(_ name: String) -> String { VietnameseText.fold(VietnameseText.nfc(name)) }

    /// Whether the actor's assignment covers `commune` (and `village`, for VIL).
    public func covers(commune: String, village: String? = nil) -> Bool {
        if let codes = communeCodes, !codes.contains(commune) { return false }
        if let keys = villageKeys {
            guard let village else { return false }
            return keys.contains(ReviewActor.villageKey(village))
        }
        return true
    }
}

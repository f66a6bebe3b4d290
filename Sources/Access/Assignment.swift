import Foundation
import Registry
import VietnameseText

/// What an account may do, and where (phân công, roles.md §1): a role on a unit, with the
/// organisation for ORG and the villages for VIL, valid between two dates.
public struct Assignment: Sendable, Hashable, Codable, Identifiable {
    /// Stable id, recorded in the audit log with every request it authorises.
    public var id: Int64
    /// The role.
    public var role: Role
    /// Scope unit: a province or commune code of the 2025 list; for DST a legacy district code;
    /// empty for ADM (the installation).
    public var unitCode: String
    /// Villages (thôn) of the commune for VIL, as named in the registry.
    public var villages: [String]
    /// Mass organisation code for ORG (`nong_dan`, `phu_nu`, …, as in data-format.md).
    public var organisation: MassOrganisation?
    /// First day of validity.
    public var validFrom: CivilDate
    /// Last day of validity, or `nil` when open-ended (required for AUD, roles.md §3.8).
    public var validTo: CivilDate?
    /// Who granted it, and why.
    public var grantedBy: String, reason: String

    /// Creates an assignment.
    public init(id: Int64 = 0, role: Role, unitCode: String, villages: [String] = [], organisation: MassOrganisation? = nil,
                validFrom: CivilDate, validTo: CivilDate? = nil, grantedBy: String = "", reason: String = "") {
        self.id = id
        self.role = role
        self.unitCode = unitCode
        self.villages = villages
        self.organisation = organisation
        self.validFrom = validFrom
        self.validTo = validTo
        self.grantedBy = grantedBy
        self.reason = reason
    }

    /// Whether it is in force on `day`.
    public func isValid(on day: CivilDate) -> Bool {
        validFrom <= day && (validTo.map { day <= $0 } ?? true)
    }
}

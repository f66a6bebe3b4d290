import Foundation
import Registry
import VietnameseText

/// Second-factor rules (xác thực hai bước, roles.md §6 and §8 `security.mfa.required_roles`):
/// which accounts must sign in with a TOTP code, and who may reset one.
///
/// Choices where roles.md is silent:
/// - An account is required when one of its assignments *in force today* has a required role; an
///   expired or future PRV assignment does not count.
/// - An account that enrolled although not required is asked for a code at every sign-in, like a
///   required one, and may turn the factor off again itself (with a current code).
/// - A reset of another account's second factor is user management (re-authentication within
///   5 minutes, audited) reserved to ADM and PRV managers, each within the accounts they may
///   manage (``AccessPolicy/mayManage(account:by:on:)``): roles.md §6 gives unlocking to "ADM or
///   PRV", and a lost phone is the same kind of help.
public struct MFAPolicy: Sendable, Hashable {
    /// `security.mfa.required_roles`: ADM and PRV by default.
    public var requiredRoles: Set<Role>
    /// Steps of 30 seconds accepted either side of the server's (±1: a code works 60–90 s).
    public var stepTolerance = 1
    /// Minutes a half-signed-in session (password accepted, code or enrolment pending) lives.
    public var pendingMinutes = 10

    /// The settings of roles.md §8, or other required roles.
    public init(requiredRoles: Set<Role> = [.administrator, .province]) {
        self.requiredRoles = requiredRoles
    }

    /// Whether an account with `assignments` must have a second factor on `day`.
    public func isRequired(for assignments: [Assignment], on day: CivilDate) -> Bool {
        assignments.contains { $0.isValid(on: day) && requiredRoles.contains($0.role) }
    }

    /// Roles whose managers may reset another account's second factor.
    public static let resettingRoles: Set<Role> = [.administrator, .province]

    /// Parses a comma-separated list of role codes (`ADM,PRV`); an unknown code is an error.
    public static func roles(from text: String) -> Result<Set<Role>, RoleListError> {
        var roles: Set<Role> = []
        for part in text.split(separator: ",") {
            let code = part.trimmingCharacters(in: .whitespaces).uppercased()
            if code.isEmpty { continue }
            guard let role = Role(rawValue: code) else { return .failure(RoleListError(code: code)) }
            roles.insert(role)
        }
        return .success(roles)
    }

    /// A code in a role list that is not a role.
    public struct RoleListError: Error, Sendable, CustomStringConvertible {
        /// The code.
        public var code: String
        /// The Vietnamese message, with the English code in brackets.
        public var description: String { "Vai trò không hợp lệ: \(code) (ADM, PRV, DST, COM, CLD, VIL, ORG, LDP, PTN, AUD) [role.invalid]" }
    }
}

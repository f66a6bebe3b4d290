import Foundation
import Registry
import VietnameseText

/// Who may manage whose account (quản lý tài khoản, roles.md §4 "Manage users" and notes 24–25).
///
/// - ADM manages every account.
/// - PRV (note 24) manages accounts and assignments inside its province with roles PRV, COM,
///   CLD, VIL, ORG, LDP and AUD; never ADM, never DST, never outside the province.
/// - COM and CLD (note 25, `security.commune_manages_village_users` = true) manage the VIL
///   accounts of their own commune's villages.
///
/// An account is manageable when every one of its assignments is: a PRV cannot disable an
/// account that also holds an assignment in another province. An account without assignments
/// is manageable by ADM only (nothing places it in a unit).
extension AccessPolicy {
    /// The province (2025 list) an assignment's unit lies in, or `nil` (ADM, DST, unknown units).
    public func provinceCode(of a: Assignment) -> String? {
        switch a.role {
        case .administrator, .district: return nil
        default:
            if catalog.province(code: a.unitCode) != nil { return a.unitCode }
            return catalog.commune(code: a.unitCode)?.provinceCode
        }
    }

    /// Whether `managers` (assignments in force on `day`) may grant, change or remove `target`.
    public func mayManage(_ target: Assignment, by managers: [Assignment], on day: CivilDate) -> Bool {
        managers.contains { m in
            guard m.isValid(on: day), effectiveGrant(.manageUsers, m.role) else { return false }
            switch m.role {
            case .administrator:
                return true
            case .province:
                let allowed: Set<Role> = [.province, .commune, .communeLeader, .village, .organisation, .lineDepartment, .auditor]
                return allowed.contains(target.role) && provinceCode(of: target) == m.unitCode
            case .commune, .communeLeader:
                return target.role == .village && target.unitCode == m.unitCode
            default:
                return false
            }
        }
    }

    /// Whether `managers` may manage an account holding `assignments` (every one of them).
    public func mayManage(account assignments: [Assignment], by managers: [Assignment], on day: CivilDate) -> Bool {
        if assignments.isEmpty { return managers.contains { $0.isValid(on: day) && $0.role == .administrator } }
        return assignments.allSatisfy { mayManage($0, by: managers, on: day) }
    }
}

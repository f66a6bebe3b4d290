import Foundation
import Registry
import VietnameseText

/// Checks an assignment before it is granted (kiểm tra phân công), with messages for the person
/// granting it: the unit must exist at the role's level, VIL names villages, ORG an organisation,
/// AUD an end date at most 90 days after the start (roles.md §3.8).
public enum AssignmentRules {
    /// The first problem, in Vietnamese with an English code, or `nil`.
    public static func problem(_ a: Assignment, policy: AccessPolicy) -> String? {
        switch a.role {
        case .administrator:
            return nil
        case .district:
            if policy.catalog.list(.legacy).district(code: a.unitCode) == nil {
                return "Vai trò DST cần mã huyện trước 01/07/2025; không có huyện \(a.unitCode) [unit.invalid]"
            }
        default:
            if policy.catalog.recordedCommuneCodes(under: a.unitCode) == nil {
                return "Không có tỉnh hoặc xã mã \(a.unitCode) trong danh mục [unit.invalid]"
            }
        }
        if a.role == .village && a.villages.isEmpty { return "Vai trò VIL cần ít nhất một thôn (--village) [village.required]" }
        if a.role == .organisation && a.organisation == nil { return "Vai trò ORG cần tổ chức đoàn thể (--organisation) [organisation.required]" }
        if a.role == .auditor {
            guard let to = a.validTo else { return "Vai trò AUD cần ngày hết hiệu lực (--valid-to) [valid_to.required]" }
            if a.validFrom.days(until: to) > 90 { return "Phân công AUD tối đa 90 ngày [valid_to.too_long]" }
        }
        return nil
    }
}

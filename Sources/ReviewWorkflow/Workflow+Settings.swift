import Access
import Foundation
import Registry
import Review
import Store

extension ReviewWorkflow {
    /// Throws unless `role` for `unit` may propose or decide a version of `province`'s review
    /// settings: the administrator (ADM), or a province officer (PRV) of that province
    /// (roles.md §4 note 26, as ``ReviewSettingsVersion`` explains).
    public func checkSettingsAuthority(role: Role?, unit: String, province: String) throws {
        guard catalog.province(code: province) != nil else { throw ReviewError.notFound("tỉnh \(province)") }
        switch role {
        case .administrator: return
        case .province where unit == province: return
        case .province: throw ReviewError.scope("cấu hình rà soát của tỉnh \(province)")
        default: throw ReviewError.role(role?.rawValue ?? "—", "thay đổi cấu hình rà soát của tỉnh")
        }
    }

    /// A new pending version of a province's settings (`key → text value`), checked against the
    /// national defaults; in force only once another account approves it.
    public func proposeSettings(province: String, changes: [String: String], reason: String, by account: String, role: Role?, unit: String,
                                at now: Date, context: AccessContext) throws -> ReviewSettingsVersion {
        try checkSettingsAuthority(role: role, unit: unit, province: province)
        let version = try ReviewSettingsVersion(provinceCode: province, changes: changes, reason: reason, proposedBy: account, proposedAt: now,
                                                defaults: settings)
        return try store.proposeSettings(version, context: context)
    }

    /// Approves or rejects a pending version: by an authorised account other than its proposer.
    public func decideSettings(province: String, version: Int, approve: Bool, note: String?, by account: String, role: Role?, unit: String,
                               at now: Date, context: AccessContext) throws -> ReviewSettingsVersion {
        try checkSettingsAuthority(role: role, unit: unit, province: province)
        guard let v = try store.settingsVersions(provinceCode: province).first(where: { $0.version == version }) else {
            throw ReviewError.notFound("phiên bản cấu hình \(version) của tỉnh \(province)")
        }
        try v.checkDecider(account)
        if !approve, (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReviewError.invalid("note", "Cần nêu lý do từ chối")
        }
        return try store.decideSettings(provinceCode: province, version: version, approve: approve, by: account, at: now, note: note, context: context)
    }
}

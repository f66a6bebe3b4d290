import Foundation
import PovertyStandard
import Registry
import Store

extension UnitListImport {
    /// The `admin_unit` rows of the list, in load order: provinces, then communes (edition,
    /// level, code, name, type, parent, valid from; open-ended).
    package var unitRows: [[String?]] {
        let from = validFrom.isoString
        return provinces.map { [edition, "province", $0.code, $0.name, nil, nil, from] }
            + communes.map { [edition, "commune", $0.code, $0.name, $0.type, $0.provinceCode, from] }
    }

    /// The audit entry of loading the list.
    package func auditDraft(_ context: AccessContext) -> AuditDraft {
        AuditDraft(access: context, action: .settingChange, entityType: "admin_unit_list", entityIDs: [edition],
                   after: "{\"communes\":\(communes.count),\"provinces\":\(provinces.count),\"valid_from\":\"\(validFrom.isoString)\"}",
                   rowCount: communes.count)
    }
}

extension RecordColumns {
    /// Binds a stored classification's columns after the household id (`year`, `standard_id`,
    /// `class`, `deprivation_count`, `deprived`, `unknown`, `explanation`, `computed_at`,
    /// `computed_by`).
    package static func bindClassification(_ r: StoredClassification, householdID: Int64, at now: String, by account: String,
                                           to s: some ValueSink) {
        s.bind(householdID)
        s.bind(r.year)
        s.bind(r.standardID)
        s.bind(r.povertyClass.rawValue)
        s.bind(r.deprived.count)
        s.bind(r.deprived.joined(separator: ";"))
        s.bind(r.unknown.joined(separator: ";"))
        s.bind(r.explanation)
        s.bind(now)
        s.bind(account)
    }

    /// A household list's line from its columns: code, commune, village, version, class, members,
    /// and the head's name and birth date joined by a tab (shown only `withNames`).
    package static func listRow(code: String, commune: String, village: String, version: Int, recognisedClass: String,
                                members: Int, head: String?, withNames: Bool) -> HouseholdListRow {
        let parts = head?.split(separator: "\t", omittingEmptySubsequences: false)
        return HouseholdListRow(
            householdCode: code, communeCode: commune, village: village,
            headName: withNames ? parts.map { String($0[0]) } : nil,
            headBirthYear: withNames ? parts.flatMap { $0.count > 1 ? Int($0[1].prefix(4)) : nil } : nil,
            members: members, recognisedClass: RecognisedClass(rawValue: recognisedClass) ?? .notPoor, version: version)
    }
}

extension HouseholdListPage {
    /// The audit entry of a list page that showed names, or `nil`.
    package func auditDraft(withNames: Bool, context: AccessContext) -> AuditDraft? {
        guard withNames, !rows.isEmpty else { return nil }
        return AuditDraft(access: context, action: .readPersonal, entityType: "household_list",
                          entityIDs: rows.map(\.householdCode), rowCount: rows.count)
    }
}

extension ImportCounts {
    /// Adds the rows a bulk batch created.
    package mutating func addCreated(households: Int, members: Int, villages: Int, statuses: Int) {
        householdsCreated += households
        membersCreated += members
        villagesCreated += villages
        statusRecords += statuses
    }
}

import Access
import Foundation
import PersonalDataProtection
import Registry
import Store
import VietnameseText

/// What a store knows of an audit entry before appending it (bản nháp nhật ký); the sequence,
/// time and hashes are added by ``sealed(sequence:previousHash:at:)`` inside the transaction
/// that appends it, so both stores chain entries alike (roles.md §5).
package struct AuditDraft: Sendable {
    package var access: AccessContext
    package var action: AuditAction
    package var entityType: String
    package var entityIDs: [String]
    package var before: String?
    package var after: String?
    package var rowCount: Int?
    package var fileHash: String?

    package init(access: AccessContext, action: AuditAction, entityType: String, entityIDs: [String], before: String? = nil,
                 after: String? = nil, rowCount: Int? = nil, fileHash: String? = nil) {
        self.access = access
        self.action = action
        self.entityType = entityType
        self.entityIDs = entityIDs
        self.before = before
        self.after = after
        self.rowCount = rowCount
        self.fileHash = fileHash
    }

    /// The entry with its sequence number, time and hashes. Times are kept to the millisecond,
    /// as stored, so the hash recomputes from the row. Every run of 12 digits in the before/after
    /// texts is masked (`NationalIDMask`, roles.md §6): the log never holds a whole CCCD.
    package func sealed(sequence: Int64, previousHash: String, at: Date) -> AuditEntry {
        let time = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        return AuditEntry.sealed(AuditEntry(
            sequence: sequence, at: time, account: access.account, role: access.role,
            assignment: access.assignment, ip: access.ip, userAgent: access.userAgent,
            requestID: access.requestID, action: action, entityType: entityType,
            entityIDs: entityIDs, before: before.map(NationalIDMask.maskingDigitRuns),
            after: after.map(NationalIDMask.maskingDigitRuns),
            purpose: action == .readPersonal || action == .export ? access.purpose : nil,
            rowCount: rowCount, fileHash: fileHash, previousHash: previousHash, hash: ""),
            after: previousHash)
    }

    /// The ids the entry is found under (`audit_entity`): its entity ids, and for a member
    /// (`H01#3`) its household too, so a household's audit view shows its members' changes;
    /// none for an import batch.
    package var linkedEntityIDs: [String] {
        guard entityType != "import_batch" else { return [] }
        var linked = Set(entityIDs)
        if entityType == "member" {
            for id in entityIDs { if let hash = id.lastIndex(of: "#") { linked.insert(String(id[..<hash])) } }
        }
        return linked.sorted()
    }
}

/// Record texts of accounts and history events both stores write alike.
package enum RecordText {
    /// A flat JSON object of text values, keys sorted (stable audit entries).
    package static func json(_ fields: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A sign-in name as stored: NFC, trimmed, lowercase.
    package static func normalisedUsername(_ name: String) -> String {
        VietnameseText.nfc(name).trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The audit `after` of a granted assignment.
    package static func assignment(_ a: Assignment) -> String {
        json(["role": a.role.rawValue, "unit_code": a.unitCode, "organisation": a.organisation?.rawValue ?? "",
              "villages": a.villages.joined(separator: ";"), "valid_from": a.validFrom.isoString, "valid_to": a.validTo?.isoString ?? ""])
    }

    /// A household's timeline event of a status record.
    package static func statusEvent(class raw: String, effectiveDate: String?, standardID: String?, source: String,
                                    recordedAt: String, recordedBy: String) -> HouseholdEvent {
        let effective = effectiveDate.flatMap(RecordColumns.parseISODate)
        var detail = "\(RecognisedClass(rawValue: raw)?.vietnamese ?? raw) từ \(effective.map(VietnameseText.formatDate) ?? "?")"
        if let standardID { detail += " (\(standardID))" }
        detail += " — nguồn: \(source)"
        return HouseholdEvent(kind: .status, at: RecordColumns.date(fromTimestamp: recordedAt), account: recordedBy, detail: detail)
    }

    /// A household's timeline event of a stored classification.
    package static func classifiedEvent(year: Int, standardID: String, explanation: String, computedAt: String, computedBy: String) -> HouseholdEvent {
        HouseholdEvent(kind: .classified, at: RecordColumns.date(fromTimestamp: computedAt), account: computedBy,
                       detail: "Năm \(year), \(standardID): \(explanation)")
    }
}

import Foundation
import Interchange
import Registry
import Store

/// What an export wrote (kết quả xuất).
public struct ExportResult: Sendable {
    /// Files written.
    public var householdsFile: URL, membersFile: URL
    /// Rows written.
    public var households: Int, members: Int
}

/// Exports households of a unit, with their members, in the import format (data-format.md), so
/// that importing the files again changes nothing. The export is audited with its row count
/// and the SHA-256 of the files (roles.md §5).
public enum RegistryExporter {
    /// Writes `households.<ext>` and `members.<ext>` into `directory`.
    public static func export(
        from store: any RegistryStore, selection: HouseholdSelection, description: String, to directory: URL,
        format: ExportFormat, headers: ExportHeaders, access: AccessContext
    ) throws -> ExportResult {
        let writer = try RegistryFileWriter(directory: directory, format: format, headers: headers)
        let written: (households: URL, members: URL, householdRows: Int, memberRows: Int)
        do {
            try store.forEachHousehold(in: selection) { stored in
                try writer.write(stored.household)
                for m in stored.members { try writer.write(m) }
            }
            written = try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
        let hash = "\(try FileDigest.sha256(of: written.households));\(try FileDigest.sha256(of: written.members))"
        try store.recordExport(
            ExportRecord(entityType: "household", description: description,
                         rowCount: written.householdRows + written.memberRows, fileHash: hash),
            context: access)
        return ExportResult(householdsFile: written.households, membersFile: written.members,
                            households: written.householdRows, members: written.memberRows)
    }
}

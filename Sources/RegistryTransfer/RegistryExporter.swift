import Foundation
import Interchange
import PersonalDataProtection
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
///
/// Export files hold whole CCCD numbers, so they can be written **encrypted** (roles.md §6: export
/// files at rest are encrypted): each file becomes `<name>.gnenc` (``EncryptedFile``), sealed with
/// a passphrase for the recipient (or the registry key). The plain files are then written only
/// into a private staging folder (mode 0700, hidden, inside the destination, so on the same disk)
/// and removed as soon as their encrypted copies are complete; nothing unencrypted is left in the
/// destination, even when the export fails. The audit entry holds the hashes of the encrypted files,
/// the ones handed out.
public enum RegistryExporter {
    /// Writes `households.<ext>` and `members.<ext>` into `directory`, or with `encryption`
    /// `households.<ext>.gnenc` and `members.<ext>.gnenc`.
    public static func export(
        from store: any RegistryStore, selection: HouseholdSelection, description: String, to directory: URL,
        format: ExportFormat, headers: ExportHeaders, access: AccessContext, encryption: EncryptedFile.Secret? = nil
    ) throws -> ExportResult {
        guard let encryption else {
            return try exportPlain(from: store, selection: selection, description: description, to: directory,
                                   format: format, headers: headers, access: access)
        }
        if case .passphrase(let text) = encryption, text.precomposedStringWithCanonicalMapping.count < EncryptedFile.minimumPassphraseLength {
            throw ProtectionError.weakPassphrase(minimum: EncryptedFile.minimumPassphraseLength)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let staging = directory.appendingPathComponent(".giamngheo-export-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: staging) }
        var result = try exportPlain(from: store, selection: selection, description: description + " encrypted", to: staging,
                                     format: format, headers: headers, access: access, audit: false)
        var encrypted: [URL] = []
        for plain in [result.householdsFile, result.membersFile] {
            let target = directory.appendingPathComponent(plain.lastPathComponent + "." + EncryptedFile.fileExtension)
            try EncryptedFile.encrypt(input: plain.path, output: target.path, secret: encryption)
            try FileManager.default.removeItem(at: plain)
            encrypted.append(target)
        }
        result.householdsFile = encrypted[0]
        result.membersFile = encrypted[1]
        try recordExport(result, store: store, description: description + " encrypted", access: access)
        return result
    }

    private static func exportPlain(
        from store: any RegistryStore, selection: HouseholdSelection, description: String, to directory: URL,
        format: ExportFormat, headers: ExportHeaders, access: AccessContext, audit: Bool = true
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
        let result = ExportResult(householdsFile: written.households, membersFile: written.members,
                                  households: written.householdRows, members: written.memberRows)
        if audit { try recordExport(result, store: store, description: description, access: access) }
        return result
    }

    /// The audit entry of an export: rows and the SHA-256 of the files as handed out.
    private static func recordExport(_ result: ExportResult, store: any RegistryStore, description: String,
                                     access: AccessContext) throws {
        let hash = "\(try FileDigest.sha256(of: result.householdsFile));\(try FileDigest.sha256(of: result.membersFile))"
        try store.recordExport(
            ExportRecord(entityType: "household", description: description,
                         rowCount: result.households + result.members, fileHash: hash),
            context: access)
    }
}

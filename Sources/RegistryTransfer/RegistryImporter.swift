import Crypto
import Foundation
import Interchange
import PovertyStandard
import Registry
import Store
import VietnameseText

/// Options of an import (tùy chọn nhập).
public struct ImportOptions: Sendable {
    /// Review year (năm rà soát): households without `reference_date` use 01/09 of it.
    public var reviewYear: Int
    /// Validate and report without writing (`--dry-run`).
    public var dryRun: Bool
    /// Members of the imported households that the file does not list are removed (`--replace-members`).
    public var replaceMembers: Bool
    /// Errors kept in the report (all are counted).
    public var errorCapacity: Int
    /// Today, for births in the future.
    public var today: CivilDate
    /// Admin units `commune_code` is checked against.
    public var catalog: AdminUnitCatalog?

    /// Creates options.
    public init(reviewYear: Int, dryRun: Bool = false, replaceMembers: Bool = false, errorCapacity: Int = 10_000,
                today: CivilDate = MemberFileDecoder.todayInVietnam(), catalog: AdminUnitCatalog? = .shared) {
        self.reviewYear = reviewYear
        self.dryRun = dryRun
        self.replaceMembers = replaceMembers
        self.errorCapacity = errorCapacity
        self.today = today
        self.catalog = catalog
    }
}

/// What an import did (kết quả nhập).
public struct ImportResult: Sendable {
    /// Counts (for a dry run: what the import would do).
    public var counts: ImportCounts
    /// The committed batch; `nil` for a dry run.
    public var batch: ImportBatch?
    /// Whether nothing was written on purpose.
    public var dryRun: Bool
    /// Warnings that did not block the import (unknown columns ignored).
    public var warnings: [ImportError]
}

/// Imports a household file and a member file into a registry store, exactly as
/// data-format.md says: all or nothing, every error reported (file, row, column, value,
/// Vietnamese message, code), upsert by household code, national ids unique across the
/// registry, `--replace-members`, streaming with flat memory.
///
/// One thread reads and validates the files (`HouseholdFileDecoder`, `MemberFileDecoder`)
/// while the calling thread writes batches into the store's import session; a third hashes
/// the files for the batch record. Once any error is found nothing more is written (the
/// transaction will be rolled back) but reading goes on, so the report lists every problem.
public enum RegistryImporter {
    /// Imports `households` and `members` (CSV or XLSX by extension) into `store`.
    ///
    /// - Throws: ``ImportErrorReport`` when any row is invalid (nothing is written);
    ///   ``InterchangeFileError`` when a file cannot be read; a store error when writing fails.
    public static func importFiles(
        households: URL, members: URL, into store: any RegistryStore, options: ImportOptions, access: AccessContext,
        progress: ((RegistryFileSet.Progress) -> Void)? = nil
    ) throws -> ImportResult {
        Trace.mark("import: start")
        let (householdSource, memberSource) = try RegistryFileSet.openSources(households: households, members: members)
        let hashes = FileHashes(households: households, members: members)
        let context = ImportContext(
            access: access, householdsFile: households.lastPathComponent, membersFile: members.lastPathComponent,
            householdsSHA256: "", membersSHA256: "", reviewYear: options.reviewYear, replaceMembers: options.replaceMembers)
        var outcome: (report: ImportErrorReport, counts: ImportCounts)?
        let batch = try store.performImport(context) { session in
            let reader = ImportReader(households: householdSource, members: memberSource, options: options,
                                      session: session, progress: progress)
            reader.reopenMembers = { try RegistryFileSet.openSources(households: households, members: members).members }
            let report = try reader.run(writingInto: session)
            outcome = (report, session.counts)
            guard report.isEmpty, !options.dryRun else { return false }
            session.setFileHashes { try hashes.wait() }
            return true
        }
        guard let outcome else { throw StoreError.constraint(code: "import.aborted", message: "Nhập dữ liệu bị hủy") }
        guard outcome.report.isEmpty else { throw outcome.report.sorted() }
        return ImportResult(counts: outcome.counts, batch: batch, dryRun: options.dryRun, warnings: outcome.report.warnings)
    }
}

/// SHA-256 of both files, computed on a thread of its own while the import runs.
final class FileHashes: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<(String, String), any Error> = .failure(CancellationError())
    private var worker: WorkerThread?

    init(households: URL, members: URL) {
        worker = WorkerThread(name: "giamngheo.hash") { [self] in
            // Lowest CPU priority: hashing takes only what the reader and the writer leave idle
            // (the index builds at the end run on one core), so it does not slow the import.
            #if os(Linux)
            // On Linux who = 0 means the calling thread only (threads are tasks with their own nice value).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            let r = Result { (try FileDigest.sha256(of: households), try FileDigest.sha256(of: members)) }
            lock.lock()
            value = r
            lock.unlock()
        }
    }

    func wait() throws -> (households: String, members: String) {
        worker?.join()
        lock.lock()
        defer { lock.unlock() }
        return try value.get()
    }
}

/// Streams a file through SHA-256 in 1 MiB chunks (hex digest).
///
/// swift-crypto's SHA-256 (BoringSSL, with the processor's SHA instructions where it has them),
/// not the audit log's portable one in `Registry`: the two files of a million households are
/// 560 MB, which the portable one took ≈ 3 s of CPU to hash during every import (6% of the
/// import's CPU under `perf`), room the sealing of CCCD numbers now uses.
enum FileDigest {
    static func sha256(of url: URL) throws -> String {
        guard let stream = InputStream(url: url) else { throw InterchangeFileError(code: .fileUnreadable, file: url.lastPathComponent) }
        stream.open()
        defer { stream.close() }
        var hasher = Crypto.SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBufferPointer { stream.read($0.baseAddress!, maxLength: $0.count) }
            if n < 0 { throw InterchangeFileError(code: .fileUnreadable, file: url.lastPathComponent) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

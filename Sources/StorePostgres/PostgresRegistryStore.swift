import Foundation
import NIOPosix
import PostgresNIO
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// The registry in a PostgreSQL database (kho dữ liệu PostgreSQL), for the national registry and
/// multi-user deployments: the same repository protocols as the SQLite file, on a server that
/// scales past one machine with streaming replicas and partitioning.
///
/// Durability: every write is one transaction; an import is one transaction however large (its
/// rows go through `COPY … FROM STDIN` into an empty registry), so a process killed at any
/// moment leaves the registry as it was before the import. Edits carry the household's version.
///
/// Opening the store applies its migrations when the connecting role owns the schema (or makes
/// a new one), and checks them otherwise; a new database is seeded with the official
/// administrative units. Connections are pooled (`?pool=N`, default 10); see `Connections.swift`
/// for how the synchronous protocols run on PostgresNIO without blocking Swift's cooperative
/// pool.
public final class PostgresRegistryStore: RegistryStore, @unchecked Sendable {
    let pool: ConnectionPool
    /// Where reports and searches go when a hot standby is given; the primary otherwise.
    let readPool: ConnectionPool
    /// The database.
    public let location: PostgresLocation
    /// The shipped units the database was seeded with.
    let catalog: AdminUnitCatalog
    /// Where the async methods do their blocking work (never the cooperative pool).
    let threads: NIOThreadPool
    /// Personal-data reads, appended to the audit log in batches.
    let readAudits: AuditBatcher
    /// Partition of a commune's households.
    let provinces: ProvincePartition

    /// Opens (creating the schema if needed) a registry database.
    ///
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database[?sslmode=…][&pool=N]`.
    ///   - units: the administrative units loaded into a new database.
    ///   - readReplica: a hot standby of the same database for reads that may lag the primary by
    ///     a moment (search, lists, tallies, exports); `nil` reads from the primary.
    public init(url: String, units: AdminUnitCatalog = .shared, readReplica: String? = nil) throws {
        location = try PostgresLocation(url: url)
        catalog = units
        provinces = ProvincePartition(units)
        pool = try ConnectionPool(location)
        if let readReplica {
            readPool = try ConnectionPool(PostgresLocation(url: readReplica))
        } else {
            readPool = pool
        }
        threads = NIOThreadPool(numberOfThreads: max(2, min(8, location.poolSize / 2)))
        threads.start()
        readAudits = PostgresAuditGroupCommit.make(pool: pool, threads: threads)
        do {
            try PostgresMigrator.migrate(pool, catalog: units)
        } catch {
            close()
            throw error
        }
    }

    deinit { shutdown(wait: false) }

    /// Closes the connections and waits until they are closed (also done, without waiting, when
    /// the store is released).
    public func close() { shutdown(wait: true) }

    private func shutdown(wait: Bool) {
        pool.shutdown(wait: wait)
        if readPool !== pool { readPool.shutdown(wait: wait) }
        threads.shutdownGracefully { _ in }
    }

    /// `body` on a connection to the primary, for reads that must see the latest writes (who is
    /// signed in, review dossiers); when the primary cannot be reached and a hot standby is
    /// configured, on the standby, so a signed-in user keeps reading while the primary is down
    /// (issue 5: the server keeps serving reads). Writes never fall back: they fail.
    func withPrimaryOrStandby<T>(_ body: (PGConnection) throws -> T) throws -> T {
        do {
            return try pool.with(body)
        } catch where readPool !== pool && Self.isUnreachable(error) {
            return try readPool.with(body)
        }
    }

    /// Whether `error` says the server could not be reached or the connection was lost (not a
    /// refusal by a running server): no connection, a client-side error without SQLSTATE, or
    /// SQLSTATE classes 08 (connection exception) and 57 (shutdown, operator intervention).
    static func isUnreachable(_ error: any Error) -> Bool {
        if case StoreError.incompatibleDatabase = error { return true }
        guard let e = error as? PostgresStoreError else { return false }
        guard let state = e.sqlState else { return true }
        return state.hasPrefix("08") || state.hasPrefix("57")
    }

    /// `body` on a thread of the store's pool, awaited without holding a cooperative thread.
    func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    // MARK: Import and export

    /// Runs an import in one transaction on one connection. Imports are serialised by an
    /// advisory lock (as SQLite's single writer does): household ids are given in file order.
    public func performImport(
        _ context: ImportContext, _ body: (any RegistryImportSession) throws -> Bool
    ) throws -> ImportBatch? {
        try pool.with { c in
            try c.execute("BEGIN")
            do {
                try c.execute("SELECT pg_advisory_xact_lock(?)", [.int(PostgresLocks.importLock)])
                let session = try PostgresImportSession(c: c, store: self, context: context)
                guard try body(session) else {
                    try c.execute("ROLLBACK")
                    return nil
                }
                let batch = try session.finish()
                try c.execute("COMMIT")
                Trace.mark("import: committed")
                return batch
            } catch {
                do { try c.execute("ROLLBACK") } catch { c.reusable = false }
                throw error
            }
        }
    }

    public func forEachHousehold(in selection: HouseholdSelection, _ body: (StoredHousehold) throws -> Void) throws {
        try readPool.transaction(readOnly: true) { c in
            try Self.forEachHousehold(c, in: selection, provinces: provinces) { _, stored in try body(stored) }
        }
    }

    /// Households per fetch of a streamed read.
    static let fetchSize = 2_000

    /// The households of `selection` with their members, in registry order (province by
    /// province, then as imported), each with its key. Two server-side cursors in the same
    /// order — households, and the members of the same households — read in chunks and merged,
    /// so a whole province streams in constant memory without a sort. Runs inside a transaction.
    static func forEachHousehold(
        _ c: PGConnection, in selection: HouseholdSelection, provinces: ProvincePartition,
        _ body: (_ key: HouseholdKey, StoredHousehold) throws -> Void
    ) throws {
        var filter = SelectionCondition(selection, dialect: .postgres)
        if let communes = selection.communeCodes {
            // Prunes the partitions of other provinces.
            filter.conditions.append("h.province_code = ANY(?)")
            filter.arguments.append(.textList(provinces.codes(ofCommunes: communes)))
        }
        let arguments = [PGArg](filter.arguments)
        try c.execute("DECLARE households NO SCROLL CURSOR FOR " + PostgresRows.householdSelect + filter.whereClause
                      + " ORDER BY h.province_code, h.id", arguments)
        let memberFilter = filter.conditions.isEmpty ? "" : " WHERE (m.province_code, m.household_id) IN (SELECT h.province_code, h.id FROM household h\(filter.whereClause))"
        try c.execute("DECLARE members NO SCROLL CURSOR FOR " + PostgresRows.memberSelect + memberFilter
                      + " ORDER BY m.province_code, m.household_id, m.member_no", arguments)
        defer {
            _ = try? c.execute("CLOSE households")
            _ = try? c.execute("CLOSE members")
        }
        var members: [PGRow] = []
        var next = 0
        var membersDone = false
        func pendingMember() throws -> PGRow? {
            if next == members.count {
                guard !membersDone else { return nil }
                members = try c.query("FETCH \(fetchSize * 4) FROM members")
                next = 0
                if members.isEmpty { membersDone = true; return nil }
            }
            return members[next]
        }
        while true {
            let chunk = try c.query("FETCH \(fetchSize) FROM households")
            if chunk.isEmpty { break }
            for row in chunk {
                let key = HouseholdKey(province: row.string(0), id: row.int64(1) ?? 0)
                var reader = row.columns(from: 2)
                let household = RecordColumns.household(from: &reader)
                var list: [Member] = []
                while let m = try pendingMember() {
                    let mk = HouseholdKey(province: m.string(0), id: m.int64(1) ?? 0)
                    if mk > key { break }
                    if mk == key {
                        var r = m.columns(from: 2)
                        list.append(RecordColumns.member(from: &r, householdCode: household.householdCode))
                    }
                    next += 1
                }
                try body(key, PostgresRows.stored(household, list, row))
            }
        }
    }

    public func recordExport(_ export: ExportRecord, context: AccessContext) throws {
        try pool.transaction { c in
            try PostgresAuditLog.append(c, AuditDraft(
                access: context, action: .export, entityType: export.entityType, entityIDs: [],
                after: export.description, rowCount: export.rowCount, fileHash: export.fileHash))
        }
    }

    // MARK: Households

    public func household(code: String, context: AccessContext) throws -> StoredHousehold? {
        try pool.transaction { c in
            guard let stored = try Self.householdRecord(c, code: code)?.stored else { return nil }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .readPersonal, entityType: "household", entityIDs: [code]))
            return stored
        }
    }

    /// A household with its members and its key.
    static func householdRecord(_ c: PGConnection, code: String, lock: Bool = false) throws
        -> (key: HouseholdKey, stored: StoredHousehold, villageID: Int64)? {
        guard let row = try c.row(PostgresRows.householdByCode + (lock ? " FOR UPDATE OF h" : ""), [.text(code)]) else { return nil }
        let key = HouseholdKey(province: row.string(0), id: row.int64(1) ?? 0)
        var reader = row.columns(from: 2)
        let household = RecordColumns.household(from: &reader)
        let members = try c.query(PostgresRows.memberSelect + " WHERE m.province_code = ? AND m.household_id = ? ORDER BY m.member_no",
                                  [.text(key.province), .int(key.id)]).map { m -> Member in
            var r = m.columns(from: 2)
            return RecordColumns.member(from: &r, householdCode: code)
        }
        return (key, PostgresRows.stored(household, members, row), row.int64(PostgresRows.villageIDColumn) ?? 0)
    }

    public func householdVersions(codes: [String]) throws -> [String: Int] {
        var versions: [String: Int] = [:]
        try pool.with { c in
            for start in stride(from: 0, to: codes.count, by: 50_000) {
                for r in try c.query("""
                    SELECT k.code, h.version FROM household_code k JOIN household h ON h.province_code = k.province_code AND h.id = k.id
                    WHERE k.code = ANY(?)
                    """, [.texts(Array(codes[start..<min(start + 50_000, codes.count)]))]) {
                    versions[r.string(0)] = r.int(1) ?? 0
                }
            }
        }
        return versions
    }

    public func updateHousehold(_ household: Household, expectedVersion: Int, context: AccessContext) throws -> Int {
        try pool.transaction { c in
            guard let (key, current, villageID) = try Self.householdRecord(c, code: household.householdCode, lock: true) else {
                throw StoreError.householdNotFound(code: household.householdCode)
            }
            guard current.version == expectedVersion else {
                throw StoreError.staleVersion(householdCode: household.householdCode, expected: expectedVersion, actual: current.version)
            }
            let newVillage = try PostgresUnits.village(c, commune: household.communeCode, name: household.village)
            // Another spelling of the household's own village is not a change (see `PostgresUnits.village`).
            var household = household
            if newVillage == villageID { household.village = current.household.village }
            let changes = current.household.changes(to: household)
            guard !changes.isEmpty else { return current.version }
            let now = Date()
            let province = provinces.code(ofCommune: household.communeCode)
            let binds = PGBinds()
            RecordColumns.bindValues(household, villageID: newVillage, to: binds)
            binds.bind(current.version + 1)
            binds.bind(RecordColumns.timestamp(now))
            binds.bind(context.account)
            binds.bind(province)
            binds.bind(key.province)
            binds.bind(key.id)
            try c.execute(PostgresRows.updateHouseholdSQL, binds.arguments)
            if province != key.province {
                // A commune in another province: the household's rows move to that partition.
                try c.execute("UPDATE member SET province_code = ? WHERE province_code = ? AND household_id = ?",
                              [.text(province), .text(key.province), .int(key.id)])
                try c.execute("UPDATE household_code SET province_code = ? WHERE id = ?", [.text(province), .int(key.id)])
            }
            try Self.recordChange(c, id: key.id, code: household.householdCode, version: current.version + 1, memberNo: nil,
                                  kind: "updated", changes: changes, context: context, at: now)
            return current.version + 1
        }
    }

    public func updateMember(_ member: Member, expectedVersion: Int, context: AccessContext) throws -> Int {
        try pool.transaction { c in
            guard let row = try c.row("""
                SELECT h.province_code, h.id, h.version FROM household_code k
                JOIN household h ON h.province_code = k.province_code AND h.id = k.id WHERE k.code = ? FOR UPDATE OF h
                """, [.text(member.householdCode)]) else {
                throw StoreError.householdNotFound(code: member.householdCode)
            }
            let key = HouseholdKey(province: row.string(0), id: row.int64(1) ?? 0), version = row.int(2) ?? 0
            guard version == expectedVersion else {
                throw StoreError.staleVersion(householdCode: member.householdCode, expected: expectedVersion, actual: version)
            }
            guard let oldRow = try c.row(PostgresRows.memberSelect + " WHERE m.province_code = ? AND m.household_id = ? AND m.member_no = ?",
                                         [.text(key.province), .int(key.id), .int(member.memberNo)]) else {
                throw StoreError.memberNotFound(householdCode: member.householdCode, memberNo: member.memberNo)
            }
            var reader = oldRow.columns(from: 2)
            let old = RecordColumns.member(from: &reader, householdCode: member.householdCode)
            let changes = old.changes(to: member)
            guard !changes.isEmpty else { return version }
            if let nid = member.nationalID, nid != old.nationalID,
               let other = try c.row("""
                   SELECT k.code, m.member_no FROM member m JOIN household_code k ON k.id = m.household_id
                   WHERE m.national_id = ? AND NOT (m.household_id = ? AND m.member_no = ?) LIMIT 1
                   """, [.text(nid), .int(key.id), .int(member.memberNo)]) {
                throw StoreError.constraint(
                    code: "national_id.duplicate",
                    message: "Số CCCD \(nid) đã dùng cho thành viên STT \(other.int(1) ?? 0) của hộ \(other.string(0))")
            }
            let binds = PGBinds()
            RecordColumns.bindValues(member, nameID: try PostgresNames.id(of: member.fullName, c), to: binds)
            binds.bind(key.province)
            binds.bind(key.id)
            binds.bind(member.memberNo)
            try c.execute(PostgresRows.updateMemberSQL, binds.arguments)
            let now = Date()
            try c.execute("UPDATE household SET version = ?, updated_at = ?, updated_by = ? WHERE province_code = ? AND id = ?",
                          [.int(version + 1), .text(RecordColumns.timestamp(now)), .text(context.account), .text(key.province), .int(key.id)])
            try Self.recordChange(c, id: key.id, code: member.householdCode, version: version + 1, memberNo: member.memberNo,
                                  kind: "updated", changes: changes, context: context, at: now)
            return version + 1
        }
    }

    /// A version row and the audit entry of one edit.
    static func recordChange(_ c: PGConnection, id: Int64, code: String, version: Int, memberNo: Int?, kind: String,
                             changes: [FieldChange], context: AccessContext, at: Date) throws {
        let before = FieldChanges.json(changes, side: .before), after = FieldChanges.json(changes, side: .after)
        try c.execute("""
            INSERT INTO household_change (household_id, version, member_no, kind, at, account, batch_id, before, after)
            VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """, [.int(id), .int(version), .int(memberNo), .text(kind), .text(RecordColumns.timestamp(at)), .text(context.account),
                  .text(before), .text(after)])
        try PostgresAuditLog.append(c, AuditDraft(
            access: context, action: .update, entityType: memberNo == nil ? "household" : "member",
            entityIDs: [memberNo.map { "\(code)#\($0)" } ?? code], before: before, after: after), at: at)
    }

    public func counts() throws -> (households: Int, members: Int) {
        try readPool.with { c in
            let row = try c.row("SELECT (SELECT count(*) FROM household), (SELECT count(*) FROM member)")
            return (row?.int(0) ?? 0, row?.int(1) ?? 0)
        }
    }

    // MARK: Audit

    public func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry] {
        try pool.with { c in try PostgresAuditLog.entries(c, filter) }
    }

    public func verifyAuditChain() throws -> Int64? {
        try pool.transaction(readOnly: true) { c in try PostgresAuditLog.verify(c) }
    }
}

/// Where a household's rows are: its partition and id.
struct HouseholdKey: Hashable, Comparable, Sendable {
    var province: String
    var id: Int64

    static func < (a: HouseholdKey, b: HouseholdKey) -> Bool {
        // Byte order, as the `C` collation sorts the partition key.
        a.province != b.province ? Array(a.province.utf8).lexicographicallyPrecedes(b.province.utf8) : a.id < b.id
    }
}

/// Keys of the advisory locks the store takes.
enum PostgresLocks {
    /// Held by an import for its whole transaction.
    static let importLock: Int64 = 0x6769_616D_0001
    /// Held from an audit append to the end of its transaction: the hash chain's order.
    static let auditLock: Int64 = 0x6769_616D_0002
    /// Held by migrations.
    static let migrationLock: Int64 = 0x6769_616D_0003
    /// Held by a review write for its whole transaction: review steps read a dossier, change it
    /// and write it back one at a time, as SQLite's single writer runs them.
    static let reviewLock: Int64 = 0x6769_616D_0004
}

/// The province partition of a commune's households (phân vùng theo tỉnh): the 2025 province of
/// the commune, a legacy commune through its default conversion, `00` when unknown.
struct ProvincePartition: Sendable {
    private let byCommune: [String: String]

    init(_ catalog: AdminUnitCatalog) {
        var map: [String: String] = [:]
        for c in catalog.legacy.communes {
            if let target = catalog.defaultTarget(ofLegacyCommune: c.code) { map[c.code] = target.provinceCode }
        }
        for c in catalog.current.communes { map[c.code] = c.provinceCode }
        byCommune = map
    }

    func code(ofCommune commune: String) -> String { byCommune[commune] ?? "00" }

    /// The partitions holding the households of `communes`.
    func codes(ofCommunes communes: Set<String>) -> [String] {
        Set(communes.map(code(ofCommune:))).sorted()
    }
}

/// Collects bound values for a statement (``ValueSink``).
final class PGBinds: ValueSink {
    var arguments: [PGArg] = []

    func bind(_ text: String?) { arguments.append(.text(text)) }
    func bind(static text: StaticString?) { arguments.append(.text(text.map { $0.description })) }
    func bind(_ value: Int?) { arguments.append(.int(value)) }
    func bind(_ value: Int64?) { arguments.append(.int(value)) }
    func bind(_ value: Bool?) { arguments.append(.bool(value)) }
    func bind(_ value: Double?) { arguments.append(.double(value)) }
}

/// Statements reading and writing households and members.
enum PostgresRows {
    /// `h.province_code, h.id`, then ``RecordColumns/householdReadColumns``, then bookkeeping and `h.village_id`.
    static let householdSelect = "SELECT h.province_code, h.id, "
        + (RecordColumns.householdReadColumns + ["h.version", "h.created_at", "h.updated_at", "h.updated_by", "h.village_id"])
            .joined(separator: ", ")
        + " FROM household h JOIN village v ON v.id = h.village_id"

    /// Position of `version` in ``householdSelect``.
    static let versionColumn = 2 + RecordColumns.householdReadColumns.count
    static let villageIDColumn = versionColumn + 4

    /// ``householdSelect`` of the household with the code bound first.
    static let householdByCode = householdSelect.replacingOccurrences(
        of: " FROM household h JOIN", with: " FROM household_code k JOIN household h ON h.province_code = k.province_code AND h.id = k.id JOIN")
        + " WHERE k.code = ?"

    static func stored(_ household: Household, _ members: [Member], _ row: PGRow) -> StoredHousehold {
        StoredHousehold(household: household, members: members, version: row.int(versionColumn) ?? 1,
                        createdAt: RecordColumns.date(fromTimestamp: row.string(versionColumn + 1)),
                        updatedAt: RecordColumns.date(fromTimestamp: row.string(versionColumn + 2)),
                        updatedBy: row.string(versionColumn + 3))
    }

    /// `m.province_code`, then ``RecordColumns/memberColumns`` qualified by `m.`.
    static let memberSelect = "SELECT m.province_code, " + RecordColumns.memberColumns.map { "m.\($0)" }.joined(separator: ", ") + " FROM member m"

    static let updateHouseholdSQL: String = {
        let sets = RecordColumns.householdValueColumns.map { "\($0) = ?" } + ["version = ?", "updated_at = ?", "updated_by = ?", "province_code = ?"]
        return "UPDATE household SET \(sets.joined(separator: ", ")) WHERE province_code = ? AND id = ?"
    }()

    static let updateMemberSQL: String = {
        let sets = RecordColumns.memberColumns.dropFirst(2).map { "\($0) = ?" }
        return "UPDATE member SET \(sets.joined(separator: ", ")) WHERE province_code = ? AND household_id = ? AND member_no = ?"
    }()

    /// Columns of a new household row, in the order ``PostgresImportSession`` writes them.
    static let householdInsertColumns = ["province_code", "id", "code"] + RecordColumns.householdValueColumns
        + RecordColumns.householdBookkeepingColumns

    /// Columns of a new member row.
    static let memberInsertColumns = ["province_code"] + RecordColumns.memberColumns
}

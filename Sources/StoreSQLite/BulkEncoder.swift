import Foundation
import GRDB
import PersonalDataProtection
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// Rows of a bulk load, encoded: households and members as ``RowBuffer``s in table column
/// order, plus the villages, names and status records they need.
///
/// A batch holds households or members (only the one at the switch between the files holds
/// both): each buffer reserves its room at its first row, so a batch of members does not also
/// hold a household buffer's worth of memory while it waits in the channel.
final class EncodedBatch: EncodedRows, @unchecked Sendable {
    let households = RowBuffer(slots: 0, bytes: 0)
    @exclusivity(unchecked) var householdRows = 0
    let members = RowBuffer(slots: 0, bytes: 0)
    @exclusivity(unchecked) var memberRows = 0
    var newVillages: [(id: Int64, commune: String, name: String, key: String)] = []
    var newNames: [(id: Int64, key: String, given: String)] = []
    var statuses: [(household: Int64, effective: String, class: String, standard: String?)] = []
    /// Members' CCCD numbers to seal: the slot of their `national_id_sealed` value (the hash's
    /// follows) and the number. Filled on the reading thread, sealed on the sealing stage.
    var pendingSeals: [(slot: Int, nationalID: String)] = []
    /// Signalled once ``pendingSeals`` are in the member rows: the writer waits for it.
    let sealed = DispatchSemaphore(value: 0)
}

/// Encodes new rows on the reading thread (see ``BulkRowEncoder``): assigns household ids in
/// file order from the session's first id, village and name ids from their own counters (new
/// villages and names travel with the batch), and renders every column once.
///
/// CCCD numbers are sealed and hashed on a stage of their own, a serial queue between this
/// thread and the writer: each batch goes there when taken, and the writer waits for it before
/// binding. Sealing costs ≈ 1–3 µs a number through swift-crypto, ≈ 6 s for the 2.7M numbers of
/// a million households; on the reading thread, already the slower of the two, that all added
/// to the import, while as a third stage it runs on whichever core has room.
final class SQLiteBulkEncoder: BulkRowEncoder {
    // Used by one thread only (the reader's), per value of millions of rows: no dynamic
    // exclusivity checks.
    @exclusivity(unchecked) private var batch = EncodedBatch()
    @exclusivity(unchecked) private var nextHouseholdID: Int64
    private let firstHouseholdID: Int64
    @exclusivity(unchecked) private var nextVillageID: Int64
    @exclusivity(unchecked) private var nextNameID: Int64
    @exclusivity(unchecked) private var villages = FoldedIDs()
    @exclusivity(unchecked) private var names = FoldedIDs()
    private let now: String
    private let startedAt: Date
    private let account: String
    private let batchID: Int64
    /// The sealing stage (see above) and what it seals with.
    private let sealing = DispatchQueue(label: "giamngheo.import.seal")
    private let cipher: NationalIDCipher
    private let sealer: NationalIDBatchSealer

    init(db: Database, firstHouseholdID: Int64, startedAt: Date, account: String, batchID: Int64, cipher: NationalIDCipher) throws {
        self.cipher = cipher
        sealer = NationalIDBatchSealer(cipher: cipher)
        self.firstHouseholdID = firstHouseholdID
        self.startedAt = startedAt
        let now = RowMapping.timestamp(startedAt)
        nextHouseholdID = firstHouseholdID
        self.now = now
        self.account = account
        self.batchID = batchID
        nextVillageID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM village") ?? 1
        nextNameID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM person_name") ?? 1
        for row in try Row.fetchAll(db, sql: "SELECT id, commune_code, name_key FROM village") {
            villages.seed(scope: row[1], key: row[2], id: row[0])
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, name_key FROM person_name") { names.seed(scope: "", key: row[1], id: row[0]) }
    }

    var pendingRows: Int { batch.householdRows + batch.memberRows }

    func take() -> any EncodedRows {
        resolveNames()
        let done = batch
        batch = EncodedBatch()
        if done.pendingSeals.isEmpty {
            done.sealed.signal()
        } else {
            let cipher = cipher, sealer = sealer
            sealing.async {
                let rows = done.members
                for p in done.pendingSeals {
                    sealer.seal(p.nationalID) { rows.setBlob($0, at: p.slot) }
                    cipher.lookupHash(p.nationalID) { rows.setBlob($0, at: p.slot + 1) }
                }
                done.pendingSeals = []
                done.sealed.signal()
            }
        }
        return done
    }

    func encode(_ household: Household) {
        let id = nextHouseholdID
        nextHouseholdID += 1
        let village = villageID(commune: household.communeCode, name: household.village)
        let s = batch.households
        if batch.householdRows == 0 { s.reserve(slots: 2_048 * RowMapping.householdColumnCount, bytes: 2_048 * 160) }
        s.bind(id)
        s.bind(household.householdCode)
        RowMapping.bindValues(household, villageID: village, to: s)
        s.bind(1)
        s.bind(now)
        s.bind(account)
        s.bind(batchID)
        s.bind(now)
        s.bind(account)
        batch.householdRows += 1
        if let status = RowMapping.importedStatus(of: household, at: startedAt, by: account) {
            batch.statuses.append((id, status.effectiveDate.isoString, status.recognisedClass.rawValue, status.standardID))
        }
    }

    func encode(_ member: Member, householdOrdinal: Int) {
        // The name's id is filled in later, for a group of members at once (see `resolveNames`).
        let s = batch.members
        // ≈ 72 bytes of text per member, plus 60 for a CCCD (sealed 40, hash 16, last 4).
        if batch.memberRows == 0 { s.reserve(slots: 2_048 * RowMapping.memberColumns.count, bytes: 2_048 * 132) }
        pendingNames.append((s.slots.count + nameIDColumn, member.fullName, FoldedIDs.hash(scope: "", text: member.fullName)))
        if let id = member.nationalID { batch.pendingSeals.append((s.slots.count + sealedColumn, id)) }
        s.bind(firstHouseholdID + Int64(householdOrdinal))
        s.bind(member.memberNo)
        RowMapping.bindValues(member, nameID: 0, cipher: nil, to: s)
        batch.memberRows += 1
        if pendingNames.count == Self.nameGroup { resolveNames() }
    }

    /// Members whose name id is still 0 in `batch.members`: the slot, the name and its hash.
    @exclusivity(unchecked) private var pendingNames: [(slot: Int, name: String, hash: UInt64)] = []
    private let nameIDColumn = RowMapping.memberNameIDColumn
    private let sealedColumn = RowMapping.memberSealedColumn
    private static let nameGroup = 32
    /// Where the prefetching reads go, so they are not optimised away.
    @exclusivity(unchecked) private var prefetched: UInt64 = 0

    /// Gives the pending members their name ids, in file order (new names get ids in the order
    /// they first appear, as one at a time would). The name table is larger than the CPU
    /// caches: reading every name's slot first, then every stored key, and only then looking
    /// the names up lets the cache misses of the group overlap.
    private func resolveNames() {
        guard !pendingNames.isEmpty else { return }
        var touched: UInt64 = 0
        for p in pendingNames { touched &+= names.prefetch(p.hash) }
        for p in pendingNames { touched &+= names.prefetchKey(p.hash) }
        prefetched &+= touched
        let s = batch.members
        for p in pendingNames { s.slots[p.slot].value = nameID(p.name) }
        pendingNames.removeAll(keepingCapacity: true)
    }

    private func villageID(commune: String, name: String) -> Int64 {
        villages.id(scope: commune, text: name, fold: VietnameseText.fold) { key in
            let id = nextVillageID
            nextVillageID += 1
            batch.newVillages.append((id, commune, name, key))
            return id
        }
    }

    private func nameID(_ fullName: String) -> Int64 {
        names.id(scope: "", text: fullName, fold: NameSearchKey.fullName) { key in
            let id = nextNameID
            nextNameID += 1
            batch.newNames.append((id, key, NameSearchKey.givenNameFirst(fullName)))
            return id
        }
    }
}

extension SQLiteImportSession {
    func makeBulkEncoder() throws -> (any BulkRowEncoder)? {
        guard startedEmpty else { return nil }
        return try SQLiteBulkEncoder(db: db, firstHouseholdID: firstHouseholdID, startedAt: startedAt,
                                     account: context.access.account, batchID: batchID, cipher: cipher)
    }

    func writeEncoded(_ rows: any EncodedRows) throws {
        guard let batch = rows as? EncodedBatch else { return }
        if Trace.enabled {
            let start = Date()
            batch.sealed.wait()
            sealWaited += Date().timeIntervalSince(start)
        } else {
            batch.sealed.wait()
        }
        for v in batch.newVillages {
            let s = insertVillageWithID
            s.bind(v.id)
            s.bind(v.commune)
            s.bind(v.name)
            s.bind(v.key)
            s.bind(now)
            s.bind(batchID)
            try s.run()
        }
        for n in batch.newNames {
            let s = insertNameWithID
            s.bind(n.id)
            s.bind(n.key)
            s.bind(n.given)
            try s.run()
        }
        try writeRows(batch.households, rows: batch.householdRows, columns: RowMapping.householdColumnCount,
                      group: insertHouseholds, groupSize: Self.householdsPerInsert, single: insertHousehold)
        try writeRows(batch.members, rows: batch.memberRows, columns: RowMapping.memberColumns.count,
                      group: insertMembers, groupSize: Self.membersPerInsert, single: insertMember)
        for st in batch.statuses {
            let s = insertStatus
            s.bind(st.household)
            s.bind(st.effective)
            s.bind(st.class)
            s.bind(st.standard)
            s.bind(now)
            s.bind(context.access.account)
            try s.run()
        }
        recordEncoded(households: batch.householdRows, members: batch.memberRows, villages: batch.newVillages.count,
                      statuses: batch.statuses.count)
    }

    /// Binds the buffer's rows into groups of `groupSize` (one multi-row INSERT each), the rest
    /// one by one.
    private func writeRows(_ buffer: RowBuffer, rows: Int, columns: Int, group: RawStatement, groupSize: Int,
                           single: RawStatement) throws {
        var slot = 0
        var left = rows
        while left >= groupSize {
            slot = group.bind(buffer, from: slot, count: groupSize * columns)
            try group.run()
            left -= groupSize
        }
        while left > 0 {
            slot = single.bind(buffer, from: slot, count: columns)
            try single.run()
            left -= 1
        }
    }
}

import Foundation
import NIOCore
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// New rows of a bulk load in `COPY` text, one buffer per table (lô dòng cho COPY).
final class PostgresEncodedBatch: EncodedRows, @unchecked Sendable {
    let householdCodes = CopyText()
    let households = CopyText()
    let members = CopyText(capacity: 0)
    let villages = CopyText(capacity: 1024)
    let names = CopyText(capacity: 1024)
    let statuses = CopyText(capacity: 1024)
}

/// Encodes new rows on the reading thread (see ``BulkRowEncoder``): household ids in file order
/// from the session's first id, village and name ids from their own counters (new villages and
/// names travel with the batch), every value rendered once into `COPY` text.
final class PostgresBulkEncoder: BulkRowEncoder {
    private var batch = PostgresEncodedBatch()
    private var nextHouseholdID: Int64
    private let firstHouseholdID: Int64
    private var nextVillageID: Int64
    private var nextNameID: Int64
    private var villages = FoldedIDs()
    private var names = FoldedIDs()
    /// Partition of each household encoded, by ordinal (an index into ``provinceCodes``).
    private var provinceOfOrdinal: [UInt16] = []
    private var provinceCodes: [String] = []
    private var provinceIndex: [String: UInt16] = [:]
    private let provinces: ProvincePartition
    private let now: String
    private let startedAt: Date
    private let account: String
    private let batchID: Int64
    private var householdRows = 0, memberRows = 0, villageRows = 0, nameRows = 0, statusRows = 0

    init(c: PGConnection, firstHouseholdID: Int64, provinces: ProvincePartition, startedAt: Date, account: String, batchID: Int64) throws {
        self.firstHouseholdID = firstHouseholdID
        self.provinces = provinces
        self.startedAt = startedAt
        now = RecordColumns.timestamp(startedAt)
        nextHouseholdID = firstHouseholdID
        self.account = account
        self.batchID = batchID
        let row = try c.row("SELECT (SELECT coalesce(max(id), 0) + 1 FROM village), (SELECT coalesce(max(id), 0) + 1 FROM person_name)")
        nextVillageID = row?.int64(0) ?? 1
        nextNameID = row?.int64(1) ?? 1
        for r in try c.query("SELECT id, commune_code, name_key FROM village") {
            villages.seed(scope: r.string(1), key: r.string(2), id: r.int64(0) ?? 0)
        }
        for r in try c.query("SELECT id, name_key FROM person_name") { names.seed(scope: "", key: r.string(1), id: r.int64(0) ?? 0) }
    }

    var pendingRows: Int { batch.households.rows + batch.members.rows }

    func take() -> any EncodedRows {
        let done = batch
        batch = PostgresEncodedBatch()
        return done
    }

    private func provinceSlot(_ code: String) -> UInt16 {
        if let i = provinceIndex[code] { return i }
        let i = UInt16(provinceCodes.count)
        provinceCodes.append(code)
        provinceIndex[code] = i
        return i
    }

    func encode(_ household: Household) {
        let id = nextHouseholdID
        nextHouseholdID += 1
        let province = provinces.code(ofCommune: household.communeCode)
        provinceOfOrdinal.append(provinceSlot(province))
        let village = villageID(commune: household.communeCode, name: household.village)
        let codes = batch.householdCodes
        codes.bind(household.householdCode)
        codes.bind(id)
        codes.bind(province)
        codes.endRow()
        let s = batch.households
        s.bind(province)
        s.bind(id)
        s.bind(household.householdCode)
        RecordColumns.bindValues(household, villageID: village, to: s)
        PostgresImportSession.bindNewBookkeeping(to: s, now: now, account: account, batch: batchID)
        s.endRow()
        if let status = RecordColumns.importedStatus(of: household, at: startedAt, by: account) {
            let st = batch.statuses
            st.bind(id)
            st.bind(status.effectiveDate.isoString)
            st.bind(status.recognisedClass.rawValue)
            st.bind(status.standardID)
            st.bind("import")
            st.bind(now)
            st.bind(account)
            st.endRow()
        }
    }

    func encode(_ member: Member, householdOrdinal: Int) {
        let s = batch.members
        s.bind(provinceCodes[Int(provinceOfOrdinal[householdOrdinal])])
        s.bind(firstHouseholdID + Int64(householdOrdinal))
        s.bind(member.memberNo)
        RecordColumns.bindValues(member, nameID: nameID(member.fullName), to: s)
        s.endRow()
    }

    private func villageID(commune: String, name: String) -> Int64 {
        villages.id(scope: commune, text: name, fold: VietnameseText.fold) { key in
            let id = nextVillageID
            nextVillageID += 1
            let v = batch.villages
            v.bind(id)
            v.bind(commune)
            v.bind(name)
            v.bind(key)
            v.bind(now)
            v.bind(batchID)
            v.endRow()
            return id
        }
    }

    private func nameID(_ fullName: String) -> Int64 {
        names.id(scope: "", text: fullName, fold: NameSearchKey.fullName) { key in
            let id = nextNameID
            nextNameID += 1
            let n = batch.names
            n.bind(id)
            n.bind(key)
            n.bind(NameSearchKey.givenNameFirst(fullName))
            n.endRow()
            return id
        }
    }
}

extension PostgresImportSession {
    func makeBulkEncoder() throws -> (any BulkRowEncoder)? {
        guard startedEmpty else { return nil }
        return try PostgresBulkEncoder(c: c, firstHouseholdID: firstHouseholdID, provinces: store.provinces, startedAt: startedAt,
                                       account: account, batchID: batchID)
    }

    func writeEncoded(_ rows: any EncodedRows) throws {
        guard let batch = rows as? PostgresEncodedBatch else { return }
        let villages = batch.villages.rows, households = batch.households.rows, members = batch.members.rows
        let statuses = batch.statuses.rows
        let tables: [(String, [String], CopyText)] = [
            ("village", ["id", "commune_code", "name", "name_key", "created_at", "created_batch"], batch.villages),
            ("person_name", ["id", "name_key", "given_key"], batch.names),
            ("household_code", ["code", "id", "province_code"], batch.householdCodes),
            ("household", PostgresRows.householdInsertColumns, batch.households),
            ("member", PostgresRows.memberInsertColumns, batch.members),
            ("status_record", ["household_id", "effective_date", "class", "standard_id", "source", "recorded_at", "recorded_by"], batch.statuses),
        ]
        for (table, columns, text) in tables where !text.isEmpty {
            try c.copy(table: table, columns: columns, data: text.take())
        }
        recordEncoded(households: households, members: members, villages: villages, statuses: statuses)
    }
}

import Foundation
import GRDB
import Store
import Synchronization
import VietnameseText

/// Class tallies of the whole registry on a day, per commune and village (số hộ theo xã, thôn),
/// computed in one sequential pass and kept until the registry changes.
///
/// The dashboard of a province asks for every household's class on two days. Asked in SQL, each
/// household runs two correlated subqueries (its latest status record, its member count): 17–32 s
/// at 1M households (measured with `Benchmarks/web.sh`). Here the households, the member counts
/// and the status records are each read once in household order and merged, which takes about a
/// second at that size; the result is a few thousand rows and is reused while the registry's
/// *generation* stays the same: the newest change (`household_change`), status record and
/// household. Those tables are append-only for what a tally depends on (every household and
/// member write records a change, status records are never updated), so a new generation is
/// exactly "something a tally counts may have changed" — reads, logins and audit entries do not
/// invalidate it. Another process writing to the file (an import from the command line) changes
/// the generation too.
final class TallyCache: Sendable {
    /// A commune and village.
    struct Key: Hashable {
        var communeCode: String
        var villageID: Int64
    }

    /// Households of one commune and village.
    struct Cell: Sendable {
        var communeCode: String
        var villageID: Int64
        var households = 0, persons = 0, poor = 0, nearPoor = 0
    }

    struct Entry: Sendable {
        var generation: [Int64]
        var day: String
        var cells: [Cell]
    }

    private let entries = Mutex<[Entry]>([])
    /// Held while a pass runs: a second caller for the same tallies (the dashboard requested while
    /// the server's start-up warm-up computes them) waits for that pass instead of starting its own.
    private let computing = Mutex<Void>(())

    /// What the cached tallies depend on.
    static func generation(_ db: Database) throws -> [Int64] {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT coalesce(max(id), 0) FROM household_change), (SELECT coalesce(max(seq), 0) FROM status_record),
                   (SELECT coalesce(max(id), 0) FROM household)
            """))
        return row.map { [$0[0], $0[1], $0[2]] } ?? []
    }

    /// The cells on `day` (ISO text), from the cache when the generation matches.
    func cells(_ db: Database, day: String) throws -> [Cell] {
        let generation = try Self.generation(db)
        func cached() -> [Cell]? { entries.withLock { $0.first { $0.generation == generation && $0.day == day }?.cells } }
        if let hit = cached() { return hit }
        return try computing.withLock { _ in
            if let hit = cached() { return hit }
            let cells = try Self.compute(db, day: day)
            entries.withLock { all in
                all.removeAll { $0.generation != generation }
                if all.count >= 8 { all.removeFirst() }
                all.append(Entry(generation: generation, day: day, cells: cells))
            }
            return cells
        }
    }

    /// The days whose tallies are cached (tests of the warm-up).
    var cachedDays: [String] { entries.withLock { $0.map(\.day) } }

    /// One pass over households, members and status records, all in household order.
    static func compute(_ db: Database, day: String) throws -> [Cell] {
        // Households: id, commune, village, in id order.
        var ids: [Int64] = [], cellOf: [Int32] = []
        var cells: [Cell] = []
        var cellIndex: [Key: Int32] = [:]
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM household") ?? 0
        ids.reserveCapacity(count)
        cellOf.reserveCapacity(count)
        let households = try Row.fetchCursor(db, sql: "SELECT id, commune_code, village_id FROM household ORDER BY id")
        while let row = try households.next() {
            let commune: String = row[1]
            let village: Int64 = row[2] ?? 0
            let key = Key(communeCode: commune, villageID: village)
            let index: Int32
            if let known = cellIndex[key] {
                index = known
            } else {
                index = Int32(cells.count)
                cells.append(Cell(communeCode: commune, villageID: village))
                cellIndex[key] = index
            }
            ids.append(row[0])
            cellOf.append(index)
        }
        var members = [Int32](repeating: 0, count: ids.count)
        var classes = [UInt8](repeating: 0, count: ids.count)   // 0 not poor, 1 poor, 2 near-poor

        // Member counts, grouped through the primary key (household_id, member_no): household order.
        var position = 0
        let counts = try Row.fetchCursor(db, sql: "SELECT household_id, count(*) FROM member GROUP BY household_id ORDER BY household_id")
        while let row = try counts.next() {
            let id: Int64 = row[0]
            while position < ids.count && ids[position] < id { position += 1 }
            if position < ids.count && ids[position] == id { members[position] = row[1] }
        }

        // The class on the day (review.md §6.1, as SelectionSQL.classOn): the record with the
        // latest effective date on or before it, a correction winning on the same date, then
        // the later record.
        position = 0
        var best: (date: String, correction: Bool, seq: Int64, cls: UInt8)?
        var bestPosition = -1
        func settle() {
            if bestPosition >= 0, let best { classes[bestPosition] = best.cls }
        }
        let records = try Row.fetchCursor(db, sql: """
            SELECT household_id, effective_date, source = 'correction', seq, class FROM status_record
            WHERE effective_date <= ? ORDER BY household_id
            """, arguments: [day])
        while let row = try records.next() {
            let id: Int64 = row[0]
            while position < ids.count && ids[position] < id { position += 1 }
            guard position < ids.count && ids[position] == id else { continue }
            if position != bestPosition {
                settle()
                bestPosition = position
                best = nil
            }
            let date: String = row[1], correction: Bool = row[2], seq: Int64 = row[3]
            let isBetter: Bool
            if let b = best {
                isBetter = date > b.date || (date == b.date && (correction && !b.correction || correction == b.correction && seq > b.seq))
            } else {
                isBetter = true
            }
            if isBetter {
                let cls: String = row[4]
                best = (date, correction, seq, cls == "poor" ? 1 : cls == "near_poor" ? 2 : 0)
            }
        }
        settle()

        for i in ids.indices {
            let c = Int(cellOf[i])
            cells[c].households += 1
            cells[c].persons += Int(members[i])
            if classes[i] == 1 { cells[c].poor += 1 } else if classes[i] == 2 { cells[c].nearPoor += 1 }
        }
        return cells
    }
}

extension ClassTally {
    mutating func add(_ cell: TallyCache.Cell) {
        households += cell.households
        persons += cell.persons
        poor += cell.poor
        nearPoor += cell.nearPoor
    }
}

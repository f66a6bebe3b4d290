import GRDB
import Store

extension SQLiteRegistryStore {
    public func householdVersions(codes: [String]) throws -> [String: Int] {
        var versions: [String: Int] = [:]
        try pool.read { db in
            // In chunks, so that a file of a million households does not make one huge JSON argument.
            for start in stride(from: 0, to: codes.count, by: 50_000) {
                let chunk = Array(codes[start..<min(start + 50_000, codes.count)])
                let rows = try Row.fetchCursor(db, sql: "SELECT code, version FROM household WHERE code IN (SELECT value FROM json_each(?))",
                                               arguments: [AuditLog.jsonArray(chunk)])
                while let row = try rows.next() { versions[row[0]] = row[1] }
            }
        }
        return versions
    }
}

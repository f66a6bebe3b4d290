import Foundation
import GRDB

/// SQL run on a registry file without the store (a hand edit, as an attacker with the file would).
enum SQLiteDirect {
    static func execute(_ sql: String, path: String) throws {
        let db = try DatabaseQueue(path: path)
        do {
            try db.write { try $0.execute(sql: sql) }
        } catch let error as DatabaseError {
            throw TestServerError(error.message ?? "\(error)")
        }
    }

    static func query(_ sql: String, path: String) throws -> String {
        try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: sql) }.joined(separator: "\n")
    }
}

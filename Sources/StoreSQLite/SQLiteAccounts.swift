import Access
import Foundation
import GRDB
import Registry
import Store
import StoreCore
import VietnameseText

extension SQLiteRegistryStore: AccountStore {
    public func createAccount(_ new: NewAccount, assignments: [Assignment], context: AccessContext) throws -> Account {
        let username = Self.normalisedUsername(new.username)
        let now = Date()
        return try pool.write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE username = ?", arguments: [username]) ?? 0 > 0 {
                throw StoreError.constraint(code: "account.exists", message: "Tên đăng nhập \(username) đã được dùng")
            }
            try db.execute(sql: """
                INSERT INTO account (username, full_name, phone, email, unit_code, state, password_hash, must_change_password, created_at, demo)
                VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)
                """, arguments: [username, VietnameseText.nfc(new.fullName), new.phone, new.email, new.unitCode, new.passwordHash,
                                 new.mustChangePassword, RowMapping.timestamp(now), new.isDemo])
            let id = db.lastInsertedRowID
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .create, entityType: "account", entityIDs: [username],
                                                   after: Self.json(["username": username, "full_name": new.fullName, "unit_code": new.unitCode])))
            for a in assignments { _ = try Self.insertAssignment(db, a, accountID: id, username: username, context: context) }
            return try Self.account(db, id: id)!
        }
    }

    public func account(username: String) throws -> Account? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [Self.normalisedUsername(username)])
                .map(Self.account(from:))
        }
    }

    public func account(id: Int64) throws -> Account? {
        try pool.read { db in try Self.account(db, id: id) }
    }

    public func passwordHash(accountID: Int64) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT password_hash FROM account WHERE id = ?", arguments: [accountID]) }
    }

    public func accounts() throws -> [Account] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY username").map(Self.account(from:)) }
    }

    public func assignments(accountID: Int64) throws -> [Assignment] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM assignment WHERE account_id = ? ORDER BY id", arguments: [accountID]).compactMap { r in
                guard let role = Role(rawValue: r["role"]),
                      let from = RowMapping.parseISODate(r["valid_from"]) else { return nil }
                let villages = (try? JSONDecoder().decode([String].self, from: Data((r["villages"] as String).utf8))) ?? []
                return Assignment(id: r["id"], role: role, unitCode: r["unit_code"], villages: villages,
                                  organisation: (r["organisation"] as String?).flatMap(MassOrganisation.init(rawValue:)),
                                  validFrom: from, validTo: (r["valid_to"] as String?).flatMap(RowMapping.parseISODate),
                                  grantedBy: r["granted_by"], reason: r["reason"])
            }
        }
    }

    @discardableResult
    public func addAssignment(_ assignment: Assignment, accountID: Int64, context: AccessContext) throws -> Assignment {
        try pool.write { db in
            guard let username = try String.fetchOne(db, sql: "SELECT username FROM account WHERE id = ?", arguments: [accountID]) else {
                throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản")
            }
            return try Self.insertAssignment(db, assignment, accountID: accountID, username: username, context: context)
        }
    }

    public func setPassword(accountID: Int64, hash: String, mustChange: Bool, context: AccessContext) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE account SET password_hash = ?, must_change_password = ?, failed_logins = '', locked_until = NULL,
                  state = CASE state WHEN 'locked' THEN 'active' ELSE state END WHERE id = ?
                """, arguments: [hash, mustChange, accountID])
            guard db.changesCount == 1 else { throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản") }
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .update, entityType: "account",
                                                   entityIDs: [try Self.username(db, accountID)],
                                                   after: Self.json(["password": "reset", "must_change_password": mustChange ? "true" : "false"])))
        }
    }

    public func setState(accountID: Int64, _ state: AccountState, context: AccessContext) throws {
        try pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT state FROM account WHERE id = ?", arguments: [accountID])
            guard let before else { throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản") }
            try db.execute(sql: "UPDATE account SET state = ?, failed_logins = '', locked_until = NULL WHERE id = ?",
                           arguments: [state.rawValue, accountID])
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .update, entityType: "account",
                                                   entityIDs: [try Self.username(db, accountID)],
                                                   before: Self.json(["state": before]), after: Self.json(["state": state.rawValue])))
        }
    }

    public func recordFailedLogin(accountID: Int64, at: Date, policy: LockoutPolicy, reason: String?, context: AccessContext) throws -> Account {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [accountID]) else {
                throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản")
            }
            var failures = (row["failed_logins"] as String).split(separator: ";").map { RowMapping.date(fromTimestamp: String($0)) }
            failures.append(at)
            let username: String = row["username"]
            if policy.triggersLock(failures: failures) {
                let lockNo = (row["lock_count"] as Int) + 1
                let until = at.addingTimeInterval(policy.lockDuration(lockNumber: lockNo))
                try db.execute(sql: "UPDATE account SET state = 'locked', lock_count = ?, locked_until = ?, failed_logins = '' WHERE id = ?",
                               arguments: [lockNo, RowMapping.timestamp(until), accountID])
                var after = ["locked_until": RowMapping.timestamp(until)]
                if let reason { after["reason"] = reason }
                try AuditLog.append(db, AuditLog.Draft(access: context, action: .loginFailed, entityType: "account", entityIDs: [username],
                                                       after: Self.json(after)))
            } else {
                try db.execute(sql: "UPDATE account SET failed_logins = ? WHERE id = ?",
                               arguments: [failures.suffix(policy.maxFailures).map(RowMapping.timestamp).joined(separator: ";"), accountID])
                try AuditLog.append(db, AuditLog.Draft(access: context, action: .loginFailed, entityType: "account", entityIDs: [username],
                                                       after: reason.map { Self.json(["reason": $0]) }))
            }
            return try Self.account(db, id: accountID)!
        }
    }

    public func recordLogin(accountID: Int64, at: Date, context: AccessContext) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE account SET last_login = ?, failed_logins = '', lock_count = 0, locked_until = NULL,
                  state = CASE state WHEN 'locked' THEN 'active' ELSE state END WHERE id = ?
                """, arguments: [RowMapping.timestamp(at), accountID])
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .login, entityType: "account",
                                                   entityIDs: [try Self.username(db, accountID)]))
        }
    }

    public func recordUnknownLogin(username: String, context: AccessContext) throws {
        try pool.write { db in
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .loginFailed, entityType: "account",
                                                   entityIDs: [Self.normalisedUsername(username)], after: Self.json(["reason": "unknown_account"])))
        }
    }

    public func createAPIToken(accountID: Int64, name: String, secretHash: String, expiresAt: Date, context: AccessContext) throws -> APIToken {
        let now = Date()
        return try pool.write { db in
            try db.execute(sql: "INSERT INTO api_token (account_id, name, secret_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [accountID, name, secretHash, RowMapping.timestamp(expiresAt), RowMapping.timestamp(now)])
            let id = db.lastInsertedRowID
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .grant, entityType: "api_token",
                                                   entityIDs: [try Self.username(db, accountID), String(id)],
                                                   after: Self.json(["name": name, "expires_at": RowMapping.timestamp(expiresAt)])))
            return APIToken(id: id, accountID: accountID, name: name, expiresAt: expiresAt, createdAt: now)
        }
    }

    public func apiToken(secretHash: String) throws -> (token: APIToken, account: Account)? {
        try pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE secret_hash = ?", arguments: [secretHash]),
                  let account = try Self.account(db, id: r["account_id"]) else { return nil }
            return (Self.token(from: r), account)
        }
    }

    public func apiTokens(accountID: Int64) throws -> [APIToken] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE account_id = ? ORDER BY id", arguments: [accountID]).map(Self.token(from:))
        }
    }

    public func revokeAPIToken(id: Int64, accountID: Int64, context: AccessContext) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                           arguments: [RowMapping.timestamp(Date()), id, accountID])
            guard db.changesCount == 1 else { throw StoreError.constraint(code: "api_token.not_found", message: "Không tìm thấy mã truy cập") }
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .revoke, entityType: "api_token",
                                                   entityIDs: [try Self.username(db, accountID), String(id)]))
        }
    }

    public func mfaEnrolment(accountID: Int64) throws -> MFAEnrolment? {
        try pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT mfa_secret, mfa_enrolled_at, mfa_last_step FROM account WHERE id = ?",
                                           arguments: [accountID]),
                  let secret = r[0] as String? else { return nil }
            return MFAEnrolment(secret: secret, enrolledAt: (r[1] as String?).map(RowMapping.date(fromTimestamp:)) ?? Date(timeIntervalSince1970: 0),
                                lastUsedStep: r[2])
        }
    }

    public func enrolMFA(accountID: Int64, secret: String, confirmedStep: Int64, context: AccessContext) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE account SET mfa_secret = ?, mfa_enrolled_at = ?, mfa_last_step = ? WHERE id = ?",
                           arguments: [secret, RowMapping.timestamp(Date()), confirmedStep, accountID])
            guard db.changesCount == 1 else { throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản") }
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .update, entityType: "account",
                                                   entityIDs: [try Self.username(db, accountID)], after: Self.json(["mfa": "enrolled"])))
        }
    }

    public func resetMFA(accountID: Int64, context: AccessContext) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE account SET mfa_secret = NULL, mfa_enrolled_at = NULL, mfa_last_step = 0 WHERE id = ? AND mfa_secret IS NOT NULL",
                           arguments: [accountID])
            guard db.changesCount == 1 else {
                throw StoreError.constraint(code: "mfa.not_enrolled", message: "Tài khoản chưa bật xác thực hai bước")
            }
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .update, entityType: "account",
                                                   entityIDs: [try Self.username(db, accountID)],
                                                   before: Self.json(["mfa": "enrolled"]), after: Self.json(["mfa": "reset"])))
        }
    }

    public func useMFAStep(accountID: Int64, step: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE account SET mfa_last_step = ? WHERE id = ? AND mfa_secret IS NOT NULL AND mfa_last_step < ?",
                           arguments: [step, accountID, step])
            return db.changesCount == 1
        }
    }

    public func recordSecurityEvent(_ action: String, entityType: String, entityIDs: [String], context: AccessContext) throws {
        guard let action = AuditAction(rawValue: action) else { return }
        try pool.write { db in
            try AuditLog.append(db, AuditLog.Draft(access: context, action: action, entityType: entityType, entityIDs: entityIDs))
        }
    }

    // MARK: Rows

    static func normalisedUsername(_ name: String) -> String { RecordText.normalisedUsername(name) }

    static func insertAssignment(_ db: Database, _ a: Assignment, accountID: Int64, username: String, context: AccessContext) throws -> Assignment {
        let villages = String(decoding: try JSONEncoder().encode(a.villages.map(VietnameseText.nfc)), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO assignment (account_id, role, unit_code, villages, organisation, valid_from, valid_to, granted_by, reason, granted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [accountID, a.role.rawValue, a.unitCode, villages, a.organisation?.rawValue, a.validFrom.isoString,
                             a.validTo?.isoString, a.grantedBy.isEmpty ? context.account : a.grantedBy, a.reason,
                             RowMapping.timestamp(Date())])
        var stored = a
        stored.id = db.lastInsertedRowID
        if stored.grantedBy.isEmpty { stored.grantedBy = context.account }
        try AuditLog.append(db, AuditLog.Draft(access: context, action: .grant, entityType: "assignment",
                                               entityIDs: [username, String(stored.id)],
                                               after: RecordText.assignment(a)))
        return stored
    }

    static func username(_ db: Database, _ id: Int64) throws -> String {
        try String.fetchOne(db, sql: "SELECT username FROM account WHERE id = ?", arguments: [id]) ?? String(id)
    }

    static func account(_ db: Database, id: Int64) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(account(from:))
    }

    static func account(from r: Row) -> Account {
        Account(id: r["id"], username: r["username"], fullName: r["full_name"], phone: r["phone"], email: r["email"],
                unitCode: r["unit_code"], state: AccountState(rawValue: r["state"]) ?? .disabled,
                mustChangePassword: r["must_change_password"],
                lockedUntil: (r["locked_until"] as String?).map(RowMapping.date(fromTimestamp:)),
                createdAt: RowMapping.date(fromTimestamp: r["created_at"]),
                lastLogin: (r["last_login"] as String?).map(RowMapping.date(fromTimestamp:)),
                mfaEnrolled: (r["mfa_secret"] as String?) != nil, isDemo: r["demo"])
    }

    static func token(from r: Row) -> APIToken {
        APIToken(id: r["id"], accountID: r["account_id"], name: r["name"], expiresAt: RowMapping.date(fromTimestamp: r["expires_at"]),
                 createdAt: RowMapping.date(fromTimestamp: r["created_at"]), lastUsed: (r["last_used"] as String?).map(RowMapping.date(fromTimestamp:)),
                 revokedAt: (r["revoked_at"] as String?).map(RowMapping.date(fromTimestamp:)))
    }

    /// A flat JSON object of text values, keys sorted (stable audit entries).
    static func json(_ fields: [String: String]) -> String { RecordText.json(fields) }
}

import Access
import Foundation
import Registry
import Store
import StoreCore
import VietnameseText

extension PostgresRegistryStore: AccountStore {
    static let accountColumns = "id, username, full_name, phone, email, unit_code, state, must_change_password, locked_until, created_at, last_login, "
        + "mfa_secret IS NOT NULL, demo"

    public func createAccount(_ new: NewAccount, assignments: [Assignment], context: AccessContext) throws -> Account {
        let username = RecordText.normalisedUsername(new.username)
        let now = Date()
        return try pool.transaction { c in
            guard let id = try c.row("""
                INSERT INTO account (username, full_name, phone, email, unit_code, state, password_hash, must_change_password, created_at, demo)
                VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id
                """, [.text(username), .text(VietnameseText.nfc(new.fullName)), .text(new.phone), .text(new.email), .text(new.unitCode),
                      .text(new.passwordHash), .bool(new.mustChangePassword), .text(RecordColumns.timestamp(now)),
                      .bool(new.isDemo)])?.int64(0) else {
                throw StoreError.constraint(code: "account.exists", message: "Tên đăng nhập \(username) đã được dùng")
            }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .create, entityType: "account", entityIDs: [username],
                                                      after: RecordText.json(["username": username, "full_name": new.fullName, "unit_code": new.unitCode])))
            for a in assignments { _ = try Self.insertAssignment(c, a, accountID: id, username: username, context: context) }
            return try Self.account(c, id: id)!
        }
    }

    public func account(username: String) throws -> Account? {
        try withPrimaryOrStandby { c in
            try c.row("SELECT \(Self.accountColumns) FROM account WHERE username = ?", [.text(RecordText.normalisedUsername(username))])
                .map(Self.account(from:))
        }
    }

    public func account(id: Int64) throws -> Account? {
        try withPrimaryOrStandby { c in try Self.account(c, id: id) }
    }

    public func passwordHash(accountID: Int64) throws -> String? {
        try pool.with { c in try c.row("SELECT password_hash FROM account WHERE id = ?", [.int(accountID)])?.text(0) }
    }

    public func accounts() throws -> [Account] {
        try pool.with { c in try c.query("SELECT \(Self.accountColumns) FROM account ORDER BY username").map(Self.account(from:)) }
    }

    public func assignments(accountID: Int64) throws -> [Assignment] {
        try withPrimaryOrStandby { c in
            try c.query("""
                SELECT id, role, unit_code, villages, organisation, valid_from, valid_to, granted_by, reason
                FROM assignment WHERE account_id = ? ORDER BY id
                """, [.int(accountID)]).compactMap { r in
                guard let role = Role(rawValue: r.string(1)), let from = RecordColumns.parseISODate(r.string(5)) else { return nil }
                return Assignment(id: r.int64(0) ?? 0, role: role, unitCode: r.string(2), villages: JSONStringArray.decode(r.string(3)) ?? [],
                                  organisation: r.text(4).flatMap(MassOrganisation.init(rawValue:)),
                                  validFrom: from, validTo: r.text(6).flatMap(RecordColumns.parseISODate),
                                  grantedBy: r.string(7), reason: r.string(8))
            }
        }
    }

    @discardableResult
    public func addAssignment(_ assignment: Assignment, accountID: Int64, context: AccessContext) throws -> Assignment {
        try pool.transaction { c in
            guard let username = try c.row("SELECT username FROM account WHERE id = ?", [.int(accountID)])?.text(0) else {
                throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản")
            }
            return try Self.insertAssignment(c, assignment, accountID: accountID, username: username, context: context)
        }
    }

    public func setPassword(accountID: Int64, hash: String, mustChange: Bool, context: AccessContext) throws {
        try pool.transaction { c in
            let changed = try c.execute("""
                UPDATE account SET password_hash = ?, must_change_password = ?, failed_logins = '', locked_until = NULL,
                  state = CASE state WHEN 'locked' THEN 'active' ELSE state END WHERE id = ?
                """, [.text(hash), .bool(mustChange), .int(accountID)])
            guard changed == 1 else { throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản") }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .update, entityType: "account",
                                                      entityIDs: [try Self.username(c, accountID)],
                                                      after: RecordText.json(["password": "reset", "must_change_password": mustChange ? "true" : "false"])))
        }
    }

    public func setState(accountID: Int64, _ state: AccountState, context: AccessContext) throws {
        try pool.transaction { c in
            guard let before = try c.row("SELECT state FROM account WHERE id = ? FOR UPDATE", [.int(accountID)])?.text(0) else {
                throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản")
            }
            try c.execute("UPDATE account SET state = ?, failed_logins = '', locked_until = NULL WHERE id = ?",
                          [.text(state.rawValue), .int(accountID)])
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .update, entityType: "account",
                                                      entityIDs: [try Self.username(c, accountID)],
                                                      before: RecordText.json(["state": before]), after: RecordText.json(["state": state.rawValue])))
        }
    }

    public func recordFailedLogin(accountID: Int64, at: Date, policy: LockoutPolicy, reason: String?, context: AccessContext) throws -> Account {
        try pool.transaction { c in
            guard let row = try c.row("SELECT failed_logins, lock_count, username FROM account WHERE id = ? FOR UPDATE", [.int(accountID)]) else {
                throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản")
            }
            var failures = row.string(0).split(separator: ";").map { RecordColumns.date(fromTimestamp: String($0)) }
            failures.append(at)
            let username = row.string(2)
            if policy.triggersLock(failures: failures) {
                let lockNo = (row.int(1) ?? 0) + 1
                let until = at.addingTimeInterval(policy.lockDuration(lockNumber: lockNo))
                try c.execute("UPDATE account SET state = 'locked', lock_count = ?, locked_until = ?, failed_logins = '' WHERE id = ?",
                              [.int(lockNo), .text(RecordColumns.timestamp(until)), .int(accountID)])
                var after = ["locked_until": RecordColumns.timestamp(until)]
                if let reason { after["reason"] = reason }
                try PostgresAuditLog.append(c, AuditDraft(access: context, action: .loginFailed, entityType: "account", entityIDs: [username],
                                                          after: RecordText.json(after)))
            } else {
                try c.execute("UPDATE account SET failed_logins = ? WHERE id = ?",
                              [.text(failures.suffix(policy.maxFailures).map(RecordColumns.timestamp).joined(separator: ";")), .int(accountID)])
                try PostgresAuditLog.append(c, AuditDraft(access: context, action: .loginFailed, entityType: "account", entityIDs: [username],
                                                          after: reason.map { RecordText.json(["reason": $0]) }))
            }
            return try Self.account(c, id: accountID)!
        }
    }

    public func recordLogin(accountID: Int64, at: Date, context: AccessContext) throws {
        try pool.transaction { c in
            try c.execute("""
                UPDATE account SET last_login = ?, failed_logins = '', lock_count = 0, locked_until = NULL,
                  state = CASE state WHEN 'locked' THEN 'active' ELSE state END WHERE id = ?
                """, [.text(RecordColumns.timestamp(at)), .int(accountID)])
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .login, entityType: "account",
                                                      entityIDs: [try Self.username(c, accountID)]))
        }
    }

    public func recordUnknownLogin(username: String, context: AccessContext) throws {
        try pool.transaction { c in
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .loginFailed, entityType: "account",
                                                      entityIDs: [RecordText.normalisedUsername(username)],
                                                      after: RecordText.json(["reason": "unknown_account"])))
        }
    }

    public func createAPIToken(accountID: Int64, name: String, secretHash: String, expiresAt: Date, context: AccessContext) throws -> APIToken {
        let now = Date()
        return try pool.transaction { c in
            let id = try c.row("""
                INSERT INTO api_token (account_id, name, secret_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id
                """, [.int(accountID), .text(name), .text(secretHash), .text(RecordColumns.timestamp(expiresAt)),
                      .text(RecordColumns.timestamp(now))])?.int64(0) ?? 0
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .grant, entityType: "api_token",
                                                      entityIDs: [try Self.username(c, accountID), String(id)],
                                                      after: RecordText.json(["name": name, "expires_at": RecordColumns.timestamp(expiresAt)])))
            return APIToken(id: id, accountID: accountID, name: name, expiresAt: expiresAt, createdAt: now)
        }
    }

    static let tokenColumns = "id, account_id, name, expires_at, created_at, last_used, revoked_at"

    public func apiToken(secretHash: String) throws -> (token: APIToken, account: Account)? {
        try withPrimaryOrStandby { c in
            guard let r = try c.row("SELECT \(Self.tokenColumns) FROM api_token WHERE secret_hash = ?", [.text(secretHash)]),
                  let account = try Self.account(c, id: r.int64(1) ?? 0) else { return nil }
            return (Self.token(from: r), account)
        }
    }

    public func apiTokens(accountID: Int64) throws -> [APIToken] {
        try pool.with { c in
            try c.query("SELECT \(Self.tokenColumns) FROM api_token WHERE account_id = ? ORDER BY id", [.int(accountID)]).map(Self.token(from:))
        }
    }

    public func revokeAPIToken(id: Int64, accountID: Int64, context: AccessContext) throws {
        try pool.transaction { c in
            let changed = try c.execute("UPDATE api_token SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                                        [.text(RecordColumns.timestamp(Date())), .int(id), .int(accountID)])
            guard changed == 1 else { throw StoreError.constraint(code: "api_token.not_found", message: "Không tìm thấy mã truy cập") }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .revoke, entityType: "api_token",
                                                      entityIDs: [try Self.username(c, accountID), String(id)]))
        }
    }

    public func mfaEnrolment(accountID: Int64) throws -> MFAEnrolment? {
        try pool.with { c in
            guard let r = try c.row("SELECT mfa_secret, mfa_enrolled_at, mfa_last_step FROM account WHERE id = ?", [.int(accountID)]),
                  let secret = r.text(0) else { return nil }
            return MFAEnrolment(secret: secret, enrolledAt: r.text(1).map(RecordColumns.date(fromTimestamp:)) ?? Date(timeIntervalSince1970: 0),
                                lastUsedStep: r.int64(2) ?? 0)
        }
    }

    public func enrolMFA(accountID: Int64, secret: String, confirmedStep: Int64, context: AccessContext) throws {
        try pool.transaction { c in
            let changed = try c.execute("UPDATE account SET mfa_secret = ?, mfa_enrolled_at = ?, mfa_last_step = ? WHERE id = ?",
                                        [.text(secret), .text(RecordColumns.timestamp(Date())), .int(confirmedStep), .int(accountID)])
            guard changed == 1 else { throw StoreError.constraint(code: "account.not_found", message: "Không tìm thấy tài khoản") }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .update, entityType: "account",
                                                      entityIDs: [try Self.username(c, accountID)], after: RecordText.json(["mfa": "enrolled"])))
        }
    }

    public func resetMFA(accountID: Int64, context: AccessContext) throws {
        try pool.transaction { c in
            let changed = try c.execute("""
                UPDATE account SET mfa_secret = NULL, mfa_enrolled_at = NULL, mfa_last_step = 0 WHERE id = ? AND mfa_secret IS NOT NULL
                """, [.int(accountID)])
            guard changed == 1 else {
                throw StoreError.constraint(code: "mfa.not_enrolled", message: "Tài khoản chưa bật xác thực hai bước")
            }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .update, entityType: "account",
                                                      entityIDs: [try Self.username(c, accountID)],
                                                      before: RecordText.json(["mfa": "enrolled"]), after: RecordText.json(["mfa": "reset"])))
        }
    }

    /// One conditional UPDATE: of two sign-ins with the same code, whichever commits first wins.
    public func useMFAStep(accountID: Int64, step: Int64) throws -> Bool {
        try pool.with { c in
            try c.execute("UPDATE account SET mfa_last_step = ? WHERE id = ? AND mfa_secret IS NOT NULL AND mfa_last_step < ?",
                          [.int(step), .int(accountID), .int(step)]) == 1
        }
    }

    public func recordSecurityEvent(_ action: String, entityType: String, entityIDs: [String], context: AccessContext) throws {
        guard let action = AuditAction(rawValue: action) else { return }
        try pool.transaction { c in
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: action, entityType: entityType, entityIDs: entityIDs))
        }
    }

    // MARK: Rows

    static func insertAssignment(_ c: PGConnection, _ a: Assignment, accountID: Int64, username: String, context: AccessContext) throws -> Assignment {
        let villages = JSONStringArray.encode(a.villages.map(VietnameseText.nfc))
        var stored = a
        stored.id = try c.row("""
            INSERT INTO assignment (account_id, role, unit_code, villages, organisation, valid_from, valid_to, granted_by, reason, granted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [.int(accountID), .text(a.role.rawValue), .text(a.unitCode), .text(villages), .text(a.organisation?.rawValue),
                  .text(a.validFrom.isoString), .text(a.validTo?.isoString), .text(a.grantedBy.isEmpty ? context.account : a.grantedBy),
                  .text(a.reason), .text(RecordColumns.timestamp(Date()))])?.int64(0) ?? 0
        if stored.grantedBy.isEmpty { stored.grantedBy = context.account }
        try PostgresAuditLog.append(c, AuditDraft(access: context, action: .grant, entityType: "assignment",
                                                  entityIDs: [username, String(stored.id)],
                                                  after: RecordText.assignment(a)))
        return stored
    }

    static func username(_ c: PGConnection, _ id: Int64) throws -> String {
        try c.row("SELECT username FROM account WHERE id = ?", [.int(id)])?.text(0) ?? String(id)
    }

    static func account(_ c: PGConnection, id: Int64) throws -> Account? {
        try c.row("SELECT \(accountColumns) FROM account WHERE id = ?", [.int(id)]).map(account(from:))
    }

    static func account(from r: PGRow) -> Account {
        Account(id: r.int64(0) ?? 0, username: r.string(1), fullName: r.string(2), phone: r.text(3), email: r.text(4),
                unitCode: r.string(5), state: AccountState(rawValue: r.string(6)) ?? .disabled,
                mustChangePassword: r.bool(7) ?? false,
                lockedUntil: r.text(8).map(RecordColumns.date(fromTimestamp:)),
                createdAt: RecordColumns.date(fromTimestamp: r.string(9)),
                lastLogin: r.text(10).map(RecordColumns.date(fromTimestamp:)), mfaEnrolled: r.bool(11) ?? false, isDemo: r.bool(12) ?? false)
    }

    static func token(from r: PGRow) -> APIToken {
        APIToken(id: r.int64(0) ?? 0, accountID: r.int64(1) ?? 0, name: r.string(2), expiresAt: RecordColumns.date(fromTimestamp: r.string(3)),
                 createdAt: RecordColumns.date(fromTimestamp: r.string(4)), lastUsed: r.text(5).map(RecordColumns.date(fromTimestamp:)),
                 revokedAt: r.text(6).map(RecordColumns.date(fromTimestamp:)))
    }
}

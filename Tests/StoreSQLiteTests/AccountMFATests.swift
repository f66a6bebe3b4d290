import Access
import Foundation
import GRDB
import Registry
import Store
import StoreSQLite
import StoreTestSupport
import Testing
import VietnameseText

@Suite("Accounts: second factor and demo flag")
struct AccountMFATests {
    static func account(_ store: any FullStore, _ name: String, demo: Bool = false) throws -> Account {
        try store.createAccount(NewAccount(username: name, fullName: "Thử \(name)", unitCode: "42", passwordHash: "x", mustChangePassword: false,
                                           isDemo: demo),
                                assignments: [Assignment(role: .province, unitCode: "42", validFrom: CivilDate(year: 2026, month: 1, day: 1))],
                                context: tester)
    }

    @Test("enrol, use steps only forward (no replay), reset; the secret is never audited", arguments: backends)
    func steps(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let registry = try dir.registry(backend, "a")
        let store = try registry.open()
        let a = try Self.account(store, "tinh.mot")
        #expect(a.mfaEnrolled == false && a.isDemo == false)
        #expect(try store.mfaEnrolment(accountID: a.id) == nil)
        #expect(try store.useMFAStep(accountID: a.id, step: 10) == false, "no factor, no step")
        try store.enrolMFA(accountID: a.id, secret: "JBSWY3DPEHPK3PXP", confirmedStep: 100, context: tester)
        #expect(try store.account(id: a.id)?.mfaEnrolled == true)
        #expect(try store.mfaEnrolment(accountID: a.id)?.secret == "JBSWY3DPEHPK3PXP")
        #expect(try store.useMFAStep(accountID: a.id, step: 100) == false, "the confirming step is used")
        #expect(try store.useMFAStep(accountID: a.id, step: 101) == true)
        #expect(try store.useMFAStep(accountID: a.id, step: 101) == false, "replay")
        #expect(try store.useMFAStep(accountID: a.id, step: 99) == false, "an older step")
        #expect(try store.useMFAStep(accountID: a.id, step: 102) == true)
        #expect(try store.mfaEnrolment(accountID: a.id)?.lastUsedStep == 102)
        try store.resetMFA(accountID: a.id, context: tester)
        #expect(try store.mfaEnrolment(accountID: a.id) == nil)
        #expect(throws: StoreError.self) { try store.resetMFA(accountID: a.id, context: tester) }
        let entries = try store.auditEntries(AuditFilter(account: "tester", action: .update))
        #expect(entries.map(\.after) == [#"{"mfa":"enrolled"}"#, #"{"mfa":"reset"}"#])
        #expect(try store.verifyAuditChain() == nil)
        let dump = try registry.query("SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log")
        #expect(!dump.contains("JBSWY3DP"))
    }

    @Test("a failed second factor is recorded with its reason and counts toward the lockout", arguments: backends)
    func failures(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend, "a")
        let a = try Self.account(store, "tinh.hai", demo: true)
        #expect(a.isDemo)
        let now = Date()
        for i in 0..<5 {
            let after = try store.recordFailedLogin(accountID: a.id, at: now.addingTimeInterval(Double(i)), policy: LockoutPolicy(),
                                                    reason: i % 2 == 0 ? "otp_invalid" : nil, context: tester)
            #expect(after.state == (i == 4 ? .locked : .active))
        }
        let failed = try store.auditEntries(AuditFilter(action: .loginFailed)).map { $0.after ?? "" }
        #expect(failed[0] == #"{"reason":"otp_invalid"}"#)
        #expect(failed[1] == "")
        #expect(failed[4].contains(#""reason":"otp_invalid""#) && failed[4].contains("locked_until"))
    }

    @Test("accounts made by the demo generator before the migration are recognised as demo accounts")
    func migration() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("old.db").path
        do {
            let store = try SQLiteRegistryStore(path: path)
            let from = CivilDate(year: 2026, month: 1, day: 1)
            for (name, grantedBy) in [("tinh.hatinh", "demo"), ("that", "admin")] {
                _ = try store.createAccount(NewAccount(username: name, fullName: name, unitCode: "42", passwordHash: "x", mustChangePassword: false),
                                            assignments: [Assignment(role: .province, unitCode: "42", validFrom: from, grantedBy: grantedBy)],
                                            context: tester)
            }
        }
        // Back to the file as the accounts schema (v2) left it.
        try DatabaseQueue(path: path).write { db in
            for column in ["mfa_secret", "mfa_enrolled_at", "mfa_last_step", "demo"] {
                try db.execute(sql: "ALTER TABLE account DROP COLUMN \(column)")
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-account-mfa'")
        }
        let store = try SQLiteRegistryStore(path: path)
        #expect(try store.account(username: "tinh.hatinh")?.isDemo == true)
        #expect(try store.account(username: "that")?.isDemo == false)
        #expect(try store.account(username: "tinh.hatinh")?.mfaEnrolled == false)
    }
}

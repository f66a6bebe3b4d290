import Access
import Foundation
import Store
import Synchronization

/// Accounts and their assignments as recently read (người dùng vừa đọc), so that a request does
/// not read both from the store again: the cache keeps them for ``lifetime`` seconds.
///
/// A change made through this server (password, state, rights) empties the account's entry at
/// once; a change made by another process (`giamngheo users disable` on the same file) takes
/// effect within ``lifetime``. API tokens are cached the same way by the hash of their secret,
/// so a token revoked from another process stops working within ``lifetime`` too.
final class PrincipalCache: Sendable {
    struct Principal: Sendable {
        var account: Account
        var assignments: [Assignment]
    }

    /// Seconds an entry is used before it is read again.
    let lifetime: TimeInterval
    private let accounts = Mutex<[Int64: (Date, Principal)]>([:])
    private let tokens = Mutex<[String: (Date, APIToken, Int64)]>([:])

    init(lifetime: TimeInterval = 5) { self.lifetime = lifetime }

    /// The account and all its assignments (validity is checked by the caller on the day).
    func principal(accountID: Int64, now: Date, load: () throws -> Principal?) rethrows -> Principal? {
        if let (at, p) = accounts.withLock({ $0[accountID] }), now.timeIntervalSince(at) < lifetime, at <= now { return p }
        guard let p = try load() else {
            accounts.withLock { _ = $0.removeValue(forKey: accountID) }
            return nil
        }
        accounts.withLock { all in
            if all.count > 10_000 { all.removeAll() }
            all[accountID] = (now, p)
        }
        return p
    }

    /// The token of a secret hash and its account id.
    func token(secretHash: String, now: Date, load: () throws -> (APIToken, Int64)?) rethrows -> (APIToken, Int64)? {
        if let (at, t, a) = tokens.withLock({ $0[secretHash] }), now.timeIntervalSince(at) < lifetime, at <= now { return (t, a) }
        guard let (t, a) = try load() else { return nil }
        tokens.withLock { all in
            if all.count > 10_000 { all.removeAll() }
            all[secretHash] = (now, t, a)
        }
        return (t, a)
    }

    /// Forgets an account (and its tokens) after a change of password, state or rights.
    func invalidate(accountID: Int64) {
        accounts.withLock { _ = $0.removeValue(forKey: accountID) }
        tokens.withLock { all in all = all.filter { $0.value.2 != accountID } }
    }
}

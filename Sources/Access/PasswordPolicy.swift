import Foundation
import VietnameseText

/// Password rules of roles.md §6 (quy tắc mật khẩu): 10–128 characters of any script after NFC
/// normalisation; not the username, not the person's name, not a common password.
public struct PasswordPolicy: Sendable {
    /// `security.password.min_length`.
    public var minLength = 10
    /// Upper bound (roles.md §8).
    public var maxLength = 128

    /// The policy with the defaults of roles.md §8.
    public init() {}

    /// A one-time password (mật khẩu dùng một lần) for a new or reset account, which must change
    /// it at the first login (roles.md §6): 14 characters without look-alikes (0/O, 1/l/I).
    public static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<14).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    /// Common passwords refused whatever their length, folded (case and diacritics ignored).
    public static let commonPasswords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }.map { VietnameseText.fold(String($0)) }.filter { !$0.isEmpty })
    }()

    /// Why a password is refused.
    public enum Problem: String, Sendable, Error, CaseIterable {
        case tooShort = "password.too_short"
        case tooLong = "password.too_long"
        case sameAsUsername = "password.same_as_username"
        case containsName = "password.contains_name"
        case common = "password.common"

        /// The message shown to the user.
        public var vietnameseMessage: String {
            switch self {
            case .tooShort: "Mật khẩu phải có ít nhất 10 ký tự"
            case .tooLong: "Mật khẩu không được dài quá 128 ký tự"
            case .sameAsUsername: "Mật khẩu không được trùng tên đăng nhập"
            case .containsName: "Mật khẩu không được là họ tên của người dùng"
            case .common: "Mật khẩu quá phổ biến, dễ bị đoán"
            }
        }
    }

    /// The first problem of `password` for this account, or `nil` when acceptable.
    public func problem(_ password: String, username: String, fullName: String) -> Problem? {
        let p = VietnameseText.nfc(password)
        if p.count < minLength { return .tooShort }
        if p.count > maxLength { return .tooLong }
        let folded = VietnameseText.fold(p).replacingOccurrences(of: " ", with: "")
        if folded == VietnameseText.fold(username) { return .sameAsUsername }
        let name = VietnameseText.fold(fullName).replacingOccurrences(of: " ", with: "")
        if !name.isEmpty && folded == name { return .containsName }
        if Self.commonPasswords.contains(VietnameseText.fold(p)) { return .common }
        return nil
    }
}

/// Lockout after failed logins (khóa tài khoản, roles.md §6): 5 consecutive failures within 15
/// minutes lock the account for 15 minutes, doubling at each later lock up to 24 hours.
public struct LockoutPolicy: Sendable {
    /// Failures that trigger a lock.
    public var maxFailures = 5
    /// Window in which they must fall.
    public var window: TimeInterval = 15 * 60
    /// First lock duration.
    public var firstLock: TimeInterval = 15 * 60
    /// Longest lock.
    public var maxLock: TimeInterval = 24 * 3600

    /// The policy of roles.md §8.
    public init() {}

    /// Lock duration for the `n`-th lock (1-based): 15 min, 30 min, 1 h, … up to 24 h.
    public func lockDuration(lockNumber n: Int) -> TimeInterval {
        min(maxLock, firstLock * pow(2, Double(max(0, n - 1))))
    }

    /// Given the times of the consecutive failures since the last success (oldest first),
    /// whether the latest one triggers a lock.
    public func triggersLock(failures: [Date]) -> Bool {
        guard failures.count >= maxFailures, let last = failures.last else { return false }
        let recent = failures.suffix(maxFailures)
        return last.timeIntervalSince(recent.first!) <= window
    }
}

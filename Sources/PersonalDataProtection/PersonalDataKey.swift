import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The registry's personal-data key (khóa bảo vệ dữ liệu cá nhân): 256 random bits kept in a file
/// **outside the database** (roles.md §6), from which the keys that protect CCCD numbers are derived.
///
/// Design:
/// - One master key per registry, in its own small text file readable by its owner only (0600).
///   The key never enters the database; the database keeps only a *key check* (an HMAC of a fixed
///   text under a derived key) so that opening a registry with another key file is refused before
///   anything is written with the wrong key.
/// - Two keys are derived with HKDF-SHA256, each for one job: ``encryptionKey`` for
///   AES-256-GCM (the stored ciphertext of each CCCD) and ``lookupKey`` for HMAC-SHA256 (the
///   keyed hash the uniqueness check and exact search use). A third derivation gives the key check.
///   Separate keys mean the hash index reveals nothing usable about the ciphertext and vice versa.
/// - File format: comment lines starting with `#`, then one line `giamngheo-key-v1:<base64>`.
///   Text, so an operator can print it on paper for the safe; versioned, so a later format can be
///   read next to this one.
///
/// Backups: the key file must be backed up **separately** from the database (a backup holding both
/// protects nothing; a database backup without its key has lost every CCCD). See README.
public struct PersonalDataKey: Sendable {
    /// The 32 random bytes.
    let master: SymmetricKey

    /// Key of the authenticated encryption of CCCD numbers (AES-256-GCM).
    public let encryptionKey: SymmetricKey
    /// Key of the keyed hash of CCCD numbers (HMAC-SHA256), for uniqueness and exact lookup.
    public let lookupKey: SymmetricKey
    /// Stored in the database to recognise this key (``keyCheck``); reveals nothing about the key.
    public let keyCheck: String

    /// The first line of a key file's key, before the base64 of the 32 bytes.
    static let prefix = "giamngheo-key-v1:"

    /// A key from its 32 bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a personal-data key is 32 bytes")
        let master = SymmetricKey(data: bytes)
        self.master = master
        encryptionKey = Self.derive(master, "national_id encryption v1")
        lookupKey = Self.derive(master, "national_id lookup v1")
        let check = HMAC<SHA256>.authenticationCode(for: Array("giamngheo key check".utf8), using: Self.derive(master, "key check v1"))
        keyCheck = "v1:" + check.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A 256-bit key for one purpose (HKDF-SHA256; the purpose is the `info`).
    private static func derive(_ master: SymmetricKey, _ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Array("giamngheo personal data".utf8),
                               info: Array(purpose.utf8), outputByteCount: 32)
    }

    /// A new random key (from the system's cryptographic random source).
    public static func generate() -> PersonalDataKey {
        var generator = SystemRandomNumberGenerator()
        return PersonalDataKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The key file's text.
    public var fileText: String {
        let base64 = master.withUnsafeBytes { Data($0).base64EncodedString() }
        return """
            # GiamNgheo — khóa bảo vệ dữ liệu cá nhân (số CCCD) của sổ hộ. Giữ bí mật; sao lưu RIÊNG, không để cùng bản sao lưu cơ sở dữ liệu.
            # GiamNgheo personal-data key (national ids). Keep it secret; back it up SEPARATELY from database backups.
            # Mất tệp này thì không đọc lại được số CCCD đã mã hóa. Losing it loses every encrypted national id.
            \(Self.prefix)\(base64)

            """
    }

    /// Parses a key file's text.
    public init(fileText: String, path: String) throws {
        for line in fileText.split(whereSeparator: \.isNewline) {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard line.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(line.dropFirst(Self.prefix.count))),
                  data.count == 32 else {
                throw ProtectionError.keyUnreadable(path: path, detail: "không phải tệp khóa GiamNgheo (cần dòng \(Self.prefix)…)")
            }
            self.init(bytes: Array(data))
            return
        }
        throw ProtectionError.keyUnreadable(path: path, detail: "tệp không có khóa")
    }

    /// Reads the key file at `path`; refuses a file others may read, as `ssh` does with private keys.
    public static func load(path: String) throws -> PersonalDataKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw ProtectionError.keyMissing(path: path) }
            throw ProtectionError.keyUnreadable(path: path, detail: String(cString: strerror(errno)))
        }
        let mode = UInt16(info.st_mode & 0o777)
        if mode & 0o077 != 0 { throw ProtectionError.keyPermissions(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProtectionError.keyUnreadable(path: path, detail: String(cString: strerror(errno)))
        }
        return try PersonalDataKey(fileText: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Creates a new key file at `path` (mode 0600, never replacing a file: if another process
    /// created it first, that key is read instead) and returns its key.
    public static func create(path: String) throws -> PersonalDataKey {
        let key = generate()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return try load(path: path) }
            throw ProtectionError.keyNotCreated(path: path, detail: String(cString: strerror(errno)))
        }
        let bytes = Array(key.fileText.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(path)
            throw ProtectionError.keyNotCreated(path: path, detail: String(cString: strerror(errno)))
        }
        return key
    }
}

/// Where a registry's key file is (vị trí tệp khóa): chosen in this order — an explicit path
/// (`--key-file`), the `GIAMNGHEO_KEY_FILE` environment variable, else `<database>.key` beside the
/// database file.
///
/// The default beside the database keeps `swift run giamngheo serve` a one-command start and a
/// demo self-contained; a production server should put the key elsewhere (another disk, a
/// secrets mount) with `--key-file` or `GIAMNGHEO_KEY_FILE`, so that a copy of the database
/// directory alone does not carry its key.
public enum KeyFileLocation {
    /// The environment variable naming the key file.
    public static let environmentVariable = "GIAMNGHEO_KEY_FILE"

    /// The key file for the database at `databasePath`.
    public static func resolve(explicit: String? = nil, databasePath: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return besideDatabase(databasePath)
    }

    /// `<database>.key`.
    public static func besideDatabase(_ databasePath: String) -> String { databasePath + ".key" }
}

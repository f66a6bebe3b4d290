import Crypto
import Foundation
import PasswordHashing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An encrypted file (tệp mã hóa, extension `.gnenc`): how export files — and later backups —
/// holding personal data stay encrypted at rest (roles.md §6).
///
/// Format (version 1), all integers big-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `GNENC\0\u{1}\0` (name, format version 1) |
/// | 1 | how the key is obtained: 1 = passphrase through Argon2id, 2 = the registry's key file |
/// | 4, 4, 4 | Argon2id memory (KiB), iterations, parallelism (zero for mode 2) |
/// | 16 | salt (Argon2id salt; mode 2: HKDF salt) |
/// | 16 | key check of mode 2 (the registry key's ``PersonalDataKey/keyCheck`` bytes; zero for mode 1) |
/// | 7 | nonce prefix, random |
/// | 4 | chunk size (plaintext bytes per record, 65,536) |
///
/// then records, each `flag (1) ‖ length (4) ‖ ChaCha20-Poly1305 ciphertext and tag (length)`, where
/// `flag` is 1 on the last record and 0 before. A record's nonce is `prefix ‖ record number (4) ‖
/// flag (1)` and its associated data the whole header: records cannot be reordered, dropped,
/// taken from another file, or the file cut after a record without `open` failing (the STREAM
/// construction of Hoang, Reyhanitabar, Rogaway and Vizár, as in Tink and age). Streaming: memory
/// does not grow with the file.
///
/// Built on swift-crypto's ChaCha20-Poly1305 and this package's Argon2id; no cipher of our own.
public enum EncryptedFile {
    /// Where the file key comes from.
    public enum Secret: Sendable {
        /// A passphrase (mật khẩu) shared with whoever opens the file, stretched with Argon2id
        /// (64 MiB, 3 passes): exports sent to another office.
        case passphrase(String)
        /// The registry's own key file: files that only this registry's operators open (backups).
        case registryKey(PersonalDataKey)
    }

    /// The usual file extension.
    public static let fileExtension = "gnenc"
    /// Shortest passphrase accepted (characters, after NFC), as for login passwords (roles.md §6).
    public static let minimumPassphraseLength = 10

    static let magic: [UInt8] = Array("GNENC".utf8) + [0, 1, 0]
    static let headerSize = 8 + 1 + 12 + 16 + 16 + 7 + 4
    static let chunkSize = 65_536
    static let argon2 = Argon2Parameters.standard

    /// Whether the file at `path` starts like an encrypted file.
    public static func isEncrypted(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)).map { Array($0) == magic } ?? false
    }

    // MARK: Encrypt

    /// Encrypts the file at `input` into `output` (written under a temporary name, then renamed,
    /// so an interrupted run leaves no partial file under the real name).
    public static func encrypt(input: String, output: String, secret: Secret) throws {
        var header = magic
        var salt = [UInt8](repeating: 0, count: 16)
        var prefix = [UInt8](repeating: 0, count: 7)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
        for i in prefix.indices { prefix[i] = UInt8.random(in: 0...255, using: &rng) }
        var check = [UInt8](repeating: 0, count: 16)
        switch secret {
        case .passphrase(let text):
            guard normalised(text).count >= minimumPassphraseLength else {
                throw ProtectionError.weakPassphrase(minimum: minimumPassphraseLength)
            }
            header.append(1)
            header += bigEndian(UInt32(argon2.memoryKiB)) + bigEndian(UInt32(argon2.iterations)) + bigEndian(UInt32(argon2.parallelism))
        case .registryKey(let key):
            header.append(2)
            header += [UInt8](repeating: 0, count: 12)
            check = keyCheckBytes(key)
        }
        header += salt + check + prefix + bigEndian(UInt32(chunkSize))
        let fileKey = try derive(secret, header: header, file: output)

        let reader = try PosixFile(reading: input)
        defer { reader.close() }
        try PosixFile.staged(output) { writer in
            try writer.write(header)
            var current = try reader.read(upTo: chunkSize)
            var counter: UInt32 = 0
            while true {
                let next = current.count == chunkSize ? try reader.read(upTo: chunkSize) : []
                let last = next.isEmpty
                let flag: UInt8 = last ? 1 : 0
                let box = try ChaChaPoly.seal(current, using: fileKey, nonce: nonce(prefix, counter, flag), authenticating: header)
                let sealed = box.ciphertext + box.tag
                try writer.write([flag] + bigEndian(UInt32(sealed.count)) + Array(sealed))
                if last { break }
                current = next
                counter += 1
            }
        }
    }

    // MARK: Decrypt

    /// Decrypts `input` into `output` (under a temporary name, renamed only once every record
    /// has authenticated: a damaged or truncated file leaves no output).
    public static func decrypt(input: String, output: String, secret: Secret) throws {
        let name = (input as NSString).lastPathComponent
        let reader = try PosixFile(reading: input)
        defer { reader.close() }
        let header = try reader.read(upTo: headerSize)
        guard header.count == headerSize, Array(header.prefix(8)) == magic else {
            throw ProtectionError.containerInvalid(file: name, detail: "không có phần đầu GNENC phiên bản 1")
        }
        let mode = header[8]
        switch (mode, secret) {
        case (1, .passphrase): break
        case (2, .registryKey(let key)):
            guard Array(header[37..<53]) == keyCheckBytes(key) else { throw ProtectionError.keyMismatch(path: name) }
        case (1, .registryKey):
            throw ProtectionError.containerInvalid(file: name, detail: "tệp được mã hóa bằng mật khẩu, không phải bằng tệp khóa")
        case (2, .passphrase):
            throw ProtectionError.containerInvalid(file: name, detail: "tệp được mã hóa bằng tệp khóa của sổ hộ, không phải bằng mật khẩu")
        default:
            throw ProtectionError.containerInvalid(file: name, detail: "cách lấy khóa \(mode) không biết")
        }
        let chunk = Int(readBigEndian(header, at: 60))
        guard chunk > 0 && chunk <= 1 << 24 else { throw ProtectionError.containerInvalid(file: name, detail: "kích thước khối \(chunk)") }
        let fileKey = try derive(secret, header: header, file: name)

        try PosixFile.staged(output) { writer in
            try decryptRecords(reader, into: writer, header: header, fileKey: fileKey, secret: secret, file: name)
        }
    }

    /// The records after the header, authenticated one by one into `writer`.
    private static func decryptRecords(_ reader: PosixFile, into writer: PosixFile, header: [UInt8], fileKey: SymmetricKey,
                                       secret: Secret, file name: String) throws {
        let prefix = Array(header[53..<60])
        let chunk = Int(readBigEndian(header, at: 60))
        var counter: UInt32 = 0
        while true {
            let head = try reader.read(upTo: 5)
            guard head.count == 5 else {
                throw ProtectionError.containerInvalid(file: name, detail: "tệp bị cắt ngắn (thiếu khối cuối)")
            }
            let flag = head[0], length = Int(readBigEndian(head, at: 1))
            guard flag <= 1, length >= 16, length <= chunk + 16 else {
                throw ProtectionError.containerInvalid(file: name, detail: "khối \(counter) hỏng")
            }
            let body = try reader.read(upTo: length)
            guard body.count == length else {
                throw ProtectionError.containerInvalid(file: name, detail: "tệp bị cắt ngắn (khối \(counter))")
            }
            let plain: Data
            do {
                let box = try ChaChaPoly.SealedBox(nonce: nonce(prefix, counter, flag), ciphertext: body[0..<(length - 16)],
                                                   tag: body[(length - 16)...])
                plain = try ChaChaPoly.open(box, using: fileKey, authenticating: header)
            } catch {
                if counter == 0, case .passphrase = secret { throw ProtectionError.wrongPassphrase(file: name) }
                throw ProtectionError.containerInvalid(file: name, detail: "khối \(counter) không xác thực được (tệp đã bị sửa)")
            }
            try writer.write(Array(plain))
            if flag == 1 { break }
            counter += 1
        }
        guard try reader.read(upTo: 1).isEmpty else {
            throw ProtectionError.containerInvalid(file: name, detail: "có dữ liệu thừa sau khối cuối")
        }
    }

    // MARK: Keys

    /// The file key: Argon2id of the passphrase (mode 1), or HKDF of the registry key (mode 2),
    /// both salted with the header's salt.
    private static func derive(_ secret: Secret, header: [UInt8], file: String) throws -> SymmetricKey {
        let salt = Array(header[21..<37])
        switch secret {
        case .passphrase(let text):
            let params = Argon2Parameters(
                memoryKiB: Int(readBigEndian(header, at: 9)), iterations: Int(readBigEndian(header, at: 13)),
                parallelism: Int(readBigEndian(header, at: 17)), tagLength: 32)
            // Bounds before Argon2id allocates: a crafted header must not ask for terabytes.
            guard params.isValid, params.memoryKiB <= 1 << 21, params.iterations <= 64 else {
                throw ProtectionError.containerInvalid(file: file, detail: "tham số Argon2id không hợp lệ")
            }
            let tag = Argon2id.hash(password: Array(normalised(text).utf8), salt: salt, parameters: params,
                                    associatedData: Array("giamngheo encrypted file v1".utf8))
            return SymmetricKey(data: tag)
        case .registryKey(let key):
            return HKDF<SHA256>.deriveKey(inputKeyMaterial: key.master, salt: salt,
                                          info: Array("giamngheo encrypted file v1".utf8), outputByteCount: 32)
        }
    }

    private static func keyCheckBytes(_ key: PersonalDataKey) -> [UInt8] {
        let hex = Array(key.keyCheck.utf8.dropFirst(3))  // "v1:" + 32 hex digits
        return (0..<16).map { i in UInt8(String(decoding: hex[(2 * i)..<(2 * i + 2)], as: UTF8.self), radix: 16) ?? 0 }
    }

    private static func normalised(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

    private static func nonce(_ prefix: [UInt8], _ counter: UInt32, _ flag: UInt8) throws -> ChaChaPoly.Nonce {
        try ChaChaPoly.Nonce(data: prefix + bigEndian(counter) + [flag])
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func readBigEndian<C: Collection>(_ bytes: C, at offset: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[bytes.startIndex + offset + $1]) }
    }
}

/// A file descriptor read or written in whole buffers.
final class PosixFile {
    private var fd: Int32
    private let path: String

    init(reading path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure(path) }
    }

    init(creating path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure(path) }
    }

    /// Up to `count` bytes; fewer only at the end of the file.
    func read(upTo count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + filled, count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path)
            }
            if n == 0 { break }
            filled += n
        }
        buffer.removeLast(count - filled)
        return buffer
    }

    func write(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path)
            }
            done += n
        }
    }

    /// Writes `output` through `body` under a temporary name, synced and renamed into place only
    /// when `body` succeeds; removed otherwise.
    static func staged(_ output: String, _ body: (PosixFile) throws -> Void) throws {
        let staged = output + ".\(getpid()).part"
        let writer = try PosixFile(creating: staged)
        do {
            try body(writer)
            try writer.sync()
            writer.close()
            guard rename(staged, output) == 0 else { throw failure(output) }
        } catch {
            writer.close()
            unlink(staged)
            throw error
        }
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw Self.failure(path) }
    }

    func close() {
        if fd >= 0 { _ = systemClose(fd) }
        fd = -1
    }

    deinit { close() }

    private static func failure(_ path: String) -> ProtectionError {
        .fileFailed(file: path, detail: String(cString: strerror(errno)))
    }
}

// The system calls, under names the methods above do not shadow.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

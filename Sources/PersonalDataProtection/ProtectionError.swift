/// Why personal data could not be protected or opened (lỗi bảo vệ dữ liệu cá nhân), with a
/// Vietnamese message for the user, the English gist after it, and a stable code.
public enum ProtectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database holds encrypted personal data but its key file is not there.
    case keyMissing(path: String)
    /// The key file is not the one the database was encrypted with.
    case keyMismatch(path: String)
    /// The key file cannot be read, or is not a GiamNgheo key file.
    case keyUnreadable(path: String, detail: String)
    /// The key file can be read by other users (group or others have rights on it).
    case keyPermissions(path: String, mode: UInt16)
    /// The key file could not be created.
    case keyNotCreated(path: String, detail: String)
    /// Stored ciphertext did not authenticate (damaged file, or written with another key).
    case damaged(String)
    /// An encrypted file container is not one, or is damaged, truncated or of an unknown version.
    case containerInvalid(file: String, detail: String)
    /// The passphrase does not open the encrypted file.
    case wrongPassphrase(file: String)
    /// A passphrase too short to protect personal data.
    case weakPassphrase(minimum: Int)
    /// A file could not be read or written.
    case fileFailed(file: String, detail: String)

    /// Stable English code, e.g. `key.mismatch`.
    public var code: String {
        switch self {
        case .keyMissing: "key.missing"
        case .keyMismatch: "key.mismatch"
        case .keyUnreadable: "key.unreadable"
        case .keyPermissions: "key.permissions"
        case .keyNotCreated: "key.not_created"
        case .damaged: "personal_data.damaged"
        case .containerInvalid: "encrypted_file.invalid"
        case .wrongPassphrase: "encrypted_file.wrong_passphrase"
        case .weakPassphrase: "passphrase.too_short"
        case .fileFailed: "file.failed"
        }
    }

    /// Vietnamese message, then the English gist (operators of a server may not read Vietnamese).
    public var message: String {
        switch self {
        case .keyMissing(let path):
            "Sổ hộ này có số CCCD đã mã hóa nhưng không tìm thấy tệp khóa \(path) (dùng --key-file hoặc GIAMNGHEO_KEY_FILE để chỉ đúng tệp khóa; "
                + "không tạo khóa mới vì dữ liệu cũ sẽ không đọc được nữa) — the registry is encrypted and its key file is missing"
        case .keyMismatch(let path):
            "Tệp khóa \(path) không phải khóa của sổ hộ này: không mở sổ để tránh ghi dữ liệu bằng khóa sai "
                + "— wrong key file for this registry"
        case .keyUnreadable(let path, let detail):
            "Không đọc được tệp khóa \(path): \(detail) — the key file cannot be read"
        case .keyPermissions(let path, let mode):
            "Tệp khóa \(path) cho phép người khác đọc (quyền \(String(mode, radix: 8))); hãy chạy chmod 600 \(path) "
                + "— the key file must be readable by its owner only"
        case .keyNotCreated(let path, let detail):
            "Không tạo được tệp khóa \(path): \(detail) — the key file could not be created"
        case .damaged(let detail):
            "Dữ liệu cá nhân đã mã hóa bị hỏng hoặc không khớp khóa: \(detail) — encrypted personal data does not authenticate"
        case .containerInvalid(let file, let detail):
            "Tệp \(file) không phải tệp mã hóa của GiamNgheo hoặc đã bị hỏng: \(detail) — not a valid encrypted file"
        case .wrongPassphrase(let file):
            "Mật khẩu không mở được tệp \(file) (sai mật khẩu hoặc tệp đã bị sửa) — wrong passphrase or altered file"
        case .weakPassphrase(let minimum):
            "Mật khẩu mã hóa tệp phải có ít nhất \(minimum) ký tự — the passphrase is too short"
        case .fileFailed(let file, let detail):
            "Không đọc/ghi được tệp \(file): \(detail) — file read or write failed"
        }
    }

    public var description: String { "\(message) [\(code)]" }
}

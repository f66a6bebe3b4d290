import Foundation
import Registry

/// A photo of a household's dwelling taken with Phiếu B (ảnh nhà ở), review.md §3.4 ("optional
/// GPS point and photos of the dwelling"): personal data (D2, photos of persons may show
/// people), so it is stored in the database — never in a folder the web server serves — and
/// shown only through the survey's pages, each view audited as a personal-data read.
///
/// Only JPEG, PNG and WebP are accepted, recognised by their first bytes (the name and the
/// browser's declared type are not trusted), up to ``maximumBytes``. The id is derived from the
/// household and the bytes, so uploading the same photo twice keeps one.
public struct ReviewPhoto: Sendable, Hashable {
    /// Largest photo accepted (5 MiB: a phone photo, resized by the phone's browser or not).
    public static let maximumBytes = 5 << 20
    /// Photos per Phiếu B version.
    public static let maximumPerSurvey = 6

    /// `PH-` and the first 32 hex digits of SHA-256(household ‖ bytes).
    public var id: String
    /// Round, commune, household.
    public var roundID: String, communeCode: String, householdCode: String
    /// `image/jpeg`, `image/png` or `image/webp`.
    public var contentType: String
    /// The bytes as uploaded.
    public var data: Data
    /// Uploaded at, by.
    public var uploadedAt: Date, uploadedBy: String

    /// Creates a photo after checking its size and type; throws a Vietnamese message naming what
    /// is wrong.
    public init(roundID: String, communeCode: String, householdCode: String, data: Data, uploadedAt: Date, uploadedBy: String) throws {
        guard !data.isEmpty else { throw ReviewError.invalid("photo", "Tệp ảnh rỗng") }
        guard data.count <= Self.maximumBytes else {
            throw ReviewError.invalid("photo", "Ảnh quá lớn (\(data.count / 1024) KB); tối đa \(Self.maximumBytes >> 20) MB")
        }
        guard let type = Self.contentType(of: data) else {
            throw ReviewError.invalid("photo", "Chỉ nhận ảnh JPEG, PNG hoặc WebP")
        }
        var hasher = SHA256.Hasher()
        hasher.update(Array(householdCode.utf8) + [0])
        hasher.update(data)
        self.id = "PH-" + String(hasher.finalizeHex().prefix(32))
        self.roundID = roundID
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.contentType = type
        self.data = data
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }

    /// Creates a photo as stored (no checks).
    public init(id: String, roundID: String, communeCode: String, householdCode: String, contentType: String, data: Data, uploadedAt: Date,
                uploadedBy: String) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.contentType = contentType
        self.data = data
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }

    /// The image type from the first bytes, or `nil`.
    public static func contentType(of data: Data) -> String? {
        let b = [UInt8](data.prefix(12))
        if b.count >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF { return "image/jpeg" }
        if b.count >= 8 && b[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return "image/png" }
        if b.count >= 12 && b[0..<4] == [0x52, 0x49, 0x46, 0x46] && b[8..<12] == [0x57, 0x45, 0x42, 0x50] { return "image/webp" }
        return nil
    }
}

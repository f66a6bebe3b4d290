import Foundation
import Registry
import VietnameseText

/// What an import is (lô nhập): who runs it, from which files, with which options.
public struct ImportContext: Sendable {
    /// Who imports.
    public var access: AccessContext
    /// Household file name as the user gave it, and its SHA-256 (hex).
    public var householdsFile: String
    /// Member file name and its SHA-256 (hex).
    public var membersFile: String
    /// SHA-256 of the household file.
    public var householdsSHA256: String
    /// SHA-256 of the member file.
    public var membersSHA256: String
    /// Review year (năm rà soát) the files were read for.
    public var reviewYear: Int
    /// `--replace-members`: members missing from the file are removed from their household.
    public var replaceMembers: Bool

    /// Creates a context.
    public init(
        access: AccessContext, householdsFile: String, membersFile: String, householdsSHA256: String,
        membersSHA256: String, reviewYear: Int, replaceMembers: Bool
    ) {
        self.access = access
        self.householdsFile = householdsFile
        self.membersFile = membersFile
        self.householdsSHA256 = householdsSHA256
        self.membersSHA256 = membersSHA256
        self.reviewYear = reviewYear
        self.replaceMembers = replaceMembers
    }
}

/// What a write did to one household or member.
public enum UpsertOutcome: Sendable, Hashable {
    /// A new record (thêm mới).
    case created
    /// An existing record whose fields changed (cập nhật); a version was kept.
    case updated
    /// An existing record given again with the same fields (không đổi).
    case unchanged
}

/// A household already in the registry, as an import needs it for members not in the
/// households file.
public struct ExistingHousehold: Sendable, Hashable {
    /// Household code.
    public var code: String
    /// Its review reference date, for members' ages.
    public var referenceDate: CivilDate?

    /// Creates a value.
    public init(code: String, referenceDate: CivilDate?) {
        self.code = code
        self.referenceDate = referenceDate
    }
}

/// A national id held by two households after an import (số CCCD trùng).
public struct NationalIDConflict: Sendable, Hashable {
    /// The 12-digit id.
    public var nationalID: String
    /// The household and member written by this import.
    public var householdCode: String
    /// Member number in that household.
    public var memberNo: Int
    /// The other household already holding the id.
    public var otherHouseholdCode: String
    /// Member number in the other household.
    public var otherMemberNo: Int

    /// Creates a value.
    public init(nationalID: String, householdCode: String, memberNo: Int, otherHouseholdCode: String, otherMemberNo: Int) {
        self.nationalID = nationalID
        self.householdCode = householdCode
        self.memberNo = memberNo
        self.otherHouseholdCode = otherHouseholdCode
        self.otherMemberNo = otherMemberNo
    }
}

/// A household touched by an import that does not have exactly one head among its members.
public struct HeadCountProblem: Sendable, Hashable {
    /// Household code.
    public var householdCode: String
    /// Heads found (0, or more than 1).
    public var heads: Int
    /// Members found.
    public var members: Int

    /// Creates a value.
    public init(householdCode: String, heads: Int, members: Int) {
        self.householdCode = householdCode
        self.heads = heads
        self.members = members
    }
}

/// Counts of an import (kết quả nhập).
public struct ImportCounts: Sendable, Hashable, Codable {
    /// Households created, updated, given unchanged.
    public var householdsCreated = 0, householdsUpdated = 0, householdsUnchanged = 0
    /// Members created, updated, given unchanged, removed (`--replace-members`).
    public var membersCreated = 0, membersUpdated = 0, membersUnchanged = 0, membersRemoved = 0
    /// Villages created on first use.
    public var villagesCreated = 0
    /// Status records written from `recognised_class`.
    public var statusRecords = 0

    /// No counts yet.
    public init() {}
}

/// A committed import (lô nhập đã ghi).
public struct ImportBatch: Sendable, Hashable {
    /// Batch number.
    public var id: Int64
    /// When it committed.
    public var committedAt: Date
    /// What it did.
    public var counts: ImportCounts

    /// Creates a value.
    public init(id: Int64, committedAt: Date, counts: ImportCounts) {
        self.id = id
        self.committedAt = committedAt
        self.counts = counts
    }
}

/// Rows of a bulk load, encoded by a ``BulkRowEncoder`` (opaque to callers).
public protocol EncodedRows: Sendable {}

/// Encodes new households and members for a bulk load on the thread that reads the files, so
/// that the thread writing the store only stores them (mã hóa dòng cho nạp hàng loạt). Used by
/// one thread; rows are handed over with ``take()``.
public protocol BulkRowEncoder: AnyObject {
    /// Encodes a new household (the next in file order).
    func encode(_ household: Household)
    /// Encodes a new member of the household at `householdOrdinal` among those encoded.
    func encode(_ member: Member, householdOrdinal: Int)
    /// Rows encoded since the last ``take()``.
    var pendingRows: Int { get }
    /// The rows encoded since the last call, for ``RegistryImportSession/writeEncoded(_:)``.
    func take() -> any EncodedRows
}

/// One all-or-nothing bulk write, inside a transaction (phiên nhập). Not thread-safe: one
/// thread calls it, in the order households → members → checks.
public protocol RegistryImportSession: AnyObject {
    /// Whether the registry held no household when the import began: the store may then load
    /// in bulk and build its indexes afterwards.
    var startedEmpty: Bool { get }
    /// Counts so far.
    var counts: ImportCounts { get }
    /// A household already in the registry before this session began, or `nil`. Unlike the
    /// other methods this one may be called from another thread (the file reader's): it reads
    /// the committed registry, not the session's own writes.
    func existingHousehold(code: String) throws -> ExistingHousehold?
    /// Where the SHA-256 of the two files comes from, recorded with the batch. The store calls it
    /// as late as it can (after building indexes), so that hashing overlaps with that work.
    func setFileHashes(_ provider: @escaping () throws -> (households: String, members: String))
    /// Inserts or updates a household by code (upsert); a change keeps a version.
    @discardableResult func upsert(_ household: Household) throws -> UpsertOutcome
    /// Inserts or updates a member of a household written in this session or already stored.
    @discardableResult func upsert(_ member: Member) throws -> UpsertOutcome
    /// Upserts households in file order, as ``upsert(_:)-(Household)`` each would: a store on a
    /// server may look them up and write them in a few round trips instead of several each.
    func upsert(households: [Household]) throws
    /// Upserts members in file order, as ``upsert(_:)-(Member)`` each would.
    func upsert(members: [Member]) throws
    /// For a load into an empty registry: an encoder the reading thread may use instead of
    /// ``upsert(_:)``; `nil` when rows must be compared with stored ones. Call before writing.
    func makeBulkEncoder() throws -> (any BulkRowEncoder)?
    /// Stores rows encoded by this session's ``makeBulkEncoder()``.
    func writeEncoded(_ rows: any EncodedRows) throws
    /// Every household of the file has been written (members follow): the store may finish
    /// work on households now, while the members are still being read.
    func householdsWritten() throws
    /// Removes members of the households written in this session that this session did not
    /// write (`--replace-members`); returns how many.
    func removeMembersNotWritten() throws -> Int
    /// National ids now held by two households, at least one written by this session.
    func nationalIDConflicts(limit: Int) throws -> [NationalIDConflict]
    /// Households written in this session (or whose members were) without exactly one head.
    func headCountProblems(limit: Int) throws -> [HeadCountProblem]
}

extension RegistryImportSession {
    /// One by one.
    public func upsert(households: [Household]) throws {
        for h in households { try upsert(h) }
    }

    /// One by one.
    public func upsert(members: [Member]) throws {
        for m in members { try upsert(m) }
    }
}

import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// A household as stored (hộ trong sổ): its fields, members and bookkeeping.
public struct StoredHousehold: Sendable, Hashable {
    /// The household's own fields.
    public var household: Household
    /// Members by member number.
    public var members: [Member]
    /// Version number for the optimistic check (phiên bản); 1 when created, +1 per change.
    public var version: Int
    /// When it was created and last changed, and by whom.
    public var createdAt: Date, updatedAt: Date
    /// Account of the last change.
    public var updatedBy: String

    /// Creates a value.
    public init(household: Household, members: [Member], version: Int, createdAt: Date, updatedAt: Date, updatedBy: String) {
        self.household = household
        self.members = members
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// Which households an export or report reads (phạm vi).
public struct HouseholdSelection: Sendable, Hashable {
    /// Recorded commune codes to include (as stored: a 2025 code, or a legacy code for data
    /// recorded before the reform); `nil` = the whole registry.
    public var communeCodes: Set<String>?
    /// Recognised classes on `classDate` to include; `nil` = all.
    public var classes: Set<RecognisedClass>?
    /// Date the class is taken on (default: today).
    public var classDate: CivilDate?

    /// Creates a selection.
    public init(communeCodes: Set<String>? = nil, classes: Set<RecognisedClass>? = nil, classDate: CivilDate? = nil) {
        self.communeCodes = communeCodes
        self.classes = classes
        self.classDate = classDate
    }

    /// Everything.
    public static let all = HouseholdSelection()
}

/// An export of personal data, as audited (xuất dữ liệu cá nhân).
public struct ExportRecord: Sendable, Hashable {
    /// Entity type exported, e.g. `household`.
    public var entityType: String
    /// Unit code asked for, and class filter, for the record.
    public var description: String
    /// Rows written (households + members).
    public var rowCount: Int
    /// SHA-256 of the files written (hex; several files joined by `;`).
    public var fileHash: String

    /// Creates a value.
    public init(entityType: String, description: String, rowCount: Int, fileHash: String) {
        self.entityType = entityType
        self.description = description
        self.rowCount = rowCount
        self.fileHash = fileHash
    }
}

/// One entry of a household's timeline (một mốc trong lịch sử hộ).
public struct HouseholdEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// Created (tạo mới), by an import batch or an edit.
        case created
        /// Fields changed (cập nhật).
        case updated
        /// A member removed (xóa thành viên).
        case memberRemoved = "member_removed"
        /// A member added to an existing household (thêm thành viên).
        case memberAdded = "member_added"
        /// A status record (ghi nhận phân loại).
        case status
        /// An engine classification stored (kết quả phân loại).
        case classified
    }
    /// What happened.
    public var kind: Kind
    /// When it was recorded.
    public var at: Date
    /// Who recorded it.
    public var account: String
    /// Household version after the event (for changes).
    public var version: Int?
    /// Member number, for member events.
    public var memberNo: Int?
    /// Import batch, when the event came from one.
    public var batch: Int64?
    /// Changed fields with before and after values.
    public var changes: [FieldChange]
    /// Free text for status and classification events (class, standard, explanation).
    public var detail: String?

    /// Creates a value.
    public init(kind: Kind, at: Date, account: String, version: Int? = nil, memberNo: Int? = nil, batch: Int64? = nil,
                changes: [FieldChange] = [], detail: String? = nil) {
        self.kind = kind
        self.at = at
        self.account = account
        self.version = version
        self.memberNo = memberNo
        self.batch = batch
        self.changes = changes
        self.detail = detail
    }
}

/// A household's timeline (lịch sử hộ), oldest first.
public struct HouseholdHistory: Sendable, Hashable {
    /// The household now.
    public var current: StoredHousehold
    /// Events, oldest first.
    public var events: [HouseholdEvent]

    /// Creates a value.
    public init(current: StoredHousehold, events: [HouseholdEvent]) {
        self.current = current
        self.events = events
    }
}

/// The engine's classification of one household stored for a year (kết quả phân loại).
public struct StoredClassification: Sendable, Hashable {
    /// Household code.
    public var householdCode: String
    /// Review year.
    public var year: Int
    /// Standard id, e.g. `ND07-2022`.
    public var standardID: String
    /// Class (`incomplete` included).
    public var povertyClass: PovertyClass
    /// Deprived indicator ids in the standard's order.
    public var deprived: [String]
    /// Indicators whose answer is unknown.
    public var unknown: [String]
    /// The Vietnamese explanation sentence.
    public var explanation: String

    /// Creates a value.
    public init(householdCode: String, year: Int, standardID: String, povertyClass: PovertyClass,
                deprived: [String], unknown: [String], explanation: String) {
        self.householdCode = householdCode
        self.year = year
        self.standardID = standardID
        self.povertyClass = povertyClass
        self.deprived = deprived
        self.unknown = unknown
        self.explanation = explanation
    }
}

/// Households of one recorded commune code in one recognised class (for roll-ups).
public struct CommuneClassCount: Sendable, Hashable {
    /// Commune code as recorded on the households (2025 or legacy).
    public var communeCode: String
    /// Recognised class on the date asked (not_poor when never recognised).
    public var recognisedClass: RecognisedClass
    /// Households.
    public var households: Int

    /// Creates a value.
    public init(communeCode: String, recognisedClass: RecognisedClass, households: Int) {
        self.communeCode = communeCode
        self.recognisedClass = recognisedClass
        self.households = households
    }
}

/// An administrative unit as stored, with its validity (đơn vị hành chính).
public struct StoredUnit: Sendable, Hashable {
    /// Edition: `2025`, `legacy`, or the id of a later official list.
    public var edition: String
    /// `province`, `district` or `commune`.
    public var level: String
    /// Code (mã).
    public var code: String
    /// Official name.
    public var name: String
    /// Parent unit's code (province of a commune in 2025; district in the legacy list).
    public var parentCode: String?
    /// First and last day of validity (`nil` = open).
    public var validFrom: CivilDate?, validTo: CivilDate?

    /// Creates a value.
    public init(edition: String, level: String, code: String, name: String, parentCode: String?, validFrom: CivilDate?, validTo: CivilDate?) {
        self.edition = edition
        self.level = level
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

/// A newer official unit list to load (same columns as `units-2025.csv`).
public struct UnitListImport: Sendable {
    /// Edition id, e.g. `2026-03`.
    public var edition: String
    /// First day the list is in force; the previous current list ends the day before.
    public var validFrom: CivilDate
    /// Provinces (code, name).
    public var provinces: [(code: String, name: String)]
    /// Communes (code, name, type, province code).
    public var communes: [(code: String, name: String, type: String, provinceCode: String)]

    /// Creates a value.
    public init(edition: String, validFrom: CivilDate, provinces: [(code: String, name: String)],
                communes: [(code: String, name: String, type: String, provinceCode: String)]) {
        self.edition = edition
        self.validFrom = validFrom
        self.provinces = provinces
        self.communes = communes
    }
}

/// What loading a unit list did.
public struct UnitListImportSummary: Sendable, Hashable {
    /// Units of the new list.
    public var provinces: Int, communes: Int
    /// Units of the previous list that are not in the new one (now closed).
    public var closed: Int

    /// Creates a value.
    public init(provinces: Int, communes: Int, closed: Int) {
        self.provinces = provinces
        self.communes = communes
        self.closed = closed
    }
}

/// Which audit entries to read.
public struct AuditFilter: Sendable, Hashable {
    /// Only this account.
    public var account: String?
    /// Only this action.
    public var action: AuditAction?
    /// Only actions of this kind (changes, personal-data reads, other events).
    public var kind: AuditAction.Kind?
    /// Only entries naming this entity id (household code).
    public var entityID: String?
    /// Only entries by one of these accounts (a province officer's view: its province's accounts).
    public var accounts: [String]?
    /// Only entries at or after this time.
    public var from: Date?
    /// Only entries before this time.
    public var until: Date?
    /// Only entries older than this sequence number (the next page of a newest-first view).
    public var beforeSequence: Int64?
    /// At most this many (newest kept).
    public var limit: Int

    /// Creates a filter.
    public init(account: String? = nil, accounts: [String]? = nil, action: AuditAction? = nil, kind: AuditAction.Kind? = nil,
                entityID: String? = nil, from: Date? = nil, until: Date? = nil, beforeSequence: Int64? = nil, limit: Int = 1_000) {
        self.account = account
        self.accounts = accounts
        self.action = action
        self.kind = kind
        self.entityID = entityID
        self.from = from
        self.until = until
        self.beforeSequence = beforeSequence
        self.limit = limit
    }
}

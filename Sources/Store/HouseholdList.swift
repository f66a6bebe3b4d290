import Access
import Foundation
import Registry
import VietnameseText

/// Filters of the household list (lọc danh sách hộ). Every filter is optional; they combine with AND.
public struct HouseholdFilter: Sendable, Hashable {
    /// Recognised class on ``on`` (phân loại).
    public var classes: Set<RecognisedClass>?
    /// A commune code (drill-down); legacy codes converted into a 2025 commune are included.
    public var communeCodes: Set<String>?
    /// Village name, matched ignoring case and diacritics (thôn).
    public var village: String?
    /// Ethnic-minority household: the head is not Kinh (hộ DTTS, reports.md §0.2).
    public var ethnicMinority: Bool?
    /// At least one member is meritorious (hộ có người có công).
    public var meritorious: Bool?
    /// A poverty cause code (nguyên nhân nghèo).
    public var cause: PovertyCause?
    /// Date the class is taken on.
    public var on: CivilDate

    /// Creates a filter.
    public init(classes: Set<RecognisedClass>? = nil, communeCodes: Set<String>? = nil, village: String? = nil,
                ethnicMinority: Bool? = nil, meritorious: Bool? = nil, cause: PovertyCause? = nil, on: CivilDate) {
        self.classes = classes
        self.communeCodes = communeCodes
        self.village = village
        self.ethnicMinority = ethnicMinority
        self.meritorious = meritorious
        self.cause = cause
        self.on = on
    }
}

/// One line of the household list (một dòng danh sách hộ).
public struct HouseholdListRow: Sendable, Hashable, Codable {
    /// Household code, commune code, village name.
    public var householdCode: String, communeCode: String, village: String
    /// The head's name and birth year (D2; `nil` when the reader may not see names).
    public var headName: String?, headBirthYear: Int?
    /// Number of members (nhân khẩu).
    public var members: Int
    /// Recognised class on the filter's date.
    public var recognisedClass: RecognisedClass
    /// The household's version (for edits).
    public var version: Int

    /// Creates a row.
    public init(householdCode: String, communeCode: String, village: String, headName: String?, headBirthYear: Int?,
                members: Int, recognisedClass: RecognisedClass, version: Int) {
        self.householdCode = householdCode
        self.communeCode = communeCode
        self.village = village
        self.headName = headName
        self.headBirthYear = headBirthYear
        self.members = members
        self.recognisedClass = recognisedClass
        self.version = version
    }
}

/// A page of the household list, with the total of the filtered scope (roles.md §3.5: totals
/// never include out-of-scope rows).
public struct HouseholdListPage: Sendable, Hashable {
    /// Rows of the page, by household code.
    public var rows: [HouseholdListRow]
    /// Households matching in all pages.
    public var total: Int
    /// Page (from 1) and page size.
    public var page: Int, pageSize: Int

    /// Creates a page.
    public init(rows: [HouseholdListRow], total: Int, page: Int, pageSize: Int) {
        self.rows = rows
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }
}

/// Households, persons, poor and near-poor of one recorded commune, or one village of it, on a
/// date (số liệu tổng hợp), for the dashboard and its drill-down.
public struct ClassTally: Sendable, Hashable, Codable {
    /// The commune code the households are recorded under.
    public var communeCode: String
    /// The village, when tallied by village.
    public var village: String?
    /// T (tổng số hộ), persons (nhân khẩu), P (hộ nghèo), NP (hộ cận nghèo).
    public var households: Int, persons: Int, poor: Int, nearPoor: Int

    /// Creates a tally.
    public init(communeCode: String, village: String?, households: Int, persons: Int, poor: Int, nearPoor: Int) {
        self.communeCode = communeCode
        self.village = village
        self.households = households
        self.persons = persons
        self.poor = poor
        self.nearPoor = nearPoor
    }
}

/// Everything a household's page shows, read at once (hồ sơ hộ).
public struct HouseholdFile: Sendable {
    /// The household and its members.
    public var stored: StoredHousehold
    /// The clause of the reader's scope that admitted it.
    public var clause: HouseholdScope.Clause
    /// Whether the edit scope admits it too.
    public var editable: Bool
    /// Status records, oldest first.
    public var statuses: [StatusRecord]
    /// Stored classifications, newest year first.
    public var classifications: [StoredClassification]
    /// Its audit section (`nil` when not asked for).
    public var auditTrail: HouseholdAuditTrail?

    /// Creates a value.
    public init(stored: StoredHousehold, clause: HouseholdScope.Clause, editable: Bool, statuses: [StatusRecord],
                classifications: [StoredClassification], auditTrail: HouseholdAuditTrail?) {
        self.stored = stored
        self.clause = clause
        self.editable = editable
        self.statuses = statuses
        self.classifications = classifications
        self.auditTrail = auditTrail
    }
}

/// A household's audit section (nhật ký của hộ, roles.md §5): the changes made to it and the
/// latest reads of its personal data, with how many reads there were in all. The whole log is
/// the audit view's (`AuditFilter(entityID:)`).
public struct HouseholdAuditTrail: Sendable, Hashable {
    /// How many entries of each kind to read.
    public struct Limits: Sendable, Hashable {
        /// At most this many changes (``AuditAction/Kind/change``), newest kept.
        public var changes: Int
        /// At most this many personal-data reads (``AuditAction/Kind/personalRead``), newest kept.
        public var reads: Int

        /// Creates limits.
        public init(changes: Int, reads: Int) {
            self.changes = changes
            self.reads = reads
        }
    }

    /// Changes to the household and its members (created, updated, moved, signed…), newest first.
    public var changes: [AuditEntry]
    /// The latest reads of its personal data (its page, lists and searches showing it, exports),
    /// newest first.
    public var reads: [AuditEntry]
    /// All reads of its personal data recorded (not only those in ``reads``).
    public var readCount: Int

    /// Creates a value.
    public init(changes: [AuditEntry], reads: [AuditEntry], readCount: Int) {
        self.changes = changes
        self.reads = reads
        self.readCount = readCount
    }
}

/// Queries of the registry limited to a ``HouseholdScope`` (truy vấn theo phạm vi): what the web
/// application and the API use, so that a user never reads outside the assignments' units.
///
/// Out-of-scope households are indistinguishable from missing ones (`nil`, not an error), so
/// existence does not leak (roles.md §3.4).
public protocol ScopedRegistry: Sendable {
    /// One page of the households in scope matching `filter`, by household code. Audited as a
    /// personal-data read (with the codes shown) when `withNames`.
    func households(_ filter: HouseholdFilter, scope: HouseholdScope, page: Int, pageSize: Int, withNames: Bool,
                    context: AccessContext) async throws -> HouseholdListPage

    /// A household in scope, with the clause that admitted it, or `nil` (missing or out of scope).
    /// Audited as a personal-data read when `audit` is true.
    func household(code: String, scope: HouseholdScope, audit: Bool, context: AccessContext) throws
        -> (household: StoredHousehold, clause: HouseholdScope.Clause)?

    /// A household's page in one read (``HouseholdFile``), or `nil` when missing or outside
    /// `scope`; `editable` tells whether `editScope` admits it; its audit section comes along when
    /// `trail` is given. Audited as a personal-data read when `audit` is true (and that read is
    /// then the first of the section's reads).
    func householdFile(code: String, scope: HouseholdScope, editScope: HouseholdScope, audit: Bool, trail: HouseholdAuditTrail.Limits?,
                       context: AccessContext) async throws -> HouseholdFile?

    /// Search limited to the scope (audited like ``RegistryStore/search(_:context:)``).
    func search(_ query: SearchQuery, scope: HouseholdScope, context: AccessContext) async throws -> SearchPage

    /// Tallies of the households in scope on `date`, per recorded commune, or per village when
    /// `byVillage`; `communeCodes` narrows to a drill-down unit.
    func tallies(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally]

    /// Classifications stored for a household (all years and standards), newest year first.
    func classifications(householdCode: String) throws -> [StoredClassification]

    /// Status records of a household, oldest first.
    func statusRecords(householdCode: String) throws -> [StatusRecord]

    /// A household's audit section (its code among the entries' entity ids).
    func auditTrail(householdCode: String, limits: HouseholdAuditTrail.Limits) throws -> HouseholdAuditTrail
}

import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// The registry's system of record (kho dữ liệu sổ hộ): households, members, their history,
/// status records, classifications, administrative units and the audit log.
///
/// Callers (command line, web application, workflows) see only this protocol; `StoreSQLite`
/// implements it on one SQLite file and a PostgreSQL store can follow without changing them.
/// Every method that shows personal data (names, CCCD, birth dates) to a person records a
/// `read_personal` audit entry with the ids returned; every write records who made it.
public protocol RegistryStore: Sendable {
    // MARK: Import and export

    /// Runs a bulk write all or nothing (nhập dữ liệu): `body` receives a session inside one
    /// transaction; the transaction commits only if `body` returns `true`, and rolls back when it
    /// returns `false` (a dry run, or validation errors) or throws. A process killed meanwhile
    /// leaves the registry exactly as before.
    func performImport(
        _ context: ImportContext, _ body: (any RegistryImportSession) throws -> Bool
    ) throws -> ImportBatch?

    /// Streams households of a unit with their members in registry order (xuất dữ liệu), for
    /// exports. Records one `export` audit entry via ``recordExport(_:context:)``, not here.
    func forEachHousehold(
        in selection: HouseholdSelection, _ body: (StoredHousehold) throws -> Void
    ) throws

    /// Records an export of personal data: row count and file hash (roles.md §5).
    func recordExport(_ export: ExportRecord, context: AccessContext) throws

    // MARK: Households

    /// One household with its members, or `nil`; audited as a personal-data read.
    func household(code: String, context: AccessContext) throws -> StoredHousehold?

    /// The current version of each of these households that exists (no audit entry: versions
    /// carry no personal data). A staged import compares them with those seen by its dry run.
    func householdVersions(codes: [String]) throws -> [String: Int]

    /// Replaces a household's own fields if nobody changed it since `expectedVersion` was read;
    /// otherwise throws ``StoreError/staleVersion(householdCode:expected:actual:)`` and changes
    /// nothing. Returns the new version number.
    @discardableResult
    func updateHousehold(_ household: Household, expectedVersion: Int, context: AccessContext) throws -> Int

    /// Replaces one member's fields under the household's version check (same rule as
    /// ``updateHousehold(_:expectedVersion:context:)``). Returns the household's new version.
    @discardableResult
    func updateMember(_ member: Member, expectedVersion: Int, context: AccessContext) throws -> Int

    /// A household's timeline (lịch sử hộ): creation, every change with before and after,
    /// status records and classifications. Audited as a personal-data read.
    func history(householdCode: String, context: AccessContext) throws -> HouseholdHistory?

    /// Number of households and members.
    func counts() throws -> (households: Int, members: Int)

    // MARK: Search

    /// Diacritic- and case-insensitive search over member names, household codes, CCCD and
    /// villages (tìm kiếm), ranked and paginated. Audited as a personal-data read with the ids shown.
    func search(_ query: SearchQuery, context: AccessContext) throws -> SearchPage

    // MARK: Status, classification, units

    /// Status records (bản ghi trạng thái) of households, for class-on-date and flows;
    /// `selection` limits to a unit.
    func forEachStatusHistory(
        in selection: HouseholdSelection, _ body: (_ householdCode: String, _ communeCode: String, [StatusRecord]) throws -> Void
    ) throws

    /// Classifies every selected household with `classify` and stores the results (the engine's
    /// classification for a year and a standard, replacing an earlier run of the same year and
    /// standard), in one transaction (all or nothing); returns how many were stored.
    @discardableResult
    func classifyHouseholds(
        in selection: HouseholdSelection, context: AccessContext,
        _ classify: (StoredHousehold) throws -> StoredClassification
    ) throws -> Int

    /// Households per recorded commune code and recognised class on `date` (latest status
    /// record), for roll-ups onto the unit tree in force.
    func communeClassCounts(on date: CivilDate) throws -> [CommuneClassCount]

    /// Loads an administrative-unit list (danh mục đơn vị hành chính) in the official columns.
    func importUnitList(_ list: UnitListImport, context: AccessContext) throws -> UnitListImportSummary

    /// The administrative units in force as the store knows them (danh mục đang áp dụng): the
    /// shipped lists, or the latest list loaded with ``importUnitList(_:context:)``, with the
    /// legacy list and the conversion table; used to check `commune_code` on import and to
    /// roll up.
    func unitCatalog() throws -> AdminUnitCatalog

    /// Units of an edition in the store (with validity dates).
    func units(edition: String) throws -> [StoredUnit]

    /// Villages of a commune (thôn), created on first use.
    func villages(communeCode: String) throws -> [String]

    // MARK: Audit

    /// Audit entries, oldest first, filtered (nhật ký).
    func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry]

    /// Checks the audit log's hash chain; `nil` when intact, else the first broken entry's sequence.
    func verifyAuditChain() throws -> Int64?
}

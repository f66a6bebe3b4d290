import Foundation
import Registry
import Synchronization
import VietnameseText

/// Turns an account's assignments into decisions (chính sách truy cập): whether an action is
/// allowed, for which households (``HouseholdScope``), and which personal fields show.
///
/// Interpretation of the limited cells (◐) of roles.md §4, where this version has no records yet
/// to evaluate the condition, is the strict one (deny by default):
/// - ADM note 1 (support grant): no support grants exist yet, so no household access.
/// - DST note 2: reads of households recorded under the legacy communes of its former district;
///   writes need an open three-tier campaign, which do not exist yet, so none.
/// - VIL note 9: household edits need an open campaign or batch; the review steps (note 11:
///   Phiếu A/B, meeting outcomes) go through the Review module, so VIL still edits no household
///   record directly.
/// - PRV/DST notes 10 and 12, VIL note 11: granted here for `move_review` and `approve`; the
///   Review module's rules then decide the step, the chain (DST only in three-tier) and the scope.
/// - ORG notes 3/5: households whose head is a member of the organisation, inside the unit;
///   names, sex, birth year and village only (no CCCD, no D3).
/// - LDP notes 4/6: beneficiaries of its projects; projects do not exist yet, so none.
/// - PTN note 7: only through sharing agreements (not in the web pages).
/// - AUD note 8: reads allowed in scope with purpose `inspection`; personal exports need a PRV
///   approval, which does not exist yet, so none.
/// - PRV note 22: personal exports allowed, purpose recorded.
public struct AccessPolicy: Sendable {
    /// The matrix consulted.
    public var matrix: PermissionMatrix
    /// Units used to expand a province or commune into the commune codes records may carry.
    public var catalog: AdminUnitCatalog

    /// Commune codes per unit, computed once: expanding a province walks the catalog and the
    /// conversion table, and every request asks for it (the catalog of a policy never changes).
    private let memo = CommuneCodeMemo()

    /// Creates a policy.
    public init(matrix: PermissionMatrix = .standard, catalog: AdminUnitCatalog) {
        self.matrix = matrix
        self.catalog = catalog
    }

    /// Whether any of the assignments valid `on` allows `action` somewhere.
    public func allows(_ action: Action, _ assignments: [Assignment], on day: CivilDate) -> Bool {
        assignments.contains { $0.isValid(on: day) && effectiveGrant(action, $0.role) }
    }

    /// The households `action` may touch under `assignments` on `day`.
    public func scope(_ action: Action, _ assignments: [Assignment], on day: CivilDate) -> HouseholdScope {
        var clauses: [HouseholdScope.Clause] = []
        for a in assignments where a.isValid(on: day) && effectiveGrant(action, a.role) {
            if a.role == .administrator {
                // The installation: aggregates only (the matrix refuses ADM every household action).
                clauses.append(.init(assignmentID: a.id, role: a.role, communeCodes: nil))
                continue
            }
            guard let communes = communeCodes(of: a) else { continue }
            switch a.role {
            case .village:
                let villages = Set(a.villages.map { VietnameseText.fold(VietnameseText.nfc($0)) })
                guard !villages.isEmpty else { continue }
                clauses.append(.init(assignmentID: a.id, role: a.role, communeCodes: communes, villages: villages))
            case .organisation:
                guard let org = a.organisation else { continue }
                clauses.append(.init(assignmentID: a.id, role: a.role, communeCodes: communes, organisation: org))
            case .district:
                clauses.append(.init(assignmentID: a.id, role: a.role, communeCodes: communes,
                                     recordedBefore: CivilDate(year: 2025, month: 7, day: 1)))
            default:
                clauses.append(.init(assignmentID: a.id, role: a.role, communeCodes: communes))
            }
        }
        return HouseholdScope(clauses)
    }

    /// The matrix cell with this version's reading of the notes (see the type's comment).
    public func effectiveGrant(_ action: Action, _ role: Role) -> Bool {
        switch matrix.grant(action, for: role) {
        case .allowed: return true
        case .refused: return false
        case .limited(let note):
            switch (role, note) {
            case (.district, 2): return action == .readHousehold || action == .readPersonal || action == .readSensitive
                || action == .viewAggregates
            case (.organisation, 3), (.organisation, 5), (.organisation, 21): return action != .supportPlans && action != .exportPersonal
            case (.auditor, 8): return action == .readPersonal || action == .readSensitive
            // Notes 10–12: the review steps decide who acts where (module Review, review.md §2–§3);
            // the matrix only has to let these roles reach them.
            case (.province, 10), (.district, 10): return action == .moveReview
            case (.village, 11): return action == .moveReview
            case (.province, 12), (.district, 12): return action == .approve
            case (.province, 22): return true
            case (.province, 24), (.communeLeader, 25), (.commune, 25): return action == .manageUsers
            case (.province, 27): return action == .readAudit
            default: return false
            }
        }
    }

    /// The commune codes an assignment's unit covers, or `nil` when it names no known unit.
    public func communeCodes(of a: Assignment) -> Set<String>? {
        let district = a.role == .district
        return memo.value(district: district, unit: a.unitCode) {
            if district {
                let communes = catalog.list(.legacy).communesOfDistrict(a.unitCode)
                return communes.isEmpty ? nil : Set(communes.map(\.code))
            }
            return catalog.recordedCommuneCodes(under: a.unitCode)
        }
    }

    /// What personal fields a role sees on households in its scope (trường được xem).
    public func visibility(_ assignments: [Assignment], on day: CivilDate) -> FieldVisibility {
        let valid = assignments.filter { $0.isValid(on: day) }
        let sensitive = valid.contains { effectiveGrant(.readSensitive, $0.role) }
        let full = valid.contains { effectiveGrant(.readPersonal, $0.role) && $0.role != .organisation }
        if full { return FieldVisibility(names: true, fullNationalID: true, birthDates: true, sensitive: sensitive) }
        let limited = valid.contains { effectiveGrant(.readPersonal, $0.role) }
        return FieldVisibility(names: limited, fullNationalID: false, birthDates: false, sensitive: false)
    }
}

/// Which personal fields are shown (roles.md §4 data classes D2 and D3, §6 minimum fields).
public struct FieldVisibility: Sendable, Hashable {
    /// Names, sex, relation, village (D2 basic).
    public var names: Bool
    /// The whole CCCD on the household page (lists always mask it).
    public var fullNationalID: Bool
    /// Full birth dates; otherwise the birth year only.
    public var birthDates: Bool
    /// D3: ethnicity, health, disability, nutrition, meritorious status.
    public var sensitive: Bool

    /// Creates a visibility.
    public init(names: Bool, fullNationalID: Bool, birthDates: Bool, sensitive: Bool) {
        self.names = names
        self.fullNationalID = fullNationalID
        self.birthDates = birthDates
        self.sensitive = sensitive
    }
}

/// The memo of ``AccessPolicy/communeCodes(of:)``.
final class CommuneCodeMemo: Sendable {
    private struct Key: Hashable { var district: Bool, unit: String }
    private let values = Mutex<[Key: Set<String>?]>([:])

    func value(district: Bool, unit: String, compute: () -> Set<String>?) -> Set<String>? {
        let key = Key(district: district, unit: unit)
        if let known = values.withLock({ $0[key] }) { return known }
        let value = compute()
        values.withLock { $0[key] = .some(value) }
        return value
    }
}

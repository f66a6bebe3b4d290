import Registry
import VietnameseText

/// Which households a request may touch (phạm vi), as the store applies it inside its queries
/// (roles.md §3.5: before sorting, counting and paging).
///
/// A scope is a union of clauses, one per assignment that grants the action; a household is in
/// scope when it satisfies at least one clause. An empty union means nothing.
public struct HouseholdScope: Sendable, Hashable {
    /// One assignment's part of the scope.
    public struct Clause: Sendable, Hashable {
        /// The assignment this clause comes from (recorded with the read).
        public var assignmentID: Int64
        /// The role of that assignment.
        public var role: Role
        /// Commune codes households may be recorded under (2025 codes and the legacy communes
        /// converted into them, roles.md §3.7); `nil` means every commune (never granted by
        /// the shipped matrix, kept for tools).
        public var communeCodes: Set<String>?
        /// Village names (thôn) for VIL, matched ignoring case and diacritics; `nil` = all villages.
        public var villages: Set<String>?
        /// Mass organisation the household's head must be a member of (ORG, roles.md §3.2).
        public var organisation: MassOrganisation?
        /// Only records dated before this day (DST, roles.md §3.3: the three-tier period): the
        /// household's reference date (ngày rà soát) must fall before it. Legacy and 2025 lists
        /// share many commune codes, so the code alone cannot tell the periods apart.
        public var recordedBefore: CivilDate?

        /// Creates a clause.
        public init(assignmentID: Int64, role: Role, communeCodes: Set<String>?, villages: Set<String>? = nil,
                    organisation: MassOrganisation? = nil, recordedBefore: CivilDate? = nil) {
            self.recordedBefore = recordedBefore
            self.assignmentID = assignmentID
            self.role = role
            self.communeCodes = communeCodes
            self.villages = villages
            self.organisation = organisation
        }
    }

    /// The clauses; empty = no household.
    public var clauses: [Clause]

    /// Creates a scope.
    public init(_ clauses: [Clause]) { self.clauses = clauses }

    /// No household at all.
    public static let nothing = HouseholdScope([])

    /// Every household (command-line tools acting as the operator of the installation).
    public static let everything = HouseholdScope([Clause(assignmentID: 0, role: .province, communeCodes: nil)])

    /// Whether no household can match.
    public var isEmpty: Bool { clauses.isEmpty }

    /// The clause that admits a household recorded under `communeCode`, in `village` (folded),
    /// whose head belongs to `headOrganisations`, with review reference date `referenceDate`,
    /// or `nil` — the same test the store's scope condition makes in SQL.
    public func clause(admittingCommune communeCode: String, villageKey: String, headOrganisations: [MassOrganisation],
                       referenceDate: CivilDate?) -> Clause? {
        clauses.first { c in
            (c.communeCodes?.contains(communeCode) ?? true)
                && (c.villages?.contains(villageKey) ?? true)
                && (c.organisation.map { headOrganisations.contains($0) } ?? true)
                && (c.recordedBefore.map { before in referenceDate.map { $0 < before } ?? false } ?? true)
        }
    }
}

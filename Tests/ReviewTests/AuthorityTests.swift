import Access
import Foundation
import Testing
@testable import Review

@Suite("Who may take each review step (roles.md §4 with review.md §3.5)")
struct AuthorityTests {
    typealias F = Fixture

    @Test("No role is given a review action its permission-matrix cell refuses")
    func matrixConsistency() {
        let matrix = PermissionMatrix.standard
        for action in ReviewAction.allCases {
            for chain in ApprovalChain.allCases {
                for role in action.roles(chain) {
                    #expect(matrix.grant(action.matrixAction, for: role).permitsSomething,
                            "\(action) given to \(role) but \(action.matrixAction) is refused")
                }
            }
        }
        // ADM, ORG, LDP, PTN and AUD never act in a review.
        for action in ReviewAction.allCases {
            for role in [Role.administrator, .organisation, .lineDepartment, .partner, .auditor] {
                #expect(!action.roles(.twoTier).contains(role) && !action.roles(.threeTier).contains(role))
            }
        }
    }

    @Test("Every row of the household state machine, every role and every state: allowed exactly as review.md says")
    func exhaustiveRows() {
        for kind in [RoundKind.periodic, .regular] {
            let round = F.round(kind: kind)
            for row in CaseTransition.allCases {
                for role in Role.allCases {
                    for state in [nil] + CaseState.allCases.map(Optional.some) {
                        let actor = F.actor(role)
                        let c = state.map { s -> HouseholdCase in
                            var c = HouseholdCase(roundID: round.id, communeCode: F.commune, householdCode: "H1", village: F.village,
                                                  source: .currentList, classAtListing: .poor, listedOn: F.day(1, 9, 2026), listedBy: "com")
                            c.state = s
                            return c
                        }
                        let allowed = row.exists(in: round) && row.action.roles(round.chain).contains(role) && row.from(round).contains(state)
                        let outcome = Result { try row.authorise(actor, case: c, village: F.village, round: round, commune: F.commune) }
                        switch outcome {
                        case .success: #expect(allowed, "row \(row.rawValue) \(role) from \(state?.rawValue ?? "—") (\(kind)) should be refused")
                        case .failure(let e):
                            #expect(!allowed, "row \(row.rawValue) \(role) from \(state?.rawValue ?? "—") (\(kind)) refused: \(e)")
                            if let state, state.isTerminal, row.action.roles(round.chain).contains(role), row.exists(in: round),
                               !row.from(round).contains(state) {
                                #expect((e as? ReviewError)?.code == "review.immutable")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("Row 9 belongs to the system job; no role may close a posting")
    func systemRow() throws {
        let round = F.round()
        var c = HouseholdCase(roundID: round.id, communeCode: F.commune, householdCode: "H1", village: F.village, source: .currentList,
                              classAtListing: .poor, listedOn: F.day(1, 9, 2026), listedBy: "com")
        c.state = .posted
        try CaseTransition.closePosting.authorise(.system, case: c, village: F.village, round: round, commune: F.commune)
        #expect(throws: ReviewError.self) { try CaseTransition.lockSurvey.authorise(.system, case: c, village: F.village, round: round, commune: F.commune) }
    }

    @Test("The upper-level opinion is DST's in three-tier and PRV's in two-tier")
    func upperLevel() throws {
        var round = F.round()
        try ReviewAuthority.check(.recordOpinion, F.prv, chain: round.chain, commune: F.commune)
        #expect(throws: ReviewError.self) { try ReviewAuthority.check(.recordOpinion, F.actor(.district), chain: .twoTier, commune: F.commune) }
        round.chain = .threeTier
        try ReviewAuthority.check(.recordOpinion, F.actor(.district), chain: .threeTier, commune: F.commune)
        #expect(throws: ReviewError.self) { try ReviewAuthority.check(.recordOpinion, F.prv, chain: .threeTier, commune: F.commune) }
    }

    @Test("Scope: another commune, another village are refused")
    func scope() {
        #expect(throws: ReviewError.self) { try ReviewAuthority.check(.list, F.com, chain: .twoTier, commune: "99999") }
        #expect(throws: ReviewError.self) { try ReviewAuthority.check(.survey, F.vil, chain: .twoTier, commune: F.commune, village: F.otherVillage) }
        #expect(throws: Never.self) { try ReviewAuthority.check(.survey, F.vil, chain: .twoTier, commune: F.commune, village: "thon trung hoa") }
    }
}

import Access
import Foundation
import PovertyStandard
import Registry
import VietnameseText
@testable import Review

/// Shared fixtures: a commune of the 2025 list, actors of every role, surveys that classify.
enum Fixture {
    static let province = "42"
    static let commune = "18739"
    static let village = "Thôn Trung Hòa"
    static let otherVillage = "Thôn Đông"
    static let env = ReviewEnvironment()

    static func day(_ d: Int, _ m: Int, _ y: Int) -> CivilDate { CivilDate(year: y, month: m, day: d) }
    static func at(_ d: Int, _ m: Int, _ y: Int, hour: Int = 9) -> Date { LocalTime.instant(day(d, m, y), hour: hour) }

    static func actor(_ role: Role, account: String? = nil, villages: [String] = [village]) -> ReviewActor {
        switch role {
        case .province, .administrator, .lineDepartment, .partner, .auditor:
            ReviewActor(account: account ?? "prv", role: role, unitCode: province, communeCodes: [commune, "18740"])
        case .district:
            ReviewActor(account: account ?? "dst", role: role, unitCode: "436", communeCodes: [commune])
        case .village:
            ReviewActor(account: account ?? "vil", role: role, unitCode: commune, communeCodes: [commune], villages: villages)
        default:
            ReviewActor(account: account ?? role.rawValue.lowercased(), role: role, unitCode: commune, communeCodes: [commune])
        }
    }

    static let com = actor(.commune, account: "com")
    static let cld = actor(.communeLeader, account: "cld")
    static let vil = actor(.village, account: "vil")
    static let prv = actor(.province, account: "prv")

    /// An open 2026 campaign round (two-tier, ND07).
    static func round(kind: RoundKind = .periodic, frozen: Bool = false, open: Bool = true) -> ReviewRound {
        ReviewRound(id: kind == .periodic ? "RS-42-2026" : "RT-18739-2026-03", kind: kind, chain: .twoTier, standardID: "ND07-2022",
                    year: 2026, provinceCode: province, start: day(1, 9, 2026), referenceDate: day(1, 9, 2026),
                    requiresMeeting: kind == .periodic, requiresConsultation: kind == .periodic, postingWorkingDays: 3,
                    frozen: frozen, acceptsSteps: open && !frozen)
    }

    static func dossier(kind: RoundKind = .periodic) -> CommuneDossier {
        CommuneDossier(round: round(kind: kind), communeCode: commune, communeName: "xã Cẩm Duệ")
    }

    static func member(_ no: Int, _ name: String, _ relation: Relation, born: Int) -> Member {
        Member(householdCode: "H", memberNo: no, fullName: name, relation: relation, sex: no % 2 == 0 ? .female : .male,
               birth: .year(born), nationalID: no == 1 ? "042080001234" : nil, ethnicity: .kinh)
    }

    static let roster = [
        RosterMember(member(1, "Nguyễn Văn Đức", .head, born: 1980)),
        RosterMember(member(2, "Trần Thị Hoa", .spouse, born: 1983)),
        RosterMember(member(3, "Nguyễn Văn An", .child, born: 2012)),
    ]

    /// A draft Phiếu B with a typed B1 score and `deprived` of the 12 ND07 indicators deprived
    /// (the rest not deprived); `unknown` leaves that many unanswered at the end.
    static func survey(_ household: String, score: Int?, deprived: Int, unknown: Int = 0, reason: String? = nil,
                       recheckID: String? = nil) -> Survey {
        let ids = try! StandardCatalog.shipped.standard(id: "ND07-2022").indicatorIDs
        var b2: [IndicatorID: B2Answer] = [:]
        for (i, id) in ids.enumerated() where i < ids.count - unknown {
            b2[id] = i < deprived ? .deprived : .notDeprived
        }
        return Survey(id: "", roundID: "", householdCode: household, version: 0, date: day(20, 9, 2026), reviewer: "",
                      respondent: Respondent(name: "Nguyễn Văn Đức", relation: .head), standardID: "ND07-2022", area: .rural,
                      b1Typed: score, b2: b2, roster: roster, household: SurveyHouseholdFacts(), referenceDate: day(1, 9, 2026),
                      reason: reason, recheckID: recheckID)
    }

    static func candidate(_ code: String, _ cls: RecognisedClass, village: String = village) -> ListingCandidate {
        ListingCandidate(householdCode: code, village: village, recognisedClass: cls, standardID: "ND07-2022", everPoor: cls == .poor)
    }

    static func request(_ code: String, _ type: RequestType = .add) -> ReviewRequest {
        ReviewRequest(id: "YC-\(code)", householdCode: code, communeCode: commune, type: type, receivedOn: day(10, 9, 2026),
                      channel: .inPerson, reason: "Hộ khó khăn", signer: "Chủ hộ", receivedBy: "com", registeredAt: at(10, 9, 2026))
    }
}

import Foundation
import PovertyStandard
import Registry
import Review
import VietnameseText

// Request bodies of the review API (snake_case JSON). Each names only what the caller decides;
// ids, accounts, times and computed fields come from the server.

struct CampaignInput: Decodable, Sendable { var provinceCode: String; var year: Int }

struct PlanInput: Decodable, Sendable {
    var level: PlanLevel
    var unitCode: String
    var number: String
    var date: CivilDate
    var signer: String
    var file: String?
    /// Due dates by item code (`survey_done`…); read as text keys because the decoder's
    /// snake-case conversion would otherwise rewrite them before they reach the enum.
    var dueDates: [String: CivilDate]?
    var reviewers: [String: [String]]?

    /// The due dates by item, or a 400 naming an unknown item.
    func items() throws -> [DeadlineItem: CivilDate] {
        try keyed(dueDates ?? [:], field: "due_dates", code: "plan.due_item", what: "mốc thời hạn")
    }
}

struct DocumentInput: Decodable, Sendable { var number: String; var date: CivilDate; var signer: String; var file: String? }

struct BatchInput: Decodable, Sendable { var communeCode: String; var year: Int; var month: Int }

struct RequestInput: Decodable, Sendable {
    var householdCode: String
    var communeCode: String
    var type: RequestType
    var receivedOn: CivilDate
    var channel: RequestChannel
    var reason: String
    var signer: String
    var scan: String?
    var withdraws: String?
}

struct QuickIDInput: Decodable, Sendable { var date: CivilDate?; var answers: [String: Bool] }

struct ReplyInput: Decodable, Sendable { var reply: String }

struct SurveyInput: Decodable, Sendable {
    var date: CivilDate?
    var respondent: Respondent?
    var scoringTableId: String?
    var b1Answers: [String: [String]]?
    var b1Typed: Int?
    /// B2 answers by indicator id (text keys, see ``PlanInput/dueDates``).
    var b2: [String: B2Answer]
    var gps: GeoInput?
    var photos: [String]?
    var reason: String?
    var recheckId: String?
}

extension SurveyInput {
    /// The B2 answers by indicator, or a 400 naming an unknown indicator.
    func answers() throws -> [IndicatorID: B2Answer] { try keyed(b2, field: "b2", code: "survey.indicator", what: "chỉ số") }
}

/// A JSON object's text keys as an enum's values, or a 400 naming the first unknown key.
func keyed<Key: RawRepresentable & Hashable, Value>(_ object: [String: Value], field: String, code: String, what: String) throws -> [Key: Value]
    where Key.RawValue == String {
    var out: [Key: Value] = [:]
    for (text, value) in object {
        guard let key = Key(rawValue: text) else { throw WebError.badRequest(code, "Không có \(what) \(text)", field: "\(field).\(text)") }
        out[key] = value
    }
    return out
}

struct GeoInput: Decodable, Sendable { var latitude: Double; var longitude: Double; var accuracy: Double? }

struct TeamInput: Decodable, Sendable { var team: [String] }

struct WithdrawInput: Decodable, Sendable { var reason: WithdrawalReason; var note: String? }

struct MeetingInput: Decodable, Sendable {
    var number: String
    var village: String
    var date: CivilDate
    var place: String
    var chair: String
    var secretary: String?
    var attendance: Attendance
    var outcomes: [MeetingOutcome]
    var scan: String?
    var byCommuneBoard: Bool?
}

struct PostingInput: Decodable, Sendable { var number: String; var villages: [String]?; var places: [PostingPlace]; var start: Date }

struct SignInput: Decodable, Sendable { var signer: String }

struct ComplaintInput: Decodable, Sendable {
    var receivedAt: Date?
    var channel: RequestChannel
    var complainant: String?
    var contact: String?
    var householdCode: String
    var type: ComplaintType
    var content: String
}

struct RecheckResultInput: Decodable, Sendable { var reply: String; var minutesScan: String? }

struct ConsultationInput: Decodable, Sendable { var number: String; var date: CivilDate; var signer: String; var recipient: String? }

struct OpinionInput: Decodable, Sendable {
    var date: CivilDate
    var number: String?
    var from: String
    var type: OpinionType
    var recheckHouseholds: [String]?
    var text: String
}

struct DecisionInput: Decodable, Sendable {
    var number: String
    var date: CivilDate
    var signer: String
    var capacity: SignerCapacity?
    var scan: String?
    var corrects: String?
}

struct HolidayYearInput: Decodable, Sendable {
    var year: Int
    var status: String
    var source: String
    var holidays: [HolidayCalendar.Day]
    var makeUpWorkdays: [HolidayCalendar.Day]?
}

struct AverageAgriInput: Decodable, Sendable {
    var householdCode: String
    var members: Int
    /// Net income of the 12 months before the review by source code (`crops`, `wages`…).
    var incomes: [String: Int]
    var socialAssistance: Int?
}

struct LowIncomeInput: Decodable, Sendable { var householdCode: String; var memberNo: Int; var perCapitaIncome: Int }

struct StartInput: Decodable, Sendable { var start: Date }

struct MonthlyInput: Decodable, Sendable { var communeCode: String; var year: Int; var month: Int }

struct ReportReviewInput: Decodable, Sendable { var accept: Bool; var reason: String? }

/// A household's case as the dossier view lists it (D1: no names).
struct CaseView: Encodable, Sendable {
    var householdCode: String, village: String, state: CaseState, stateLabel: String, source: ListingSource
    var requestType: RequestType?, classAtListing: RecognisedClass
    var computedClass: String?, b1: Int?, b2: Int?, lockedVersion: Int?
    var objectionPending: Bool, postingEnd: Date?, decidedClass: RecognisedClass?, reply: String?, withdrawal: WithdrawalReason?

    init(_ c: HouseholdCase) {
        householdCode = c.householdCode
        village = c.village
        state = c.state
        stateLabel = c.state.vietnamese
        source = c.source
        requestType = c.requestType
        classAtListing = c.classAtListing
        computedClass = c.result?.povertyClass.rawValue
        b1 = c.result?.b1Score
        b2 = c.result?.b2Score
        lockedVersion = c.lockedVersion
        objectionPending = c.objectionVersion != nil
        postingEnd = c.postingEnd
        decidedClass = c.decidedClass
        reply = c.reply
        withdrawal = c.withdrawal
    }
}

/// A commune's dossier as the API shows it: cases (D1) and the documents of the steps.
struct DossierView: Encodable, Sendable {
    var round: ReviewRound
    var communeCode: String, communeName: String
    var plan: ReviewPlan?
    var stateCounts: [String: Int]
    var cases: [CaseView]
    var meetings: [MeetingMinutes]
    var postings: [PostingNotice]
    var complaints: [Complaint]
    var rechecks: [Recheck]
    var consultations: [Consultation]
    var decisions: [RecognitionDecision]

    init(_ d: CommuneDossier, villages: Set<String>?) {
        round = d.round
        communeCode = d.communeCode
        communeName = d.communeName
        plan = d.plan
        let visible = d.cases.values.filter { c in villages.map { $0.contains(ReviewActor.villageKey(c.village)) } ?? true }
        var counts: [String: Int] = [:]
        for c in visible { counts[c.state.rawValue, default: 0] += 1 }
        stateCounts = counts
        cases = visible.sorted { $0.householdCode < $1.householdCode }.map(CaseView.init)
        meetings = d.meetings.values.sorted { $0.id < $1.id }
        postings = d.postings.values.sorted { $0.id < $1.id }
        // Complainants are personal data (D2) and not needed to follow the case: left out here.
        complaints = villages == nil ? d.complaints.values.sorted { $0.id < $1.id }.map { k in
            var k = k
            k.complainant = nil
            k.contact = nil
            return k
        } : []
        rechecks = d.rechecks.values.sorted { $0.id < $1.id }
        consultations = d.consultations.values.sorted { $0.id < $1.id }
        decisions = d.decisions.values.sorted { $0.id < $1.id }
    }
}

/// A step's answer: what moved and what was skipped, and the record made.
struct StepView: Encodable, Sendable {
    var moved: [String]
    var skipped: [BatchResult.Skip]
    var recordId: String?

    init(_ r: BatchResult) {
        moved = r.moved
        skipped = r.skipped
        recordId = r.recordID
    }
}

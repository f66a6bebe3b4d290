import Foundation
import Registry
import Review
import VietnameseText

/// The kinds of `review_document` rows and the dossier collection each comes from.
enum ReviewDocumentKind: String, CaseIterable {
    case quickID = "quick_id", minutes, notice, complaint, recheck, consultation, decision
    case avgAgri = "avg_agri", lowIncome = "low_income"
}

/// A document row as written: its key columns and body.
struct ReviewDocumentRow: Equatable {
    var kind: ReviewDocumentKind
    var id: String
    var number: String?
    var year: Int?
    var state: String?
    var householdCode: String?
    var body: String

    init<T: Encodable>(_ kind: ReviewDocumentKind, _ id: String, _ value: T, number: String? = nil, year: Int? = nil, state: String? = nil,
                       household: String? = nil) throws {
        self.kind = kind
        self.id = id
        self.number = number
        self.year = year
        self.state = state
        self.householdCode = household
        self.body = try ReviewJSON.encode(value)
    }
}

extension CommuneDossier {
    /// Every document of the dossier as rows, by kind and id.
    ///
    /// Written without a local generic function capturing the dictionary: that form crashed the
    /// debug build inside JSONEncoder (a corrupted string) on Swift 6.3 in one test, a compiler
    /// problem this shape avoids.
    func documentRows() throws -> [String: ReviewDocumentRow] {
        var list: [ReviewDocumentRow] = []
        for q in quickIDs.values {
            list.append(try .init(.quickID, q.id, q, state: q.confirmedBy == nil ? "entered" : "confirmed", household: q.householdCode))
        }
        for m in meetings.values { list.append(try .init(.minutes, m.id, m, number: m.number, year: m.date.year, state: "registered")) }
        for n in postings.values { list.append(try .init(.notice, n.id, n, number: n.number, year: LocalTime.day(n.start).year, state: n.state.rawValue)) }
        for k in complaints.values { list.append(try .init(.complaint, k.id, k, state: k.state.rawValue, household: k.householdCode)) }
        for r in rechecks.values { list.append(try .init(.recheck, r.id, r, state: r.result?.rawValue ?? "open", household: r.householdCode)) }
        for c in consultations.values { list.append(try .init(.consultation, c.id, c, number: c.number, year: c.date.year, state: c.state.rawValue)) }
        for d in decisions.values { list.append(try .init(.decision, d.id, d, number: d.number, year: d.date.year, state: "issued")) }
        for a in avgAgri.values { list.append(try .init(.avgAgri, a.id, a, state: a.state.rawValue, household: a.householdCode)) }
        for l in lowIncome.values { list.append(try .init(.lowIncome, l.id, l, state: l.state.rawValue, household: l.householdCode)) }
        return Dictionary(list.map { ("\($0.kind.rawValue)/\($0.id)", $0) }, uniquingKeysWith: { $1 })
    }

    /// Adds a stored document to its collection.
    mutating func load(_ kind: ReviewDocumentKind, _ body: String) throws {
        switch kind {
        case .quickID: let v = try ReviewJSON.decode(QuickIdentification.self, body); quickIDs[v.id] = v
        case .minutes: let v = try ReviewJSON.decode(MeetingMinutes.self, body); meetings[v.id] = v
        case .notice: let v = try ReviewJSON.decode(PostingNotice.self, body); postings[v.id] = v
        case .complaint: let v = try ReviewJSON.decode(Complaint.self, body); complaints[v.id] = v
        case .recheck: let v = try ReviewJSON.decode(Recheck.self, body); rechecks[v.id] = v
        case .consultation: let v = try ReviewJSON.decode(Consultation.self, body); consultations[v.id] = v
        case .decision: let v = try ReviewJSON.decode(RecognitionDecision.self, body); decisions[v.id] = v
        case .avgAgri: let v = try ReviewJSON.decode(AverageAgriDetermination.self, body); avgAgri[v.id] = v
        case .lowIncome: let v = try ReviewJSON.decode(LowIncomeWorkerDetermination.self, body); lowIncome[v.id] = v
        }
    }
}


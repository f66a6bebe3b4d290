import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// B2 answer for one indicator (trả lời phần B2).
public enum B2Answer: String, Sendable, Codable, CaseIterable, Hashable {
    /// Deprived (thiếu hụt).
    case deprived
    /// Not deprived (không thiếu hụt).
    case notDeprived = "not_deprived"
    /// Unknown (chưa xác định).
    case unknown
}

/// State of a Phiếu B version (trạng thái phiếu).
public enum SurveyState: String, Sendable, Codable, Hashable {
    /// Being entered (đang nhập).
    case draft
    /// Locked: never edited again; a new version supersedes it (đã khóa).
    case locked
}

/// The person who answered (người trả lời phỏng vấn).
public struct Respondent: Sendable, Hashable, Codable {
    /// Name.
    public var name: String
    /// Relation to the head (quan hệ với chủ hộ).
    public var relation: Relation

    /// Creates a respondent.
    public init(name: String, relation: Relation) {
        self.name = name
        self.relation = relation
    }
}

/// A GPS point of the dwelling (tọa độ), D3 data.
public struct GeoPoint: Sendable, Hashable, Codable {
    /// Latitude and longitude in degrees (WGS 84).
    public var latitude: Double, longitude: Double
    /// Accuracy in metres, when the phone reported it.
    public var accuracy: Double?

    /// Creates a point; throws when outside the globe.
    public init(latitude: Double, longitude: Double, accuracy: Double? = nil) throws {
        guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
            throw ReviewError.invalid("gps", "Tọa độ không hợp lệ (vĩ độ −90…90, kinh độ −180…180)")
        }
        self.latitude = latitude
        self.longitude = longitude
        self.accuracy = accuracy
    }
}

/// A member as recorded on the form (thành viên tại thời điểm rà soát): the roster snapshot.
public struct RosterMember: Sendable, Hashable, Codable {
    /// Member number (STT).
    public var memberNo: Int
    /// Full name.
    public var fullName: String
    /// Relation to the head.
    public var relation: Relation
    /// Sex.
    public var sex: Sex
    /// `yyyy-MM-dd`, or `yyyy` when only the year is known.
    public var birth: String
    /// CCCD (stored as the registry stores it).
    public var nationalID: String?
    /// Ethnic group code.
    public var ethnicity: String?
    /// Facts the indicators read.
    public var healthInsurance: Bool?
    /// Highest education.
    public var education: Education?
    /// In school.
    public var inSchool: Bool?
    /// Employment.
    public var employment: Employment?
    /// Disability.
    public var disability: Disability?
    /// Malnourished child.
    public var malnourished: Bool?
    /// Ill and untreated (QD59).
    public var illUntreated: Bool?

    /// The snapshot of a registry member.
    public init(_ m: Member) {
        memberNo = m.memberNo
        fullName = m.fullName
        relation = m.relation
        sex = m.sex
        birth = m.birth.date?.isoString ?? String(m.birth.year)
        nationalID = m.nationalID
        ethnicity = m.ethnicity?.code
        healthInsurance = m.healthInsurance
        education = m.education
        inSchool = m.inSchool
        employment = m.employment
        disability = m.disability
        malnourished = m.malnourished
        illUntreated = m.illUntreated
    }

    /// Date or year of birth.
    public var birthDate: BirthDate {
        if let d = VietnameseText.parseDate(birth) { return .date(d) }
        return .year(Int(birth) ?? 1900)
    }

    /// The member's facts for the engine at `referenceDate`.
    public func engineFacts(referenceDate: CivilDate) -> MemberFacts {
        let b = birthDate
        return MemberFacts(age: b.age(at: referenceDate), birthYear: b.year, healthInsurance: healthInsurance, education: education,
                           inSchool: inSchool, employment: employment, disability: disability, malnourished: malnourished,
                           illUntreated: illUntreated)
    }
}

/// Household facts as recorded with the form (dữ kiện hộ tại thời điểm rà soát), the engine's
/// fallback for indicators B2 leaves unknown.
public struct SurveyHouseholdFacts: Sendable, Hashable, Codable {
    /// Measured income per capita, when known.
    public var monthlyIncomePerCapita: Int?
    /// Dwelling quality.
    public var housingQuality: HousingQuality?
    /// Floor area in m².
    public var floorArea: Double?
    /// Yes/no facts by ``HouseholdFact`` code.
    public var facts: [String: Bool]

    /// The snapshot of a registry household.
    public init(_ h: Household) {
        monthlyIncomePerCapita = h.monthlyIncomePerCapita
        housingQuality = h.housingQuality
        floorArea = h.floorArea
        var f: [String: Bool] = [:]
        for fact in HouseholdFact.allCases { if let v = h.facts[fact] { f[fact.rawValue] = v } }
        facts = f
    }

    /// No facts known.
    public init() {
        facts = [:]
    }

    /// The engine's fact values.
    public var values: HouseholdFactValues {
        var v = HouseholdFactValues()
        for (k, b) in facts { if let fact = HouseholdFact(rawValue: k) { v[fact] = b } }
        return v
    }
}

/// What the engine computed for a locked version (kết quả phân loại của phiếu).
public struct SurveyResult: Sendable, Hashable, Codable {
    /// The class (never typed by hand).
    public var povertyClass: PovertyClass
    /// B1 total (điểm A).
    public var b1Score: Int?
    /// B2 = 10 × D (điểm B).
    public var b2Score: Int
    /// Indicators deprived and unknown.
    public var deprived: [IndicatorID], unknown: [IndicatorID]
    /// The explanation sentence (standards.md §2).
    public var explanation: String
    /// Data-quality warnings (`score_income_disagree`, …).
    public var warnings: [String]

    /// The class as a recognised class, `nil` when incomplete.
    public var recognisedClass: RecognisedClass? { RecognisedClass(rawValue: povertyClass.rawValue) }
}

/// The household survey form (Phiếu B, phiếu rà soát hộ), review.md §3.4: one version of it.
///
/// There is no class field to type: ``result`` is the engine's answer from the form's own
/// content, computed when the version is locked, and a version cannot be locked while that
/// answer is `incomplete`. A locked version is never edited; a new version supersedes it.
public struct Survey: Sendable, Hashable, Codable, Identifiable {
    /// Id `PB-{round}-{household}-v{version}`.
    public var id: String
    /// Round and household.
    public var roundID: String, householdCode: String
    /// Version, from 1.
    public var version: Int
    /// Survey date (ngày rà soát).
    public var date: CivilDate
    /// Reviewer's account (rà soát viên).
    public var reviewer: String
    /// Who answered.
    public var respondent: Respondent
    /// Standard id.
    public var standardID: String
    /// Area type.
    public var area: AreaType
    /// Region, for the choice of scoring table.
    public var region: SocioEconomicRegion?
    /// Scoring table used for B1; `nil` when the score was typed from the paper form.
    public var scoringTableID: String?
    /// B1 answers: option ids by item id.
    public var b1Answers: [String: [String]]
    /// B1 total typed from the paper form (used only without a table).
    public var b1Typed: Int?
    /// B2 answer per indicator id.
    public var b2: [IndicatorID: B2Answer]
    /// Members at survey time.
    public var roster: [RosterMember]
    /// Household facts at survey time.
    public var household: SurveyHouseholdFacts
    /// Reference date for ages.
    public var referenceDate: CivilDate
    /// GPS point of the dwelling (optional).
    public var gps: GeoPoint?
    /// Photo references of the dwelling (optional).
    public var photos: [String]
    /// Why a new version was made (required from version 2).
    public var reason: String?
    /// The re-check that produced this version, if any.
    public var recheckID: String?
    /// State.
    public var state: SurveyState
    /// Locked when and by whom.
    public var lockedAt: Date?, lockedBy: String?
    /// The engine's result, set when locked.
    public var result: SurveyResult?

    /// Creates a draft version.
    public init(id: String, roundID: String, householdCode: String, version: Int, date: CivilDate, reviewer: String,
                respondent: Respondent, standardID: String, area: AreaType, region: SocioEconomicRegion? = nil,
                scoringTableID: String? = nil, b1Answers: [String: [String]] = [:], b1Typed: Int? = nil,
                b2: [IndicatorID: B2Answer] = [:], roster: [RosterMember], household: SurveyHouseholdFacts,
                referenceDate: CivilDate, gps: GeoPoint? = nil, photos: [String] = [], reason: String? = nil, recheckID: String? = nil) {
        self.id = id
        self.roundID = roundID
        self.householdCode = householdCode
        self.version = version
        self.date = date
        self.reviewer = reviewer
        self.respondent = respondent
        self.standardID = standardID
        self.area = area
        self.region = region
        self.scoringTableID = scoringTableID
        self.b1Answers = b1Answers
        self.b1Typed = b1Typed
        self.b2 = b2
        self.roster = roster
        self.household = household
        self.referenceDate = referenceDate
        self.gps = gps
        self.photos = photos
        self.reason = reason
        self.recheckID = recheckID
        self.state = .draft
    }

    /// The id of a version.
    public static func id(roundID: String, householdCode: String, version: Int) -> String {
        "PB-\(roundID)-\(householdCode)-v\(version)"
    }

    /// The B1 total: from the table's points, or the typed score without a table.
    public func b1Total(table: ScoringTable?) throws -> Int? {
        if let tableID = scoringTableID {
            guard let table, table.id == tableID else { throw ReviewError.notFound("bảng điểm B1 \(tableID)") }
            // Nothing answered yet: the score is unknown (the class will be incomplete), not wrong.
            if b1Answers.values.allSatisfy(\.isEmpty) { return nil }
            return try table.total(b1Answers)
        }
        if let typed = b1Typed, typed < 0 { throw ReviewError.invalid("b1_typed", "Điểm B1 không được âm") }
        return b1Typed
    }

    /// The engine's classification of this form's content (B1 decides the income side, B2
    /// answers override the recorded facts, the roster gives the members).
    public func evaluate(engine: ClassificationEngine, table: ScoringTable?) throws -> SurveyResult {
        guard engine.standard.id == standardID else {
            throw ReviewError.invalid("standard_id", "Phiếu theo chuẩn \(standardID), bộ phân loại theo chuẩn \(engine.standard.id)")
        }
        let score = try b1Total(table: table)
        var answers = SurveyAnswers()
        for (id, answer) in b2 {
            guard engine.standard.indicatorSet.contains(id) else {
                throw ReviewError.invalid("b2.\(id.rawValue)", "Chỉ số \(id.rawValue) không thuộc chuẩn \(standardID)")
            }
            switch answer {
            case .deprived: answers[id] = true
            case .notDeprived: answers[id] = false
            case .unknown: answers[id] = nil
            }
        }
        let facts = HouseholdFacts(
            area: area, monthlyIncomePerCapita: household.monthlyIncomePerCapita, incomeScore: score,
            housingQuality: household.housingQuality, floorArea: household.floorArea, facts: household.values, survey: answers,
            members: roster.map { $0.engineFacts(referenceDate: referenceDate) })
        let c = engine.classify(facts)
        let ids = engine.standard.indicatorIDs
        return SurveyResult(
            povertyClass: c.povertyClass, b1Score: score, b2Score: 10 * c.deprivationCount,
            deprived: ids.filter { c.deprived.contains($0) }, unknown: ids.filter { c.unknown.contains($0) },
            explanation: engine.standard.explanation(for: c), warnings: c.warnings.codes)
    }

    /// Persons on the roster (nhân khẩu).
    public var persons: Int { roster.count }
}

extension IndicatorID: CodingKeyRepresentable {}

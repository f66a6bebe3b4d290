import Foundation
import PovertyStandard
import Registry
import Store
import VietnameseText

/// Where row values go (nơi nhận giá trị cột): a prepared statement, a buffer of encoded rows,
/// or a `COPY` stream. ``RecordColumns`` writes a household's or member's columns through it, so
/// the column order and the value of every field are written down once for both stores.
package protocol ValueSink: AnyObject {
    func bind(_ text: String?)
    /// A compile-time constant (an enum's code): a sink may keep a pointer to it instead of a copy.
    func bind(static text: StaticString?)
    func bind(_ value: Int?)
    func bind(_ value: Int64?)
    /// A yes/no fact; `nil` is unknown.
    func bind(_ value: Bool?)
    func bind(_ value: Double?)
}

/// Reads a row's columns in order (đọc cột theo thứ tự): each call returns the next column.
/// Both stores read households and members by position, never by name (a lookup by name cost
/// more than the row itself under `perf`).
public protocol ColumnReader {
    mutating func text() -> String?
    mutating func int() -> Int?
    mutating func int64() -> Int64?
    mutating func double() -> Double?
    /// A yes/no column (an integer 0/1 in SQLite, a boolean in PostgreSQL); `nil` is unknown.
    mutating func bool() -> Bool?
    /// Skips a column.
    mutating func skip()
    /// A bytes column (`BLOB` in SQLite, `bytea` in PostgreSQL).
    mutating func data() -> Data?
}

/// How households and members map to table columns, both ways (ánh xạ cột), in the column
/// order both schemas share: codes as text (`rural`, `semi_durable`, `M`), lists as `;`-joined
/// codes, dates as `yyyy-MM-dd` (a birth known by its year only as `yyyy`), yes/no facts as
/// booleans with `NULL` for unknown.
package enum RecordColumns {
    // MARK: Households

    /// Household columns written from a ``Household`` value, in binding order (after `code`).
    package static let householdValueColumns: [String] =
        ["commune_code", "village_id", "address", "area_type", "reference_date", "monthly_income_per_capita",
         "income_score", "housing_quality", "floor_area_m2"]
        + HouseholdFact.allCases.map(\.rawValue)
        + ["agricultural", "social_protection", "poverty_causes", "survey_deprived", "survey_not_deprived",
           "recognised_class", "recognised_year"]

    /// Bookkeeping columns written after the value columns of a new household.
    package static let householdBookkeepingColumns = ["version", "created_at", "created_by", "created_batch", "updated_at", "updated_by"]

    /// Binds the value columns of `household` (``householdValueColumns`` order).
    package static func bindValues(_ h: Household, villageID: Int64, to s: some ValueSink) {
        s.bind(h.communeCode)
        s.bind(villageID)
        s.bind(h.address)
        s.bind(static: h.areaType.code)
        s.bind(h.referenceDate?.isoString)
        s.bind(h.monthlyIncomePerCapita)
        s.bind(h.incomeScore)
        s.bind(static: h.housingQuality?.code)
        s.bind(h.floorArea)
        for fact in HouseholdFact.allCases { s.bind(h.facts[fact]) }
        s.bind(h.agricultural)
        s.bind(h.socialProtection)
        s.bind(h.povertyCauses.isEmpty ? nil : h.povertyCauses.map(\.rawValue).joined(separator: ";"))
        s.bind(indicatorList(h.survey.deprived))
        s.bind(indicatorList(h.survey.answered.subtracting(h.survey.deprived)))
        s.bind(h.recognisedClass?.rawValue)
        s.bind(h.recognisedYear)
    }

    /// Indicator ids of a set in the catalogue's order, `;`-joined; `nil` when empty.
    package static func indicatorList(_ set: IndicatorSet) -> String? {
        guard !set.isEmpty else { return nil }
        return IndicatorID.allCases.filter { set.contains($0) }.map(\.rawValue).joined(separator: ";")
    }

    /// The selected columns a household is read from, after its id: `code`, the village's name,
    /// then ``householdValueColumns``, each qualified by `h.`.
    package static let householdReadColumns: [String] =
        ["h.code", "v.name AS village"] + householdValueColumns.map { "h.\($0)" }

    /// Reads a household from `r`, positioned at its `code` column (``householdReadColumns``).
    package static func household(from r: inout some ColumnReader) -> Household {
        let code = r.text() ?? ""
        let village = r.text() ?? ""
        let communeCode = r.text() ?? ""
        r.skip()  // village_id
        let address = r.text()
        let area = r.text()
        let reference = r.text()
        let income = r.int()
        let score = r.int()
        let housing = r.text()
        let floor = r.double()
        var facts = HouseholdFactValues()
        for fact in HouseholdFact.allCases { facts[fact] = r.bool() }
        let agricultural = r.bool()
        let socialProtection = r.bool()
        let causes = r.text()
        let deprived = r.text()
        let notDeprived = r.text()
        let recognised = r.text()
        let recognisedYear = r.int()
        var survey = SurveyAnswers()
        for id in indicators(deprived) { survey[id] = true }
        for id in indicators(notDeprived) { survey[id] = false }
        return Household(
            householdCode: code,
            communeCode: communeCode,
            village: village,
            address: address,
            areaType: area.flatMap(AreaType.init(rawValue:)) ?? .rural,
            referenceDate: reference.flatMap(parseISODate),
            monthlyIncomePerCapita: income,
            incomeScore: score,
            housingQuality: housing.flatMap(HousingQuality.init(rawValue:)),
            floorArea: floor,
            facts: facts,
            agricultural: agricultural,
            socialProtection: socialProtection,
            povertyCauses: causes.map { $0.split(separator: ";").compactMap { PovertyCause(rawValue: String($0)) } } ?? [],
            survey: survey,
            recognisedClass: recognised.flatMap(RecognisedClass.init(rawValue:)),
            recognisedYear: recognisedYear)
    }

    /// The status record an import makes of `recognised_class`/`recognised_year`
    /// (`StatusRecord.imported`: effective 14/12 of that year, the standard of that year).
    package static func importedStatus(of h: Household, at: Date, by account: String) -> StatusRecord? {
        guard let cls = h.recognisedClass, let year = h.recognisedYear else { return nil }
        return StatusRecord.imported(
            householdCode: h.householdCode, recognisedClass: cls, year: year,
            standardID: (try? StandardCatalog.shipped.standard(forYear: year))?.id, recordedAt: at, recordedBy: account)
    }

    package static func indicators(_ list: String?) -> [IndicatorID] {
        guard let list else { return [] }
        return list.split(separator: ";").compactMap { IndicatorID(rawValue: String($0)) }
    }

    // MARK: Members

    /// Every member column, in binding order: the household's id and the member number, then
    /// the values ``bindValues(_:nameID:to:)`` binds (the CCCD as one clear-text `national_id`).
    package static let memberColumns: [String] = memberColumns(nationalID: ["national_id"])

    /// Every member column with the CCCD stored as `nationalID` columns (SQLite seals it into
    /// three: ciphertext, keyed hash, last four digits), in binding order.
    package static func memberColumns(nationalID: [String]) -> [String] {
        ["household_id", "member_no", "full_name", "name_id", "relation", "sex", "birth_date"]
            + nationalID
            + ["ethnicity", "health_insurance", "education", "in_school", "employment", "disability",
               "malnourished", "ill_untreated", "meritorious", "mass_organisations"]
    }

    /// Position of `name_id` in ``memberColumns``.
    package static let memberNameIDColumn = memberColumns.firstIndex(of: "name_id")!

    /// Binds every member column but the first two (household id and member number).
    package static func bindValues(_ m: Member, nameID: Int64, to s: some ValueSink) {
        bindValues(m, nameID: nameID, to: s) { $0.bind(m.nationalID) }
    }

    /// Binds every member column but the first two, the CCCD's columns by `nationalID` (a store
    /// that seals it binds its own columns there).
    package static func bindValues<Sink: ValueSink>(_ m: Member, nameID: Int64, to s: Sink, nationalID: (Sink) -> Void) {
        s.bind(m.fullName)
        s.bind(nameID)
        s.bind(static: m.relation.code)
        s.bind(static: m.sex.code)
        s.bind(birthText(m.birth))
        nationalID(s)
        s.bind(m.ethnicity?.name)
        s.bind(m.healthInsurance)
        s.bind(static: m.education?.code)
        s.bind(m.inSchool)
        s.bind(static: m.employment?.code)
        s.bind(static: m.disability?.code)
        s.bind(m.malnourished)
        s.bind(m.illUntreated)
        s.bind(m.meritorious)
        switch m.massOrganisations.count {
        case 0: s.bind(nil as String?)
        case 1: s.bind(m.massOrganisations[0].rawValue)  // the common case, without an array and a join
        default: s.bind(m.massOrganisations.map(\.rawValue).joined(separator: ";"))
        }
    }

    package static func birthText(_ birth: BirthDate) -> String {
        birth.date?.isoString ?? String(birth.year)
    }

    package static func birth(_ text: String) -> BirthDate {
        if text.count == 4, let year = Int(text) { return .year(year) }
        return parseISODate(text).map { BirthDate.date($0) } ?? .year(Int(text.prefix(4)) ?? 0)
    }

    /// Reads a member from `r`, positioned at its `member_no` column (``memberColumns`` after
    /// `household_id`).
    package static func member(from r: inout some ColumnReader, householdCode: String) -> Member {
        member(from: &r, householdCode: householdCode) { $0.text() }
    }

    /// Reads a member from `r` like ``member(from:householdCode:)``, its CCCD's columns by
    /// `nationalID` (a store that seals it opens it there).
    package static func member<Reader: ColumnReader>(from r: inout Reader, householdCode: String,
                                                     nationalID readNationalID: (inout Reader) throws -> String?) rethrows -> Member {
        let memberNo = r.int() ?? 0
        let fullName = r.text() ?? ""
        r.skip()  // name_id
        let relation = r.text()
        let sex = r.text()
        let birthDate = r.text()
        let nationalID = try readNationalID(&r)
        let ethnicity = r.text()
        let healthInsurance = r.bool()
        let education = r.text()
        let inSchool = r.bool()
        let employment = r.text()
        let disability = r.text()
        let malnourished = r.bool()
        let illUntreated = r.bool()
        let meritorious = r.bool()
        let orgs = r.text()
        return Member(
            householdCode: householdCode,
            memberNo: memberNo,
            fullName: fullName,
            relation: relation.flatMap(Relation.init(rawValue:)) ?? .other,
            sex: sex.flatMap(Sex.init(rawValue:)) ?? .male,
            birth: birth(birthDate ?? ""),
            nationalID: nationalID,
            ethnicity: ethnicity.flatMap(EthnicGroup.init(text:)),
            healthInsurance: healthInsurance,
            education: education.flatMap(Education.init(rawValue:)),
            inSchool: inSchool,
            employment: employment.flatMap(Employment.init(rawValue:)),
            disability: disability.flatMap(Disability.init(rawValue:)),
            malnourished: malnourished,
            illUntreated: illUntreated,
            meritorious: meritorious,
            massOrganisations: orgs.map { $0.split(separator: ";").compactMap { MassOrganisation(rawValue: String($0)) } } ?? [])
    }

    // MARK: Dates

    /// `yyyy-MM-dd` → a valid date, else `nil`.
    package static func parseISODate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CivilDate.validated(year: y, month: m, day: d)
    }

    /// Timestamps as ISO 8601 UTC with milliseconds, e.g. `2026-11-22T03:20:00.123Z`: sortable
    /// as text and readable in `sqlite3` and `psql`.
    package static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = ms / 1000, millis = Int(ms % 1000)
        let day = CivilDate(daysSince1970: Int(seconds / 86_400))
        let s = Int(seconds % 86_400)
        func pad(_ v: Int, _ n: Int) -> String {
            let t = String(v)
            return t.count >= n ? t : String(repeating: "0", count: n - t.count) + t
        }
        return "\(day.isoString)T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2)).\(pad(millis, 3))Z"
    }

    /// The date of a ``timestamp(_:)`` text (the epoch for anything else).
    package static func date(fromTimestamp text: String) -> Date {
        guard text.count >= 23, let day = parseISODate(String(text.prefix(10))) else { return Date(timeIntervalSince1970: 0) }
        let t = Array(text.utf8)
        func num(_ a: Int, _ n: Int) -> Int { t[a..<(a + n)].reduce(0) { $0 * 10 + Int($1 &- 48) } }
        let seconds = day.daysSince1970 * 86_400 + num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2)
        return Date(timeIntervalSince1970: Double(seconds) + Double(num(20, 3)) / 1000)
    }
}

// Codes as compile-time constants for binding without a copy; each equals the case's raw value
// (checked for every case by the row-mapping tests).

extension AreaType {
    package var code: StaticString {
        switch self {
        case .rural: "rural"
        case .urban: "urban"
        }
    }
}

extension HousingQuality {
    package var code: StaticString {
        switch self {
        case .durable: "durable"
        case .semiDurable: "semi_durable"
        case .nonDurable: "non_durable"
        case .makeshift: "makeshift"
        }
    }
}

extension Relation {
    package var code: StaticString {
        switch self {
        case .head: "head"
        case .spouse: "spouse"
        case .child: "child"
        case .parent: "parent"
        case .grandchild: "grandchild"
        case .sibling: "sibling"
        case .other: "other"
        }
    }
}

extension Sex {
    package var code: StaticString {
        switch self {
        case .male: "M"
        case .female: "F"
        }
    }
}

extension Education {
    package var code: StaticString {
        switch self {
        case .none: "none"
        case .primary: "primary"
        case .lowerSecondary: "lower_secondary"
        case .upperSecondary: "upper_secondary"
        case .vocational: "vocational"
        case .collegePlus: "college_plus"
        }
    }
}

extension Employment {
    package var code: StaticString {
        switch self {
        case .contract: "contract"
        case .noContract: "no_contract"
        case .selfEmployed: "self_employed"
        case .unemployed: "unemployed"
        case .notInLabourForce: "not_in_labour_force"
        }
    }
}

extension Disability {
    package var code: StaticString {
        switch self {
        case .none: "none"
        case .mild: "mild"
        case .severe: "severe"
        case .particularlySevere: "particularly_severe"
        }
    }
}

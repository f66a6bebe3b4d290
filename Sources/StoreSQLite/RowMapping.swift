import Foundation
import GRDB
import PersonalDataProtection
import PovertyStandard
import Registry
import Store
import VietnameseText

/// How households and members map to table columns, both ways. One place, so the bulk insert,
/// the single-row update and every read agree.
enum RowMapping {
    // MARK: Households

    /// Household columns written from a ``Household`` value, in binding order (after `code`).
    static let householdValueColumns: [String] =
        ["commune_code", "village_id", "address", "area_type", "reference_date", "monthly_income_per_capita",
         "income_score", "housing_quality", "floor_area_m2"]
        + HouseholdFact.allCases.map(\.rawValue)
        + ["agricultural", "social_protection", "poverty_causes", "survey_deprived", "survey_not_deprived",
           "recognised_class", "recognised_year"]

    static let insertHouseholdSQL: String = {
        let columns = ["id", "code"] + householdValueColumns
            + ["version", "created_at", "created_by", "created_batch", "updated_at", "updated_by"]
        return "INSERT INTO household (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }()

    /// One INSERT of `rows` households (a bulk load's groups).
    static func insertHouseholdsSQL(rows: Int) -> String {
        let one = "(" + Array(repeating: "?", count: householdColumnCount).joined(separator: ", ") + ")"
        return insertHouseholdSQL.components(separatedBy: " VALUES ")[0] + " VALUES " + Array(repeating: one, count: rows).joined(separator: ", ")
    }

    static var householdColumnCount: Int { 2 + householdValueColumns.count + 6 }

    static let updateHouseholdSQL: String = {
        let sets = householdValueColumns.map { "\($0) = ?" } + ["version = ?", "updated_at = ?", "updated_by = ?"]
        return "UPDATE household SET \(sets.joined(separator: ", ")) WHERE id = ?"
    }()

    /// Binds the value columns of `household` (``householdValueColumns`` order).
    static func bindValues(_ h: Household, villageID: Int64, to s: some ValueSink) {
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

    static func indicatorList(_ set: IndicatorSet) -> String? {
        guard !set.isEmpty else { return nil }
        return IndicatorID.allCases.filter { set.contains($0) }.map(\.rawValue).joined(separator: ";")
    }

    /// Columns to select for ``household(from:)``, with `village` joined in.
    static let householdSelect: String = {
        let columns = ["h.id", "h.code", "v.name AS village"] + householdValueColumns.map { "h.\($0)" }
            + ["h.version", "h.created_at", "h.updated_at", "h.updated_by"]
        return "SELECT \(columns.joined(separator: ", ")) FROM household h JOIN village v ON v.id = h.village_id"
    }()

    /// Reads a row of ``householdSelect`` by position (its columns are read in select order):
    /// GRDB's lookup by name folds the case of every column name, which costs more than the
    /// row itself when millions of rows are compared in an import or exported.
    static func household(from row: Row) -> Household {
        var i = 1  // 0 is h.id
        func next<T: DatabaseValueConvertible>() -> T? {
            defer { i += 1 }
            return row[i]
        }
        let code: String = next() ?? ""
        let village: String = next() ?? ""
        let communeCode: String = next() ?? ""
        let _: Int64? = next()  // village_id
        let address: String? = next()
        let area: String? = next()
        let reference: String? = next()
        let income: Int? = next()
        let score: Int? = next()
        let housing: String? = next()
        let floor: Double? = next()
        var facts = HouseholdFactValues()
        for fact in HouseholdFact.allCases { facts[fact] = bool(next()) }
        let agricultural = bool(next())
        let socialProtection = bool(next())
        let causes: String? = next()
        let deprived: String? = next()
        let notDeprived: String? = next()
        let recognised: String? = next()
        let recognisedYear: Int? = next()
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
    static func importedStatus(of h: Household, at: Date, by account: String) -> StatusRecord? {
        guard let cls = h.recognisedClass, let year = h.recognisedYear else { return nil }
        return StatusRecord.imported(
            householdCode: h.householdCode, recognisedClass: cls, year: year,
            standardID: (try? StandardCatalog.shipped.standard(forYear: year))?.id, recordedAt: at, recordedBy: account)
    }

    static func bool(_ value: Int?) -> Bool? { value.map { $0 != 0 } }

    static func indicators(_ list: String?) -> [IndicatorID] {
        guard let list else { return [] }
        return list.split(separator: ";").compactMap { IndicatorID(rawValue: String($0)) }
    }

    // MARK: Members

    /// The CCCD is three columns (``NationalIDCipher``): its ciphertext, its keyed hash (unique
    /// index, exact lookup) and its last four digits (masked lists); never the number itself.
    static let memberColumns: [String] =
        ["household_id", "member_no", "full_name", "name_id", "relation", "sex", "birth_date",
         "national_id_sealed", "national_id_hash", "national_id_last4", "ethnicity", "health_insurance", "education", "in_school", "employment", "disability",
         "malnourished", "ill_untreated", "meritorious", "mass_organisations"]

    /// Position of `name_id` in ``memberColumns``.
    static let memberNameIDColumn = memberColumns.firstIndex(of: "name_id")!
    /// Position of `national_id_sealed` in ``memberColumns`` (`national_id_hash` follows it).
    static let memberSealedColumn = memberColumns.firstIndex(of: "national_id_sealed")!

    static let insertMemberSQL =
        "INSERT INTO member (\(memberColumns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: memberColumns.count).joined(separator: ", ")))"

    /// One INSERT of `rows` members (a bulk load's groups).
    static func insertMembersSQL(rows: Int) -> String {
        let one = "(\(Array(repeating: "?", count: memberColumns.count).joined(separator: ", ")))"
        return "INSERT INTO member (\(memberColumns.joined(separator: ", "))) VALUES " + Array(repeating: one, count: rows).joined(separator: ", ")
    }

    static let updateMemberSQL: String = {
        let sets = memberColumns.dropFirst(2).map { "\($0) = ?" }
        return "UPDATE member SET \(sets.joined(separator: ", ")) WHERE household_id = ? AND member_no = ?"
    }()

    /// Binds every member column but the first two (household id and member number); the CCCD
    /// sealed with `cipher`. `deferHash`: its keyed hash is left NULL, for an import into a
    /// registry with data to set at the end (see `SQLiteImportSession.applyDeferredHashes`).
    /// Without a cipher the sealed value and the hash are left NULL for the bulk encoder's sealing
    /// stage to fill in (``SQLiteBulkEncoder``); the last four digits are bound either way.
    static func bindValues(_ m: Member, nameID: Int64, cipher: NationalIDCipher?, deferHash: Bool = false, to s: some ValueSink) {
        s.bind(m.fullName)
        s.bind(nameID)
        s.bind(static: m.relation.code)
        s.bind(static: m.sex.code)
        s.bind(birthText(m.birth))
        if let id = m.nationalID {
            s.bind(blob: cipher?.seal(id))
            s.bind(blob: deferHash ? nil : cipher?.lookupHash(id))
            s.bind(NationalIDCipher.last4(id))
        } else {
            s.bind(blob: nil)
            s.bind(blob: nil)
            s.bind(nil as String?)
        }
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

    static func birthText(_ birth: BirthDate) -> String {
        birth.date?.isoString ?? String(birth.year)
    }

    static func birth(_ text: String) -> BirthDate {
        if text.count == 4, let year = Int(text) { return .year(year) }
        return parseISODate(text).map { BirthDate.date($0) } ?? .year(Int(text.prefix(4)) ?? 0)
    }

    static let memberSelect = "SELECT \(memberColumns.joined(separator: ", ")) FROM member"

    /// Reads a row of ``memberSelect`` by position, starting at column `offset`; the CCCD opened
    /// with `cipher`, or left out (`nil`) when no cipher is given — only for reads that never show
    /// or compare it (classification), which then skip a decryption per member.
    static func member(from row: Row, householdCode: String, offset: Int = 0, cipher: NationalIDCipher?) throws -> Member {
        var i = offset + 1  // household_id first
        func next<T: DatabaseValueConvertible>() -> T? {
            defer { i += 1 }
            return row[i]
        }
        let memberNo: Int = next() ?? 0
        let fullName: String = next() ?? ""
        let _: Int64? = next()  // name_id
        let relation: String? = next()
        let sex: String? = next()
        let birthDate: String? = next()
        let sealed: Data? = next()
        i += 2  // national_id_hash, national_id_last4
        let nationalID = try cipher.flatMap { c in try sealed.map { try c.open($0) } }
        let ethnicity: String? = next()
        let healthInsurance = bool(next())
        let education: String? = next()
        let inSchool = bool(next())
        let employment: String? = next()
        let disability: String? = next()
        let malnourished = bool(next())
        let illUntreated = bool(next())
        let meritorious = bool(next())
        let orgs: String? = next()
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

    static func parseISODate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CivilDate.validated(year: y, month: m, day: d)
    }

    /// Timestamps as ISO 8601 UTC with milliseconds, e.g. `2026-11-22T03:20:00.123Z`: sortable
    /// as text and readable in the `sqlite3` tool.
    static func timestamp(_ date: Date) -> String {
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

    static func date(fromTimestamp text: String) -> Date {
        guard text.count >= 23, let day = parseISODate(String(text.prefix(10))) else { return Date(timeIntervalSince1970: 0) }
        let t = Array(text.utf8)
        func num(_ a: Int, _ n: Int) -> Int { t[a..<(a + n)].reduce(0) { $0 * 10 + Int($1 &- 48) } }
        let seconds = day.daysSince1970 * 86_400 + num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2)
        return Date(timeIntervalSince1970: Double(seconds) + Double(num(20, 3)) / 1000)
    }
}

// Codes as compile-time constants for binding without a copy; each equals the case's raw value
// (checked for every case by RowMappingTests).

extension AreaType {
    var code: StaticString {
        switch self {
        case .rural: "rural"
        case .urban: "urban"
        }
    }
}

extension HousingQuality {
    var code: StaticString {
        switch self {
        case .durable: "durable"
        case .semiDurable: "semi_durable"
        case .nonDurable: "non_durable"
        case .makeshift: "makeshift"
        }
    }
}

extension Relation {
    var code: StaticString {
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
    var code: StaticString {
        switch self {
        case .male: "M"
        case .female: "F"
        }
    }
}

extension Education {
    var code: StaticString {
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
    var code: StaticString {
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
    var code: StaticString {
        switch self {
        case .none: "none"
        case .mild: "mild"
        case .severe: "severe"
        case .particularlySevere: "particularly_severe"
        }
    }
}

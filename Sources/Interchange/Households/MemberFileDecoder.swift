import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// Streams `members.csv` (or its XLSX sheet) into ``Member`` values, validating each row
/// (trình đọc tệp thành viên).
///
/// Per-row rules, the household's existence (through ``HouseholdLookup``) and the uniqueness of
/// `national_id` across the file are checked here. Rules that need a household's members
/// together (one head, unique `member_no`) are checked by ``RegistryFileSet``, which groups them.
/// Rows with errors are reported in ``report`` and skipped.
public final class MemberFileDecoder {
    /// Status of a member's household (tình trạng hộ của thành viên) as the decoder learns it.
    public enum HouseholdStatus: Sendable, Hashable {
        /// The household exists; ages are computed at this reference date (ngày rà soát).
        case known(referenceDate: CivilDate)
        /// No such household: the row fails with `member.household_unknown`.
        case unknown
        /// The household's own row was rejected: the member is still checked (at the default
        /// reference date) but not blamed for the household.
        case rejected
    }

    /// Household lookup (tra cứu hộ): tells the decoder, for a household code, whether that
    /// household exists and its reference date.
    public typealias HouseholdLookup = (String) -> HouseholdStatus

    /// Name of the file, as used in error messages.
    public let fileName: String
    /// Review year (năm rà soát).
    public let reviewYear: Int
    /// Today's date, for `birth_date.future`.
    public let today: CivilDate
    /// How the header row maps to columns.
    public let mapping: HeaderMapping<MemberColumn>
    /// Errors and warnings found so far.
    public var report: ImportErrorReport { core.report }
    /// Excel row number of the member last returned by ``next()``.
    public var rowNumber: Int { core.rowNumber }
    /// Number of rows read so far, valid or not.
    public var rowsRead: Int { core.rowsRead }
    /// Codes of households with at least one rejected member row, so the household-level rules
    /// (one head…) are not reported on top of the row's own error.
    public var householdsWithRejectedRows: Set<String> { core.householdsWithRejectedRows }
    /// Whether the header is usable; when `false`, ``next()`` returns `nil` at once.
    public let isHeaderValid: Bool

    private let source: any RowSource
    /// The source when it is a CSV file, read without dynamic dispatch per row.
    private let csv: CSVReader?
    /// All state the row loop touches, in one value behind a pointer: the loop then pays no
    /// dynamic exclusivity check, neither per field on the class's own properties nor per row.
    private let storage: UnsafeMutablePointer<Core>
    private var core: Core {
        unsafeAddress { UnsafePointer(storage) }
        unsafeMutableAddress { storage }
    }

    /// Prepares to read `source`.
    /// - Parameters:
    ///   - source: the file's rows (a `CSVReader` or `XLSXReader`).
    ///   - reviewYear: the review year; 01/09 of it is the reference date of households not
    ///     known to `household`.
    ///   - today: the current date, for births in the future (default: today in Viet Nam, UTC+7).
    ///   - household: resolves a member's household; `nil` assumes every household exists with the
    ///     default reference date (for reading a members file on its own). It is called once per
    ///     run of adjacent rows of the same household.
    ///   - errorCapacity: how many errors to keep (all are counted).
    public convenience init(
        source: any RowSource, reviewYear: Int, today: CivilDate = MemberFileDecoder.todayInVietnam(),
        household: HouseholdLookup? = nil, errorCapacity: Int = 10_000
    ) {
        self.init(
            source: source, reviewYear: reviewYear, today: today,
            indexedHousehold: household.map { lookup in { code in (lookup(code), -1) } },
            errorCapacity: errorCapacity, keepText: true)
    }

    /// Household lookup that also gives the household's position, carried into ``MemberRecord/household``.
    typealias IndexedHouseholdLookup = (String) -> (status: HouseholdStatus, index: Int)

    /// - Parameter keepText: `false` when only ``nextRecord()`` is used: text that nothing but a
    ///   ``Member`` value keeps (name, national id, mass organisations) is validated but not stored.
    init(
        source: any RowSource, reviewYear: Int, today: CivilDate, indexedHousehold: IndexedHouseholdLookup?,
        errorCapacity: Int, keepText: Bool
    ) {
        self.source = source
        self.fileName = source.fileName
        self.reviewYear = reviewYear
        self.today = today
        let mapping = MemberColumn.mapHeaders(source.headers, fileName: source.fileName)
        self.mapping = mapping
        self.isHeaderValid = mapping.errors.isEmpty
        var report = ImportErrorReport(capacity: errorCapacity)
        for e in mapping.errors { report.add(e) }
        for (_, header) in mapping.unknownHeaders {
            report.addWarning(ImportError(
                file: source.fileName, row: 1, column: "", value: header,
                message: "Cột không được nhận dạng, dữ liệu của cột sẽ bị bỏ qua", code: "header.unknown"))
        }
        self.csv = source as? CSVReader
        self.storage = .allocate(capacity: 1)
        storage.initialize(to: Core(
            fileName: source.fileName, today: today, plan: mapping.columns, lookup: indexedHousehold,
            defaultReferenceDate: Household.defaultReferenceDate(reviewYear: reviewYear),
            hasNationalIDColumn: mapping.index(of: .nationalID) != nil, report: report, keepText: keepText))
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Today's date in Viet Nam (UTC+7, no daylight saving).
    public static func todayInVietnam() -> CivilDate { CivilDate(Date(), secondsFromGMT: 7 * 3600) }

    /// The next valid member, or `nil` at the end of the file.
    ///
    /// Duplicated national ids are found at the end of the file (ids are collected as rows stream
    /// by and compared in one sort), so a row with a repeated id has already been returned when
    /// its error is added to ``report``: check the report when `next()` returns `nil`.
    /// - Throws: only when the file cannot be read; data problems go to ``report``.
    public func next() throws -> Member? {
        try nextValid(Core.member, stopOnError: false)
    }

    /// The next valid member as the engine needs it, or `nil` at the end of the file or once an
    /// error has been found (rows are checked exactly as by ``next()``, duplicated national ids
    /// included).
    func nextRecord() throws -> MemberRecord? {
        try nextValid(Core.record, stopOnError: true)
    }

    /// `make` applied to the next valid row's values; `nil` at the end of the file, or with
    /// `stopOnError` once an error has been found.
    @inline(__always)
    private func nextValid<Output>(_ make: (borrowing Core.Draft) -> Output, stopOnError: Bool) throws -> Output? {
        guard isHeaderValid else { return nil }
        while !stopOnError || core.report.totalErrorCount == 0 {
            var result: Output?
            let more: Bool
            if let csv {
                more = try csv.nextCSVRow { row in result = core.decode(row, make) }
            } else {
                more = try source.nextRow { row in result = decodeOpened(row, make) }
            }
            guard more else {
                core.reportDuplicateNationalIDs()
                return nil
            }
            if let result { return result }
        }
        return nil
    }

    /// The national ids read (sorted once the end of the file is reached).
    var nationalIDs: DuplicateFinder { core.nationalIDs }

    /// Number of errors found so far.
    var errorCount: Int { core.report.totalErrorCount }

    /// Calls `body` with each valid member in file order.
    public func forEach(_ body: (Member) throws -> Void) throws {
        while let m = try next() { try body(m) }
    }

    @inline(__always)
    private func decodeOpened<Row: TableRow, Output>(_ row: Row, _ make: (borrowing Core.Draft) -> Output) -> Output? {
        specialisingCSV(row, csv: { core.decode($0, make) }, other: { core.decode($0, make) })
    }

    // MARK: Row decoding

    fileprivate struct Core {
        let fileName: String
        let today: CivilDate
        let plan: [(index: Int, column: MemberColumn)]
        let lookup: IndexedHouseholdLookup?
        let keepText: Bool
        let defaultReferenceDate: CivilDate
        let hasNationalIDColumn: Bool
        var report: ImportErrorReport
        var rowNumber = 1
        var rowsRead = 0
        var householdsWithRejectedRows: Set<String> = []
        var reportedMissingNationalIDColumn = false
        /// Row (high 32 bits) and household run (low 32 bits, an index into `householdRuns`) of
        /// every national id, keyed by its 12 digits as a number.
        var nationalIDs = DuplicateFinder()
        var duplicatesReported = false
        /// Household codes in the order their runs of rows start (a code repeats if its rows are
        /// not adjacent); lets the national-id list name a household in 32 bits.
        var householdRuns: [String] = []
        var lastHousehold = ""
        var sameHousehold = false
        var lastStatus: HouseholdStatus?
        var lastIndex = -1
        // Hoisted from static storage so the row loop does not pass a lazy-initialisation check per field.
        let bools = Spellings.bool
        let relations = Spellings.relation
        let sexes = Spellings.sex
        let educations = Spellings.education
        let employments = Spellings.employment
        let disabilities = Spellings.disability
        let ethnicities = Spellings.ethnicity
        let organisations = Spellings.massOrganisation

        init(
            fileName: String, today: CivilDate, plan: [(index: Int, column: MemberColumn)],
            lookup: IndexedHouseholdLookup?, defaultReferenceDate: CivilDate, hasNationalIDColumn: Bool,
            report: ImportErrorReport, keepText: Bool
        ) {
            self.keepText = keepText
            self.fileName = fileName
            self.today = today
            self.plan = plan
            self.lookup = lookup
            self.defaultReferenceDate = defaultReferenceDate
            self.hasNationalIDColumn = hasNationalIDColumn
            self.report = report
        }

        /// Reports every national id used more than once, naming both households and rows; once.
        mutating func reportDuplicateNationalIDs() {
            guard !duplicatesReported else { return }
            duplicatesReported = true
            let runs = householdRuns
            let file = fileName
            var found: [ImportError] = []
            nationalIDs.forEachDuplicate { key, first, again in
                let firstRow = Int(first >> 32), row = Int(again >> 32)
                let firstHousehold = runs[Int(first & 0xFFFF_FFFF)], household = runs[Int(again & 0xFFFF_FFFF)]
                found.append(ImportError(
                    file: file, row: row, column: MemberColumn.nationalID.name, value: Self.twelveDigits(key),
                    message: "Số CCCD trùng: đã dùng cho thành viên hộ \(firstHousehold) (\(file) dòng \(firstRow)), lặp lại ở hộ \(household) (dòng \(row))",
                    code: "national_id.duplicate"))
            }
            found.sort { $0.row < $1.row }
            for e in found { report.add(e) }
        }

        private static func twelveDigits(_ n: UInt64) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, 12 - s.count)) + s
        }

        struct Draft {
            var household: String?
            var memberNo: Int?
            var fullName: String?
            var hasFullName = false
            var relation: Relation?
            var sex: Sex?
            var birth: BirthDate?
            var nationalID: String?
            var nationalIDNumber: UInt64?
            var ethnicity: EthnicGroup?
            var healthInsurance: Bool?
            var education: Education?
            var inSchool: Bool?
            var employment: Employment?
            var disability: Disability?
            var malnourished: Bool?
            var illUntreated: Bool?
            var meritorious: Bool?
            var organisations: [MassOrganisation] = []
            var failed = false
            /// Position of the member's household (from an indexed lookup; −1 otherwise).
            var householdIndex = -1
            /// Age in completed years at the household's reference date.
            var age = 0
            // Columns whose cell was present but invalid (bit = column ordinal): their "required"
            // error would repeat it.
            var invalidBits: UInt32 = 0
            func isInvalid(_ column: MemberColumn) -> Bool { invalidBits & column.bit != 0 }
        }

        /// Reads and checks one row: `make` applied to its values when the row is valid,
        /// otherwise `nil` (the errors are in `report`).
        mutating func decode<Row: TableRow, Output>(_ row: Row, _ make: (borrowing Draft) -> Output) -> Output? {
            rowsRead += 1
            sameHousehold = false
            let rowNo = row.rowNumber
            var d = Draft()
            for (index, column) in plan {
                row.withField(index) { raw in
                    let v = FieldParsers.trim(raw)
                    if !v.isEmpty { decodeField(column, v, rowNo, &d) }
                }
            }
            if d.household == nil || d.memberNo == nil || !d.hasFullName || d.relation == nil || d.sex == nil
                || d.birth == nil
            {
                for (column, message) in Self.requiredMessages where !d.isInvalid(column) && isMissing(column, d) {
                    fail(&d, rowNo, column, "", "\(column.name).required", message)
                }
            }

            var referenceDate = defaultReferenceDate
            if let code = d.household, let lookup {
                // Adjacent members share a household: ask once per run of rows.
                if lastStatus == nil || !sameHousehold { (lastStatus, lastIndex) = lookup(code) }
                d.householdIndex = lastIndex
                switch lastStatus! {
                case .known(let date): referenceDate = date
                case .unknown:
                    fail(&d, rowNo, .householdCode, code, "member.household_unknown",
                         "Mã hộ không có trong tệp hộ gia đình")
                case .rejected: d.failed = true
                }
            }

            if let birth = d.birth {
                let future: Bool
                if let date = birth.date { future = date > today } else { future = birth.year > today.year }
                let age = birth.age(at: referenceDate)
                d.age = age
                if future {
                    fail(&d, rowNo, .birthDate, Self.text(birth), "birth_date.future", "Ngày sinh ở tương lai")
                } else if age > 120 {
                    fail(&d, rowNo, .birthDate, Self.text(birth), "birth_date.too_old",
                         "Tuổi tại ngày rà soát \(VietnameseText.formatDate(referenceDate)) là \(age), quá 120 tuổi")
                } else if age >= 14 && d.nationalIDNumber == nil && !d.isInvalid(.nationalID) {
                    if hasNationalIDColumn {
                        fail(&d, rowNo, .nationalID, "", "national_id.required",
                             "Thành viên từ 14 tuổi trở lên phải có số CCCD/định danh (\(age) tuổi tại ngày rà soát \(VietnameseText.formatDate(referenceDate)))")
                    } else if !reportedMissingNationalIDColumn {
                        // Without the column every adult would fail alike: one error on the header says it all.
                        reportedMissingNationalIDColumn = true
                        report.add(ImportError(
                            file: fileName, row: 1, column: MemberColumn.nationalID.name,
                            message: "Thiếu cột national_id: thành viên từ 14 tuổi trở lên phải có số CCCD/định danh (dòng \(rowNo) là người đầu tiên)",
                            code: "national_id.required"))
                    }
                }
            }

            if let number = d.nationalIDNumber, let code = d.household {
                if householdRuns.last != code { householdRuns.append(code) }
                nationalIDs.append(number, UInt64(UInt32(clamping: rowNo)) << 32 | UInt64(householdRuns.count - 1))
            }

            if d.failed {
                if let code = d.household { householdsWithRejectedRows.insert(code) }
                return nil
            }
            guard d.household != nil, d.memberNo != nil, d.hasFullName, d.relation != nil, d.sex != nil, d.birth != nil
            else { return nil }
            rowNumber = rowNo
            return make(d)
        }

        /// The member of a valid row's values.
        static func member(_ d: borrowing Draft) -> Member {
            Member(
                householdCode: d.household!, memberNo: d.memberNo!, fullName: d.fullName ?? "", relation: d.relation!,
                sex: d.sex!, birth: d.birth!, nationalID: d.nationalID, ethnicity: d.ethnicity,
                healthInsurance: d.healthInsurance, education: d.education, inSchool: d.inSchool,
                employment: d.employment, disability: d.disability, malnourished: d.malnourished,
                illUntreated: d.illUntreated, meritorious: d.meritorious, massOrganisations: d.organisations)
        }

        /// The engine's view of a valid row's values.
        static func record(_ d: borrowing Draft) -> MemberRecord {
            MemberRecord(
                household: d.householdIndex, memberNo: d.memberNo!, isHead: d.relation == .head,
                facts: MemberFacts(
                    age: d.age, birthYear: d.birth!.year, healthInsurance: d.healthInsurance,
                    education: d.education, inSchool: d.inSchool, employment: d.employment,
                    disability: d.disability, malnourished: d.malnourished, illUntreated: d.illUntreated))
        }


        private static let requiredMessages: [(MemberColumn, String)] = [
            (.householdCode, "Thiếu mã hộ"),
            (.memberNo, "Thiếu số thứ tự (STT) của thành viên"),
            (.fullName, "Thiếu họ và tên"),
            (.relation, "Thiếu quan hệ với chủ hộ"),
            (.sex, "Thiếu giới tính"),
            (.birthDate, "Thiếu ngày sinh (hoặc năm sinh)"),
        ]

        private func isMissing(_ column: MemberColumn, _ d: Draft) -> Bool {
            switch column {
            case .householdCode: d.household == nil
            case .memberNo: d.memberNo == nil
            case .fullName: !d.hasFullName
            case .relation: d.relation == nil
            case .sex: d.sex == nil
            case .birthDate: d.birth == nil
            default: false
            }
        }

        private static func text(_ birth: BirthDate) -> String { birth.description }

        private mutating func decodeField(_ column: MemberColumn, _ v: FieldParsers.Bytes, _ rowNo: Int, _ d: inout Draft) {
            switch column {
            case .householdCode:
                // A household's members are usually adjacent: reuse its code instead of a new String.
                if lastHousehold.utf8.count == v.count, FieldParsers.equal(lastHousehold, v) {
                    d.household = lastHousehold
                    sameHousehold = true
                } else {
                    let code = FieldParsers.nfcString(v)
                    lastHousehold = code
                    d.household = code
                    sameHousehold = false
                }
            case .memberNo:
                if let n = FieldParsers.plainInt(v), n >= 1 {
                    d.memberNo = n
                } else {
                    invalid(&d, rowNo, column, v, "member_no.invalid", "STT phải là số nguyên từ 1 trở lên")
                }
            case .fullName:
                d.hasFullName = true
                if keepText { d.fullName = FieldParsers.nfcString(v) }
            case .relation:
                if let r = relations.value(v) {
                    d.relation = r
                } else {
                    invalid(&d, rowNo, column, v, "relation.invalid",
                            "Quan hệ với chủ hộ phải là chủ hộ, vợ/chồng, con, bố/mẹ, cháu, anh/chị/em hoặc khác")
                }
            case .sex:
                if let s = sexes.value(v) {
                    d.sex = s
                } else {
                    invalid(&d, rowNo, column, v, "sex.invalid", "Giới tính phải là nam hoặc nữ (M/F)")
                }
            case .birthDate:
                if let b = FieldParsers.birthDate(v) {
                    d.birth = b
                } else {
                    invalid(&d, rowNo, column, v, "birth_date.invalid",
                            "Ngày sinh không hợp lệ (dùng dd/MM/yyyy, yyyy-MM-dd hoặc năm sinh yyyy)")
                }
            case .nationalID:
                decodeNationalID(v, rowNo, &d)
            case .ethnicity:
                if let e = ethnicGroup(v) {
                    d.ethnicity = e
                } else {
                    invalid(&d, rowNo, column, v, "ethnicity.unknown",
                            "Dân tộc không có trong danh mục 54 dân tộc Việt Nam (ghi tên hoặc mã 2 chữ số)")
                }
            case .healthInsurance: d.healthInsurance = bool(v, column, rowNo, &d)
            case .inSchool: d.inSchool = bool(v, column, rowNo, &d)
            case .malnourished: d.malnourished = bool(v, column, rowNo, &d)
            case .illUntreated: d.illUntreated = bool(v, column, rowNo, &d)
            case .meritorious: d.meritorious = bool(v, column, rowNo, &d)
            case .education:
                if let e = educations.value(v) {
                    d.education = e
                } else {
                    invalid(&d, rowNo, column, v, "education.invalid",
                            "Trình độ học vấn phải là none, primary, lower_secondary, upper_secondary, vocational hoặc college_plus")
                }
            case .employment:
                if let e = employments.value(v) {
                    d.employment = e
                } else {
                    invalid(&d, rowNo, column, v, "employment.invalid",
                            "Việc làm phải là contract, no_contract, self_employed, unemployed hoặc not_in_labour_force")
                }
            case .disability:
                if let e = disabilities.value(v) {
                    d.disability = e
                } else {
                    invalid(&d, rowNo, column, v, "disability.invalid",
                            "Khuyết tật phải là none, mild, severe hoặc particularly_severe")
                }
            case .massOrganisations:
                let unknown = collectListItems(v, in: organisations, into: &d.organisations, keep: keepText)
                if !unknown.isEmpty {
                    invalid(&d, rowNo, column, v, "mass_organisations.unknown",
                            "Đoàn thể không có trong danh mục: \(unknown.joined(separator: "; "))")
                }
            }
        }

        /// 12 digits; the first three are the province of birth registration, 001–096.
        private mutating func decodeNationalID(_ v: FieldParsers.Bytes, _ rowNo: Int, _ d: inout Draft) {
            guard v.count == 12, let n = FieldParsers.plainInt(v) else {
                // 9–11 digits is nearly always a number cell that lost its leading zeros.
                let hint = (9...11).contains(v.count) && FieldParsers.allDigits(v)
                    ? " (có thể Excel đã bỏ số 0 ở đầu: hãy định dạng cột là Văn bản)" : ""
                invalid(&d, rowNo, .nationalID, v, "national_id.length", "Số CCCD phải có 12 chữ số" + hint)
                return
            }
            let province = n / 1_000_000_000
            guard (1...96).contains(province) else {
                invalid(&d, rowNo, .nationalID, v, "national_id.province",
                        "3 chữ số đầu của số CCCD phải là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096")
                return
            }
            if keepText { d.nationalID = FieldParsers.string(v) }
            d.nationalIDNumber = UInt64(n)
        }

        private func ethnicGroup(_ v: FieldParsers.Bytes) -> EthnicGroup? {
            if v.count <= 2, let n = FieldParsers.plainInt(v) { return EthnicGroup(number: n) }
            return ethnicities.value(v)
        }

        private mutating func bool(_ v: FieldParsers.Bytes, _ column: MemberColumn, _ rowNo: Int, _ d: inout Draft) -> Bool? {
            if let b = bools.value(v) { return b }
            invalid(&d, rowNo, column, v, "\(column.name).invalid", Messages.bool)
            return nil
        }

        private mutating func invalid(
            _ d: inout Draft, _ rowNo: Int, _ column: MemberColumn, _ v: FieldParsers.Bytes, _ code: String, _ message: String
        ) {
            d.invalidBits |= column.bit
            fail(&d, rowNo, column, FieldParsers.string(v), code, message)
        }

        private mutating func fail(
            _ d: inout Draft, _ rowNo: Int, _ column: MemberColumn, _ value: String, _ code: String, _ message: String
        ) {
            d.failed = true
            report.add(ImportError(file: fileName, row: rowNo, column: column.name, value: value, message: message, code: code))
        }
    }
}

/// What the engine needs of a valid member row (``MemberFileDecoder/nextRecord()``).
struct MemberRecord {
    /// Position of the member's household among the valid households.
    var household: Int
    var memberNo: Int
    var isHead: Bool
    /// Facts with the age at the household's reference date.
    var facts: MemberFacts
}

extension MemberColumn {
    /// A bit per column, for small per-row column sets.
    fileprivate var bit: UInt32 {
        switch self {
        case .householdCode: 1 << 0
        case .memberNo: 1 << 1
        case .fullName: 1 << 2
        case .relation: 1 << 3
        case .sex: 1 << 4
        case .birthDate: 1 << 5
        case .nationalID: 1 << 6
        case .ethnicity: 1 << 7
        case .healthInsurance: 1 << 8
        case .education: 1 << 9
        case .inSchool: 1 << 10
        case .employment: 1 << 11
        case .disability: 1 << 12
        case .malnourished: 1 << 13
        case .illUntreated: 1 << 14
        case .meritorious: 1 << 15
        case .massOrganisations: 1 << 16
        }
    }
}

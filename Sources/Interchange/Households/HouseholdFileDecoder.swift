import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// Streams `households.csv` (or its XLSX sheet) into ``Household`` values, validating every rule
/// of data-format.md that one file can check (trình đọc tệp hộ gia đình).
///
/// Rows with errors are reported in ``report`` and skipped; ``next()`` returns only valid
/// households, one at a time, so memory does not grow with the file (except for the set of codes
/// seen, needed to reject duplicates). When the header itself is wrong (a missing or duplicated
/// column) no row is read: every row would fail the same way.
public final class HouseholdFileDecoder {
    /// Name of the file, as used in error messages.
    public let fileName: String
    /// Review year (năm rà soát); households without `reference_date` use 01/09 of it.
    public let reviewYear: Int
    /// How the header row maps to columns.
    public let mapping: HeaderMapping<HouseholdColumn>
    /// Errors and warnings found so far.
    public var report: ImportErrorReport { core.report }
    /// Excel row number of the household last returned by ``next()``.
    public var rowNumber: Int { core.rowNumber }
    /// Number of rows read so far, valid or not.
    public var rowsRead: Int { core.rowsRead }
    /// Number of valid households returned so far.
    public var householdCount: Int { core.householdCount }
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
    ///   - reviewYear: the review year, for the default reference date.
    ///   - catalog: admin units to check `commune_code` against; `nil` checks only the format.
    ///   - errorCapacity: how many errors to keep (all are counted).
    public convenience init(source: any RowSource, reviewYear: Int, catalog: AdminUnitCatalog? = nil, errorCapacity: Int = 10_000) {
        self.init(source: source, reviewYear: reviewYear, catalog: catalog, errorCapacity: errorCapacity, keepText: true)
    }

    /// - Parameter keepText: `false` when only ``nextRecord()`` is used: text that nothing but a
    ///   ``Household`` value keeps (address, poverty causes) is validated but not stored, and
    ///   codes are not collected: the caller checks that they are unique.
    init(source: any RowSource, reviewYear: Int, catalog: AdminUnitCatalog?, errorCapacity: Int, keepText: Bool) {
        self.source = source
        self.fileName = source.fileName
        self.reviewYear = reviewYear
        let mapping = HouseholdColumn.mapHeaders(source.headers, fileName: source.fileName)
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
            fileName: source.fileName, catalog: catalog, plan: mapping.columns,
            defaultReferenceDate: Household.defaultReferenceDate(reviewYear: reviewYear), report: report,
            keepText: keepText))
        // Size the code table for the whole file (a households row is rarely under 64 bytes) so it
        // is not rehashed again and again as a million households stream in.
        if keepText, let total = source.progress.total {
            core.seen = CodeIndex(capacity: Int(min(total / 64, 8_000_000)))
        }
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The next valid household, or `nil` at the end of the file.
    /// - Throws: only when the file cannot be read (I/O or malformed CSV/XLSX); data problems go
    ///   to ``report``.
    public func next() throws -> Household? {
        try nextValid(Core.household, stopOnError: false)
    }

    /// The next valid household as the engine needs it, or `nil` at the end of the file or
    /// once an error has been found. Rows are checked exactly as by ``next()`` except for
    /// duplicated codes, which the caller finds (the decoder was made with `keepText: false`).
    func nextRecord() throws -> HouseholdRecord? {
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
            guard more else { return nil }
            if let result { return result }
        }
        return nil
    }

    /// Number of errors found so far.
    var errorCount: Int { core.report.totalErrorCount }

    /// What the file said about household `code` so far: `nil` when no row had that code;
    /// otherwise the row of its first occurrence and, when that row was valid, the household's
    /// position among those returned by ``next()`` (so members can be attached by index).
    ///
    /// Looked up in file order (members listed in the order of their households) nearly every
    /// code is the one after the last found, which is checked first: no hash probe, no cache miss.
    public func household(code: String) -> (row: Int, index: Int?)? {
        guard let (e, s) = core.seen.entry(code, hint: core.lastLookup &+ 1) else { return nil }
        core.lastLookup = e
        return (Int(s.row), s.index >= 0 ? Int(s.index) : nil)
    }

    /// Calls `body` with the code, position (as in ``household(code:)``) and row of every valid
    /// household read so far, in file order, without keeping the households themselves.
    public func forEachValidCode(_ body: (_ code: String, _ index: Int, _ row: Int) throws -> Void) rethrows {
        try core.seen.forEach { code, entry in
            if entry.index >= 0 { try body(code, Int(entry.index), Int(entry.row)) }
        }
    }

    /// Calls `body` with each valid household in file order.
    public func forEach(_ body: (Household) throws -> Void) throws {
        while let h = try next() { try body(h) }
    }

    @inline(__always)
    private func decodeOpened<Row: TableRow, Output>(_ row: Row, _ make: (borrowing Core.Draft) -> Output) -> Output? {
        specialisingCSV(row, csv: { core.decode($0, make) }, other: { core.decode($0, make) })
    }

    // MARK: Row decoding

    fileprivate struct Core {
        let fileName: String
        let catalog: AdminUnitCatalog?
        let keepText: Bool
        let plan: [(index: Int, column: HouseholdColumn)]
        let defaultReferenceDate: CivilDate
        var report: ImportErrorReport
        var rowNumber = 1
        var rowsRead = 0
        var householdCount = 0
        /// Every code seen: the row of its first occurrence and its position among the returned
        /// households (−1 when that row was rejected).
        var seen = CodeIndex()
        /// Entry number in `seen` of the last code ``household(code:)`` found.
        var lastLookup = -1
        var communeCache: [CommuneKey: Bool] = [:]
        /// The last commune check: neighbouring rows nearly always repeat it.
        var lastCommuneCheck: (key: CommuneKey, known: Bool)?
        var lastCommune = ""
        var lastVillage = ""
        // Hoisted from static storage so the row loop does not pass a lazy-initialisation check per field.
        let bools = Spellings.bool
        let areaTypes = Spellings.areaType
        let housings = Spellings.housing
        let classes = Spellings.recognisedClass
        let causes = Spellings.povertyCause

        struct CommuneKey: Hashable {
            var code: String
            var date: CivilDate
        }

        init(
            fileName: String, catalog: AdminUnitCatalog?, plan: [(index: Int, column: HouseholdColumn)],
            defaultReferenceDate: CivilDate, report: ImportErrorReport, keepText: Bool
        ) {
            self.fileName = fileName
            self.catalog = catalog
            self.keepText = keepText
            self.plan = plan
            self.defaultReferenceDate = defaultReferenceDate
            self.report = report
        }

        /// Field values of one row while it is being read.
        struct Draft {
            var code: String?
            var commune: String?
            var communeFormatOK = false
            var communePresent = false
            var village: String?
            var address: String?
            var area: AreaType?
            var referenceDate: CivilDate?
            var income: Int?
            var score: Int?
            var housing: HousingQuality?
            var floorArea: Double?
            var facts = HouseholdFactValues()
            var agricultural: Bool?
            var socialProtection: Bool?
            var causes: [PovertyCause] = []
            var survey = SurveyAnswers()
            var recognisedClass: RecognisedClass?
            var recognisedYear: Int?
            var failed = false
            // A cell that was present but invalid already has its error; "required" would repeat it.
            var failedArea = false
            var failedRecognisedYear = false
        }

        /// Reads and checks one row: `make` applied to its values when the row is valid,
        /// otherwise `nil` (the errors are in `report`).
        mutating func decode<Row: TableRow, Output>(_ row: Row, _ make: (borrowing Draft) -> Output) -> Output? {
            rowsRead += 1
            let rowNo = row.rowNumber
            var d = Draft()
            for (index, column) in plan {
                row.withField(index) { raw in
                    let v = FieldParsers.trim(raw)
                    if !v.isEmpty { decodeField(column, v, rowNo, &d) }
                }
            }

            if d.code == nil { fail(&d, rowNo, .householdCode, "", "required", "Thiếu mã hộ") }
            if d.commune == nil && !d.communePresent {
                fail(&d, rowNo, .communeCode, "", "required", "Thiếu mã xã")
            }
            if d.village == nil {
                fail(&d, rowNo, .village, "", "required", "Thiếu tên thôn/tổ dân phố")
            }
            if d.area == nil && !d.failedArea {
                fail(&d, rowNo, .areaType, "", "required", "Thiếu khu vực (nông thôn hoặc thành thị)")
            }
            if d.recognisedClass != nil && d.recognisedYear == nil && !d.failedRecognisedYear {
                fail(&d, rowNo, .recognisedYear, "", "required",
                     "Thiếu năm công nhận (bắt buộc khi có phân loại đã công nhận)")
            }
            if let commune = d.commune, d.communeFormatOK, let catalog {
                let date = d.referenceDate ?? defaultReferenceDate
                let key = CommuneKey(code: commune, date: date)
                let known: Bool
                if let last = lastCommuneCheck, last.key == key {
                    known = last.known
                } else if let cached = communeCache[key] {
                    known = cached
                } else {
                    known = catalog.resolveCommune(code: commune, on: date.date) != nil
                    communeCache[key] = known
                }
                lastCommuneCheck = (key, known)
                if !known {
                    fail(&d, rowNo, .communeCode, commune, "unknown",
                         "Mã xã không có trong danh mục đơn vị hành chính có hiệu lực ngày \(VietnameseText.formatDate(date))")
                }
            }
            // Without text kept (``nextRecord()``), the caller finds duplicated codes in one table
            // of all parts of the file, and stops at the first error anyway.
            if let code = d.code, keepText {
                if let first = seen.insert(code, (Int32(clamping: rowNo), d.failed ? -1 : Int32(householdCount))) {
                    fail(&d, rowNo, .householdCode, code, "duplicate",
                         "Mã hộ bị trùng: đã có ở \(fileName) dòng \(first.row)")
                    return nil
                }
            }
            guard !d.failed, d.code != nil, d.commune != nil, d.village != nil, d.area != nil else { return nil }
            rowNumber = rowNo
            householdCount += 1
            return make(d)
        }

        /// The household of a valid row's values.
        static func household(_ d: borrowing Draft) -> Household {
            Household(
                householdCode: d.code!, communeCode: d.commune!, village: d.village!, address: d.address,
                areaType: d.area!, referenceDate: d.referenceDate, monthlyIncomePerCapita: d.income,
                incomeScore: d.score, housingQuality: d.housing, floorArea: d.floorArea, facts: d.facts,
                agricultural: d.agricultural, socialProtection: d.socialProtection, povertyCauses: d.causes,
                survey: d.survey, recognisedClass: d.recognisedClass, recognisedYear: d.recognisedYear)
        }

        /// The engine's view of a valid row's values.
        static func record(_ d: borrowing Draft) -> HouseholdRecord {
            HouseholdRecord(
                code: d.code!, communeCode: d.commune!, referenceDate: d.referenceDate,
                facts: HouseholdFacts(
                    area: d.area!, monthlyIncomePerCapita: d.income, incomeScore: d.score,
                    housingQuality: d.housing, floorArea: d.floorArea, facts: d.facts, survey: d.survey))
        }

        private mutating func decodeField(_ column: HouseholdColumn, _ v: FieldParsers.Bytes, _ rowNo: Int, _ d: inout Draft) {
            switch column {
            case .householdCode:
                d.code = FieldParsers.nfcString(v)
            case .communeCode:
                d.communePresent = true
                if v.count == 5 && FieldParsers.allDigits(v) {
                    // Neighbouring rows are usually in the same commune and village: reuse the string.
                    if !FieldParsers.equal(lastCommune, v) { lastCommune = FieldParsers.string(v) }
                    d.commune = lastCommune
                    d.communeFormatOK = true
                } else {
                    fail(&d, rowNo, .communeCode, FieldParsers.string(v), "format",
                         "Mã xã phải gồm đúng 5 chữ số, giữ các số 0 ở đầu (định dạng ô là Văn bản)")
                }
            case .village:
                if !FieldParsers.equal(lastVillage, v) { lastVillage = FieldParsers.nfcString(v) }
                d.village = lastVillage
            case .address:
                if keepText { d.address = FieldParsers.nfcString(v) }
            case .areaType:
                if let a = areaTypes.value(v) {
                    d.area = a
                } else {
                    d.failedArea = true
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid",
                         "Khu vực phải là nông thôn hoặc thành thị (rural/urban)")
                }
            case .referenceDate:
                if let date = FieldParsers.date(v) {
                    d.referenceDate = date
                } else {
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid",
                         "Ngày rà soát không hợp lệ (dùng dd/MM/yyyy hoặc yyyy-MM-dd)")
                }
            case .monthlyIncomePerCapita:
                if let m = FieldParsers.money(v) {
                    d.income = m
                } else {
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid",
                         "Thu nhập phải là số tiền nguyên không âm tính bằng đồng, ví dụ 1.500.000")
                }
            case .incomeScore:
                if let s = FieldParsers.plainInt(v) {
                    d.score = s
                } else {
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid", "Điểm A phải là số nguyên không âm")
                }
            case .housingQuality:
                if let h = housings.value(v) {
                    d.housing = h
                } else {
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid",
                         "Chất lượng nhà ở phải là kiên cố, bán kiên cố, thiếu kiên cố hoặc đơn sơ")
                }
            case .floorArea:
                if let a = FieldParsers.decimal(v) {
                    d.floorArea = a
                } else {
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid",
                         "Diện tích nhà ở phải là số không âm (m²), ví dụ 36 hoặc 36,5")
                }
            case .fact(let fact):
                if let b = bool(v, column, rowNo, &d) { d.facts[fact] = b }
            case .agricultural:
                d.agricultural = bool(v, column, rowNo, &d)
            case .socialProtection:
                d.socialProtection = bool(v, column, rowNo, &d)
            case .povertyCauses:
                let unknown = collectListItems(v, in: causes, into: &d.causes, keep: keepText)
                if !unknown.isEmpty {
                    fail(&d, rowNo, column, FieldParsers.string(v), "unknown",
                         "Nguyên nhân nghèo không có trong danh mục: \(unknown.joined(separator: "; "))")
                }
            case .deprived(let id):
                if let b = bool(v, column, rowNo, &d) { d.survey[id] = b }
            case .recognisedClass:
                if let c = classes.value(v) {
                    d.recognisedClass = c
                } else {
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid",
                         "Phân loại phải là nghèo, cận nghèo, trung bình hoặc không nghèo")
                }
            case .recognisedYear:
                if let y = FieldParsers.year(v) {
                    d.recognisedYear = y
                } else {
                    d.failedRecognisedYear = true
                    fail(&d, rowNo, column, FieldParsers.string(v), "invalid", "Năm công nhận phải là năm có 4 chữ số")
                }
            }
        }

        private mutating func bool(_ v: FieldParsers.Bytes, _ column: HouseholdColumn, _ rowNo: Int, _ d: inout Draft) -> Bool? {
            if let b = bools.value(v) { return b }
            fail(&d, rowNo, column, FieldParsers.string(v), "invalid", Messages.bool)
            return nil
        }

        private mutating func fail(
            _ d: inout Draft, _ rowNo: Int, _ column: HouseholdColumn, _ value: String, _ rule: String, _ message: String
        ) {
            d.failed = true
            report.add(ImportError(
                file: fileName, row: rowNo, column: column.name, value: value, message: message,
                code: "\(column.name).\(rule)"))
        }
    }
}

/// What the engine needs of a valid household row (``HouseholdFileDecoder/nextRecord()``).
struct HouseholdRecord {
    var code: String
    var communeCode: String
    /// The row's own reference date (`nil` when blank: 01/09 of the review year).
    var referenceDate: CivilDate?
    /// The household's facts, without members.
    var facts: HouseholdFacts
}

/// Messages shared by both files.
enum Messages {
    static let bool = "Giá trị phải là có hoặc không (có/không, 1/0, x; để trống nếu chưa biết)"
}

/// Adds the items of a `;`-separated list found in `table` to `values` (once each, and only when
/// `keep`), and returns the items not in the table, as written.
func collectListItems<T: Equatable & Sendable>(
    _ bytes: FieldParsers.Bytes, in table: SpellingTable<T>, into values: inout [T], keep: Bool
) -> [String] {
    var unknown: [String] = []
    forEachListItem(bytes) { item in
        if let value = table.value(item) {
            if keep && !values.contains(value) { values.append(value) }
        } else {
            unknown.append(FieldParsers.string(item))
        }
    }
    return unknown
}

/// Calls `body` with each non-blank item of a `;`-separated list, trimmed.
func forEachListItem(_ bytes: FieldParsers.Bytes, _ body: (FieldParsers.Bytes) -> Void) {
    guard let base = bytes.baseAddress else { return }
    var start = 0
    for i in 0...bytes.count where i == bytes.count || base[i] == 0x3B {
        let item = FieldParsers.trim(FieldParsers.Bytes(start: base + start, count: i - start))
        if !item.isEmpty { body(item) }
        start = i + 1
    }
}

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
    /// All state the row loop touches, in one value: the loop then pays for one exclusivity check
    /// per row on this property instead of one per field on the class's own properties.
    private var core: Core

    /// Prepares to read `source`.
    /// - Parameters:
    ///   - source: the file's rows (a `CSVReader` or `XLSXReader`).
    ///   - reviewYear: the review year, for the default reference date.
    ///   - catalog: admin units to check `commune_code` against; `nil` checks only the format.
    ///   - errorCapacity: how many errors to keep (all are counted).
    public init(source: any RowSource, reviewYear: Int, catalog: AdminUnitCatalog? = nil, errorCapacity: Int = 10_000) {
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
        self.core = Core(
            fileName: source.fileName, catalog: catalog, plan: mapping.columns,
            defaultReferenceDate: Household.defaultReferenceDate(reviewYear: reviewYear), report: report)
        // Size the code table for the whole file (a households row is rarely under 64 bytes) so it
        // is not rehashed again and again as a million households stream in.
        if let total = source.progress.total { core.seen = CodeIndex(capacity: Int(min(total / 64, 8_000_000))) }
    }

    /// The next valid household, or `nil` at the end of the file.
    /// - Throws: only when the file cannot be read (I/O or malformed CSV/XLSX); data problems go
    ///   to ``report``.
    public func next() throws -> Household? {
        guard isHeaderValid else { return nil }
        while true {
            var result: Household?
            let more = try source.nextRow { row in result = decodeOpened(row) }
            guard more else { return nil }
            if let result { return result }
        }
    }

    /// What the file said about household `code` so far: `nil` when no row had that code;
    /// otherwise the row of its first occurrence and, when that row was valid, the household's
    /// position among those returned by ``next()`` (so members can be attached by index).
    public func household(code: String) -> (row: Int, index: Int?)? {
        guard let s = core.seen.entry(code) else { return nil }
        return (Int(s.row), s.index >= 0 ? Int(s.index) : nil)
    }

    /// Calls `body` with each valid household in file order.
    public func forEach(_ body: (Household) throws -> Void) throws {
        while let h = try next() { try body(h) }
    }

    private func decodeOpened<Row: TableRow>(_ row: Row) -> Household? {
        // CSV rows are decoded by a copy specialised for them: no dynamic dispatch per field.
        if Row.self == CSVRow.self {
            // Same type, so reinterpreting the reference is exact (and skips a dynamic cast per row).
            return core.decode(withUnsafePointer(to: row) { $0.withMemoryRebound(to: CSVRow.self, capacity: 1) { $0.pointee } })
        }
        return core.decode(row)
    }

    // MARK: Row decoding

    private struct Core {
        let fileName: String
        let catalog: AdminUnitCatalog?
        let plan: [(index: Int, column: HouseholdColumn)]
        let defaultReferenceDate: CivilDate
        var report: ImportErrorReport
        var rowNumber = 1
        var rowsRead = 0
        var householdCount = 0
        /// Every code seen: the row of its first occurrence and its position among the returned
        /// households (−1 when that row was rejected).
        var seen = CodeIndex()
        var communeCache: [CommuneKey: Bool] = [:]
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
            defaultReferenceDate: CivilDate, report: ImportErrorReport
        ) {
            self.fileName = fileName
            self.catalog = catalog
            self.plan = plan
            self.defaultReferenceDate = defaultReferenceDate
            self.report = report
        }

        /// Field values of one row while it is being read.
        private struct Draft {
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

        mutating func decode<Row: TableRow>(_ row: Row) -> Household? {
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
                if let cached = communeCache[key] {
                    known = cached
                } else {
                    known = catalog.resolveCommune(code: commune, on: date.date) != nil
                    communeCache[key] = known
                }
                if !known {
                    fail(&d, rowNo, .communeCode, commune, "unknown",
                         "Mã xã không có trong danh mục đơn vị hành chính có hiệu lực ngày \(VietnameseText.formatDate(date))")
                }
            }
            if let code = d.code {
                if let first = seen.insert(code, (Int32(clamping: rowNo), d.failed ? -1 : Int32(householdCount))) {
                    fail(&d, rowNo, .householdCode, code, "duplicate",
                         "Mã hộ bị trùng: đã có ở \(fileName) dòng \(first.row)")
                    return nil
                }
            }
            guard !d.failed, let code = d.code, let commune = d.commune, let village = d.village, let area = d.area
            else { return nil }
            rowNumber = rowNo
            householdCount += 1
            return Household(
                householdCode: code, communeCode: commune, village: village, address: d.address, areaType: area,
                referenceDate: d.referenceDate, monthlyIncomePerCapita: d.income, incomeScore: d.score,
                housingQuality: d.housing, floorArea: d.floorArea, facts: d.facts, agricultural: d.agricultural,
                socialProtection: d.socialProtection, povertyCauses: d.causes, survey: d.survey,
                recognisedClass: d.recognisedClass, recognisedYear: d.recognisedYear)
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
                d.address = FieldParsers.nfcString(v)
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
                var unknown: [String] = []
                forEachListItem(v) { item in
                    if let cause = causes.value(item) {
                        if !d.causes.contains(cause) { d.causes.append(cause) }
                    } else {
                        unknown.append(FieldParsers.string(item))
                    }
                }
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

/// Messages shared by both files.
enum Messages {
    static let bool = "Giá trị phải là có hoặc không (có/không, 1/0, x; để trống nếu chưa biết)"
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

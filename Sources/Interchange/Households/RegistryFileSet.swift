import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// A validated pair of `households` and `members` files (bộ tệp hộ gia đình và thành viên),
/// read all or nothing: either every row is valid and the set is returned, or the full
/// ``ImportErrorReport`` is thrown.
///
/// Besides each file's own rules this checks the rules that span rows and files: every member's
/// household exists, each household has exactly one head (`relation.head_count`), `member_no` is
/// unique within a household, and `national_id` is unique (`national_id.duplicate`).
///
/// When only the engine's facts are needed (classification, MPI, what-if), ``RegistryFactSet``
/// reads the same files with the same rules and errors several times faster, on every core.
public struct RegistryFileSet: Sendable {
    /// Households in input order.
    public var households: [Household]
    /// Members of each household in input order: `members[i]` belongs to `households[i]`.
    public var members: [[Member]]
    /// Warnings that did not block the import (unknown columns that were ignored).
    public var warnings: [ImportError]

    /// Creates a file set from values already validated.
    public init(households: [Household], members: [[Member]], warnings: [ImportError] = []) {
        self.households = households
        self.members = members
        self.warnings = warnings
    }

    /// Progress of a read (tiến độ đọc tệp), for progress bars on a terminal.
    public struct Progress: Sendable {
        /// File being read.
        public var fileName: String
        /// Rows read so far in that file.
        public var rows: Int
        /// Bytes consumed so far and the file size when known.
        public var bytes: (done: Int64, total: Int64?)

        /// Creates a progress report.
        public init(fileName: String, rows: Int, bytes: (done: Int64, total: Int64?)) {
            self.fileName = fileName
            self.rows = rows
            self.bytes = bytes
        }
    }

    /// Reads and validates a household file and a member file, CSV or XLSX by extension.
    ///
    /// - Parameters:
    ///   - households: `households.csv` / `.xlsx` (the first sheet of a workbook).
    ///   - members: `members.csv` / `.xlsx`.
    ///   - reviewYear: review year (năm rà soát): households without `reference_date` use 01/09 of it.
    ///   - catalog: admin units for `commune_code.unknown`; `nil` checks only the 5-digit format.
    ///   - today: the current date, for `birth_date.future`.
    ///   - errorCapacity: errors kept in the report (all are counted).
    ///   - progress: called every few thousand rows.
    /// - Throws: ``ImportErrorReport`` when any row is invalid; ``InterchangeFileError`` when a
    ///   file cannot be read at all.
    public static func read(
        households: URL, members: URL, reviewYear: Int, catalog: AdminUnitCatalog? = AdminUnitCatalog.shared,
        today: CivilDate = MemberFileDecoder.todayInVietnam(), errorCapacity: Int = 10_000,
        progress: ((Progress) -> Void)? = nil
    ) throws -> RegistryFileSet {
        let (householdSource, memberSource) = try openSources(households: households, members: members)
        return try read(
            households: householdSource, members: memberSource, reviewYear: reviewYear, catalog: catalog,
            today: today, errorCapacity: errorCapacity, progress: progress)
    }

    /// Reads and validates two open row sources (e.g. `CSVReader(string:fileName:)` in tests); same
    /// rules and result as the URL variant.
    public static func read(
        households householdSource: any RowSource, members memberSource: any RowSource, reviewYear: Int,
        catalog: AdminUnitCatalog? = AdminUnitCatalog.shared, today: CivilDate = MemberFileDecoder.todayInVietnam(),
        errorCapacity: Int = 10_000, progress: ((Progress) -> Void)? = nil
    ) throws -> RegistryFileSet {
        let progressEvery = 16_384

        // Households first: members need their reference dates and existence.
        let householdDecoder = HouseholdFileDecoder(
            source: householdSource, reviewYear: reviewYear, catalog: catalog, errorCapacity: errorCapacity)
        var households: [Household] = []
        var householdRows: [Int32] = []
        while let h = try householdDecoder.next() {
            households.append(h)
            householdRows.append(Int32(clamping: householdDecoder.rowNumber))
            if let progress, householdDecoder.rowsRead % progressEvery == 0 {
                progress(Progress(fileName: householdSource.fileName, rows: householdDecoder.rowsRead,
                                  bytes: householdSource.progress))
            }
        }
        let referenceDates = households.map { $0.referenceDate(reviewYear: reviewYear) }
        let householdsUsable = householdDecoder.isHeaderValid

        // Members of one household are nearly always adjacent, and households usually come in
        // the order of the households file: checking the last household and the one after it
        // avoids a hash lookup (and its cache miss in a table of a million codes) for most rows.
        let last = LastLookup()
        let inOrder = households
        func householdIndex(_ code: String) -> Int? {
            if last.index >= 0 {
                if last.code == code { return last.index }
                let next = last.index + 1
                if next < inOrder.count && inOrder[next].householdCode == code {
                    last.code = code
                    last.index = next
                    return next
                }
            } else if !inOrder.isEmpty && inOrder[0].householdCode == code {
                last.code = code
                last.index = 0
                return 0
            }
            guard let i = householdDecoder.household(code: code)?.index else { return nil }
            last.code = code
            last.index = i
            return i
        }
        let memberDecoder = MemberFileDecoder(
            source: memberSource, reviewYear: reviewYear, today: today,
            household: { code in
                if let i = householdIndex(code) { return .known(referenceDate: referenceDates[i]) }
                return !householdsUsable || householdDecoder.household(code: code) != nil ? .rejected : .unknown
            },
            errorCapacity: errorCapacity)

        var grouped = [[Member]](repeating: [], count: households.count)
        var headCount = [UInt8](repeating: 0, count: households.count)
        var firstMemberRow = [Int32](repeating: 0, count: households.count)
        var cross = ImportErrorReport(capacity: errorCapacity)
        // A household's members are collected while its rows are adjacent and then stored in one
        // exactly sized array: growing each household's array 1 → 2 → 4 → 8 would waste a third
        // of the memory of a 3.6-million-member registry.
        var run: [Member] = []
        var runIndex = -1
        func flushRun() {
            guard runIndex >= 0, !run.isEmpty else { return }
            grouped[runIndex].append(contentsOf: run)
            run.removeAll(keepingCapacity: true)
        }
        while let m = try memberDecoder.next() {
            let row = memberDecoder.rowNumber
            if let progress, memberDecoder.rowsRead % progressEvery == 0 {
                progress(Progress(fileName: memberSource.fileName, rows: memberDecoder.rowsRead,
                                  bytes: memberSource.progress))
            }
            guard let i = householdIndex(m.householdCode) else { continue }
            if i != runIndex {
                flushRun()
                runIndex = i
            }
            if firstMemberRow[i] == 0 { firstMemberRow[i] = Int32(clamping: row) }
            if m.relation == .head && headCount[i] < .max { headCount[i] += 1 }
            if run.contains(where: { $0.memberNo == m.memberNo }) || grouped[i].contains(where: { $0.memberNo == m.memberNo }) {
                cross.add(ImportError(
                    file: memberSource.fileName, row: row, column: MemberColumn.memberNo.name, value: String(m.memberNo),
                    message: "STT \(m.memberNo) bị trùng trong hộ \(m.householdCode)", code: "member_no.duplicate"))
                continue
            }
            run.append(m)
        }
        flushRun()

        if memberDecoder.isHeaderValid {
            let incomplete = memberDecoder.householdsWithRejectedRows
            for i in households.indices {
                let code = households[i].householdCode
                if incomplete.contains(code) { continue }
                if grouped[i].isEmpty {
                    cross.add(ImportError(
                        file: householdSource.fileName, row: Int(householdRows[i]),
                        column: HouseholdColumn.householdCode.name, value: code,
                        message: "Hộ không có thành viên nào trong \(memberSource.fileName); mỗi hộ phải có đúng một chủ hộ",
                        code: "relation.head_count"))
                } else if headCount[i] != 1 {
                    let message = headCount[i] == 0
                        ? "Hộ \(code) không có thành viên nào là chủ hộ; mỗi hộ phải có đúng một chủ hộ"
                        : "Hộ \(code) có \(headCount[i]) chủ hộ; mỗi hộ chỉ được có một chủ hộ"
                    cross.add(ImportError(
                        file: memberSource.fileName, row: Int(firstMemberRow[i]), column: MemberColumn.relation.name,
                        message: message, code: "relation.head_count"))
                }
            }
        }

        var report = ImportErrorReport(capacity: errorCapacity)
        report.merge(householdDecoder.report)
        report.merge(memberDecoder.report)
        report.merge(cross)
        guard report.isEmpty else { throw report.sorted() }
        return RegistryFileSet(households: households, members: grouped, warnings: report.warnings)
    }

    /// Opens the household and member files as row sources (two sheets of one workbook are
    /// named `book.xlsx[sheet]` in error locations).
    public static func openSources(households: URL, members: URL) throws -> (households: any RowSource, members: any RowSource) {
        var householdSource = try openTable(households, sheetNames: householdSheetNames)
        var memberSource = try openTable(members, sheetNames: memberSheetNames)
        // Two sheets of one workbook: name the sheet in error locations, or both would read `so-ho.xlsx:5`.
        if households.standardizedFileURL == members.standardizedFileURL,
           let h = householdSource as? XLSXReader, let m = memberSource as? XLSXReader
        {
            householdSource = RenamedSource(h, fileName: "\(h.fileName)[\(h.sheetName)]")
            memberSource = RenamedSource(m, fileName: "\(m.fileName)[\(m.sheetName)]")
        }
        return (householdSource, memberSource)
    }

    static let householdSheetNames = ["households", "Hộ gia đình", "Hộ"]
    static let memberSheetNames = ["members", "Thành viên"]

    /// Whether `url` names a workbook rather than a CSV file.
    static func isWorkbook(_ url: URL) -> Bool {
        ["xlsx", "xlsm"].contains(url.pathExtension.lowercased())
    }

    /// Opens a table file by extension: `.xlsx` as a workbook, anything else as CSV.
    ///
    /// In a workbook the sheet named like one of `sheetNames` (case and diacritics ignored) is
    /// read, so one workbook with sheets `households` and `members` can serve as both files;
    /// otherwise its first visible sheet.
    /// - Throws: ``InterchangeFileError`` when the file cannot be opened.
    public static func openTable(_ url: URL, sheetNames: [String] = []) throws -> any RowSource {
        switch isWorkbook(url) {
        case true:
            let available = try XLSXReader.sheetNames(path: url.path)
            let wanted = Set(sheetNames.map(VietnameseText.foldKey))
            let sheet = available.first { wanted.contains(VietnameseText.foldKey($0)) }
            return try XLSXReader(path: url.path, sheet: sheet)
        case false:
            return try CSVReader(path: url.path)
        }
    }
}

/// A row source shown under another file name (a workbook's sheet as `book.xlsx[members]`).
private final class RenamedSource: RowSource {
    let base: any RowSource
    let fileName: String
    init(_ base: any RowSource, fileName: String) {
        self.base = base
        self.fileName = fileName
    }
    var headers: [String] { base.headers }
    var progress: (done: Int64, total: Int64?) { base.progress }
    func nextRow(_ body: (any TableRow) throws -> Void) throws -> Bool { try base.nextRow(body) }
}

/// The last household looked up while grouping members (a class so the lookup closure can update it).
private final class LastLookup {
    var code = ""
    var index = -1
}

extension ImportErrorReport {
    /// The same report with its errors in the order a user fixes them: by file, then row.
    public func sorted() -> ImportErrorReport {
        var copy = ImportErrorReport(capacity: capacity)
        for e in sortedErrors { copy.add(e) }
        for w in warnings { copy.addWarning(w) }
        copy.addUncounted(totalErrorCount - errors.count)
        return copy
    }
}

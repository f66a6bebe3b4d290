import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// A column of the decision history file `decisions.csv` (tệp lịch sử công nhận), the
/// interchange form of recognised classes and decisions of past years (issue 6 item 8).
///
/// One row per household and decision, as many years as known (2019–2025 typically), with the
/// commune code of the list valid on the decision date — legacy codes for the three-tier period.
/// Same conventions as data-format.md: CSV or XLSX, English or Vietnamese headers (case-,
/// space- and diacritic-insensitive), dates `dd/MM/yyyy` or `yyyy-MM-dd`, all or nothing.
///
/// | column | Vietnamese alias | rule |
/// |---|---|---|
/// | `household_code` | Mã hộ | required; must exist in the registry |
/// | `commune_code` | Mã xã | required; 5 digits, of the list valid on the decision date |
/// | `year` | Năm | required; 2000 to the current year |
/// | `recognised_class` | Phân loại đã công nhận | required; as in `households.csv` |
/// | `standard` | Chuẩn nghèo | optional; default the year → standard table |
/// | `decision_number` | Số quyết định | optional, e.g. `125/QĐ-UBND` |
/// | `decision_date` | Ngày quyết định | optional; in `year`; default 14/12 of the year |
/// | `review_kind` | Loại rà soát | optional; `periodic` (định kỳ, default) or `regular` (thường xuyên) |
public enum DecisionHistoryColumn: String, Hashable, Sendable, CaseIterable {
    /// Household code.
    case householdCode = "household_code"
    /// Commune code.
    case communeCode = "commune_code"
    /// Year.
    case year
    /// Class.
    case recognisedClass = "recognised_class"
    /// Standard id.
    case standard
    /// Decision number.
    case decisionNumber = "decision_number"
    /// Decision date.
    case decisionDate = "decision_date"
    /// Periodic or regular.
    case reviewKind = "review_kind"

    /// Vietnamese headers accepted; the first is the one written.
    public var vietnameseHeaders: [String] {
        switch self {
        case .householdCode: ["Mã hộ"]
        case .communeCode: ["Mã xã"]
        case .year: ["Năm", "Năm công nhận"]
        case .recognisedClass: ["Phân loại đã công nhận", "Phân loại"]
        case .standard: ["Chuẩn nghèo"]
        case .decisionNumber: ["Số quyết định"]
        case .decisionDate: ["Ngày quyết định"]
        case .reviewKind: ["Loại rà soát"]
        }
    }

    /// Whether a file without it is rejected.
    public var isRequired: Bool { [.householdCode, .communeCode, .year, .recognisedClass].contains(self) }

    private static let lookup = HeaderMatcher.lookup(allCases, name: \.rawValue, aliases: \.vietnameseHeaders)

    /// Maps a header row to columns.
    public static func mapHeaders(_ headers: [String], fileName: String) -> HeaderMapping<DecisionHistoryColumn> {
        HeaderMatcher.resolve(headers: headers, fileName: fileName, lookup: lookup, all: allCases, name: \.rawValue, isRequired: \.isRequired)
    }
}

/// Reads a decision history file all or nothing: every row checked, every problem listed with
/// its row and column; rows are returned only when there is none.
public enum DecisionHistoryFile {
    /// The rows of `url` (CSV or XLSX; in a workbook the sheet `decisions`/`lịch sử` or the first).
    public static func read(_ url: URL, standards: StandardCatalog = .shipped, currentYear: Int) throws -> [DecisionHistoryRow] {
        let source = try RegistryFileSet.openTable(url, sheetNames: ["decisions", "lịch sử", "lich su quyet dinh"])
        return try read(source, standards: standards, currentYear: currentYear)
    }

    /// The rows of `source`; throws ``ImportErrorReport`` listing every problem.
    public static func read(_ source: any RowSource, standards: StandardCatalog = .shipped, currentYear: Int) throws -> [DecisionHistoryRow] {
        let file = source.fileName
        let mapping = DecisionHistoryColumn.mapHeaders(source.headers, fileName: file)
        var report = ImportErrorReport()
        for e in mapping.errors { report.add(e) }
        guard mapping.errors.isEmpty else { throw report }
        var rows: [DecisionHistoryRow] = []
        let kinds: [String: StatusSource] = [
            "periodic": .periodic, "dinh ky": .periodic, "ra soat dinh ky": .periodic,
            "regular": .regular, "thuong xuyen": .regular, "ra soat thuong xuyen": .regular,
        ]
        while try source.nextRow({ row in
            var cells: [DecisionHistoryColumn: String] = [:]
            for (i, c) in mapping.columns { cells[c] = row.string(i) }
            func fail(_ c: DecisionHistoryColumn, _ message: String, _ code: String) {
                report.add(ImportError(file: file, row: row.rowNumber, column: c.rawValue, value: cells[c] ?? "", message: message,
                                       code: "\(c.rawValue).\(code)"))
            }
            let code = VietnameseText.nfc(cells[.householdCode] ?? "")
            if code.isEmpty { fail(.householdCode, "Thiếu mã hộ", "required") }
            let commune = cells[.communeCode] ?? ""
            if commune.utf8.count != 5 || !commune.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                fail(.communeCode, "Mã xã phải có 5 chữ số", "format")
            }
            let year = Int(cells[.year] ?? "")
            if year == nil || !(2000...currentYear).contains(year!) { fail(.year, "Năm phải từ 2000 đến \(currentYear)", "range") }
            var classText = cells[.recognisedClass] ?? ""
            let cls = classText.isEmpty ? nil : classText.withUTF8 { Spellings.recognisedClass.value($0) }
            if cls == nil { fail(.recognisedClass, "Phân loại phải là nghèo, cận nghèo, trung bình hoặc không nghèo", "invalid") }
            var standard: String?
            if let s = cells[.standard], !s.isEmpty {
                if (try? standards.standard(id: s)) != nil { standard = s } else { fail(.standard, "Không có chuẩn nghèo \(s)", "unknown") }
            } else if let year {
                standard = (try? standards.standard(forYear: year))?.id
                if standard == nil { fail(.year, "Không có chuẩn nghèo cho năm \(year)", "no_standard") }
            }
            var date: CivilDate?
            if let d = cells[.decisionDate], !d.isEmpty {
                date = VietnameseText.parseDate(d)
                if date == nil { fail(.decisionDate, "Ngày quyết định không hợp lệ (dd/MM/yyyy)", "format") }
                else if let year, date!.year != year { fail(.decisionDate, "Ngày quyết định không thuộc năm \(year)", "year") }
            }
            var kind = StatusSource.periodic
            if let k = cells[.reviewKind], !k.isEmpty {
                if let known = kinds[VietnameseText.fold(k).trimmingCharacters(in: .whitespaces)] { kind = known }
                else { fail(.reviewKind, "Loại rà soát phải là định kỳ hoặc thường xuyên", "invalid") }
            }
            let number = (cells[.decisionNumber] ?? "").isEmpty ? nil : VietnameseText.nfc(cells[.decisionNumber]!)
            if let year, let cls, let standard, !code.isEmpty {
                rows.append(DecisionHistoryRow(row: row.rowNumber, householdCode: code, communeCode: commune, year: year, recognisedClass: cls,
                                               standardID: standard, decisionNumber: number, decisionDate: date, source: kind))
            }
        }) {}
        guard report.isEmpty else { throw report.sorted() }
        return rows
    }
}

import ArgumentParser
import Foundation
import Interchange
import PovertyStandard
import Registry
import VietnameseText

/// `--households` / `--members`: the file set to read (CSV or XLSX).
struct InputOptions: ParsableArguments {
    @Option(help: "Tệp hộ gia đình (households.csv hoặc .xlsx).")
    var households: String?

    @Option(help: "Tệp thành viên (members.csv hoặc .xlsx).")
    var members: String?

    @Option(help: "Khi dữ liệu có lỗi: ghi danh sách lỗi ra tệp CSV này (mở cạnh bảng tính).")
    var errors: String?

    /// Reads, validates and converts the file set for the engine; on invalid input prints every
    /// error (data-format.md) and exits non-zero without writing anything else.
    func load(reviewYear: Int) throws -> LoadedRegistry {
        guard let households, let members else {
            throw ValidationError("Cần cả --households và --members (tệp hộ và tệp thành viên).")
        }
        let progress = ProgressLine()
        let set = try readingInput(errorsFile: errors, nothingWritten: "không có kết quả nào được ghi.", progress: progress) {
            try RegistryFactSet.read(
                households: URL(fileURLWithPath: households), members: URL(fileURLWithPath: members),
                reviewYear: reviewYear, progress: { p in progress.update(p) })
        }
        for w in set.warnings { printError("Cảnh báo: " + w.description) }
        return LoadedRegistry(set: set)
    }
}

/// Runs `body`, which reads input files; when they are invalid, lists every error (and writes
/// them to `errorsFile`), says that nothing was written, and ends the command with exit code 2.
func readingInput<T>(
    errorsFile: String?, nothingWritten: String, progress: ProgressLine, _ body: () throws -> T
) throws -> T {
    do {
        let result = try body()
        progress.finish()
        return result
    } catch let report as ImportErrorReport {
        progress.finish()
        reportErrors(report, errorsFile: errorsFile)
        printError("Dữ liệu có \(report.totalErrorCount) lỗi; \(nothingWritten)")
        throw ExitCode(2)
    } catch let error as InterchangeFileError {
        progress.finish()
        printError(error.description)
        throw ExitCode(2)
    }
}

/// Prints every error (sorted by file and row) and writes the CSV the user opens next to the sheet.
func reportErrors(_ report: ImportErrorReport, errorsFile: String?) {
    for e in report.sortedErrors { printError(e.description) }
    if report.isTruncated {
        printError("… và \(report.totalErrorCount - report.errors.count) lỗi khác (tổng \(report.totalErrorCount) lỗi).")
    }
    if let errorsFile {
        do {
            try report.writeCSV(to: URL(fileURLWithPath: errorsFile))
            printError("Danh sách lỗi đã ghi vào \(errorsFile).")
        } catch {
            printError("Không ghi được tệp lỗi \(errorsFile): \(error)")
        }
    }
}

/// One household ready for the engine: code, commune, reference date, facts and member numbers.
typealias InputHousehold = RegistryFactSet.Entry

/// The households of a file set in input order, as the fact set read them.
struct LoadedRegistry {
    var households: [InputHousehold]
    private let catalog = AdminUnitCatalog.shared

    init(set: RegistryFactSet) {
        households = set.households
    }

    /// Each household's 2025 unit key for `--by` (legacy codes roll up through the conversion
    /// table), parallel to ``households``. Resolved once per distinct commune and list in force,
    /// and only by the commands that group, so `classify` does not pay for it.
    func unitKeys(_ by: UnitGrouping) -> [String] {
        var resolved: [String: String] = [:]
        return households.map { h in
            let date = h.referenceDate.date
            let key = h.communeCode + (date < AdminUnitCatalog.reformDate ? "L" : "C")
            if let unit = resolved[key] { return unit }
            let r = catalog.resolveCommune(code: h.communeCode, on: date)
            let unit = by == .province
                ? (r?.province.code ?? String(h.communeCode.prefix(2)))
                : (r?.commune.code ?? h.communeCode)
            resolved[key] = unit
            return unit
        }
    }

    /// Unit keys in Vietnamese order of their names.
    func sortedUnits(_ keys: some Sequence<String>, by: UnitGrouping?) -> [String] {
        guard let by else { return [] }
        return keys.sorted {
            VietnameseCollation.compare(unitName($0, by: by), unitName($1, by: by)) == .orderedAscending
        }
    }

    /// Name of a unit key.
    func unitName(_ key: String, by: UnitGrouping) -> String {
        switch by {
        case .province: catalog.province(code: key)?.name ?? key
        case .commune:
            if let c = catalog.commune(code: key) {
                c.name + ", " + (catalog.province(code: c.provinceCode)?.name ?? c.provinceCode)
            } else { key }
        }
    }

    /// `Name (code)`.
    func unitLabel(_ key: String, by: UnitGrouping) -> String { "\(unitName(key, by: by)) (\(key))" }
}

/// A one-line progress display on a terminal (standard error), silent when not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled = isatty(2) != 0
    private var shown = false
    private var last = Date.distantPast

    func update(_ p: RegistryFileSet.Progress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        var text = "\r\(p.fileName): \(VietnameseText.formatVND(p.rows)) dòng"
        if let total = p.bytes.total, total > 0 {
            let pct = Double(p.bytes.done) / Double(total) * 100
            text += String(format: " (%.0f%%)", pct)
        }
        FileHandle.standardError.write(Data((text + "   ").utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}

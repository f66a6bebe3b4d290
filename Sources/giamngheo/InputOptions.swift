import Dispatch
import ArgumentParser
import Foundation
import Interchange
import PovertyStandard
import Registry
import VietnameseText

/// `--households` / `--members`: the file set to read (CSV or XLSX).
struct InputOptions: ParsableArguments {
    @Option(help: "Tệp hộ gia đình (households.csv hoặc .xlsx).")
    var households: String

    @Option(help: "Tệp thành viên (members.csv hoặc .xlsx).")
    var members: String

    @Option(help: "Khi dữ liệu có lỗi: ghi danh sách lỗi ra tệp CSV này (mở cạnh bảng tính).")
    var errors: String?

    /// Reads, validates and converts the file set for the engine; on invalid input prints every
    /// error (data-format.md) and exits non-zero without writing anything else.
    func load(reviewYear: Int) throws -> LoadedRegistry {
        let progress = ProgressLine()
        let set: RegistryFactSet
        do {
            set = try RegistryFactSet.read(
                households: URL(fileURLWithPath: households), members: URL(fileURLWithPath: members),
                reviewYear: reviewYear, progress: { p in progress.update(p) })
            progress.finish()
        } catch let report as ImportErrorReport {
            progress.finish()
            for e in report.sortedErrors { printError(e.description) }
            if report.isTruncated {
                printError("… và \(report.totalErrorCount - report.errors.count) lỗi khác (tổng \(report.totalErrorCount) lỗi).")
            }
            if let errors {
                do {
                    try report.writeCSV(to: URL(fileURLWithPath: errors))
                    printError("Danh sách lỗi đã ghi vào \(errors).")
                } catch {
                    printError("Không ghi được tệp lỗi \(errors): \(error)")
                }
            }
            printError("Dữ liệu có \(report.totalErrorCount) lỗi; không có kết quả nào được ghi.")
            throw ExitCode(2)
        } catch let error as InterchangeFileError {
            progress.finish()
            printError(error.description)
            throw ExitCode(2)
        }
        for w in set.warnings { printError("Cảnh báo: " + w.description) }
        return LoadedRegistry(set: consume set)
    }
}

/// One household ready for the engine, with what reports group it by.
struct InputHousehold: Sendable {
    /// Household code (mã hộ) as imported.
    var code: String
    /// Facts for the engine, ages at the household's reference date.
    var facts: HouseholdFacts
    /// `member_no` of each member, parallel to `facts.members`.
    var memberNumbers: [Int]
    /// 2025 commune the household rolls up into (legacy codes converted).
    var commune2025: String
    /// 2025 province (2 digits).
    var province2025: String

    /// Grouping key for `--by`.
    func unitKey(_ by: UnitGrouping) -> String { by == .province ? province2025 : commune2025 }
}

/// The households of a file set in input order, converted once for every command.
struct LoadedRegistry {
    var households: [InputHousehold]
    private let catalog = AdminUnitCatalog.shared

    init(set: consuming RegistryFactSet) {
        let catalog = AdminUnitCatalog.shared
        var entries = set.households
        set.households = []  // `entries` is the only reference now: it is changed in place
        let count = entries.count
        // Converted in parallel chunks; each thread resolves communes through its own cache.
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 16_384))
        households = entries.withUnsafeMutableBufferPointer { source in
            let from = UncheckedPointer(source.baseAddress)
            return [InputHousehold](unsafeUninitializedCapacity: count) { buffer, initialized in
                let to = UncheckedPointer(buffer.baseAddress)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var resolved: [String: (String, String)] = [:]
                    var last: (key: String, unit: (String, String))?
                    // Each entry's member arrays are swapped for this thread's own placeholders
                    // and handed over as they are: no reference counting on the arrays (one
                    // cache miss each), and none on a placeholder shared between threads.
                    var members: [MemberFacts] = []
                    var numbers: [Int] = []
                    members.reserveCapacity(1)
                    numbers.reserveCapacity(1)
                    for i in count * c / chunks..<count * (c + 1) / chunks {
                        let entry = from.pointer! + i
                        var facts = HouseholdFacts(area: .rural, members: members)
                        var memberNumbers = numbers
                        swap(&facts, &entry.pointee.facts)
                        swap(&memberNumbers, &entry.pointee.memberNumbers)
                        let communeCode = entry.pointee.communeCode, date = entry.pointee.referenceDate.date
                        let key = communeCode + (date < AdminUnitCatalog.reformDate ? "L" : "C")
                        let unit: (String, String)
                        if let last, last.key == key {
                            unit = last.unit
                        } else if let u = resolved[key] {
                            unit = u
                        } else {
                            let r = catalog.resolveCommune(code: communeCode, on: date)
                            unit = (r?.commune.code ?? communeCode, r?.province.code ?? String(communeCode.prefix(2)))
                            resolved[key] = unit
                        }
                        last = (key, unit)
                        (to.pointer! + i).initialize(to: InputHousehold(
                            code: entry.pointee.householdCode, facts: consume facts, memberNumbers: consume memberNumbers,
                            commune2025: unit.0, province2025: unit.1))
                    }
                }
                initialized = count
            }
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

/// A buffer handed to threads that each work on their own part of it.
private struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>?
    init(_ pointer: UnsafeMutablePointer<T>?) { self.pointer = pointer }
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

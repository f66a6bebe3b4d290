import Foundation
import Registry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// File format of an export (định dạng tệp xuất).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// UTF-8 CSV, comma-separated, header row (tệp CSV).
    case csv
    /// Excel workbook, one sheet per file (tệp Excel).
    case xlsx
}

/// Header language of an export (ngôn ngữ tiêu đề cột).
public enum ExportHeaders: String, Sendable, CaseIterable {
    /// The Vietnamese aliases of data-format.md (tiêu đề tiếng Việt), e.g. `Mã hộ`: the default,
    /// because commune officers read the sheet.
    case vietnamese = "vi"
    /// The canonical English names (tiêu đề tiếng Anh), e.g. `household_code`.
    case english = "en"
}

/// Writes households and members in the import format of data-format.md (ghi tệp hộ gia đình và
/// thành viên), so an export can be edited in Excel and imported again.
///
/// Every value goes through ``Registry/Household/recordFields`` and
/// ``Registry/Member/recordFields``: one canonical text per value, which the decoders read back as
/// the same value. Rows stream to two files (`households.<ext>`, `members.<ext>`) in any
/// interleaving, so memory does not grow with the registry.
///
/// Nothing appears in the directory until ``commit()``: both files are staged under hidden
/// names and renamed into place only once both are complete, so a failed or abandoned export
/// never leaves a households file without its members file, or an old file half replaced.
public final class RegistryFileWriter {
    private let households: TableSink
    private let members: TableSink
    private let householdURL: URL
    private let memberURL: URL
    private var householdRows = 0
    private var memberRows = 0
    private var finished = false

    /// Writes households.<ext> and members.<ext> into `directory` (created if missing).
    ///
    /// - Parameters:
    ///   - directory: destination folder; existing files of the same names are replaced on commit.
    ///   - format: CSV or XLSX.
    ///   - headers: Vietnamese aliases (default) or English column names.
    /// - Throws: ``InterchangeFileError`` (`file.write_failed`) when the directory cannot be
    ///   created or written.
    public init(directory: URL, format: ExportFormat, headers: ExportHeaders = .vietnamese) throws {
        precondition(Household.recordFieldNames == HouseholdColumn.allCases.map(\.name)
                     && Member.recordFieldNames == MemberColumn.allCases.map(\.name),
                     "record fields and import columns disagree")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw InterchangeFileError(code: .fileWriteFailed, file: directory.lastPathComponent, detail: "\(error)")
        }
        let ext = format.rawValue
        householdURL = directory.appendingPathComponent("households.\(ext)")
        memberURL = directory.appendingPathComponent("members.\(ext)")
        let vietnamese = headers == .vietnamese
        households = try TableSink(
            final: householdURL, format: format,
            sheet: vietnamese ? "Hộ gia đình" : "households",
            header: HouseholdColumn.allCases.map { vietnamese ? $0.vietnameseHeaders[0] : $0.name },
            numeric: HouseholdColumn.allCases.map {
                [.monthlyIncomePerCapita, .incomeScore, .floorArea, .recognisedYear].contains($0)
            })
        do {
            members = try TableSink(
                final: memberURL, format: format,
                sheet: vietnamese ? "Thành viên" : "members",
                header: MemberColumn.allCases.map { vietnamese ? $0.vietnameseHeaders[0] : $0.name },
                numeric: MemberColumn.allCases.map { $0 == .memberNo })
        } catch {
            households.discard()
            throw error
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Writes one household row (dòng hộ).
    /// - Throws: ``InterchangeFileError`` when the file cannot be written, or an XLSX sheet is full.
    public func write(_ household: Household) throws {
        precondition(!finished, "RegistryFileWriter used after commit() or discard()")
        try households.write(household.recordFields)
        householdRows += 1
    }

    /// Writes one member row (dòng thành viên).
    /// - Throws: ``InterchangeFileError`` when the file cannot be written, or an XLSX sheet is full.
    public func write(_ member: Member) throws {
        precondition(!finished, "RegistryFileWriter used after commit() or discard()")
        try members.write(member.recordFields)
        memberRows += 1
    }

    /// Finishes both files and puts them in place; returns where they are and how many data
    /// rows each holds. On error nothing is put in place and the writer is discarded.
    public func commit() throws -> (households: URL, members: URL, householdRows: Int, memberRows: Int) {
        precondition(!finished, "RegistryFileWriter used after commit() or discard()")
        finished = true
        do {
            try households.finish()
            try members.finish()
            try households.publish()
            try members.publish()
        } catch {
            households.discard()
            members.discard()
            throw error
        }
        return (householdURL, memberURL, householdRows, memberRows)
    }

    /// Abandons the export: nothing is written in the directory and files already there stay as
    /// they were.
    public func discard() {
        finished = true
        households.discard()
        members.discard()
    }
}

/// One output table of an export: a CSV or XLSX writer aimed at a hidden staging file that
/// ``publish()`` renames to the real name.
private final class TableSink {
    private enum Backend {
        case csv(CSVWriter)
        case xlsx(XLSXWriter)
    }

    private let backend: Backend
    private let final: URL
    private let staged: URL
    /// Per column, whether the value is a quantity that an XLSX cell holds as a number (so Excel
    /// can sum it); everything else, codes and ids above all, stays text with its leading zeros.
    private let numeric: [Bool]
    private var state = State.writing

    private enum State { case writing, finished, published, discarded }

    init(final: URL, format: ExportFormat, sheet: String, header: [String], numeric: [Bool]) throws {
        self.final = final
        self.numeric = numeric
        staged = final.deletingLastPathComponent().appendingPathComponent(
            ".\(final.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).part")
        do {
            switch format {
            case .csv:
                let writer = try CSVWriter(path: staged.path)
                backend = .csv(writer)
                try writer.writeRow(header)
            case .xlsx:
                let writer = try XLSXWriter(path: staged.path)
                backend = .xlsx(writer)
                try writer.beginSheet(named: sheet)
                try writer.writeRow(header)
            }
        } catch let error as InterchangeFileError {
            throw Self.renamed(error, to: final)
        }
    }

    func write(_ fields: [RecordField]) throws {
        do {
            switch backend {
            case .csv(let writer):
                for field in fields {
                    if let value = field.value { try writer.writeField(value) } else { try writer.writeEmptyField() }
                }
                try writer.endRow()
            case .xlsx(let writer):
                for (field, isNumber) in zip(fields, numeric) {
                    guard let value = field.value else {
                        try writer.skipCell()
                        continue
                    }
                    if isNumber, let n = Int(value) {
                        try writer.writeNumber(n)
                    } else if isNumber, let d = Self.exactNumber(value) {
                        try writer.writeNumber(d)
                    } else {
                        try writer.writeText(value)
                    }
                }
                try writer.endRow()
            }
        } catch let error as InterchangeFileError {
            throw Self.renamed(error, to: final)
        }
    }

    /// The number `text` stands for, when a number cell shows exactly `text` again: the writer
    /// stores Swift's shortest form and the reader shows at most 15 significant digits without
    /// an exponent. Other decimals stay text, as they are in the CSV.
    private static func exactNumber(_ text: String) -> Double? {
        guard let value = Double(text) else { return nil }
        var shortest = "\(value)"
        if shortest.hasSuffix(".0") { shortest.removeLast(2) }
        let significant = text.drop { $0 == "0" || $0 == "." }.filter { $0 != "." }.count
        return shortest == text && significant <= 15 ? value : nil
    }

    /// Completes the staged file (an XLSX workbook is zipped here).
    func finish() throws {
        guard state == .writing else { return }
        do {
            switch backend {
            case .csv(let writer): try writer.commit()
            case .xlsx(let writer): try writer.commit()
            }
        } catch let error as InterchangeFileError {
            state = .discarded
            throw Self.renamed(error, to: final)
        }
        state = .finished
    }

    /// Renames the completed staged file to its real name.
    func publish() throws {
        guard state == .finished else { return }
        if rename(staged.path, final.path) != 0 {
            throw InterchangeFileError(
                code: .fileWriteFailed, file: final.lastPathComponent, detail: String(cString: strerror(errno)))
        }
        state = .published
    }

    /// Removes whatever is staged; a published file stays.
    func discard() {
        switch state {
        case .writing:
            switch backend {
            case .csv(let writer): writer.discard()
            case .xlsx(let writer): writer.discard()
            }
        case .finished:
            unlink(staged.path)
        case .published, .discarded:
            break
        }
        if state != .published { state = .discarded }
    }

    /// The error under the file name the user asked for, not the staging name.
    private static func renamed(_ error: InterchangeFileError, to final: URL) -> InterchangeFileError {
        var error = error
        error.file = final.lastPathComponent
        return error
    }
}

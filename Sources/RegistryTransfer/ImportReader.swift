import Foundation
import Interchange
import PovertyStandard
import Registry
import Store
import VietnameseText

/// Reads and validates the two files on its own thread and hands valid rows, in batches, to the
/// thread that writes the import session (see ``RegistryImporter``). Besides each file's own
/// rules it checks those that span rows and files: the member's household exists (in the file
/// or in the registry), `member_no` is unique within a household, exactly one head per
/// household, national ids unique in the files and across the registry.
final class ImportReader: @unchecked Sendable {
    enum Batch {
        case households([Household])
        /// Members with the ordinal of their household in the households file (-1 when the
        /// household is already in the registry).
        case members([Member])
        /// Rows encoded by the session's bulk encoder on the reading thread.
        case encoded(any EncodedRows)
        /// Every household of the file has been sent.
        case householdsDone
    }

    private let householdSource: any RowSource
    private let memberSource: any RowSource
    private let options: ImportOptions
    private let session: any RegistryImportSession
    private let startedEmpty: Bool
    private let progress: ((RegistryFileSet.Progress) -> Void)?
    /// Up to 96 batches (≈ 70 MB of encoded members) wait for the writer, so reading goes on
    /// while the writer builds the household indexes between the two files (≈ 1 s on a million
    /// households; 32 batches left the reader waiting ≈ 0.7 s of it, 96 ≈ 0.25 s).
    private let channel = BatchChannel<Batch>(capacity: 96)
    private static let batchSize = 2_048

    // Results of the reading thread, read by the writer after `join`.
    private var householdReport = ImportErrorReport()
    private var memberReport = ImportErrorReport()
    private var cross: ImportErrorReport
    private var failure: (any Error)?
    private var householdRowOf: (String) -> Int? = { _ in nil }

    init(households: any RowSource, members: any RowSource, options: ImportOptions, session: any RegistryImportSession,
         progress: ((RegistryFileSet.Progress) -> Void)?) {
        householdSource = households
        memberSource = members
        self.options = options
        self.session = session
        startedEmpty = session.startedEmpty
        self.progress = progress
        cross = ImportErrorReport(capacity: options.errorCapacity)
    }

    /// Reads everything, writes valid rows into `session` on the calling thread, and returns the
    /// full report (empty when the import may commit).
    func run(writingInto session: any RegistryImportSession) throws -> ImportErrorReport {
        encoder = try session.makeBulkEncoder()
        let worker = WorkerThread(name: "giamngheo.import.read") { [self] in
            do { try produce() } catch { failure = error }
            channel.close()
        }
        do {
            while let batch = channel.receive() {
                switch batch {
                case .households(let list): try session.upsert(households: list)
                case .members(let list): try session.upsert(members: list)
                case .encoded(let rows):
                    try session.writeEncoded(rows)
                case .householdsDone:
                    try session.householdsWritten()
                }
            }
        } catch {
            channel.cancel()
            worker.join()
            throw error
        }
        worker.join()
        Trace.mark(String(format: "import: all batches written (reader waited %.2f s for room, writer %.2f s for rows)",
                          channel.sendWaited, channel.receiveWaited))
        if let failure { throw failure }

        var report = ImportErrorReport(capacity: options.errorCapacity)
        report.merge(householdReport)
        report.merge(memberReport)
        report.merge(cross)
        guard report.isEmpty, !startedEmpty else { return report }

        // Rules on the registry as it will be after this import.
        if options.replaceMembers { _ = try session.removeMembersNotWritten() }
        let conflicts = try session.nationalIDConflicts(limit: options.errorCapacity)
        let heads = try session.headCountProblems(limit: options.errorCapacity)
        guard !conflicts.isEmpty || !heads.isEmpty else { return report }
        let rows = try MemberRowLocator.locate(
            source: reopenMembers(), pairs: Set(conflicts.map { "\($0.householdCode)#\($0.memberNo)" }),
            households: Set(heads.map(\.householdCode)))
        for c in conflicts {
            report.add(ImportError(
                file: memberSource.fileName, row: rows.member["\(c.householdCode)#\(c.memberNo)"] ?? 0,
                column: MemberColumn.nationalID.name, value: c.nationalID,
                message: "Số CCCD \(c.nationalID) đã có trong sổ: thành viên STT \(c.otherMemberNo) của hộ \(c.otherHouseholdCode); trùng với thành viên STT \(c.memberNo) của hộ \(c.householdCode)",
                code: "national_id.duplicate"))
        }
        for p in heads {
            let message = p.heads == 0
                ? "Hộ \(p.householdCode) không có thành viên nào là chủ hộ (trong sổ sau khi nhập: \(p.members) thành viên); mỗi hộ phải có đúng một chủ hộ"
                : "Hộ \(p.householdCode) có \(p.heads) chủ hộ (trong sổ sau khi nhập); mỗi hộ chỉ được có một chủ hộ"
            if let row = rows.household[p.householdCode] {
                report.add(ImportError(file: memberSource.fileName, row: row, column: MemberColumn.relation.name,
                                       message: message, code: "relation.head_count"))
            } else {
                report.add(ImportError(file: householdSource.fileName, row: householdRowOf(p.householdCode) ?? 0,
                                       column: HouseholdColumn.householdCode.name, value: p.householdCode,
                                       message: message, code: "relation.head_count"))
            }
        }
        return report
    }

    /// The session's bulk encoder, used on the reading thread (into an empty registry).
    private var encoder: (any BulkRowEncoder)?

    /// Hands the encoder's rows to the writer once `atLeast` are pending; `false` when cancelled.
    private func sendEncoded(atLeast: Int) -> Bool {
        guard let encoder, encoder.pendingRows >= atLeast, encoder.pendingRows > 0 else { return true }
        return channel.send(.encoded(encoder.take()))
    }

    /// Opens the members file again, to find the rows of problems found in the store.
    var reopenMembers: () throws -> any RowSource = { throw CancellationError() }

    // MARK: Reading thread

    private func produce() throws {
        let reviewYear = options.reviewYear
        let householdDecoder = HouseholdFileDecoder(
            source: householdSource, reviewYear: reviewYear, catalog: options.catalog, errorCapacity: options.errorCapacity)
        householdRowOf = { householdDecoder.household(code: $0)?.row }
        var writing = true
        var batch: [Household] = []
        batch.reserveCapacity(Self.batchSize)
        var referenceDates: [CivilDate] = []
        while let h = try householdDecoder.next() {
            referenceDates.append(h.referenceDate(reviewYear: reviewYear))
            if householdDecoder.rowsRead % 16_384 == 0 { report(householdSource, householdDecoder.rowsRead) }
            guard writing else { continue }
            if !householdDecoder.report.isEmpty {
                // The import will be rolled back: stop writing, keep checking.
                writing = false
                batch = []
                continue
            }
            if let encoder {
                encoder.encode(h)
                guard sendEncoded(atLeast: Self.batchSize) else { return }
                continue
            }
            batch.append(h)
            if batch.count == Self.batchSize {
                guard channel.send(.households(batch)) else { return }
                batch.removeAll(keepingCapacity: true)
            }
        }
        if writing && householdDecoder.report.isEmpty {
            if !batch.isEmpty { guard channel.send(.households(batch)) else { return } }
            guard sendEncoded(atLeast: 1), channel.send(.householdsDone) else { return }
        }
        writing = writing && householdDecoder.report.isEmpty
        householdReport = householdDecoder.report
        Trace.mark("import: households file read")
        let householdsUsable = householdDecoder.isHeaderValid
        let fileHouseholds = referenceDates.count

        // Per household of the file: heads, first member row, member numbers seen (bits 1…64, the
        // rare larger numbers in a set). A few bytes per household; members themselves stream.
        var heads = [UInt8](repeating: 0, count: fileHouseholds)
        var firstRow = [Int32](repeating: 0, count: fileHouseholds)
        var numbers = [UInt64](repeating: 0, count: fileHouseholds)
        var largeNumbers: Set<String> = []
        // Households already in the registry that members.csv adds to.
        var existing: [String: ExistingHousehold?] = [:]
        var existingNumbers: [String: Set<Int>] = [:]
        let session = self.session
        let startedEmpty = self.startedEmpty
        func lookupExisting(_ code: String) -> ExistingHousehold? {
            if startedEmpty { return nil }
            if let known = existing[code] { return known }
            let found = try? session.existingHousehold(code: code)
            existing[code] = .some(found)
            return found
        }
        // The household the decoder looked up last, with its position in the households file.
        var lastHousehold: (code: String, index: Int?)?
        let memberDecoder = MemberFileDecoder(
            source: memberSource, reviewYear: reviewYear, today: options.today,
            household: { code in
                let entry = householdDecoder.household(code: code)
                lastHousehold = (code, entry?.index)
                if let entry {
                    guard let i = entry.index else { return .rejected }
                    return .known(referenceDate: referenceDates[i])
                }
                if !householdsUsable { return .rejected }
                if let e = lookupExisting(code) {
                    return .known(referenceDate: e.referenceDate ?? Household.defaultReferenceDate(reviewYear: reviewYear))
                }
                return .unknown
            },
            errorCapacity: options.errorCapacity)
        var members: [Member] = []
        members.reserveCapacity(Self.batchSize)
        while let m = try memberDecoder.next() {
            let row = memberDecoder.rowNumber
            if memberDecoder.rowsRead % 16_384 == 0 { report(memberSource, memberDecoder.rowsRead) }
            var duplicate = false
            var ordinal: Int32 = -1
            // The decoder looked the member's household up (once per run of adjacent rows of
            // the same household): reuse that lookup.
            let index: Int?
            if let last = lastHousehold, last.code == m.householdCode {
                index = last.index
            } else {
                index = householdDecoder.household(code: m.householdCode)?.index
                lastHousehold = (m.householdCode, index)
            }
            if let i = index {
                ordinal = Int32(i)
                if firstRow[i] == 0 { firstRow[i] = Int32(clamping: row) }
                if m.memberNo >= 1 && m.memberNo <= 64 {
                    let bit = UInt64(1) << UInt64(m.memberNo - 1)
                    duplicate = numbers[i] & bit != 0
                    numbers[i] |= bit
                } else {
                    duplicate = !largeNumbers.insert("\(i)#\(m.memberNo)").inserted
                }
                if !duplicate && m.relation == .head && heads[i] < .max { heads[i] += 1 }
            } else if lookupExisting(m.householdCode) != nil {
                duplicate = !existingNumbers[m.householdCode, default: []].insert(m.memberNo).inserted
            } else {
                continue  // the decoder reported the unknown or rejected household
            }
            if duplicate {
                cross.add(ImportError(
                    file: memberSource.fileName, row: row, column: MemberColumn.memberNo.name, value: String(m.memberNo),
                    message: "STT \(m.memberNo) bị trùng trong hộ \(m.householdCode)", code: "member_no.duplicate"))
                writing = false
                continue
            }
            guard writing else { continue }
            if !memberDecoder.report.isEmpty {
                writing = false
                continue
            }
            if let encoder, ordinal >= 0 {
                encoder.encode(m, householdOrdinal: Int(ordinal))
                guard sendEncoded(atLeast: Self.batchSize) else { return }
                continue
            }
            members.append(m)
            if members.count == Self.batchSize {
                guard channel.send(.members(members)) else { return }
                members.removeAll(keepingCapacity: true)
            }
        }
        // National ids repeated in the file are reported only once the whole file is read.
        memberReport = memberDecoder.report
        Trace.mark("import: members file read")
        if writing && memberReport.isEmpty {
            if !members.isEmpty { guard channel.send(.members(members)) else { return } }
            guard sendEncoded(atLeast: 1) else { return }
        }

        // Heads per household of the file. Into an empty registry the file is the whole truth;
        // otherwise the registry after the import is checked by the session (members may stay).
        guard startedEmpty, memberDecoder.isHeaderValid, householdsUsable else { return }
        let incomplete = memberDecoder.householdsWithRejectedRows
        householdDecoder.forEachValidCode { code, index, row in
            guard heads[index] != 1, !incomplete.contains(code) else { return }
            if numbers[index] == 0 && firstRow[index] == 0 {
                cross.add(ImportError(
                    file: householdSource.fileName, row: row, column: HouseholdColumn.householdCode.name, value: code,
                    message: "Hộ không có thành viên nào trong \(memberSource.fileName); mỗi hộ phải có đúng một chủ hộ",
                    code: "relation.head_count"))
            } else {
                let message = heads[index] == 0
                    ? "Hộ \(code) không có thành viên nào là chủ hộ; mỗi hộ phải có đúng một chủ hộ"
                    : "Hộ \(code) có \(heads[index]) chủ hộ; mỗi hộ chỉ được có một chủ hộ"
                cross.add(ImportError(file: memberSource.fileName, row: Int(firstRow[index]), column: MemberColumn.relation.name,
                                      message: message, code: "relation.head_count"))
            }
        }
    }

    private func report(_ source: any RowSource, _ rows: Int) {
        progress?(RegistryFileSet.Progress(fileName: source.fileName, rows: rows, bytes: source.progress))
    }
}

import Dispatch
import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// A validated household and member file set in the form the engine reads it (dữ kiện phân loại
/// của bộ tệp): per household its code, commune, reference date, ``HouseholdFacts`` (members
/// included, ages at the reference date) and member numbers — without the names, addresses and
/// other text a ``RegistryFileSet`` keeps.
///
/// ``read(households:members:reviewYear:catalog:today:errorCapacity:progress:)`` accepts and
/// rejects exactly what ``RegistryFileSet/read(households:members:reviewYear:catalog:today:errorCapacity:progress:)``
/// does and throws the same errors, and is much faster on large files: both files are split into
/// parts read on all cores, and values are built straight in the engine's form.
public struct RegistryFactSet: Sendable {
    /// One household ready for the engine.
    public struct Entry: Sendable, Hashable {
        /// Household code (mã hộ).
        public var householdCode: String
        /// 5-digit commune code (mã xã) as in the file.
        public var communeCode: String
        /// The date ages are computed at (ngày rà soát): the household's own, or 01/09 of the review year.
        public var referenceDate: CivilDate
        /// The household's facts, members in file order.
        public var facts: HouseholdFacts
        /// `member_no` of each member, parallel to `facts.members`.
        public var memberNumbers: [Int]

        /// Creates an entry.
        public init(
            householdCode: String, communeCode: String, referenceDate: CivilDate, facts: HouseholdFacts,
            memberNumbers: [Int]
        ) {
            self.householdCode = householdCode
            self.communeCode = communeCode
            self.referenceDate = referenceDate
            self.facts = facts
            self.memberNumbers = memberNumbers
        }
    }

    /// Households in input order.
    public var households: [Entry]
    /// Warnings that did not block the import (unknown columns that were ignored).
    public var warnings: [ImportError]

    /// Creates a fact set from entries already validated.
    public init(households: [Entry], warnings: [ImportError] = []) {
        self.households = households
        self.warnings = warnings
    }

    /// The engine's view of a file set read in full.
    public init(set: RegistryFileSet, reviewYear: Int) {
        households = set.households.indices.map { i in
            let h = set.households[i], members = set.members[i]
            return Entry(
                householdCode: h.householdCode, communeCode: h.communeCode,
                referenceDate: h.referenceDate(reviewYear: reviewYear),
                facts: h.engineFacts(members: members, reviewYear: reviewYear), memberNumbers: members.map(\.memberNo))
        }
        warnings = set.warnings
    }

    /// Reads and validates a household file and a member file, CSV or XLSX by extension, with
    /// the rules, errors and warnings of ``RegistryFileSet/read(households:members:reviewYear:catalog:today:errorCapacity:progress:)``.
    ///
    /// A CSV file of 8 MB or more is split into one part per core at record boundaries
    /// (``CSVSplitter``), each part decoded on its own thread, and the parts joined: households
    /// first, then members against the joined households, then the rules across rows and files.
    /// When anything is wrong — an invalid row, a rule across files, a split that was not at a
    /// record boundary — the files are read again on one thread by ``RegistryFileSet``, which
    /// reports every error exactly as it always has; valid files are read only once.
    /// - Throws: ``ImportErrorReport`` when any row is invalid; ``InterchangeFileError`` when a
    ///   file cannot be read at all.
    public static func read(
        households: URL, members: URL, reviewYear: Int, catalog: AdminUnitCatalog? = AdminUnitCatalog.shared,
        today: CivilDate = MemberFileDecoder.todayInVietnam(), errorCapacity: Int = 10_000,
        progress: ((RegistryFileSet.Progress) -> Void)? = nil
    ) throws -> RegistryFactSet {
        try read(
            households: households, members: members, reviewYear: reviewYear, catalog: catalog, today: today,
            errorCapacity: errorCapacity, progress: progress,
            threads: min(ProcessInfo.processInfo.activeProcessorCount, 16), minimumPartSize: 4 << 20)
    }

    /// The same, with the parallelism given: up to `threads` parts per file, each at least
    /// `minimumPartSize` bytes (tests split tiny files this way).
    static func read(
        households: URL, members: URL, reviewYear: Int, catalog: AdminUnitCatalog?, today: CivilDate,
        errorCapacity: Int, progress: ((RegistryFileSet.Progress) -> Void)?, threads: Int, minimumPartSize: Int64
    ) throws -> RegistryFactSet {
        let reader = FactReader(
            reviewYear: reviewYear, catalog: catalog, today: today, errorCapacity: errorCapacity,
            progress: progress.map(ProgressCounter.init), threads: max(1, threads), minimumPartSize: max(1, minimumPartSize))
        if let set = reader.read(households: households, members: members) { return set }
        // Something is wrong: the one-thread reader finds and reports every error.
        let set = try RegistryFileSet.read(
            households: households, members: members, reviewYear: reviewYear, catalog: catalog, today: today,
            errorCapacity: errorCapacity, progress: progress)
        return RegistryFactSet(set: set, reviewYear: reviewYear)
    }
}

// MARK: - Parallel reading

/// The fast path of ``RegistryFactSet/read(households:members:reviewYear:catalog:today:errorCapacity:progress:)``:
/// `nil` as soon as anything is not valid, leaving the report to ``RegistryFileSet``.
struct FactReader {
    let reviewYear: Int
    let catalog: AdminUnitCatalog?
    let today: CivilDate
    let errorCapacity: Int
    let progress: ProgressCounter?
    let threads: Int
    let minimumPartSize: Int64

    /// How the rows of one file are read: parts of a split CSV file, or one source (used by one
    /// thread only, hence the unchecked `Sendable`).
    enum Plan: @unchecked Sendable {
        case parts(path: String, fileName: String, headers: [String], delimiter: UInt8, parts: [CSVSplitter.Part])
        case single(any RowSource)

        var count: Int {
            switch self {
            case .parts(_, _, _, _, let parts): parts.count
            case .single: 1
            }
        }
    }

    func read(households: URL, members: URL) -> RegistryFactSet? {
        do {
            guard var householdPlan = try plan(households, sheetNames: RegistryFileSet.householdSheetNames),
                  var memberPlan = try plan(members, sheetNames: RegistryFileSet.memberSheetNames)
            else { return nil }
            if case .single = householdPlan, case .single = memberPlan {
                // Let the one-file-each case (workbooks above all) name sources as RegistryFileSet does.
                let (h, m) = try RegistryFileSet.openSources(households: households, members: members)
                householdPlan = .single(h)
                memberPlan = .single(m)
            }
            return try read(householdPlan, memberPlan)
        } catch {
            return nil
        }
    }

    /// A split plan for a large CSV file; a single source otherwise.
    func plan(_ url: URL, sheetNames: [String]) throws -> Plan? {
        if RegistryFileSet.isWorkbook(url) {
            return .single(try RegistryFileSet.openTable(url, sheetNames: sheetNames))
        }
        guard threads > 1, let size = PosixFile.size(path: url.path), size >= 2 * minimumPartSize else {
            return .single(try CSVReader(path: url.path))
        }
        // The header and delimiter for the parts after the first. A small buffer is enough for a
        // header line with delimiters; otherwise read as the one-piece reader would, to detect
        // the same delimiter.
        var probe = try CSVReader(path: url.path, bufferSize: 64 << 10)
        if probe.headers.count < 2 || probe.progress.done > 32 << 10 { probe = try CSVReader(path: url.path) }
        let count = Int(min(Int64(threads), size / minimumPartSize))
        guard let parts = CSVSplitter.split(path: url.path, parts: count, threads: threads) else { return nil }
        if parts.count == 1 { return .single(try CSVReader(path: url.path)) }
        return .parts(path: url.path, fileName: probe.fileName, headers: probe.headers, delimiter: probe.delimiter, parts: parts)
    }

    /// Opens part `k` of a plan.
    func source(_ plan: Plan, _ k: Int) throws -> any RowSource {
        switch plan {
        case .single(let source): return source
        case .parts(let path, let fileName, let headers, let delimiter, let parts):
            return try CSVReader(
                path: path, fileName: fileName, range: parts[k].range, firstRowNumber: parts[k].firstRowNumber,
                headers: headers, delimiter: delimiter)
        }
    }

    // MARK: Households

    struct HouseholdPart {
        var records: [HouseholdRecord] = []
        /// Each record's code, its ``CodeIndex/hash(_:)-swift.type.method`` and reference date,
        /// apart from the records so that joining the parts reads little memory.
        var codes: [String] = []
        var hashes: [UInt64] = []
        var dates: [CivilDate] = []
        var warnings = ImportErrorReport()
        var valid = false
    }

    /// The members of one household in one run of adjacent rows, in file order.
    struct MemberRun {
        var facts: [MemberFacts]
        var numbers: [Int]
        var heads: Int
    }

    struct MemberPart {
        /// The household of each run, and the runs (moved into a ``TakeOnce`` at the end of the part).
        var runHouseholds: [Int] = []
        var runs: [MemberRun] = []
        var runStore: TakeOnce<MemberRun>?
        var nationalIDs = DuplicateFinder()
        var warnings = ImportErrorReport()
        var valid = false
    }

    func read(_ householdPlan: Plan, _ memberPlan: Plan) throws -> RegistryFactSet? {
        let stop = StopFlag()
        let defaultDate = Household.defaultReferenceDate(reviewYear: reviewYear)
        for plan in [householdPlan, memberPlan] {
            if case .parts(let path, let fileName, _, _, let parts) = plan {
                progress?.setTotal(fileName, PosixFile.size(path: path) ?? parts.last!.range.upperBound)
            }
        }

        // 1. Households, one part per thread.
        let householdParts = Slots<HouseholdPart>(count: householdPlan.count)
        parallel(householdPlan.count) { k in
            var part = HouseholdPart()
            defer { householdParts[k] = part }
            guard let source = try? self.source(householdPlan, k) else { return stop.set() }
            let decoder = HouseholdFileDecoder(
                source: source, reviewYear: reviewYear, catalog: catalog, errorCapacity: errorCapacity, keepText: false)
            if let total = source.progress.total {
                let estimate = Int(total / 96)
                part.records.reserveCapacity(estimate)
                part.codes.reserveCapacity(estimate)
                part.hashes.reserveCapacity(estimate)
                part.dates.reserveCapacity(estimate)
            }
            var tracker = ProgressTracker(progress, source)
            do {
                while let r = try decoder.nextRecord() {
                    part.codes.append(r.code)
                    part.hashes.append(CodeIndex.hash(r.code))
                    part.dates.append(r.referenceDate ?? defaultDate)
                    part.records.append(r)
                    if tracker.due(decoder.rowsRead) {
                        if stop.isSet { return }
                        tracker.report(decoder.rowsRead)
                    }
                }
            } catch {
                return stop.set()
            }
            guard decoder.errorCount == 0 else { return stop.set() }
            tracker.report(decoder.rowsRead)
            part.warnings = decoder.report
            part.valid = true
        }
        var hParts = householdParts.take()
        guard !stop.isSet, hParts.allSatisfy(\.valid) else { return nil }

        var householdStart = [0]
        for part in hParts { householdStart.append(householdStart.last! + part.records.count) }
        let householdCount = householdStart.last!
        guard householdCount < Int32.max, let index = PartitionedCodeIndex(hParts, threads: threads) else { return nil }
        var codeList: [String] = []
        var dateList: [CivilDate] = []
        codeList.reserveCapacity(householdCount)
        dateList.reserveCapacity(householdCount)
        for k in hParts.indices {
            codeList.append(contentsOf: hParts[k].codes)
            dateList.append(contentsOf: hParts[k].dates)
            hParts[k].codes = []
            hParts[k].dates = []
            hParts[k].hashes = []
        }
        let codes = codeList, referenceDates = dateList

        // 2. Members, one part per thread, against the joined households (read only).
        let memberParts = Slots<MemberPart>(count: memberPlan.count)
        parallel(memberPlan.count) { k in
            var part = MemberPart()
            defer { memberParts[k] = part }
            guard let source = try? self.source(memberPlan, k) else { return stop.set() }
            var last = -1
            let lookup: MemberFileDecoder.IndexedHouseholdLookup = { code in
                // Members come in runs of one household, usually in the households file's order.
                var i = -1
                if last >= 0 && last + 1 < householdCount && codes[last + 1] == code {
                    i = last + 1
                } else if let e = index.position(of: code) {
                    i = e
                }
                guard i >= 0 else { return (.unknown, -1) }
                last = i
                return (.known(referenceDate: referenceDates[i]), i)
            }
            let decoder = MemberFileDecoder(
                source: source, reviewYear: reviewYear, today: today, indexedHousehold: lookup,
                errorCapacity: errorCapacity, keepText: false)
            if let total = source.progress.total {
                part.runs.reserveCapacity(Int(total / 300))
                part.runHouseholds.reserveCapacity(Int(total / 300))
            }
            var tracker = ProgressTracker(progress, source)
            // The run being read; its members are copied into exactly sized arrays when it ends.
            var current = -1
            var facts: [MemberFacts] = []
            var numbers: [Int] = []
            var heads = 0
            facts.reserveCapacity(64)
            numbers.reserveCapacity(64)
            func endRun() {
                guard current >= 0 else { return }
                part.runHouseholds.append(current)
                part.runs.append(MemberRun(facts: exactCopy(facts), numbers: exactCopy(numbers), heads: heads))
                facts.removeAll(keepingCapacity: true)
                numbers.removeAll(keepingCapacity: true)
                heads = 0
            }
            do {
                while let r = try decoder.nextRecord() {
                    if r.household != current {
                        endRun()
                        current = r.household
                    }
                    facts.append(r.facts)
                    numbers.append(r.memberNo)
                    if r.isHead { heads += 1 }
                    if tracker.due(decoder.rowsRead) {
                        if stop.isSet { return }
                        tracker.report(decoder.rowsRead)
                    }
                }
                endRun()
            } catch {
                return stop.set()
            }
            guard decoder.errorCount == 0 else { return stop.set() }
            tracker.report(decoder.rowsRead)
            part.nationalIDs = decoder.nationalIDs
            part.warnings = decoder.report
            part.runStore = TakeOnce(taking: &part.runs)
            part.valid = true
        }
        var mParts = memberParts.take()
        guard !stop.isSet, mParts.allSatisfy(\.valid) else { return nil }

        var report = ImportErrorReport(capacity: errorCapacity)
        report.merge(hParts[0].warnings)
        report.merge(mParts[0].warnings)
        let warnings = report.warnings

        // 3. Rules across parts: national ids unique across them; members grouped by household.
        for a in mParts.indices {
            for b in mParts.indices where b > a {
                if DuplicateFinder.haveCommonKey(mParts[a].nationalIDs, mParts[b].nationalIDs) { return nil }
            }
        }
        for k in mParts.indices { mParts[k].nationalIDs = DuplicateFinder() }

        // Household h's runs are `order[starts[h] ..< starts[h + 1]]` (positions in the parts' runs
        // joined; `order` is `nil` when it would be 0, 1, 2…: runs already in household order).
        guard let (starts, order) = Self.runsByHousehold(mParts.map(\.runHouseholds), householdCount: householdCount)
        else { return nil }
        // Each run is used by exactly one household: its arrays are moved there, not copied.
        var runOffsets = [0]
        for part in mParts { runOffsets.append(runOffsets.last! + part.runHouseholds.count) }
        let runStores = mParts.map { $0.runStore! }
        for store in runStores { store.willTakeAll() }
        mParts = []
        let householdArrays = hParts.map(\.records)
        hParts = []

        // 4. Per household: at least one member, exactly one head, distinct member numbers.
        let runStart = runOffsets, householdOffsets = householdStart, stores = runStores
        let failed = StopFlag()
        let chunks = min(threads, max(1, householdCount / 8192))
        if householdCount == 0 { return RegistryFactSet(households: [], warnings: warnings) }
        let entries = withSegments(householdArrays) { householdSegments in
            [RegistryFactSet.Entry](unsafeUninitializedCapacity: householdCount) { buffer, count in
                let out = Unchecked(buffer.baseAddress!)
                let householdSegments = Unchecked(householdSegments)
                parallel(chunks) { c in
                    let lo = householdCount * c / chunks, hi = householdCount * (c + 1) / chunks
                    var households = SegmentReader(householdSegments.value, householdOffsets)
                    var runs = TakeReader(stores, runStart)
                    var ok = true
                    for h in lo..<hi {
                        let record = households[h]
                        let first = starts[h], end = starts[h + 1]
                        // Arrays are swapped out of the runs and consumed into the entry: moved,
                        // never copied, so no reference counting on a million cold objects.
                        var run = runs.take(order?[first] ?? first)
                        var memberFacts: [MemberFacts] = []
                        var numbers: [Int] = []
                        swap(&memberFacts, &run.facts)
                        swap(&numbers, &run.numbers)
                        var heads = run.heads
                        for i in first + 1..<max(first + 1, end) {
                            // The household's rows are not all adjacent: its runs joined in file order.
                            let more = runs.take(order?[i] ?? i)
                            memberFacts.append(contentsOf: more.facts)
                            numbers.append(contentsOf: more.numbers)
                            heads += more.heads
                        }
                        if heads != 1 || !Self.allDistinct(numbers) { ok = false }
                        (out.value + h).initialize(
                            to: Self.entry(record, consume memberFacts, consume numbers, defaultDate: defaultDate))
                    }
                    if !ok { failed.set() }
                }
                count = householdCount
            }
        }
        guard !failed.isSet else { return nil }
        return RegistryFactSet(households: entries, warnings: warnings)
    }

    /// The entry of a household record and its members (taken over, not copied).
    @inline(__always)
    static func entry(
        _ record: borrowing HouseholdRecord, _ members: consuming [MemberFacts], _ numbers: consuming [Int],
        defaultDate: CivilDate
    ) -> RegistryFactSet.Entry {
        var facts = record.facts
        facts.members = members
        return RegistryFactSet.Entry(
            householdCode: record.code, communeCode: record.communeCode,
            referenceDate: record.referenceDate ?? defaultDate, facts: facts, memberNumbers: numbers)
    }

    /// The runs of each household: `order[starts[h] ..< starts[h + 1]]` are the positions of
    /// household h's runs in the parts' runs joined, in file order; `order` is `nil` when runs
    /// already come in household order (the usual case: each household one run, perhaps split
    /// between two parts). `nil` when a household has no members.
    static func runsByHousehold(_ parts: [[Int]], householdCount: Int) -> (starts: [Int], order: [Int]?)? {
        var starts = [Int](repeating: 0, count: householdCount + 1)
        // Runs in household order: each household's runs are one stretch.
        var expected = 0
        var previous = -1
        var position = 0
        var ordered = true
        scan: for part in parts {
            for household in part {
                if household != previous {
                    guard household == expected else {
                        ordered = false
                        break scan
                    }
                    starts[expected] = position
                    expected += 1
                    previous = household
                }
                position += 1
            }
        }
        if ordered {
            guard expected == householdCount else { return nil }
            starts[householdCount] = position
            return (starts, nil)
        }
        // Otherwise sort run positions by household (stable, so file order within one).
        for i in starts.indices { starts[i] = 0 }
        for part in parts { for household in part { starts[household + 1] += 1 } }
        for h in 0..<householdCount {
            if starts[h + 1] == 0 { return nil }
            starts[h + 1] += starts[h]
        }
        var next = starts
        var order = [Int](repeating: 0, count: starts[householdCount])
        position = 0
        for part in parts {
            for household in part {
                order[next[household]] = position
                next[household] += 1
                position += 1
            }
        }
        return (starts, order)
    }

    /// Whether no number repeats.
    static func allDistinct(_ numbers: [Int]) -> Bool {
        if numbers.count <= 32 {
            for i in numbers.indices {
                for j in 0..<i where numbers[j] == numbers[i] { return false }
            }
            return true
        }
        return Set(numbers).count == numbers.count
    }
}

// MARK: - Helpers

/// The household codes of all parts, split by hash into one ``CodeIndex`` per thread so the
/// threads build them side by side.
private struct PartitionedCodeIndex: Sendable {
    let tables: [CodeIndex]

    /// The codes of all parts, positions numbered across parts; `nil` when a code repeats.
    init?(_ parts: [FactReader.HouseholdPart], threads: Int) {
        let count = parts.reduce(0) { $0 + $1.codes.count }
        let n = max(1, min(threads, count / 65_536))
        let results = Slots<(CodeIndex, UInt64)>(count: n)
        let duplicate = StopFlag()
        let parts = Unchecked(parts)
        parallel(n) { t in
            var mine = 0
            for part in parts.value {
                for h in part.hashes where Self.table(h, n) == t { mine += 1 }
            }
            var table = CodeIndex(capacity: mine)
            var position = 0
            var touched: UInt64 = 0
            let batchSize = 32
            var batch = [Int](repeating: 0, count: batchSize)
            loop: for part in parts.value {
                let failed = part.hashes.withUnsafeBufferPointer { hashes in
                    part.codes.withUnsafeBufferPointer { codes in
                        batch.withUnsafeMutableBufferPointer { batch in
                            var j = 0
                            while j < hashes.count {
                                // Up to 32 codes of this table: their slots are loaded side by side first.
                                var filled = 0
                                while j < hashes.count && filled < batchSize {
                                    if Self.table(hashes[j], n) == t {
                                        batch[filled] = j
                                        touched &+= table.touch(hashes[j])
                                        filled += 1
                                    }
                                    j += 1
                                }
                                for b in 0..<filled {
                                    let k = batch[b]
                                    if table.insert(codes[k], hash: hashes[k], (0, Int32(position + k))) != nil {
                                        return true
                                    }
                                }
                            }
                            return false
                        }
                    }
                }
                if failed {
                    duplicate.set()
                    break loop
                }
                position += part.codes.count
            }
            results[t] = (table, touched)  // (the sum keeps the loads from being optimised away)
        }
        if duplicate.isSet { return nil }
        tables = results.take().map(\.0)
    }

    /// Which table holds a hash: by its high bits, independent of the slot (low bits) and
    /// spread evenly over `n`.
    @inline(__always)
    static func table(_ hash: UInt64, _ n: Int) -> Int { Int(((hash >> 32) &* UInt64(n)) >> 32) }

    /// Position of `code` across parts, or `nil`.
    func position(of code: String) -> Int? {
        let h = CodeIndex.hash(code)
        return tables[Self.table(h, tables.count)].entry(code, hash: h).map { Int($0.index) }
    }
}

/// A copy of `array` in storage of its own, sized for its elements only (`Array(array)` would
/// share the storage, and `Array(array[...])` may too).
@inline(__always)
private func exactCopy<T>(_ array: [T]) -> [T] {
    var copy: [T] = []
    copy.reserveCapacity(array.count)
    copy.append(contentsOf: array)
    return copy
}

/// Runs `body(0..<n)` on up to `n` threads (on this one when `n` is 1).
private func parallel(_ n: Int, _ body: @Sendable (Int) -> Void) {
    if n == 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }
}

/// One result slot per thread; slot `i` is written only by the thread running iteration `i`.
private final class Slots<T>: @unchecked Sendable {
    private var values: [T?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    subscript(i: Int) -> T? {
        get { values.withUnsafeBufferPointer { $0[i] } }
        set { values.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }
    /// All values, emptying the slots.
    func take() -> [T] {
        let all = values.map { $0! }
        values = []
        return all
    }
}

/// A value handed to other threads by a caller that keeps it valid and unshared while they use it.
private struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A flag threads raise to make the others stop early.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    var isSet: Bool { lock.withLock { raised } }
    func set() { lock.withLock { raised = true } }
}

/// Calls `body` with buffer pointers to each array.
private func withSegments<T, R>(_ arrays: [[T]], _ body: ([UnsafeBufferPointer<T>]) -> R) -> R {
    func nest(_ i: Int, _ done: [UnsafeBufferPointer<T>]) -> R {
        if i == arrays.count { return body(done) }
        return arrays[i].withUnsafeBufferPointer { nest(i + 1, done + [$0]) }
    }
    return nest(0, [])
}

/// Reads arrays joined end to end by position; cheapest when positions move forward.
private struct SegmentReader<T> {
    let segments: [UnsafeBufferPointer<T>]
    /// `starts[k]` is the position of `segments[k][0]`; one more entry for the end.
    let starts: [Int]
    var k = 0

    init(_ segments: [UnsafeBufferPointer<T>], _ starts: [Int]) {
        self.segments = segments
        self.starts = starts
    }

    subscript(position: Int) -> T {
        mutating get {
            while position >= starts[k + 1] { k += 1 }
            while position < starts[k] { k -= 1 }
            return segments[k][position - starts[k]]
        }
    }
}

/// Values each moved out exactly once, by position (`take`), without reference counting. After
/// ``willTakeAll()`` every value must be taken: the storage is then freed without destroying any.
final class TakeOnce<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    let count: Int
    private var allTaken = false

    /// Moves the elements out of `array` (left empty).
    init(taking array: inout [T]) {
        count = array.count
        base = .allocate(capacity: max(1, count))
        var k = count
        while let value = array.popLast() {
            k -= 1
            (base + k).initialize(to: value)
        }
    }

    /// Promises that every value will be taken.
    func willTakeAll() { allTaken = true }

    @inline(__always)
    func take(_ i: Int) -> T { (base + i).move() }

    deinit {
        if !allTaken { base.deinitialize(count: count) }
        base.deallocate()
    }
}

/// Takes values from several ``TakeOnce`` joined end to end, by position.
private struct TakeReader<T> {
    let stores: [TakeOnce<T>]
    let starts: [Int]
    var k = 0

    init(_ stores: [TakeOnce<T>], _ starts: [Int]) {
        self.stores = stores
        self.starts = starts
    }

    mutating func take(_ position: Int) -> T {
        while position >= starts[k + 1] { k += 1 }
        while position < starts[k] { k -= 1 }
        return stores[k].take(position - starts[k])
    }
}

/// Progress of several threads added up per file, reported from one at a time.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let report: (RegistryFileSet.Progress) -> Void
    private var rows: [String: Int] = [:]
    private var bytes: [String: Int64] = [:]
    private var totals: [String: Int64] = [:]

    init(_ report: @escaping (RegistryFileSet.Progress) -> Void) { self.report = report }

    func setTotal(_ fileName: String, _ total: Int64) { lock.withLock { totals[fileName] = total } }

    func add(_ fileName: String, rows newRows: Int, bytes newBytes: Int64, total: Int64?) {
        lock.withLock {
            rows[fileName, default: 0] += newRows
            bytes[fileName, default: 0] += newBytes
            report(RegistryFileSet.Progress(
                fileName: fileName, rows: rows[fileName]!, bytes: (bytes[fileName]!, totals[fileName] ?? total)))
        }
    }
}

/// One thread's progress reports on one source.
private struct ProgressTracker {
    let counter: ProgressCounter?
    let source: any RowSource
    var rows = 0
    var bytes: Int64 = 0

    init(_ counter: ProgressCounter?, _ source: any RowSource) {
        self.counter = counter
        self.source = source
    }

    @inline(__always)
    func due(_ rowsRead: Int) -> Bool { rowsRead &- rows >= 16_384 }

    mutating func report(_ rowsRead: Int) {
        let done = source.progress
        counter?.add(source.fileName, rows: rowsRead - rows, bytes: done.done - bytes, total: done.total)
        rows = rowsRead
        bytes = done.done
    }
}

import VietnameseText

/// The status history (lịch sử trạng thái) of one household: its status records, answering
/// "which class did the household hold on day D", review.md §6.1.
///
/// The class on D is the record with the latest effective date ≤ D. Ties on the same effective
/// date are broken, in this order:
/// 1. a ``StatusSource/correction`` wins over any other source, because a correction exists only
///    to replace what was recorded for that date;
/// 2. then the record with a ``StatusRecord/sequence`` wins over one without (a record not yet
///    stored was written after everything stored), and between two stored records the larger
///    sequence wins;
/// 3. then the later ``StatusRecord/recordedAt``;
/// 4. then the later position in the array given to ``init(_:)``, so the answer never depends on
///    how the sort happened to order equal keys.
///
/// ``StatusRecord/supersedes`` is provenance only and does not hide the record it names: the
/// normative rule looks at effective dates alone, so a correction must carry the effective date
/// of the record it fixes (or a later one) to take over.
///
/// The history does not check that all records belong to one household; callers group by
/// ``StatusRecord/householdCode`` first.
public struct StatusHistory: Sendable, Hashable {
    /// The records in precedence order: by effective date, and within one date the winner last.
    public let records: [StatusRecord]

    /// A history from records in any order.
    public init(_ records: [StatusRecord]) {
        self.records = records.indices
            .sorted { StatusHistory.precedes(records[$0], $0, records[$1], $1) }
            .map { records[$0] }
    }

    /// The record in force on `date` (bản ghi có hiệu lực), or `nil` when the household had not yet
    /// been recognised then.
    public func record(on date: CivilDate) -> StatusRecord? {
        // First index whose effective date is after `date`; the winner sits just before it.
        var low = 0
        var high = records.count
        while low < high {
            let mid = (low + high) / 2
            if records[mid].effectiveDate <= date { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : records[low - 1]
    }

    /// The class on `date` (phân loại tại ngày); a household never recognised by then is
    /// ``RecognisedClass/notPoor``, as review.md §6.1 requires.
    public func recognisedClass(on date: CivilDate) -> RecognisedClass {
        record(on: date)?.recognisedClass ?? .notPoor
    }

    /// Whether `a` (at input position `i`) loses to `b` (at `j`): the tie rule of the type comment.
    static func precedes(_ a: StatusRecord, _ i: Int, _ b: StatusRecord, _ j: Int) -> Bool {
        if a.effectiveDate != b.effectiveDate { return a.effectiveDate < b.effectiveDate }
        let aCorrection = a.source == .correction
        let bCorrection = b.source == .correction
        if aCorrection != bCorrection { return bCorrection }
        switch (a.sequence, b.sequence) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return false
        case (_?, nil): return true
        default: break
        }
        if a.recordedAt != b.recordedAt { return a.recordedAt < b.recordedAt }
        return i < j
    }
}

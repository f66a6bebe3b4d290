import Foundation
import Testing
import VietnameseText
@testable import Registry

@Suite("Status history (lịch sử trạng thái)")
struct StatusTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func record(
        _ cls: RecognisedClass, _ day: Int, _ month: Int, _ year: Int, source: StatusSource = .periodic,
        standard: String? = "ND07-2022", sequence: Int64? = nil, recordedAt: Date = t0
    ) -> StatusRecord {
        StatusRecord(
            householdCode: "H001", effectiveDate: CivilDate(year: year, month: month, day: day),
            recognisedClass: cls, standardID: standard, source: source, recordedAt: recordedAt,
            recordedBy: "com.001", sequence: sequence)
    }

    static func date(_ day: Int, _ month: Int, _ year: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day)
    }

    @Test("The class on D is the record with the latest effective date ≤ D")
    func latestOnOrBefore() {
        let history = StatusHistory([
            Self.record(.nearPoor, 20, 12, 2023, sequence: 2),
            Self.record(.poor, 15, 12, 2022, sequence: 1),
            Self.record(.notPoor, 10, 3, 2024, source: .regular, sequence: 3),
        ])
        #expect(history.recognisedClass(on: Self.date(14, 12, 2022)) == .notPoor)
        #expect(history.recognisedClass(on: Self.date(15, 12, 2022)) == .poor)
        #expect(history.recognisedClass(on: Self.date(19, 12, 2023)) == .poor)
        #expect(history.recognisedClass(on: Self.date(20, 12, 2023)) == .nearPoor)
        #expect(history.recognisedClass(on: Self.date(9, 3, 2024)) == .nearPoor)
        #expect(history.recognisedClass(on: Self.date(10, 3, 2024)) == .notPoor)
        #expect(history.record(on: Self.date(31, 12, 2030))?.sequence == 3)
        #expect(history.records.map(\.sequence) == [1, 2, 3])
    }

    @Test("A household never recognised is not poor")
    func neverRecognised() {
        let empty = StatusHistory([])
        #expect(empty.record(on: Self.date(1, 1, 2025)) == nil)
        #expect(empty.recognisedClass(on: Self.date(1, 1, 2025)) == .notPoor)
    }

    @Test("A correction sharing the effective date wins, even when recorded earlier")
    func correctionWinsOnSameDate() {
        let periodic = Self.record(.poor, 14, 12, 2023, sequence: 7)
        let correction = Self.record(.nearPoor, 14, 12, 2023, source: .correction, sequence: 5)
        for records in [[periodic, correction], [correction, periodic]] {
            let history = StatusHistory(records)
            #expect(history.recognisedClass(on: Self.date(14, 12, 2023)) == .nearPoor)
            #expect(history.record(on: Self.date(14, 12, 2023))?.source == .correction)
        }
        // A correction dated earlier does not override a later record.
        let early = Self.record(.notPoor, 1, 12, 2023, source: .correction, sequence: 9)
        #expect(StatusHistory([periodic, early]).recognisedClass(on: Self.date(31, 12, 2023)) == .poor)
    }

    @Test("Same date and source: the later sequence wins, then the later recording time, then input order")
    func tieRule() {
        let first = Self.record(.poor, 14, 12, 2023, sequence: 10, recordedAt: Self.t0.addingTimeInterval(60))
        let second = Self.record(.nearPoor, 14, 12, 2023, sequence: 11, recordedAt: Self.t0)
        #expect(StatusHistory([second, first]).recognisedClass(on: Self.date(14, 12, 2023)) == .nearPoor)

        let unstored = Self.record(.average, 14, 12, 2023, recordedAt: Self.t0)
        #expect(StatusHistory([unstored, first, second]).recognisedClass(on: Self.date(14, 12, 2023)) == .average)

        let early = Self.record(.poor, 14, 12, 2023, recordedAt: Self.t0)
        let late = Self.record(.nearPoor, 14, 12, 2023, recordedAt: Self.t0.addingTimeInterval(1))
        #expect(StatusHistory([late, early]).recognisedClass(on: Self.date(31, 12, 2023)) == .nearPoor)

        let a = Self.record(.poor, 14, 12, 2023)
        let b = Self.record(.nearPoor, 14, 12, 2023)
        #expect(StatusHistory([a, b]).recognisedClass(on: Self.date(31, 12, 2023)) == .nearPoor)
        #expect(StatusHistory([b, a]).recognisedClass(on: Self.date(31, 12, 2023)) == .poor)
    }

    @Test("An imported class takes effect on 14/12 of its year")
    func importedEffectiveDate() {
        let imported = StatusRecord.imported(
            householdCode: "H001", recognisedClass: .poor, year: 2021, standardID: "QD59-2016",
            recordedAt: Self.t0, recordedBy: "import")
        #expect(imported.effectiveDate == Self.date(14, 12, 2021))
        #expect(imported.source == .imported)
        #expect(imported.source.rawValue == "import")
        #expect(imported.standardID == "QD59-2016")
        #expect(imported.decision == nil && imported.sequence == nil && imported.supersedes == nil)
        let history = StatusHistory([imported])
        #expect(history.recognisedClass(on: Self.date(13, 12, 2021)) == .notPoor)
        #expect(history.recognisedClass(on: Self.date(14, 12, 2021)) == .poor)
        #expect(history.recognisedClass(on: Self.date(31, 12, 2021)) == .poor)
    }
}

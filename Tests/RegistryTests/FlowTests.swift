import Foundation
import Testing
import VietnameseText
@testable import Registry

@Suite("Flows, year outcomes and reconciliation (biến động, đối soát)")
struct FlowTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("Every pair of the 4×4 class table has its flow; average counts as not poor")
    func flowTable() {
        let expected: [RecognisedClass: [RecognisedClass: PovertyFlow]] = [
            .poor: [.poor: .unchanged, .nearPoor: .poorToNearPoor, .average: .escapedPoor, .notPoor: .escapedPoor],
            .nearPoor: [.poor: .relapse, .nearPoor: .unchanged, .average: .escapedNearPoor, .notPoor: .escapedNearPoor],
            .average: [.poor: .newPoor, .nearPoor: .newNearPoor, .average: .unchanged, .notPoor: .unchanged],
            .notPoor: [.poor: .newPoor, .nearPoor: .newNearPoor, .average: .unchanged, .notPoor: .unchanged],
        ]
        for from in RecognisedClass.allCases {
            for to in RecognisedClass.allCases {
                #expect(PovertyFlow.between(from, to) == expected[from]?[to], "\(from) → \(to)")
            }
        }
    }

    @Test("Flow codes and Vietnamese names")
    func codesAndNames() {
        #expect(PovertyFlow.allCases.map(\.rawValue) == [
            "poor_to_near_poor", "escaped_poor", "escaped_near_poor", "relapse", "new_poor", "new_near_poor",
            "unchanged", "entered", "left",
        ])
        #expect(PovertyFlow.escapedPoor.vietnameseName == "thoát nghèo")
        #expect(PovertyFlow.relapse.vietnameseName == "tái nghèo")
        #expect(PovertyFlow.newNearPoor.vietnameseName == "hộ cận nghèo phát sinh")
        #expect(PovertyFlow.unchanged.vietnameseName == "không đổi")
        #expect(Set(PovertyFlow.allCases.map(\.vietnameseName)).count == PovertyFlow.allCases.count)
    }

    @Test("Year outcome across the 2021 → 2022 standard change sets standardChanged")
    func standardChange() {
        let history = StatusHistory([
            .imported(householdCode: "H001", recognisedClass: .poor, year: 2021, standardID: "QD59-2016",
                      recordedAt: Self.t0, recordedBy: "import"),
            StatusRecord(householdCode: "H001", effectiveDate: CivilDate(year: 2022, month: 12, day: 10),
                         recognisedClass: .nearPoor, standardID: "ND07-2022", source: .periodic,
                         decision: "45/QĐ-UBND", campaign: "RS-01-2022", recordedAt: Self.t0, recordedBy: "cld.01"),
        ])
        let y2022 = YearOutcome.compute(householdCode: "H001", history: history, year: 2022)
        #expect(y2022 == YearOutcome(
            year: 2022, householdCode: "H001", classAtStart: .poor, classAtEnd: .nearPoor, flow: .poorToNearPoor,
            standardAtStart: "QD59-2016", standardAtEnd: "ND07-2022", standardChanged: true))

        let y2023 = YearOutcome.compute(householdCode: "H001", history: history, year: 2023)
        #expect(y2023.flow == .unchanged)
        #expect(y2023.standardChanged == false)

        // No record before 2021: the import is the first, new poor, and no standard to compare with.
        let y2021 = YearOutcome.compute(householdCode: "H001", history: history, year: 2021)
        #expect(y2021.classAtStart == .notPoor && y2021.classAtEnd == .poor && y2021.flow == .newPoor)
        #expect(y2021.standardAtStart == nil && y2021.standardChanged == false)
    }

    @Test("The year's ends are 31/12: a decision on 31/12 counts, one on 01/01 belongs to the next year")
    func yearEnds() {
        func outcome(_ day: Int, _ month: Int, _ year: Int) -> YearOutcome {
            let history = StatusHistory([
                StatusRecord(householdCode: "H002", effectiveDate: CivilDate(year: year, month: month, day: day),
                             recognisedClass: .poor, source: .regular, recordedAt: Self.t0, recordedBy: "cld.01"),
            ])
            return YearOutcome.compute(householdCode: "H002", history: history, year: 2024)
        }
        #expect(outcome(31, 12, 2024).flow == .newPoor)
        #expect(outcome(1, 1, 2025).flow == .unchanged)
        #expect(outcome(31, 12, 2023).flow == .unchanged)
        #expect(outcome(31, 12, 2023).classAtStart == .poor)
    }

    static func row(_ code: String, _ from: RecognisedClass, _ to: RecognisedClass, flow: PovertyFlow? = nil) -> YearOutcome {
        YearOutcome(year: 2024, householdCode: code, classAtStart: from, classAtEnd: to,
                    flow: flow ?? .between(from, to), standardAtStart: "ND07-2022", standardAtEnd: "ND07-2022",
                    standardChanged: false)
    }

    static let consistent: [YearOutcome] = [
        row("H01", .poor, .poor), row("H02", .poor, .nearPoor), row("H03", .poor, .notPoor),
        row("H04", .poor, .average), row("H05", .nearPoor, .poor), row("H06", .nearPoor, .notPoor),
        row("H07", .nearPoor, .nearPoor), row("H08", .notPoor, .poor), row("H09", .average, .nearPoor),
        row("H10", .notPoor, .notPoor), row("H11", .average, .notPoor),
    ]

    @Test("Reconciliation passes on consistent data, and the identity holds for poor and near-poor")
    func reconcilePasses() {
        let tally = FlowTally(Self.consistent)
        #expect(tally.reconcile().isEmpty)
        #expect(tally.total == 11)
        #expect(tally.count(atStart: .poor) == 4 && tally.count(atEnd: .poor) == 3)
        #expect(tally.inflow(to: .poor) == 2 && tally.outflow(from: .poor) == 3)
        #expect(tally.count(atStart: .nearPoor) == 3 && tally.count(atEnd: .nearPoor) == 3)
        #expect(tally.inflow(to: .nearPoor) == 2 && tally.outflow(from: .nearPoor) == 2)
        #expect(tally.isBalanced(.poor) && tally.isBalanced(.nearPoor))
        #expect(tally[.escapedPoor] == 2 && tally[.unchanged] == 4 && tally[.relapse] == 1)
    }

    @Test("Reconciliation names the household whose flow breaks the identity")
    func reconcileNamesHousehold() {
        var rows = Self.consistent
        rows.insert(Self.row("H99", .poor, .poor, flow: .escapedPoor), at: 5)
        let tally = FlowTally(rows)
        #expect(!tally.isBalanced(.poor))
        #expect(tally.isBalanced(.nearPoor))
        let failures = tally.reconcile()
        #expect(failures.map(\.householdCode) == ["H99"])
        #expect(failures.first?.reason == .flowDisagrees(expected: .unchanged))
    }

    @Test("Duplicates and movements are reported even though the arithmetic holds")
    func duplicatesAndMovements() {
        var rows = Self.consistent
        rows.append(Self.row("H03", .poor, .notPoor))
        rows.append(Self.row("H50", .notPoor, .poor, flow: .entered))
        let tally = FlowTally(rows)
        #expect(tally.isBalanced(.poor) && tally.isBalanced(.nearPoor))
        let failures = tally.reconcile()
        #expect(failures.map(\.householdCode) == ["H03", "H50"])
        #expect(failures.map(\.reason) == [.duplicate, .movement])
        #expect(tally[.entered] == 1)
        #expect(tally.count(atStart: .poor) == 5)  // the duplicate counts twice
        #expect(tally.count(atEnd: .poor) == 3)  // the entered row is left out
    }
}

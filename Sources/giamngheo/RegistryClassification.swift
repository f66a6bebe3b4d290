import ArgumentParser
import Foundation
import Interchange
import PovertyStandard
import Registry
import Store
import VietnameseText

/// `giamngheo classify --db FILE`: classifies every household of the registry under one
/// standard for a review year and keeps the results (class, deprived and unknown indicators,
/// explanation) in the registry, replacing an earlier run of the same year and standard.
enum RegistryClassification {
    static func run(database: String, keyFile: String?, user: String?, standard: Standard, reviewYear: Int, out: String?) throws {
        let store: any RegistryStore
        do { store = try DatabaseOptions.open(database, keyFile: keyFile) } catch let e as StoreError { throw failWith(e) }
        let access = user.map { AccessContext(account: $0) } ?? .commandLine()
        let engine = ClassificationEngine(standard: standard)
        var counts = [Int](repeating: 0, count: PovertyClass.allCases.count)
        let ids = standard.indicators.map(\.id)
        func list(_ set: IndicatorSet) -> [String] { ids.filter { set.contains($0) }.map(\.rawValue) }
        try store.classifyHouseholds(in: .all, context: access) { stored in
            let facts = stored.household.engineFacts(members: stored.members, reviewYear: reviewYear)
            let c = engine.classify(facts)
            counts[c.povertyClass.index] += 1
            return StoredClassification(
                householdCode: stored.household.householdCode, year: reviewYear, standardID: standard.id,
                povertyClass: c.povertyClass, deprived: list(c.deprived), unknown: list(c.unknown),
                explanation: standard.explanation(for: c))
        }
        let total = counts.reduce(0, +)
        print("Đã phân loại và lưu \(VietnameseText.formatVND(total)) hộ, năm \(reviewYear), chuẩn \(standard.id) — "
            + PovertyClass.allCases.map { "\($0.vietnamese): \(VietnameseText.formatVND(counts[$0.index]))" }.joined(separator: "; "))
        if out != nil { printError("--out không dùng cùng --db; kết quả đã lưu trong sổ (xem bằng giamngheo history).") }
    }
}

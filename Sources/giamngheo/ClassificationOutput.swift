import Dispatch
import Foundation
import Interchange
import PovertyStandard

/// Writes `classification.csv` (data-format.md), or the same columns as an XLSX sheet.
///
/// The first seven columns are those of the format; `basis`, `monthly_income_per_capita`,
/// `income_score`, `low_income_workers` (member numbers) and `warnings` follow.
///
/// For CSV, households are classified and their rows rendered (explanation included) in blocks
/// split across threads, then the blocks are written in input order, so the file is
/// byte-identical to a one-thread run; only one block's text is held in memory at a time. XLSX
/// (at most 1,048,576 rows a sheet) is rendered by the same ``RowRenderer`` on one thread.
enum ClassificationOutput {
    static let header = [
        "household_code", "standard", "class", "deprivation_count", "deprived", "unknown", "explanation",
        "basis", "monthly_income_per_capita", "income_score", "low_income_workers", "warnings",
    ]
    static let blockSize = 65_536

    static func write(_ households: [InputHousehold], engine: ClassificationEngine, path: String) throws {
        if path.lowercased().hasSuffix(".xlsx") {
            try writeWorkbook(households, engine: engine, path: path)
        } else {
            try writeCSV(households, engine: engine, path: path)
        }
    }

    private static func writeWorkbook(_ households: [InputHousehold], engine: ClassificationEngine, path: String) throws {
        let sink = try TableSink(path: path, sheetName: "classification")
        do {
            try sink.writeRow(header)
            var renderer = RowRenderer(engine: engine)
            for h in households {
                var row = TextRow()
                renderer.render(h, into: &row)
                try sink.writeRow(row.fields)
            }
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
    }

    private static func writeCSV(_ households: [InputHousehold], engine: ClassificationEngine, path: String) throws {
        let writer = try CSVWriter(path: path)
        do {
            try writer.writeRow(header)
            let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
            var start = 0
            while start < households.count {
                let blockStart = start
                let end = min(start + blockSize, households.count)
                let parts = RenderedParts(count: threads)
                let chunk = (end - start + threads - 1) / threads
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    let lo = blockStart + t * chunk
                    let hi = min(lo + chunk, end)
                    guard lo < hi else { return }
                    var encoder = CSVRowEncoder(capacity: (hi - lo) * 320)
                    var renderer = RowRenderer(engine: engine)
                    for i in lo..<hi { renderer.render(households[i], into: &encoder) }
                    parts.set(t, encoder)
                }
                for t in 0..<threads { if let p = parts.get(t) { try writer.writeEncodedRows(p) } }
                start = end
            }
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }
}

/// Per-thread results of one block; each slot is written by exactly one thread.
private final class RenderedParts: @unchecked Sendable {
    private var slots: [CSVRowEncoder?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ e: CSVRowEncoder) { slots.withUnsafeMutableBufferPointer { $0[i] = e } }
    func get(_ i: Int) -> CSVRowEncoder? { slots[i] }
}

/// Where ``RowRenderer`` puts a row's fields: a CSV encoder, or a list of texts for a sheet.
private protocol RowFields {
    mutating func field(_ text: String)
    mutating func field(_ value: Int)
    mutating func emptyField()
    mutating func endRow()
}

extension CSVRowEncoder: RowFields {}

/// One row's fields as texts (XLSX cells).
private struct TextRow: RowFields {
    var fields: [String] = []
    mutating func field(_ text: String) { fields.append(text) }
    mutating func field(_ value: Int) { fields.append(String(value)) }
    mutating func emptyField() { fields.append("") }
    mutating func endRow() {}
}

/// Renders one household's row; caches the `;`-joined id lists, which repeat across households.
private struct RowRenderer {
    let engine: ClassificationEngine
    let ids: [IndicatorID]
    var lists: [UInt32: String] = [:]
    var explainer: ExplanationRenderer

    init(engine: ClassificationEngine) {
        self.engine = engine
        self.ids = engine.standard.indicatorIDs
        self.explainer = ExplanationRenderer(standard: engine.standard)
    }

    mutating func list(_ set: IndicatorSet) -> String {
        if set.rawValue == 0 { return "" }
        if let s = lists[set.rawValue] { return s }
        let s = ids.filter { set.contains($0) }.map(\.rawValue).joined(separator: ";")
        lists[set.rawValue] = s
        return s
    }

    mutating func render(_ h: InputHousehold, into e: inout some RowFields) {
        let c = engine.classify(h.facts)
        let s = engine.standard
        e.field(h.householdCode)
        e.field(s.id)
        e.field(c.povertyClass.rawValue)
        e.field(c.deprivationCount)
        e.field(list(c.deprived))
        e.field(list(c.unknown))
        e.field(explainer.render(c))
        switch c.basis {
        case .income: e.field("income")
        case .score: e.field("score")
        case .none: e.emptyField()
        }
        if let i = c.income { e.field(i) } else { e.emptyField() }
        if let sc = c.score { e.field(sc) } else { e.emptyField() }
        let workers = engine.lowIncomeWorkers(h.facts, classification: c)
        if workers.isEmpty { e.emptyField() } else { e.field(workers.map { String(h.memberNumbers[$0]) }.joined(separator: ";")) }
        if c.warnings.isEmpty { e.emptyField() } else { e.field(c.warnings.codes.joined(separator: ";")) }
        e.endRow()
    }
}

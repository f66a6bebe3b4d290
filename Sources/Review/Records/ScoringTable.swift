import Foundation
import PovertyStandard
import Registry

/// A B1 scoring table (bảng điểm B1 — thu nhập ước tính, "điểm A" of Phiếu B), loaded as data:
/// the official point tables (TT 07/2021, Phụ lục III–IV, by 6 rural regions and urban areas)
/// were not available, so GiamNgheo ships the format with a clearly-labelled sample and accepts
/// a score typed from the paper form instead.
///
/// File format (`giamngheo-b1-scoring-table/1`, JSON): `id`, `name`, `label` (printed on every
/// form using the table), `sample`, `standard_id`, `area` (`rural`/`urban`), `regions` (ids of
/// ``SocioEconomicRegion``; empty = every region), `items[]` with `id`, `text`, `kind`
/// (`single`: exactly one option; `multiple`: any number, e.g. assets owned) and `options[]`
/// (`id`, `text`, `points`). The B1 total is the sum of the chosen options' points.
public struct ScoringTable: Sendable, Hashable, Codable, Identifiable {
    /// How an item is answered.
    public enum ItemKind: String, Sendable, Hashable, Codable {
        /// Exactly one option (một lựa chọn).
        case single
        /// Any number of options, each adding its points (nhiều lựa chọn).
        case multiple
    }

    /// One option of an item with its points.
    public struct Option: Sendable, Hashable, Codable {
        /// Option id within the item.
        public var id: String
        /// Text as printed.
        public var text: String
        /// Points (điểm).
        public var points: Int
    }

    /// One question of part B1.
    public struct Item: Sendable, Hashable, Codable, Identifiable {
        /// Item id, e.g. `household_size`.
        public var id: String
        /// Question as printed.
        public var text: String
        /// How it is answered.
        public var kind: ItemKind
        /// Options.
        public var options: [Option]
    }

    /// Table id, e.g. `SAMPLE-ND07-RURAL`.
    public var id: String
    /// Name.
    public var name: String
    /// Label printed with every form that uses the table (the sample says it is not official).
    public var label: String
    /// Whether this is a sample, not an official table.
    public var sample: Bool
    /// Standard the table belongs to.
    public var standardID: String
    /// Area type.
    public var area: AreaType
    /// Regions it applies to; empty = all.
    public var regions: [SocioEconomicRegion]
    /// Items in form order.
    public var items: [Item]

    enum CodingKeys: String, CodingKey {
        case id, name, label, sample, area, regions, items
        case standardID = "standard_id"
    }

    /// Whether the table applies to `region` (unknown region: only tables for every region).
    public func applies(standardID: String, area: AreaType, region: SocioEconomicRegion?) -> Bool {
        self.standardID == standardID && self.area == area && (regions.isEmpty || region.map(regions.contains) == true)
    }

    /// The B1 total of `answers` (option ids by item id), or an error naming the first item
    /// missing, answered twice (single) or answered with an unknown option.
    public func total(_ answers: [String: [String]]) throws -> Int {
        var total = 0
        for item in items {
            let chosen = answers[item.id] ?? []
            if item.kind == .single && chosen.count != 1 {
                throw ReviewError.invalid("b1.\(item.id)", "Câu B1 “\(item.text)” cần đúng một lựa chọn")
            }
            for optionID in chosen {
                guard let option = item.options.first(where: { $0.id == optionID }) else {
                    throw ReviewError.invalid("b1.\(item.id)", "Câu B1 “\(item.text)” không có lựa chọn \(optionID)")
                }
                total += option.points
            }
        }
        if let extra = answers.keys.first(where: { key in !items.contains { $0.id == key } }) {
            throw ReviewError.invalid("b1.\(extra)", "Bảng điểm \(id) không có câu \(extra)")
        }
        return total
    }

    /// Reads a table file.
    public static func decode(_ data: Data) throws -> ScoringTable {
        let table: ScoringTable
        do { table = try JSONDecoder().decode(ScoringTable.self, from: data) } catch {
            throw ReviewError.invalid("scoring_table", "Tệp bảng điểm B1 không hợp lệ: \(error)")
        }
        if table.items.isEmpty { throw ReviewError.invalid("items", "Bảng điểm \(table.id) không có câu hỏi nào") }
        for item in table.items where item.options.isEmpty {
            throw ReviewError.invalid("items.\(item.id)", "Câu \(item.id) không có lựa chọn nào")
        }
        return table
    }

    /// The tables shipped with GiamNgheo: samples only, labelled as such.
    public static let shipped: [ScoringTable] = {
        guard let dir = Bundle.module.url(forResource: "ScoringTables", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).flatMap { try? ScoringTable.decode($0) }
        }
    }()
}

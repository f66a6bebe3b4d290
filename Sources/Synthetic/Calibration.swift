import Foundation
import Registry

/// Calibration targets from spec/statistics.md §1–§2 (MOLISA review results under `ND07-2022`)
/// and the 2019 census (3.6 persons per household), by socio-economic region.
enum Calibration {
    /// Regions in GSO order; arrays below are indexed by `SocioEconomicRegion.ordinal`.
    static let regions: [SocioEconomicRegion] = SocioEconomicRegion.allCases.sorted()

    /// Households by region, millions (statistics.md §2, implied 2024).
    static let householdsMillions: [Double] = [3.25, 6.98, 5.78, 1.62, 5.10, 4.89]

    /// `ND07-2022` poverty line, VND/person/month: rural, urban.
    static let povertyLineRural = 1_500_000
    static let povertyLineUrban = 2_000_000
    /// `ND07-2022` income-score cut-offs ≙ the poverty line: rural, urban.
    static let scoreCutoffRural = 140
    static let scoreCutoffUrban = 175

    /// Multidimensional rate (poor + near-poor = share with income ≤ line), % of households.
    private static let multidimensional: [Int: [Double]] = [
        2022: [21.92, 2.45, 10.04, 15.39, 0.34, 5.73],
        2023: [18.20, 1.87, 8.03, 12.46, 0.23, 4.15],
        2024: [14.98, 1.40, 6.24, 9.45, 0.15, 3.14],
    ]
    /// Poor ÷ (poor + near-poor): 2022 regional figures; 2024 NMM and RRD published.
    private static let poorShare2022: [Double] = [14.23 / 21.92, 1.00 / 2.45, 4.99 / 10.04, 8.39 / 15.39, 0.21 / 0.34, 2.26 / 5.73]

    /// Share of households with income ≤ the poverty line in a region for a review year.
    ///
    /// 2022–2024 from the published regional rates; earlier years use 2022; later years shrink
    /// the 2024 rate by 20% a year (the 2021–2025 trend), floored at 2% of it.
    static func lowIncomeRate(_ region: Int, year: Int) -> Double {
        if let rates = multidimensional[year] { return rates[region] / 100 }
        if year < 2022 { return multidimensional[2022]![region] / 100 }
        let factor = max(0.02, pow(0.8, Double(year - 2024)))
        return multidimensional[2024]![region] / 100 * factor
    }

    /// Share of households with D ≥ 3 among those with income ≤ line (poor ÷ multidimensional).
    static func poorShareAmongLowIncome(_ region: Int, year: Int) -> Double {
        if year <= 2022 { return poorShare2022[region] }
        if year == 2023 { return poorShare2022[region] * 0.957 }
        switch region {
        case 0: return 8.72 / 14.98
        case 1: return 0.50 / 1.40
        default: return poorShare2022[region] * 0.886
        }
    }

    /// Share of households with D ≥ 3 among those above the line (not observable officially;
    /// higher where services are scarcer).
    static let deprivedShareAboveLine: [Double] = [0.07, 0.02, 0.035, 0.05, 0.01, 0.03]

    /// Urban low-income rate relative to rural (Phú Thọ 2025: urban 0.39% vs rural 3.17% poor).
    static let urbanToRuralLowIncome = 0.2

    /// Log-income spread between communes and within a commune.
    static let communeSigma = 0.30
    static let householdSigma = 0.45

    /// Share of ethnic-minority households in a commune of average income, by region (census 2019).
    static let minorityShare: [Double] = [0.50, 0.03, 0.09, 0.33, 0.05, 0.08]

    /// Probability that a village of a commune is urban, by commune type and region.
    static func urbanProbability(_ type: CommuneType, region: Int) -> Double {
        switch type {
        case .ward, .township: return 0.95
        case .specialZone: return 0.5
        case .commune: return [0.04, 0.08, 0.06, 0.08, 0.15, 0.10][region]
        }
    }

    /// Relative number of households of a commune (wards are denser; island special zones
    /// range from uninhabited Hoàng Sa to Phú Quốc, several times an average commune).
    static func communeWeight(code: String, type: CommuneType) -> Double {
        switch type {
        case .ward, .township: return 1.5
        case .commune: return 1.0
        case .specialZone: return specialZoneWeights[code] ?? 0.35
        }
    }

    /// Special zones (đặc khu) by 2025 code: Vân Đồn, Cô Tô, Cát Hải, Bạch Long Vĩ, Cồn Cỏ,
    /// Hoàng Sa, Lý Sơn, Trường Sa, Phú Quý, Côn Đảo, Phú Quốc, Thổ Châu, Kiên Hải.
    static let specialZoneWeights: [String: Double] = [
        "06994": 1.2, "07192": 0.2, "11914": 1.0, "11948": 0.03, "19742": 0.02, "20333": 0,
        "21548": 0.8, "22736": 0.01, "23272": 0.8, "26732": 0.3, "31078": 4.0, "31105": 0.05, "31108": 0.5,
    ]

    /// Ethnic minorities by region: (EthnicGroup number, weight).
    static let minorityGroups: [[(UInt8, Double)]] = [
        // Northern Midlands and Mountains
        [(2, 19), (3, 17), (8, 17), (6, 12), (7, 11), (9, 9), (15, 2.5), (18, 1.5), (25, 0.8), (29, 0.9),
         (35, 0.3), (38, 0.2), (40, 0.1), (43, 0.05), (33, 0.1), (34, 0.2), (37, 0.2), (4, 0.5), (42, 0.1),
         (48, 0.03), (50, 0.02), (51, 0.02), (47, 0.03), (49, 0.03), (41, 0.1), (39, 0.1), (45, 0.05), (46, 0.1)],
        // Red River Delta
        [(6, 45), (9, 15), (18, 15), (2, 10), (4, 8), (15, 5), (7, 2), (11, 0.2)],
        // North Central and Central Coast
        [(3, 25), (6, 18), (17, 8), (21, 6), (23, 6), (26, 5), (19, 8), (30, 3), (29, 3), (14, 3), (13, 4),
         (10, 2), (12, 3), (31, 3), (8, 2), (44, 0.5), (24, 3), (27, 2), (36, 0.5)],
        // Central Highlands
        [(10, 22), (12, 18), (13, 10), (14, 9), (16, 9), (20, 6), (2, 6), (7, 7), (3, 3), (6, 2), (9, 2),
         (8, 3), (28, 2), (27, 2), (36, 1), (52, 0.1), (54, 0.1), (53, 0.05)],
        // South-East
        [(4, 35), (5, 20), (22, 18), (32, 5), (7, 6), (2, 5), (28, 3), (17, 3), (6, 2), (3, 2), (9, 1)],
        // Mekong River Delta
        [(5, 82), (4, 14), (17, 4)],
    ]

    /// Household size distribution 1…9 (census 2019, mean ≈ 3.6).
    static let householdSizeWeights: [Double] = [0.10, 0.17, 0.20, 0.27, 0.14, 0.07, 0.03, 0.015, 0.005]
}

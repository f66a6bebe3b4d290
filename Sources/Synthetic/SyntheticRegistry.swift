import Foundation
import Registry

/// Generator of synthetic household registries (sổ hộ tổng hợp) for demos and benchmarks,
/// calibrated to the official figures of spec/statistics.md.
///
/// Households are spread over the real communes of the 2025 list (optionally one province),
/// with villages, Vietnamese names, ethnic groups by region, unique citizen identity numbers,
/// incomes and deprivations such that `ND07-2022` yields the published regional poor and
/// near-poor rates. Output is deterministic for a configuration and streamed: memory stays flat
/// whatever the number of households.
///
/// ```swift
/// let registry = try SyntheticRegistry(configuration: .init(households: 100_000, seed: 42, year: 2024))
/// let summary = try registry.generate(to: URL(fileURLWithPath: "out"))
/// ```
public struct SyntheticRegistry: Sendable {
    /// What to generate (cấu hình sinh dữ liệu).
    public struct Configuration: Sendable, Hashable {
        /// Number of households (số hộ), ≥ 0.
        public var households: Int
        /// Seed of the pseudo-random generator (hạt giống); same seed ⇒ same bytes.
        public var seed: UInt64
        /// Review year (năm rà soát); the reference date is 01/09 of it. Calibrated for 2022–2024
        /// (`ND07-2022` results); later years extrapolate the trend, earlier ones reuse 2022.
        public var year: Int
        /// Only this 2025 province, by 2-digit code (mã tỉnh); `nil` = the whole country.
        public var provinceCode: String?
        /// Share of households given an income-proxy score B1 (điểm A); default 0.3.
        public var incomeScoreShare: Double = 0.3
        /// Share of households with some facts left blank (unknown); default 0.12, which leaves
        /// about 1.8% of each optional household field and 1% of each member field blank.
        public var unknownFactsHouseholdShare: Double = 0.12

        /// Creates a configuration.
        public init(households: Int, seed: UInt64, year: Int, provinceCode: String? = nil) {
            self.households = households
            self.seed = seed
            self.year = year
            self.provinceCode = provinceCode
        }
    }

    /// Why generation failed (lỗi sinh dữ liệu).
    public enum GenerationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The household count is negative.
        case invalidHouseholdCount(Int)
        /// The year is outside 1990…2100.
        case invalidYear(Int)
        /// No 2025 province has this code (mã tỉnh không tồn tại).
        case unknownProvince(String)
        /// A file could not be created or written.
        case io(String)

        /// English description.
        public var description: String {
            switch self {
            case let .invalidHouseholdCount(n): "invalid number of households: \(n)"
            case let .invalidYear(y): "year \(y) is outside 1990…2100"
            case let .unknownProvince(code): "no province with code \"\(code)\" in the 2025 list"
            case let .io(message): message
            }
        }
    }

    /// Progress report (tiến độ), sent every 65,536 households and at the end.
    public struct Progress: Sendable, Hashable {
        /// Households done.
        public var households: Int
        /// Households to generate.
        public var totalHouseholds: Int
        /// Members done.
        public var members: Int
        /// Bytes produced so far (both files).
        public var bytesWritten: Int
        /// Fraction done, 0…1.
        public var fractionCompleted: Double {
            totalHouseholds == 0 ? 1 : Double(households) / Double(totalHouseholds)
        }
    }

    /// Counts over a set of households (one region or the nation), from the generator's ground
    /// truth under `ND07-2022` (lines 1,500,000 rural / 2,000,000 urban VND, k = 3).
    public struct Counts: Sendable, Hashable {
        /// Households (số hộ).
        public var households = 0
        /// Members (số nhân khẩu).
        public var members = 0
        /// Urban households (hộ thành thị).
        public var urbanHouseholds = 0
        /// Households whose head is not Kinh (hộ dân tộc thiểu số).
        public var ethnicMinorityHouseholds = 0
        /// Households with income ≤ the poverty line (thu nhập ≤ chuẩn nghèo) = poor + near-poor.
        public var incomeAtOrBelowLine = 0
        /// Households built with D ≥ 3 deprivations (thiếu hụt ≥ 3), whatever their income.
        public var threeOrMoreDeprivations = 0
        /// Income ≤ line and D ≥ 3: poor by construction (hộ nghèo).
        public var poor = 0
        /// Income ≤ line and D < 3: near-poor by construction (hộ cận nghèo).
        public var nearPoor = 0
        /// Households with some facts deliberately blank.
        public var withUnknownFacts = 0

        /// Share of households with income ≤ line.
        public var incomeAtOrBelowLineRate: Double { rate(incomeAtOrBelowLine) }
        /// Share poor by construction.
        public var poorRate: Double { rate(poor) }
        /// Share near-poor by construction.
        public var nearPoorRate: Double { rate(nearPoor) }
        /// Share with D ≥ 3.
        public var threeOrMoreDeprivationsRate: Double { rate(threeOrMoreDeprivations) }
        /// Mean household size.
        public var averageHouseholdSize: Double { households == 0 ? 0 : Double(members) / Double(households) }

        private func rate(_ n: Int) -> Double { households == 0 ? 0 : Double(n) / Double(households) }

        mutating func add(_ h: SyntheticHousehold) {
            households += 1
            members += h.members.count
            if h.areaType == .urban { urbanHouseholds += 1 }
            if let e = h.members.first?.ethnicity, e.number != 1 { ethnicMinorityHouseholds += 1 }
            let d3 = h.deprivations.count >= 3
            if d3 { threeOrMoreDeprivations += 1 }
            if h.isIncomeAtOrBelowPovertyLine {
                incomeAtOrBelowLine += 1
                if d3 { poor += 1 } else { nearPoor += 1 }
            }
            if h.hasUnknownFacts { withUnknownFacts += 1 }
        }

        static func + (a: Counts, b: Counts) -> Counts {
            var c = a
            c.households += b.households
            c.members += b.members
            c.urbanHouseholds += b.urbanHouseholds
            c.ethnicMinorityHouseholds += b.ethnicMinorityHouseholds
            c.incomeAtOrBelowLine += b.incomeAtOrBelowLine
            c.threeOrMoreDeprivations += b.threeOrMoreDeprivations
            c.poor += b.poor
            c.nearPoor += b.nearPoor
            c.withUnknownFacts += b.withUnknownFacts
            return c
        }
    }

    /// What was generated (kết quả).
    public struct Summary: Sendable, Hashable {
        /// Households generated.
        public var households: Int
        /// Members generated.
        public var members: Int
        /// Bytes of `households.csv` (0 when nothing was written).
        public var householdBytes: Int
        /// Bytes of `members.csv` (0 when nothing was written).
        public var memberBytes: Int
        /// Counts per socio-economic region (vùng); regions without households are absent.
        public var byRegion: [SocioEconomicRegion: Counts]
        /// CCCD numbers not issued because a (province, century/sex, birth year) block of
        /// 1,000,000 serials was exhausted (0 below several hundred million persons).
        public var nationalIDsNotIssued: Int

        /// Bytes of both files.
        public var bytesWritten: Int { householdBytes + memberBytes }
        /// Counts over all regions (toàn quốc).
        public var national: Counts { byRegion.values.reduce(Counts(), +) }
    }

    /// File names written by ``generate(to:progress:)``.
    public static let householdsFileName = "households.csv"
    /// File names written by ``generate(to:progress:)``.
    public static let membersFileName = "members.csv"
    /// Header of `households.csv` (data-format.md, English names; no `deprived_<id>` survey columns).
    public static let householdColumns = CSVEncoding.householdColumns
    /// Header of `members.csv` (data-format.md, English names).
    public static let memberColumns = CSVEncoding.memberColumns

    /// The configuration.
    public let configuration: Configuration
    let plan: GenerationPlan

    /// Prepares a generator: validates the configuration and spreads the households over the
    /// communes (cheap: no household is generated yet).
    ///
    /// - Throws: ``GenerationError`` for a negative count, a year outside 1990…2100 or an unknown province.
    public init(configuration: Configuration, catalog: AdminUnitCatalog = .shared) throws {
        guard configuration.households >= 0 else { throw GenerationError.invalidHouseholdCount(configuration.households) }
        guard (1990...2100).contains(configuration.year) else { throw GenerationError.invalidYear(configuration.year) }
        self.configuration = configuration
        plan = try GenerationPlan(configuration: configuration, catalog: catalog)
    }

    /// Planned number of households per 2025 commune, in the order of the list (communes of the
    /// selected province only; zero counts included).
    public var householdsByCommune: [(communeCode: String, households: Int)] {
        plan.communes.map { ($0.code, $0.households) }
    }

    /// Writes `households.csv` and `members.csv` into `directory` (created if missing),
    /// streaming through 1 MiB buffers.
    ///
    /// - Parameter progress: called every 65,536 households and once at the end, on the calling thread.
    public func generate(to directory: URL, progress: ((Progress) -> Void)? = nil) throws -> Summary {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GenerationError.io("cannot create \(directory.path): \(error.localizedDescription)")
        }
        return try writeCSV(
            households: directory.appendingPathComponent(Self.householdsFileName),
            members: directory.appendingPathComponent(Self.membersFileName),
            progress: progress)
    }

    /// Writes the two CSV files to explicit paths.
    public func writeCSV(households: URL, members: URL, progress: ((Progress) -> Void)? = nil) throws -> Summary {
        var hOut = try ByteBuffer(creating: households)
        var mOut = try ByteBuffer(creating: members)
        let summary = try encode(&hOut, &mOut, progress: progress)
        let hBytes = try hOut.finish()
        let mBytes = try mOut.finish()
        var result = summary
        result.householdBytes = hBytes
        result.memberBytes = mBytes
        return result
    }

    /// Encodes the CSV bytes without writing them anywhere (benchmark of generation + encoding).
    public func encodeDiscardingOutput(progress: ((Progress) -> Void)? = nil) -> Summary {
        var hOut = ByteBuffer(discardingWithCapacity: 1 << 20)
        var mOut = ByteBuffer(discardingWithCapacity: 1 << 20)
        // Discarding buffers never fail.
        var summary = (try? encode(&hOut, &mOut, progress: progress)) ?? Summary(
            households: 0, members: 0, householdBytes: 0, memberBytes: 0, byRegion: [:], nationalIDsNotIssued: 0)
        summary.householdBytes = (try? hOut.finish()) ?? 0
        summary.memberBytes = (try? mOut.finish()) ?? 0
        return summary
    }

    /// Streams the households, members included, to `body` in file order without writing files
    /// (for in-memory benchmarks and tests). The value passed is reused storage: copy what you keep.
    @discardableResult
    public func forEachHousehold(_ body: (SyntheticHousehold) throws -> Void) rethrows -> Summary {
        var generator = HouseholdGenerator(plan: plan, configuration: configuration)
        var counts = [Counts](repeating: Counts(), count: 6)
        var h = SyntheticHousehold(plan: plan, villages: CommuneVillages.empty)
        for (slotIndex, slot) in plan.communes.enumerated() where slot.households > 0 {
            h.villages = plan.villages(of: slot)
            for s in 0..<slot.households {
                generator.fill(&h, index: slot.firstIndex + s, slotIndex: slotIndex, slot: slot, sequence: s + 1)
                counts[slot.regionIndex].add(h)
                try body(h)
            }
        }
        return summary(counts, generator: generator, householdBytes: 0, memberBytes: 0)
    }

    private func encode(_ hOut: inout ByteBuffer, _ mOut: inout ByteBuffer, progress: ((Progress) -> Void)?) throws -> Summary {
        let encoder = CSVEncoding(year: configuration.year)
        let hHeader = CSVEncoding.headerBytes(Self.householdColumns)
        let mHeader = CSVEncoding.headerBytes(Self.memberColumns)
        try hOut.ensure(hHeader.count)
        hOut.bytes(hHeader)
        try mOut.ensure(mHeader.count)
        mOut.bytes(mHeader)

        var generator = HouseholdGenerator(plan: plan, configuration: configuration)
        var counts = [Counts](repeating: Counts(), count: 6)
        var h = SyntheticHousehold(plan: plan, villages: CommuneVillages.empty)
        var done = 0
        var members = 0
        for (slotIndex, slot) in plan.communes.enumerated() where slot.households > 0 {
            let villages = plan.villages(of: slot)
            h.villages = villages
            for s in 0..<slot.households {
                generator.fill(&h, index: slot.firstIndex + s, slotIndex: slotIndex, slot: slot, sequence: s + 1)
                counts[slot.regionIndex].add(h)
                try encoder.writeHousehold(h, slot: slot, village: villages.names[h.villageIndex], to: &hOut)
                try encoder.writeMembers(h, slot: slot, to: &mOut)
                done += 1
                members += h.members.count
                if done & 0xFFFF == 0, let progress {
                    progress(Progress(households: done, totalHouseholds: plan.totalHouseholds, members: members,
                                      bytesWritten: hOut.totalBytes + mOut.totalBytes))
                }
            }
        }
        progress?(Progress(households: done, totalHouseholds: plan.totalHouseholds, members: members,
                           bytesWritten: hOut.totalBytes + mOut.totalBytes))
        return summary(counts, generator: generator, householdBytes: hOut.totalBytes, memberBytes: mOut.totalBytes)
    }

    private func summary(_ counts: [Counts], generator: HouseholdGenerator, householdBytes: Int, memberBytes: Int) -> Summary {
        var byRegion: [SocioEconomicRegion: Counts] = [:]
        for (i, c) in counts.enumerated() where c.households > 0 { byRegion[Calibration.regions[i]] = c }
        let national = counts.reduce(Counts(), +)
        return Summary(households: national.households, members: national.members, householdBytes: householdBytes,
                       memberBytes: memberBytes, byRegion: byRegion,
                       nationalIDsNotIssued: generator.exhaustedNationalIDs)
    }
}

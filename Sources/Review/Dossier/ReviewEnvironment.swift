import Foundation
import Registry
import PovertyStandard

/// The data the steps read besides the records (môi trường rà soát): settings, the working-day
/// calendar, the standards and the B1 scoring tables.
public struct ReviewEnvironment: Sendable {
    /// `review.*` settings.
    public var settings: ReviewSettings
    /// Working days.
    public var calendar: WorkingDayCalendar
    /// Standards by id.
    public var standards: StandardCatalog
    /// B1 scoring tables.
    public var scoringTables: [ScoringTable]

    /// Creates an environment; defaults are the shipped data.
    public init(settings: ReviewSettings = .standard, calendar: WorkingDayCalendar = WorkingDayCalendar(),
                standards: StandardCatalog = .shipped, scoringTables: [ScoringTable] = ScoringTable.shipped) {
        self.settings = settings
        self.calendar = calendar
        self.standards = standards
        self.scoringTables = scoringTables
    }

    /// The engine of a standard.
    public func engine(_ standardID: String) throws -> ClassificationEngine {
        do { return ClassificationEngine(standard: try standards.standard(id: standardID)) } catch {
            throw ReviewError.notFound("chuẩn nghèo \(standardID)")
        }
    }

    /// A scoring table by id.
    public func scoringTable(_ id: String?) -> ScoringTable? {
        id.flatMap { id in scoringTables.first { $0.id == id } }
    }
}

/// A household the commune may list (hộ có thể đưa vào danh sách), as the registry knows it.
public struct ListingCandidate: Sendable, Hashable, Codable {
    /// Household code and village.
    public var householdCode: String, village: String
    /// Active and recorded in the commune (directly or through the conversion table).
    public var activeInCommune: Bool
    /// Recognised class on the listing day, and its standard.
    public var recognisedClass: RecognisedClass, standardID: String?
    /// Was poor at some earlier date (for re-entry after escape).
    public var everPoor: Bool
    /// Current avg-agri status.
    public var avgAgri: Bool

    /// Creates a candidate.
    public init(householdCode: String, village: String, activeInCommune: Bool = true, recognisedClass: RecognisedClass,
                standardID: String? = nil, everPoor: Bool = false, avgAgri: Bool = false) {
        self.householdCode = householdCode
        self.village = village
        self.activeInCommune = activeInCommune
        self.recognisedClass = recognisedClass
        self.standardID = standardID
        self.everPoor = everPoor
        self.avgAgri = avgAgri
    }
}

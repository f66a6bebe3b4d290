/// Identifier of a deprivation indicator (chỉ số thiếu hụt), shared by every standard that uses it.
///
/// The raw value is the id used in files (`deprived_<id>`), the API and the database.
public enum IndicatorID: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Access to health services (tiếp cận các dịch vụ y tế) — QD59.
    case healthAccess = "health_access"
    /// Health insurance (bảo hiểm y tế).
    case healthInsurance = "health_insurance"
    /// Adult education (trình độ giáo dục của người lớn).
    case adultEducation = "adult_education"
    /// School attendance of children (tình trạng đi học của trẻ em).
    case childSchooling = "child_schooling"
    /// Housing quality (chất lượng nhà ở).
    case housingQuality = "housing_quality"
    /// Floor area per person (diện tích nhà ở bình quân đầu người).
    case floorArea = "floor_area"
    /// Drinking water source (nguồn nước sinh hoạt).
    case waterSource = "water_source"
    /// Hygienic latrine (nhà tiêu hợp vệ sinh).
    case latrine
    /// Use of telecom services (sử dụng dịch vụ viễn thông) — QD59, ND07.
    case telecom
    /// Means of access to information (tài sản / phương tiện phục vụ tiếp cận thông tin) — QD59, ND07.
    case informationAssets = "information_assets"
    /// Employment (việc làm) — ND07, ND351.
    case employment
    /// Dependants in the household (người phụ thuộc trong hộ gia đình) — ND07, ND351.
    case dependants
    /// Nutrition (dinh dưỡng) — ND07, ND351.
    case nutrition
    /// Use of telecom/digital services (sử dụng dịch vụ viễn thông/dịch vụ số) — ND351.
    case digitalServices = "digital_services"
    /// Household waste treatment (xử lý rác thải sinh hoạt) — ND351.
    case waste

    /// Bit position in an ``IndicatorSet``.
    @inlinable public var bitIndex: Int {
        switch self {
        case .healthAccess: 0
        case .healthInsurance: 1
        case .adultEducation: 2
        case .childSchooling: 3
        case .housingQuality: 4
        case .floorArea: 5
        case .waterSource: 6
        case .latrine: 7
        case .telecom: 8
        case .informationAssets: 9
        case .employment: 10
        case .dependants: 11
        case .nutrition: 12
        case .digitalServices: 13
        case .waste: 14
        }
    }

    /// Orders ids by their bit position.
    public static func < (lhs: IndicatorID, rhs: IndicatorID) -> Bool { lhs.bitIndex < rhs.bitIndex }
}

/// A set of indicators, stored as a bit set so classifying allocates nothing.
public struct IndicatorSet: OptionSet, Sendable, Hashable {
    /// The bits, one per ``IndicatorID/bitIndex``.
    public var rawValue: UInt32
    /// Creates a set from raw bits.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// A set with one indicator.
    @inlinable public init(_ id: IndicatorID) { self.rawValue = 1 << UInt32(id.bitIndex) }

    /// Whether the set holds `id`.
    @inlinable public func contains(_ id: IndicatorID) -> Bool { rawValue & (1 << UInt32(id.bitIndex)) != 0 }
    /// Adds `id`.
    @inlinable public mutating func insert(_ id: IndicatorID) { rawValue |= 1 << UInt32(id.bitIndex) }
    /// Removes `id`.
    @inlinable public mutating func remove(_ id: IndicatorID) { rawValue &= ~(1 << UInt32(id.bitIndex)) }
    /// Number of indicators in the set.
    @inlinable public var count: Int { rawValue.nonzeroBitCount }
    /// The ids, in bit order.
    public var ids: [IndicatorID] { IndicatorID.allCases.filter { contains($0) } }
}

extension IndicatorID {
    /// The Vietnamese names this indicator carries in the shipped standards, the current one first.
    ///
    /// Used to accept `Thiếu hụt: <name>` as a column alias of `deprived_<id>` (data-format.md);
    /// a standard file names the indicator for explanations.
    public var vietnameseNames: [String] {
        switch self {
        case .healthAccess: ["Tiếp cận các dịch vụ y tế"]
        case .healthInsurance: ["Bảo hiểm y tế"]
        case .adultEducation: ["Trình độ giáo dục của người lớn"]
        case .childSchooling: ["Tình trạng đi học của trẻ em"]
        case .housingQuality: ["Chất lượng nhà ở"]
        case .floorArea: ["Diện tích nhà ở bình quân đầu người"]
        case .waterSource: ["Nguồn nước sinh hoạt"]
        case .latrine: ["Nhà tiêu hợp vệ sinh", "Hố xí/nhà tiêu hợp vệ sinh"]
        case .telecom: ["Sử dụng dịch vụ viễn thông"]
        case .informationAssets: ["Phương tiện phục vụ tiếp cận thông tin", "Tài sản phục vụ tiếp cận thông tin"]
        case .employment: ["Việc làm"]
        case .dependants: ["Người phụ thuộc trong hộ gia đình"]
        case .nutrition: ["Dinh dưỡng"]
        case .digitalServices: ["Sử dụng dịch vụ viễn thông/dịch vụ số"]
        case .waste: ["Xử lý rác thải sinh hoạt"]
        }
    }
}

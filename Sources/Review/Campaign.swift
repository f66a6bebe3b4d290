import Access
import Foundation
import PovertyStandard
import VietnameseText

/// State of a periodic campaign (trạng thái đợt rà soát), review.md §3.1.
public enum CampaignState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Created, no province plan yet (dự thảo).
    case draft
    /// The province plan is registered (đã có kế hoạch).
    case planned
    /// Communes are reviewing (đang rà soát).
    case open
    /// The province consolidates the communes' results (đang tổng hợp).
    case consolidating
    /// Closed and frozen (đã khóa sổ).
    case closed

    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .draft: "Dự thảo"
        case .planned: "Đã có kế hoạch"
        case .open: "Đang rà soát"
        case .consolidating: "Đang tổng hợp"
        case .closed: "Đã khóa sổ"
        }
    }
}

/// The yearly periodic campaign of a province (đợt rà soát định kỳ hằng năm), review.md §3.1.
///
/// One per province and year, id `RS-{province_code}-{year}`. Its ``chain`` is chosen once at
/// creation from the window start and never changes (there is no setter that does); the standard
/// comes from the year → standard table.
public struct Campaign: Sendable, Hashable, Codable, Identifiable {
    /// `RS-{province_code}-{year}`.
    public var id: String
    /// Review year (năm rà soát).
    public var year: Int
    /// Province code (mã tỉnh) in the list valid at the window start.
    public var provinceCode: String
    /// Admin-unit list version the campaign's unit codes refer to: `legacy` (three-tier) or `2025`.
    public var unitListVersion: String
    /// Standard id (chuẩn nghèo), e.g. `ND07-2022`.
    public var standardID: String
    /// Approval chain, fixed at creation.
    public let chain: ApprovalChain
    /// Window (thời gian rà soát), 01/09–14/12 by default.
    public var window: DaySpan
    /// Reference date for ages (ngày tham chiếu), 01/09 by default.
    public var referenceDate: CivilDate
    /// State.
    public var state: CampaignState
    /// Loaded from past years with only its decisions and status records (đợt nhập từ dữ liệu cũ):
    /// its step records are optional.
    public var imported: Bool
    /// The province summary R2 (báo cáo tổng hợp cấp tỉnh) once issued: its number and date.
    public var provinceSummary: DocumentReference?
    /// When and by whom it was created, opened and closed.
    public var createdAt: Date, createdBy: String
    /// When it opened and by whom (`system` at the window start).
    public var openedAt: Date?, openedBy: String?
    /// When it closed and by whom.
    public var closedAt: Date?, closedBy: String?

    /// The id of a province's campaign of `year`.
    public static func id(provinceCode: String, year: Int) -> String { "RS-\(provinceCode)-\(year)" }

    /// Creates a campaign in `draft` under the defaults of `settings` (window, reference date,
    /// chain by the window start) and the standard the year table gives.
    public static func create(provinceCode: String, year: Int, settings: ReviewSettings = .standard,
                              standards: StandardCatalog = .shipped, by actor: ReviewActor, at now: Date,
                              imported: Bool = false) throws -> Campaign {
        guard RegularCalendar.years.contains(year) else {
            throw ReviewError.invalid("year", "Năm phải từ \(RegularCalendar.years.lowerBound) đến \(RegularCalendar.years.upperBound)")
        }
        let start = settings.windowStart.inYear(year)
        let chain = ApprovalChain.chosen(start: start, twoTierFrom: settings.twoTierFrom)
        if !actor.isSystem {
            try ReviewAuthority.check(.createCampaign, actor, chain: chain)
            guard actor.unitCode == provinceCode else { throw ReviewError.scope("Tỉnh \(provinceCode)") }
        }
        let standard: Standard
        do { standard = try standards.standard(forYear: year) } catch {
            throw ReviewError.invalid("year", "Không có chuẩn nghèo áp dụng cho năm \(year)")
        }
        return Campaign(
            id: id(provinceCode: provinceCode, year: year), year: year, provinceCode: provinceCode,
            unitListVersion: chain == .threeTier ? "legacy" : "2025", standardID: standard.id, chain: chain,
            window: DaySpan(start: start, end: settings.windowEnd.inYear(year)),
            referenceDate: settings.referenceDay.inYear(year), state: imported ? .closed : .draft, imported: imported,
            provinceSummary: nil, createdAt: now, createdBy: actor.account,
            openedAt: nil, openedBy: nil, closedAt: imported ? now : nil, closedBy: imported ? actor.account : nil)
    }

    /// Throws unless a PRV of this province (or the system job, for `.openCampaign`) acts.
    public func checkProvince(_ action: ReviewAction, _ actor: ReviewActor) throws {
        try ReviewAuthority.check(action, actor, chain: chain)
        if !actor.isSystem && actor.unitCode != provinceCode { throw ReviewError.scope("Tỉnh \(provinceCode)") }
    }

    /// Throws ``ReviewError/frozen(_:)`` when closed.
    public func requireNotFrozen() throws {
        if state == .closed { throw ReviewError.frozen(id) }
    }

    /// Whether household steps may run: `open` or `consolidating` (late communes still decide
    /// while the province consolidates).
    public var acceptsHouseholdSteps: Bool { state == .open || state == .consolidating }

    /// Throws unless household steps may run.
    public func requireHouseholdSteps() throws {
        try requireNotFrozen()
        guard acceptsHouseholdSteps else {
            throw ReviewError.state("Đợt \(id)", is: state.vietnamese, action: "thực hiện các bước rà soát hộ (đợt chưa mở)")
        }
    }

    /// `draft` → `planned`: the province plan is registered (number, date, signer, file).
    public mutating func registerProvincePlan(_ plan: ReviewPlan, by actor: ReviewActor) throws {
        try requireNotFrozen()
        try checkProvince(.registerProvincePlan, actor)
        guard plan.level == .province, plan.unitCode == provinceCode, plan.campaignID == id else {
            throw ReviewError.invalid("plan", "Kế hoạch không phải kế hoạch cấp tỉnh của đợt \(id)")
        }
        try plan.validateDocument()
        guard state == .draft else { throw ReviewError.state("Đợt \(id)", is: state.vietnamese, action: "đăng ký kế hoạch cấp tỉnh lần nữa") }
        state = .planned
    }

    /// `planned` → `open`: by the system at the window start, or by PRV earlier; never before
    /// the plan exists (the state `planned` is the plan's proof).
    public mutating func open(by actor: ReviewActor, at now: Date) throws {
        try requireNotFrozen()
        try checkProvince(.openCampaign, actor)
        guard state == .planned else {
            throw ReviewError.state("Đợt \(id)", is: state.vietnamese, action: "mở đợt (cần kế hoạch cấp tỉnh đã đăng ký)")
        }
        if actor.isSystem && LocalTime.day(now) < window.start {
            throw ReviewError.guardFailed("window_not_started", "Hệ thống chỉ mở đợt từ ngày bắt đầu \(VietnameseText.formatDate(window.start))")
        }
        state = .open
        openedAt = now
        openedBy = actor.account
    }

    /// `open` → `consolidating`: every commune has issued its decision, or the window has ended.
    public mutating func startConsolidation(by actor: ReviewActor, today: CivilDate, communesWithoutDecision: [String]) throws {
        try requireNotFrozen()
        try checkProvince(.startConsolidation, actor)
        guard state == .open else { throw ReviewError.state("Đợt \(id)", is: state.vietnamese, action: "chuyển sang tổng hợp") }
        if today <= window.end && !communesWithoutDecision.isEmpty {
            throw ReviewError.guardFailed("communes_pending",
                "Còn \(communesWithoutDecision.count) xã chưa ban hành quyết định (\(communesWithoutDecision.prefix(10).joined(separator: ", "))) và chưa hết thời gian rà soát \(VietnameseText.formatDate(window.end))")
        }
        state = .consolidating
    }

    /// Registers the province summary R2 (needed to close).
    public mutating func registerProvinceSummary(_ document: DocumentReference, by actor: ReviewActor) throws {
        try requireNotFrozen()
        try checkProvince(.registerProvinceSummary, actor)
        guard state == .consolidating else { throw ReviewError.state("Đợt \(id)", is: state.vietnamese, action: "ban hành báo cáo tổng hợp") }
        try document.validate(field: "province_summary")
        provinceSummary = document
    }

    /// `consolidating` → `closed`: the province summary is issued and the reconciliation of
    /// review.md §6.4 passes for every unit; otherwise refused, listing the units that differ.
    public mutating func close(by actor: ReviewActor, at now: Date, reconciliation: [UnitDiscrepancy]) throws {
        try requireNotFrozen()
        try checkProvince(.closeCampaign, actor)
        guard state == .consolidating else { throw ReviewError.state("Đợt \(id)", is: state.vietnamese, action: "khóa sổ") }
        guard provinceSummary != nil else {
            throw ReviewError.guardFailed("summary_missing", "Chưa ban hành báo cáo tổng hợp kết quả rà soát cấp tỉnh (R2)")
        }
        guard reconciliation.isEmpty else { throw Reconciliation.refusal(reconciliation) }
        state = .closed
        closedAt = now
        closedBy = actor.account
    }
}

/// A registered document's reference (số, ngày, người ký, tệp) shared by plans, summaries and reports.
public struct DocumentReference: Sendable, Hashable, Codable {
    /// Number, e.g. `125/KH-UBND`.
    public var number: String
    /// Date.
    public var date: CivilDate
    /// Signer's name (người ký).
    public var signer: String
    /// Scan or file reference (tệp đính kèm), optional.
    public var file: String?

    /// Creates a reference.
    public init(number: String, date: CivilDate, signer: String, file: String? = nil) {
        self.number = number
        self.date = date
        self.signer = signer
        self.file = file
    }

    /// Throws naming the first missing field.
    public func validate(field: String) throws {
        if number.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("\(field).number", "Thiếu số văn bản") }
        if signer.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("\(field).signer", "Thiếu người ký") }
    }
}

import VietnameseText

/// An item with a due date in a campaign (mốc thời hạn), review.md §3.2 `review.deadline.*`.
public enum DeadlineItem: String, Sendable, Codable, CaseIterable, Hashable, CodingKeyRepresentable {
    /// Province plan issued (kế hoạch cấp tỉnh).
    case provincePlan = "province_plan"
    /// District plan issued, three-tier only (kế hoạch cấp huyện).
    case districtPlan = "district_plan"
    /// Commune plan issued (kế hoạch cấp xã).
    case communePlan = "commune_plan"
    /// No household left to list, step 1 (lập xong danh sách).
    case listDone = "list_done"
    /// No household left in `listed` (rà soát xong).
    case surveyDone = "survey_done"
    /// Every village meeting held (họp dân xong).
    case meetingsDone = "meetings_done"
    /// Every posting period ended (niêm yết xong).
    case postingDone = "posting_done"
    /// Report sent to the upper level (gửi báo cáo xin ý kiến).
    case consultSent = "consult_sent"
    /// Commune recognition decision issued (quyết định công nhận).
    case decision
    /// Commune result report R2 to the next level (báo cáo kết quả cấp xã).
    case communeReport = "commune_report"
    /// District summary to the province, three-tier (báo cáo cấp huyện).
    case districtReport = "district_report"
    /// Province summary to the ministry (báo cáo cấp tỉnh).
    case provinceReport = "province_report"

    /// The plan level responsible for the item.
    public var level: PlanLevel {
        switch self {
        case .provincePlan, .provinceReport: .province
        case .districtPlan, .districtReport: .district
        default: .commune
        }
    }

    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .provincePlan: "Ban hành kế hoạch cấp tỉnh"
        case .districtPlan: "Ban hành kế hoạch cấp huyện"
        case .communePlan: "Ban hành kế hoạch cấp xã"
        case .listDone: "Lập xong danh sách hộ cần rà soát"
        case .surveyDone: "Rà soát, phân loại xong"
        case .meetingsDone: "Họp dân thống nhất xong"
        case .postingDone: "Kết thúc niêm yết công khai"
        case .consultSent: "Gửi báo cáo xin ý kiến cấp trên"
        case .decision: "Ban hành quyết định công nhận"
        case .communeReport: "Báo cáo kết quả cấp xã"
        case .districtReport: "Báo cáo tổng hợp cấp huyện"
        case .provinceReport: "Báo cáo tổng hợp cấp tỉnh"
        }
    }

    /// Whether the item exists under `chain` (district items only in three-tier).
    public func applies(to chain: ApprovalChain) -> Bool { level != .district || chain == .threeTier }
}

/// The `review.*` settings of review.md with their defaults (cấu hình rà soát).
///
/// Every **[U]** rule of review.md is one of these fields, so a province can follow its own
/// reading of the law without a code change; ``standard`` holds the defaults.
public struct ReviewSettings: Sendable, Hashable, Codable {
    /// `review.two_tier_from`: first day of the two-tier chain (01/07/2025).
    public var twoTierFrom = CivilDate(year: 2025, month: 7, day: 1)
    /// `review.periodic.window`: first and last day of the campaign window (01/09–14/12).
    public var windowStart = DayOfYear(day: 1, month: 9), windowEnd = DayOfYear(day: 14, month: 12)
    /// Reference date for ages (ngày tham chiếu tính tuổi), default 01/09.
    public var referenceDay = DayOfYear(day: 1, month: 9)
    /// `review.deadline.*`: default due day of each item in the campaign year.
    public var deadlines: [DeadlineItem: DayOfYear] = [
        .provincePlan: DayOfYear(day: 15, month: 8), .districtPlan: DayOfYear(day: 25, month: 8),
        .communePlan: DayOfYear(day: 31, month: 8), .listDone: DayOfYear(day: 15, month: 9),
        .surveyDone: DayOfYear(day: 31, month: 10), .meetingsDone: DayOfYear(day: 10, month: 11),
        .postingDone: DayOfYear(day: 20, month: 11), .consultSent: DayOfYear(day: 25, month: 11),
        .decision: DayOfYear(day: 14, month: 12), .communeReport: DayOfYear(day: 20, month: 12),
        .districtReport: DayOfYear(day: 25, month: 12), .provinceReport: DayOfYear(day: 31, month: 12),
    ]
    /// `review.alert.warn_days`: an incomplete item raises `due_soon` this many days ahead.
    public var alertWarnDays = 5
    /// `review.alert.escalate_days`: an alert overdue longer than this is copied to the parent.
    public var alertEscalateDays = 7
    /// `review.quick_id.criteria`: Phiếu A criteria (examples, **[U]**).
    public var quickIDCriteria: [QuickIDCriterion] = QuickIDCriterion.examples
    /// `review.meeting.min_household_share`: quorum of households at a village meeting (0 = none).
    public var meetingMinHouseholdShare = 0.0
    /// `review.meeting.followup_by_board`: after an objection the commune board may agree the
    /// newer survey instead of a second village meeting.
    public var meetingFollowupByBoard = true
    /// `review.posting.periodic_working_days`: posting period of the campaign.
    public var periodicPostingWorkingDays = 3
    /// `review.recheck.min_team`: persons in a re-check team.
    public var recheckMinTeam = 2
    /// `review.recheck.working_days`: a re-check is due within this many working days.
    public var recheckWorkingDays = 5
    /// `review.recheck.repost_on_change`: a changed class is posted again for a full period.
    public var recheckRepostOnChange = true
    /// `review.consult.wait_working_days`: silence rule of the consultation.
    public var consultWaitWorkingDays = 5
    /// `review.consult.two_tier_recipient`: who receives step 5 in two-tier.
    public var consultTwoTierRecipient = "Sở Nông nghiệp và Môi trường"
    /// `review.decision.effective`: when a recognition takes effect.
    public var decisionEffective: DecisionEffective = .decisionDate
    /// `review.certificate.sequence_scope`: what the certificate number counts within.
    public var certificateSequenceScope: CertificateSequenceScope = .communeAndStandardPeriod
    /// `review.regular.batch_day`: day of month a monthly batch starts.
    public var regularBatchDay = 15
    /// `review.regular.cutoff_day`: last day of month M whose requests join batch M.
    public var regularCutoffDay = 14
    /// `review.regular.require_meeting`: monthly batches hold a village meeting.
    public var regularRequireMeeting = false
    /// `review.regular.require_consult`: monthly batches consult the upper level.
    public var regularRequireConsult = false
    /// `review.regular.survey_working_days`: survey due after the batch start.
    public var regularSurveyWorkingDays = 7
    /// `review.regular.posting_working_days`: posting period of a monthly batch.
    public var regularPostingWorkingDays = 3
    /// `review.regular.decision_working_days`: decision due after the posting ends.
    public var regularDecisionWorkingDays = 3
    /// `review.regular.voluntary_exit`: a `leave` request may leave against the survey result.
    public var regularVoluntaryExit = false
    /// `review.regular.fold_into_campaign`: requests received between the window start and the
    /// commune's periodic posting join the campaign list.
    public var regularFoldIntoCampaign = true
    /// Commune-initiated cases allowed (`commune_initiated`, **[U]**).
    public var regularCommuneInitiated = true
    /// `review.regular.report_day`: monthly report due day (5).
    public var regularReportDay = 5
    /// `review.regular.report_months`: months in which a monthly report falls due (2–9).
    public var regularReportMonths: ClosedRange<Int> = 2...9
    /// `review.regular.district_report_day`: the next level's compiled report due day (10).
    public var regularDistrictReportDay = 10
    /// `review.regular.nil_report`: a commune with nothing to report files a nil report.
    public var regularNilReport = true
    /// `review.avg_agri.min_share`: share of net income from farming, forestry, fishery, salt.
    public var avgAgriMinShare = 0.5
    /// `review.avg_agri.in_periodic_list`: current `avg_agri` households join the periodic list.
    public var avgAgriInPeriodicList = true
    /// Average-living bands per standard for the avg-agri identification (VND/person/month,
    /// lower bound excluded, upper included). Only `ND07-2022` is published (review.md §5); a
    /// standard missing here disables the identification.
    public var avgAgriBands: [String: IncomeBand] = [
        "ND07-2022": IncomeBand(rural: 1_500_000...2_250_000, urban: 2_000_000...3_000_000),
    ]
    /// `review.low_income.working_days`: posting period of the avg-agri and low-income-worker
    /// identifications (3 working days **[U]**).
    public var lowIncomePostingWorkingDays = 3
    /// `module.low_income_worker`: provinces that enabled the low-income-worker identification
    /// (off by default, review.md §7).
    public var lowIncomeWorkerProvinces: Set<String> = []

    /// The defaults of review.md.
    public static let standard = ReviewSettings()

    /// Creates the defaults.
    public init() {}

    /// The default due date of `item` in campaign year `year`.
    public func dueDate(_ item: DeadlineItem, year: Int) -> CivilDate {
        (deadlines[item] ?? windowEnd).inYear(year)
    }
}

/// When a recognition takes effect (`review.decision.effective`).
public enum DecisionEffective: String, Sendable, Codable, Hashable {
    /// On the decision date (ngày ký quyết định), the default.
    case decisionDate = "decision_date"
    /// On 1 January after the decision (01/01 năm sau).
    case nextJanuaryFirst = "next_jan_1"
}

/// What certificate numbers count within (`review.certificate.sequence_scope`, **[U]**).
public enum CertificateSequenceScope: String, Sendable, Codable, Hashable {
    /// Sequential per commune and standard period (default).
    case communeAndStandardPeriod = "commune_standard_period"
    /// Sequential per commune and year.
    case communeAndYear = "commune_year"
}

/// A per-capita income band (khoảng thu nhập) for rural and urban areas, lower bound excluded.
public struct IncomeBand: Sendable, Hashable, Codable {
    /// Rural band: `lowerBound` < income ≤ `upperBound`.
    public var rural: ClosedRange<Int>
    /// Urban band.
    public var urban: ClosedRange<Int>

    /// Creates a band.
    public init(rural: ClosedRange<Int>, urban: ClosedRange<Int>) {
        self.rural = rural
        self.urban = urban
    }

    /// Whether `income` lies in the band of `urban` or rural areas (lower bound excluded).
    public func contains(_ income: Int, urban isUrban: Bool) -> Bool {
        let band = isUrban ? urban : rural
        return income > band.lowerBound && income <= band.upperBound
    }
}

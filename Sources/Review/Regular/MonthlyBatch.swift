import Foundation
import PovertyStandard
import VietnameseText

/// State of a monthly batch (trạng thái đợt rà soát thường xuyên).
public enum BatchState: String, Sendable, Codable, Hashable {
    /// Requests are being processed (đang xử lý).
    case open
    /// Every case is terminal: the batch is closed and frozen (đã khóa).
    case closed
}

/// A monthly batch of the regular review (đợt rà soát thường xuyên hằng tháng), review.md §4:
/// one per commune and month, id `RT-{commune}-{yyyy}-{MM}`, starting on day
/// `review.regular.batch_day` (15) and taking every request received up to day
/// `review.regular.cutoff_day` (14) of the month. Its chain is chosen by the batch start.
public struct MonthlyBatch: Sendable, Hashable, Codable, Identifiable {
    /// `RT-{commune}-{yyyy}-{MM}`.
    public var id: String
    /// Commune and its province.
    public var communeCode: String, provinceCode: String
    /// Year and month.
    public var year: Int, month: Int
    /// Batch start (15/M).
    public var start: CivilDate
    /// Chain, fixed at creation.
    public let chain: ApprovalChain
    /// Standard of the year.
    public var standardID: String
    /// Meeting and consultation requirements, fixed at creation from the settings.
    public var requiresMeeting: Bool, requiresConsultation: Bool
    /// Posting period.
    public var postingWorkingDays: Int
    /// Due dates: survey, and the decision after the posting (working days).
    public var surveyDue: CivilDate
    /// State.
    public var state: BatchState
    /// Imported from past years.
    public var imported: Bool
    /// Opened at, by.
    public var createdAt: Date, createdBy: String

    /// The id of a commune's batch of a month.
    public static func id(communeCode: String, year: Int, month: Int) -> String {
        "RT-\(communeCode)-\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }

    /// Opens the batch of `year`/`month` for a commune: COM, on or after its start.
    public static func open(communeCode: String, provinceCode: String, year: Int, month: Int, by actor: ReviewActor, at now: Date,
                            environment env: ReviewEnvironment, imported: Bool = false) throws -> MonthlyBatch {
        let s = env.settings
        _ = try RegularCalendar.firstDay(year: year, month: month)
        let start = CivilDate(year: year, month: month, day: max(1, min(s.regularBatchDay, CivilDate.daysInMonth(year: year, month: month))))
        let chain = ApprovalChain.chosen(start: start, twoTierFrom: s.twoTierFrom)
        if !imported {
            try ReviewAuthority.check(.openBatch, actor, chain: chain, commune: communeCode)
            if LocalTime.day(now) < start {
                throw ReviewError.guardFailed("batch_not_started", "Đợt tháng \(month)/\(year) bắt đầu từ \(VietnameseText.formatDate(start))")
            }
        }
        let standard: String
        do { standard = try env.standards.standard(forYear: year).id } catch { throw ReviewError.invalid("year", "Không có chuẩn nghèo cho năm \(year)") }
        return MonthlyBatch(
            id: id(communeCode: communeCode, year: year, month: month), communeCode: communeCode, provinceCode: provinceCode,
            year: year, month: month, start: start, chain: chain, standardID: standard, requiresMeeting: s.regularRequireMeeting,
            requiresConsultation: s.regularRequireConsult, postingWorkingDays: s.regularPostingWorkingDays,
            surveyDue: try env.calendar.lastDay(ofWorkingDays: s.regularSurveyWorkingDays, after: start),
            state: imported ? .closed : .open, imported: imported, createdAt: now, createdBy: actor.account)
    }

    /// The batch as a round of household steps.
    public func round(referenceDate: CivilDate? = nil) -> ReviewRound {
        ReviewRound(id: id, kind: .regular, chain: chain, standardID: standardID, year: year, provinceCode: provinceCode, start: start,
                    referenceDate: referenceDate ?? start, requiresMeeting: requiresMeeting, requiresConsultation: requiresConsultation,
                    postingWorkingDays: postingWorkingDays, frozen: state == .closed, acceptsSteps: state == .open, imported: imported)
    }
}

/// Where a Mẫu 01 request goes (định tuyến đề nghị), review.md §4.
public enum RequestRouting: Sendable, Hashable {
    /// Into the periodic campaign's list (`review.regular.fold_into_campaign`).
    case campaign(String)
    /// Into the monthly batch of year/month.
    case batch(year: Int, month: Int)
}

/// The dates of the regular review (lịch rà soát thường xuyên).
public enum RegularCalendar {
    /// Years a campaign, batch or report may be asked for.
    public static let years = 2000...2100

    /// The first day of `month`/`year`, or an error naming the field outside 1–12 or the years
    /// the system handles (input from people and programs never reaches a trapping date).
    public static func firstDay(year: Int, month: Int) throws -> CivilDate {
        guard years.contains(year) else { throw ReviewError.invalid("year", "Năm phải từ \(years.lowerBound) đến \(years.upperBound)") }
        guard (1...12).contains(month) else { throw ReviewError.invalid("month", "Tháng phải từ 1 đến 12") }
        return CivilDate(year: year, month: month, day: 1)
    }

    /// The batch a request received on `day` joins: the month's own batch up to the cutoff day
    /// (14), else the next month's.
    public static func batchMonth(receivedOn day: CivilDate, settings: ReviewSettings = .standard) -> (year: Int, month: Int) {
        if day.day <= settings.regularCutoffDay { return (day.year, day.month) }
        return day.month == 12 ? (day.year + 1, 1) : (day.year, day.month + 1)
    }

    /// Routes a request: between the campaign window start and the start of the commune's
    /// periodic posting (`periodicPostingStart`, `nil` while none has started) it joins the
    /// campaign list; otherwise its monthly batch.
    public static func route(receivedOn day: CivilDate, campaign: Campaign?, periodicPostingStart: CivilDate?,
                             settings: ReviewSettings = .standard) -> RequestRouting {
        if settings.regularFoldIntoCampaign, let campaign, campaign.acceptsHouseholdSteps || campaign.state == .planned,
           day >= campaign.window.start, day <= campaign.window.end, periodicPostingStart.map({ day < $0 }) ?? true {
            return .campaign(campaign.id)
        }
        let m = batchMonth(receivedOn: day, settings: settings)
        return .batch(year: m.year, month: m.month)
    }

    /// The decision due date of a batch whose posting ends on `postingLastDay`.
    public static func decisionDue(postingLastDay: CivilDate, environment env: ReviewEnvironment) throws -> CivilDate {
        try env.calendar.lastDay(ofWorkingDays: env.settings.regularDecisionWorkingDays, after: postingLastDay)
    }

    /// The periods (year, month) whose monthly report falls due in `year`: due on day 5 of
    /// February–September, covering the previous calendar month (January–August).
    public static func reportPeriods(year: Int, settings: ReviewSettings = .standard) -> [(year: Int, month: Int)] {
        settings.regularReportMonths.map { dueMonth in dueMonth == 1 ? (year - 1, 12) : (year, dueMonth - 1) }
    }

    /// Due date of the report on month `month` of `year` at `level`: day 5 of the next month
    /// from the commune, day 10 from the district (three-tier) or the province (two-tier).
    /// `nil` when no report falls due for that month.
    public static func reportDue(year: Int, month: Int, level: PlanLevel, settings: ReviewSettings = .standard) -> CivilDate? {
        let (dy, dm) = month == 12 ? (year + 1, 1) : (year, month + 1)
        guard settings.regularReportMonths.contains(dm) else { return nil }
        return CivilDate(year: dy, month: dm, day: level == .commune ? settings.regularReportDay : settings.regularDistrictReportDay)
    }
}

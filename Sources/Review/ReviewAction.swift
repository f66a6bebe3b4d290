import Access

/// An action of the review workflows (thao tác rà soát) and who may take it, review.md §3–§7
/// with roles.md §4 (the `move_review` and `approve` rows, notes 10–12).
///
/// Who may act follows review.md's "who" columns literally: where it names COM, the commune
/// leader (CLD) does not act in COM's place, and signing is CLD's alone ("COM prepares, CLD
/// signs"). ``matrixAction`` names the permission-matrix row each action falls under; a test
/// checks that no role is given an action its matrix cell refuses.
public enum ReviewAction: String, Sendable, Codable, CaseIterable, Hashable {
    // Campaign (đợt rà soát định kỳ)
    /// Create the year's campaign (tạo đợt rà soát).
    case createCampaign = "create_campaign"
    /// Register the province plan: `draft` → `planned` (kế hoạch cấp tỉnh).
    case registerProvincePlan = "register_province_plan"
    /// Register a district plan, three-tier (kế hoạch cấp huyện).
    case registerDistrictPlan = "register_district_plan"
    /// Register a commune plan with the reviewers per village (kế hoạch cấp xã).
    case registerCommunePlan = "register_commune_plan"
    /// `planned` → `open` before the window start (mở đợt sớm); the system opens at the start.
    case openCampaign = "open_campaign"
    /// `open` → `consolidating` (tổng hợp).
    case startConsolidation = "start_consolidation"
    /// Register the province summary R2 (báo cáo tổng hợp cấp tỉnh).
    case registerProvinceSummary = "register_province_summary"
    /// `consolidating` → `closed` (khóa sổ).
    case closeCampaign = "close_campaign"

    // Household rows of review.md §3.5
    /// Row 1: add to the campaign list (lập danh sách).
    case list
    /// Row 2: enter Phiếu A (nhận diện nhanh).
    case enterQuickID = "enter_quick_id"
    /// Row 2: confirm a `clearly_not_poor` Phiếu A and record the reply (xác nhận, trả lời).
    case confirmQuickID = "confirm_quick_id"
    /// Rows 3–4: save or lock a Phiếu B version (phiếu B).
    case survey
    /// Row 5: register village meeting minutes with each household's outcome (họp dân).
    case recordMeeting = "record_meeting"
    /// Row 5 after an objection: the commune board agrees the newer version (`review.meeting.followup_by_board`).
    case boardAgree = "board_agree"
    /// Row 6: prepare a posting notice (dự thảo thông báo niêm yết).
    case preparePosting = "prepare_posting"
    /// Row 6: sign a posting notice (ký thông báo).
    case signPosting = "sign_posting"
    /// Row 6: start the posting (bắt đầu niêm yết).
    case startPosting = "start_posting"
    /// Row 7: register a complaint (tiếp nhận khiếu nại, kiến nghị).
    case registerComplaint = "register_complaint"
    /// Rows 7–8: form the re-check team, record its result, dismiss a complaint (phúc tra).
    case recheck
    /// Row 9: close postings whose end has passed (kết thúc niêm yết) — the system job.
    case closePosting = "close_posting"
    /// Row 10: draft the consultation report (dự thảo báo cáo).
    case draftConsultation = "draft_consultation"
    /// Row 10: sign and send the consultation report (ký, gửi báo cáo xin ý kiến).
    case sendConsultation = "send_consultation"
    /// Step 5 opinion, row 11 re-check request (ý kiến cấp trên).
    case recordOpinion = "record_opinion"
    /// Rows 12–13: issue the recognition decision (quyết định công nhận).
    case issueDecision = "issue_decision"
    /// Row 14: stop reviewing a household (dừng rà soát).
    case withdraw

    // Requests, certificates, monthly review, identifications, alerts
    /// Register a Mẫu 01 request or its withdrawal (tiếp nhận giấy đề nghị).
    case registerRequest = "register_request"
    /// Add an amendment row to a certificate (điều chỉnh giấy chứng nhận).
    case amendCertificate = "amend_certificate"
    /// Open a monthly batch (mở đợt rà soát thường xuyên).
    case openBatch = "open_batch"
    /// Submit a monthly report (gửi báo cáo tháng).
    case submitMonthlyReport = "submit_monthly_report"
    /// Accept or return a lower level's monthly report (tiếp nhận / trả lại báo cáo).
    case reviewMonthlyReport = "review_monthly_report"
    /// Determine income for the avg-agri or low-income-worker identification (xác định thu nhập).
    case determineIncome = "determine_income"
    /// Acknowledge an alert (xác nhận cảnh báo).
    case acknowledgeAlert = "acknowledge_alert"

    /// Roles that may take the action under `chain` (empty: the system job only).
    public func roles(_ chain: ApprovalChain) -> Set<Role> {
        switch self {
        case .createCampaign, .registerProvincePlan, .openCampaign, .startConsolidation, .registerProvinceSummary, .closeCampaign:
            [.province]
        case .registerDistrictPlan: chain == .threeTier ? [.district] : []
        case .registerCommunePlan, .signPosting, .sendConsultation, .issueDecision, .submitMonthlyReport: [.communeLeader]
        case .list, .confirmQuickID, .boardAgree, .preparePosting, .startPosting, .registerComplaint, .recheck, .withdraw,
             .registerRequest, .amendCertificate, .openBatch:
            [.commune]
        case .enterQuickID, .survey, .recordMeeting, .determineIncome: [.village, .commune]
        case .draftConsultation: [.commune, .communeLeader]
        case .recordOpinion, .reviewMonthlyReport: [chain.upperRole]
        case .closePosting: []
        case .acknowledgeAlert: [.province, .district, .commune, .communeLeader]
        }
    }

    /// Whether the system job may take it.
    public var isSystemAction: Bool { self == .closePosting || self == .openCampaign }

    /// The permission-matrix row the action falls under (roles.md §4).
    public var matrixAction: Action {
        switch self {
        case .registerProvincePlan, .registerDistrictPlan, .registerCommunePlan, .signPosting, .sendConsultation,
             .issueDecision, .submitMonthlyReport, .registerProvinceSummary:
            .approve
        case .acknowledgeAlert: .viewAggregates
        default: .moveReview
        }
    }

    /// Vietnamese label, as refusals name the action.
    public var vietnamese: String {
        switch self {
        case .createCampaign: "tạo đợt rà soát"
        case .registerProvincePlan: "đăng ký kế hoạch cấp tỉnh"
        case .registerDistrictPlan: "đăng ký kế hoạch cấp huyện"
        case .registerCommunePlan: "đăng ký kế hoạch cấp xã"
        case .openCampaign: "mở đợt rà soát"
        case .startConsolidation: "chuyển sang tổng hợp"
        case .registerProvinceSummary: "ban hành báo cáo tổng hợp cấp tỉnh"
        case .closeCampaign: "khóa sổ đợt rà soát"
        case .list: "đưa hộ vào danh sách rà soát"
        case .enterQuickID: "nhập phiếu A"
        case .confirmQuickID: "xác nhận phiếu A và trả lời hộ"
        case .survey: "nhập, khóa phiếu B"
        case .recordMeeting: "ghi biên bản họp dân"
        case .boardAgree: "Ban giảm nghèo thống nhất sau ý kiến phản đối"
        case .preparePosting: "dự thảo thông báo niêm yết"
        case .signPosting: "ký thông báo niêm yết"
        case .startPosting: "bắt đầu niêm yết"
        case .registerComplaint: "tiếp nhận khiếu nại"
        case .recheck: "phúc tra"
        case .closePosting: "kết thúc niêm yết"
        case .draftConsultation: "dự thảo báo cáo xin ý kiến"
        case .sendConsultation: "ký, gửi báo cáo xin ý kiến"
        case .recordOpinion: "ghi ý kiến của cấp trên"
        case .issueDecision: "ban hành quyết định công nhận"
        case .withdraw: "dừng rà soát hộ"
        case .registerRequest: "tiếp nhận giấy đề nghị (Mẫu số 01)"
        case .amendCertificate: "điều chỉnh giấy chứng nhận"
        case .openBatch: "mở đợt rà soát thường xuyên"
        case .submitMonthlyReport: "gửi báo cáo tháng"
        case .reviewMonthlyReport: "tiếp nhận, trả lại báo cáo tháng"
        case .determineIncome: "xác định thu nhập"
        case .acknowledgeAlert: "xác nhận cảnh báo"
        }
    }
}

/// The check every review action passes first (kiểm tra quyền): role, chain, scope.
public enum ReviewAuthority {
    /// Throws unless `actor` may take `action` under `chain` on `commune` (and `village`).
    ///
    /// DST acts only in three-tier rounds (roles.md §3.3); VIL only in its own villages, and an
    /// out-of-scope unit is refused as such (the store answers "not found" before this runs).
    public static func check(_ action: ReviewAction, _ actor: ReviewActor, chain: ApprovalChain,
                             commune: String? = nil, village: String? = nil) throws {
        guard let role = actor.role else {
            if action.isSystemAction { return }
            throw ReviewError.role("hệ thống", action.vietnamese)
        }
        guard action.roles(chain).contains(role) else { throw ReviewError.role(role.rawValue, action.vietnamese) }
        if role == .district && chain != .threeTier {
            throw ReviewError.role(role.rawValue, action.vietnamese + " (chỉ trong đợt ba cấp, trước 01/07/2025)")
        }
        if let commune, !actor.covers(commune: commune, village: actor.villageKeys == nil ? nil : village) {
            throw ReviewError.scope(village.map { "Thôn \($0) của xã \(commune)" } ?? "Xã \(commune)")
        }
    }
}

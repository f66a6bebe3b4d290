import Foundation
import VietnameseText

/// One setting a province may change (khóa cấu hình): its key as review.md names it, its
/// Vietnamese label, and how its value is written as text (`3`, `có`/`không`, `15/08`,
/// `01/07/2025`, `0,5`, `2-9`, one criterion per line…).
public struct ReviewSettingKey: Sendable {
    /// How a value is written.
    public enum Kind: String, Sendable {
        /// A whole number.
        case integer
        /// `true`/`false` (`có`/`không` accepted).
        case boolean
        /// A day of the year `dd/MM`.
        case dayOfYear = "day_of_year"
        /// A decimal (`0.5` or `0,5`).
        case decimal
        /// Text.
        case text
        /// One of the values listed in ``choices``.
        case choice
        /// A range `a-b` of whole numbers.
        case range
        /// Lines `id: text`.
        case lines
    }

    /// Key, e.g. `review.posting.periodic_working_days`.
    public let key: String
    /// Vietnamese label.
    public let label: String
    /// How the value is written.
    public let kind: Kind
    /// Values allowed for ``Kind/choice``.
    public let choices: [String]
    /// Bounds of integers and ranges.
    public let bounds: ClosedRange<Int>?
    let get: @Sendable (ReviewSettings, String) -> String
    let set: @Sendable (inout ReviewSettings, String, String) throws -> Void

    init(_ key: String, _ label: String, _ kind: Kind, choices: [String] = [], bounds: ClosedRange<Int>? = nil,
         get: @escaping @Sendable (ReviewSettings, String) -> String, set: @escaping @Sendable (inout ReviewSettings, String, String) throws -> Void) {
        self.key = key
        self.label = label
        self.kind = kind
        self.choices = choices
        self.bounds = bounds
        self.get = get
        self.set = set
    }

    /// The value of the setting in `settings` for `province`, as text.
    public func value(in settings: ReviewSettings, province: String) -> String { get(settings, province) }

    /// Sets the value from text; throws naming the key and what is expected.
    public func apply(_ text: String, to settings: inout ReviewSettings, province: String) throws {
        try set(&settings, text.trimmingCharacters(in: .whitespacesAndNewlines), province)
    }

    /// Names a key in parse errors.
    struct Spec { var key: String, label: String, bounds: ClosedRange<Int>? = nil }

    static func fail(_ k: Spec, _ what: String) -> ReviewError {
        ReviewError.invalid(k.key, "\(k.label) (\(k.key)): \(what)")
    }

    static func int(_ t: String, _ k: Spec) throws -> Int {
        guard let n = Int(t.replacingOccurrences(of: ".", with: "")) else { throw fail(k, "cần một số nguyên, nhận “\(t)”") }
        if let b = k.bounds, !b.contains(n) { throw fail(k, "cần số từ \(b.lowerBound) đến \(b.upperBound), nhận \(n)") }
        return n
    }

    static func bool(_ t: String, _ k: Spec) throws -> Bool {
        switch VietnameseText.fold(t) {
        case "true", "1", "co", "bat": return true
        case "false", "0", "khong", "tat": return false
        default: throw fail(k, "cần “có” hoặc “không”, nhận “\(t)”")
        }
    }

    static func day(_ t: String, _ k: Spec) throws -> DayOfYear {
        let p = t.split(separator: "/").map { Int($0) }
        guard p.count == 2, let d = p[0], let m = p[1], (1...12).contains(m), (1...CivilDate.daysInMonth(year: 2024, month: m)).contains(d) else {
            throw fail(k, "cần ngày/tháng dạng dd/MM, nhận “\(t)”")
        }
        return DayOfYear(day: d, month: m)
    }

    static func decimal(_ t: String, _ k: Spec) throws -> Double {
        guard let v = Double(t.replacingOccurrences(of: ",", with: ".")), (0...1).contains(v) else { throw fail(k, "cần một số từ 0 đến 1 (ví dụ 0,5), nhận “\(t)”") }
        return v
    }

    static func range(_ t: String, _ k: Spec) throws -> ClosedRange<Int> {
        let p = t.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "")) }
        guard p.count == 2, let a = p[0], let b = p[1], a <= b else { throw fail(k, "cần khoảng dạng a-b, nhận “\(t)”") }
        if let bounds = k.bounds, a < bounds.lowerBound || b > bounds.upperBound { throw fail(k, "khoảng phải nằm trong \(bounds.lowerBound)-\(bounds.upperBound)") }
        return a...b
    }
}

extension ReviewSettings {
    /// The settings a province may set (review.md `review.*` and `module.low_income_worker`), in
    /// the order of review.md. Not among them: `review.two_tier_from`, the national date of the
    /// July 2025 reform (a province cannot have its own), and the working-day calendar, which is
    /// the administrator's data (roles.md §4 note 26).
    public static let provinceKeys: [ReviewSettingKey] = {
        typealias K = ReviewSettingKey
        func int(_ key: String, _ label: String, _ bounds: ClosedRange<Int>, _ path: any WritableKeyPath<ReviewSettings, Int> & Sendable) -> K {
            K(key, label, .integer, bounds: bounds, get: { s, _ in String(s[keyPath: path]) }, set: { s, t, _ in
                s[keyPath: path] = try K.int(t, K.Spec(key: key, label: label, bounds: bounds))
            })
        }
        func bool(_ key: String, _ label: String, _ path: any WritableKeyPath<ReviewSettings, Bool> & Sendable) -> K {
            K(key, label, .boolean, get: { s, _ in s[keyPath: path] ? "true" : "false" }, set: { s, t, _ in
                s[keyPath: path] = try K.bool(t, K.Spec(key: key, label: label))
            })
        }
        func day(_ key: String, _ label: String, _ path: any WritableKeyPath<ReviewSettings, DayOfYear> & Sendable) -> K {
            K(key, label, .dayOfYear, get: { s, _ in s[keyPath: path].description }, set: { s, t, _ in
                s[keyPath: path] = try K.day(t, K.Spec(key: key, label: label))
            })
        }
        var keys: [K] = [
            day("review.periodic.window.start", "Ngày bắt đầu đợt rà soát định kỳ", \.windowStart),
            day("review.periodic.window.end", "Ngày kết thúc đợt rà soát định kỳ", \.windowEnd),
            day("review.periodic.reference_day", "Ngày tính tuổi", \.referenceDay),
        ]
        for item in DeadlineItem.allCases {
            let key = "review.deadline.\(item.rawValue)"
            keys.append(K(key, "Hạn: \(item.vietnamese)", .dayOfYear, get: { s, _ in (s.deadlines[item] ?? s.windowEnd).description }, set: { s, t, _ in
                s.deadlines[item] = try K.day(t, K.Spec(key: key, label: "Hạn: \(item.vietnamese)"))
            }))
        }
        keys += [
            int("review.alert.warn_days", "Cảnh báo sắp đến hạn trước (ngày)", 0...60, \.alertWarnDays),
            int("review.alert.escalate_days", "Báo cáo cấp trên khi quá hạn (ngày)", 0...60, \.alertEscalateDays),
            K("review.quick_id.criteria", "Tiêu chí Phiếu A (mỗi dòng “mã: nội dung”)", .lines,
              get: { s, _ in s.quickIDCriteria.map { "\($0.id): \($0.text)" }.joined(separator: "\n") },
              set: { s, t, _ in
                  var list: [QuickIDCriterion] = []
                  for line in t.split(whereSeparator: \.isNewline) {
                      let kv = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                      guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty, kv[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                          throw ReviewError.invalid("review.quick_id.criteria", "Tiêu chí Phiếu A: mỗi dòng dạng “mã: nội dung” (mã chỉ gồm chữ không dấu, số, _), nhận “\(line)”")
                      }
                      list.append(QuickIDCriterion(id: kv[0], text: VietnameseText.nfc(kv[1])))
                  }
                  guard !list.isEmpty else { throw ReviewError.invalid("review.quick_id.criteria", "Tiêu chí Phiếu A: cần ít nhất một tiêu chí") }
                  s.quickIDCriteria = list
              }),
            K("review.meeting.min_household_share", "Tỷ lệ hộ tối thiểu dự họp dân (0 = không quy định)", .decimal,
              get: { s, _ in String(s.meetingMinHouseholdShare) },
              set: { s, t, _ in s.meetingMinHouseholdShare = try K.decimal(t, K.Spec(key: "review.meeting.min_household_share", label: "Tỷ lệ hộ tối thiểu dự họp dân")) }),
            bool("review.meeting.followup_by_board", "Ban giảm nghèo xã thống nhất lại sau ý kiến không thống nhất", \.meetingFollowupByBoard),
            int("review.posting.periodic_working_days", "Số ngày làm việc niêm yết (định kỳ)", 1...30, \.periodicPostingWorkingDays),
            int("review.recheck.min_team", "Số người tối thiểu của tổ phúc tra", 1...10, \.recheckMinTeam),
            int("review.recheck.working_days", "Hạn phúc tra (ngày làm việc)", 1...30, \.recheckWorkingDays),
            bool("review.recheck.repost_on_change", "Niêm yết lại khi phúc tra thay đổi kết quả", \.recheckRepostOnChange),
            int("review.consult.wait_working_days", "Chờ ý kiến cấp trên (ngày làm việc)", 1...30, \.consultWaitWorkingDays),
            K("review.consult.two_tier_recipient", "Cơ quan nhận báo cáo xin ý kiến (chính quyền hai cấp)", .text,
              get: { s, _ in s.consultTwoTierRecipient }, set: { s, t, _ in
                  guard !t.isEmpty else { throw ReviewError.invalid("review.consult.two_tier_recipient", "Cơ quan nhận báo cáo: không được để trống") }
                  s.consultTwoTierRecipient = VietnameseText.nfc(t)
              }),
            K("review.decision.effective", "Quyết định có hiệu lực từ", .choice, choices: ["decision_date", "next_jan_1"],
              get: { s, _ in s.decisionEffective.rawValue }, set: { s, t, _ in
                  guard let v = DecisionEffective(rawValue: t) else {
                      throw ReviewError.invalid("review.decision.effective", "Quyết định có hiệu lực từ: cần decision_date (ngày ký) hoặc next_jan_1 (01/01 năm sau)")
                  }
                  s.decisionEffective = v
              }),
            K("review.certificate.sequence_scope", "Đánh số giấy chứng nhận", .choice, choices: ["commune_standard_period", "commune_year"],
              get: { s, _ in s.certificateSequenceScope.rawValue }, set: { s, t, _ in
                  guard let v = CertificateSequenceScope(rawValue: t) else {
                      throw ReviewError.invalid("review.certificate.sequence_scope", "Đánh số giấy chứng nhận: cần commune_standard_period hoặc commune_year")
                  }
                  s.certificateSequenceScope = v
              }),
            int("review.regular.batch_day", "Ngày bắt đầu đợt tháng", 1...28, \.regularBatchDay),
            int("review.regular.cutoff_day", "Ngày chốt đề nghị của đợt tháng", 1...28, \.regularCutoffDay),
            bool("review.regular.require_meeting", "Đợt tháng có họp dân", \.regularRequireMeeting),
            bool("review.regular.require_consult", "Đợt tháng xin ý kiến cấp trên", \.regularRequireConsult),
            int("review.regular.survey_working_days", "Hạn rà soát của đợt tháng (ngày làm việc)", 1...30, \.regularSurveyWorkingDays),
            int("review.regular.posting_working_days", "Số ngày làm việc niêm yết (đợt tháng)", 1...30, \.regularPostingWorkingDays),
            int("review.regular.decision_working_days", "Hạn quyết định sau niêm yết (ngày làm việc)", 1...30, \.regularDecisionWorkingDays),
            bool("review.regular.voluntary_exit", "Cho phép tự nguyện ra khỏi danh sách trái kết quả rà soát", \.regularVoluntaryExit),
            bool("review.regular.fold_into_campaign", "Đề nghị trong đợt định kỳ chuyển vào danh sách định kỳ", \.regularFoldIntoCampaign),
            bool("review.regular.commune_initiated", "Xã được chủ động mở hồ sơ rà soát", \.regularCommuneInitiated),
            int("review.regular.report_day", "Ngày nộp báo cáo tháng của xã", 1...28, \.regularReportDay),
            K("review.regular.report_months", "Các tháng nộp báo cáo tháng (a-b)", .range, bounds: 1...12,
              get: { s, _ in "\(s.regularReportMonths.lowerBound)-\(s.regularReportMonths.upperBound)" },
              set: { s, t, _ in s.regularReportMonths = try K.range(t, K.Spec(key: "review.regular.report_months", label: "Các tháng nộp báo cáo tháng", bounds: 1...12)) }),
            int("review.regular.district_report_day", "Ngày nộp báo cáo tháng tổng hợp", 1...28, \.regularDistrictReportDay),
            bool("review.regular.nil_report", "Xã không phát sinh vẫn nộp báo cáo", \.regularNilReport),
            K("review.avg_agri.min_share", "Tỷ lệ thu nhập tối thiểu từ nông, lâm, ngư, diêm nghiệp", .decimal,
              get: { s, _ in String(s.avgAgriMinShare) },
              set: { s, t, _ in s.avgAgriMinShare = try K.decimal(t, K.Spec(key: "review.avg_agri.min_share", label: "Tỷ lệ thu nhập tối thiểu từ nông, lâm, ngư, diêm nghiệp")) }),
            bool("review.avg_agri.in_periodic_list", "Hộ có mức sống trung bình vào danh sách rà soát định kỳ", \.avgAgriInPeriodicList),
        ]
        for standard in ["QD59-2016", "ND07-2022", "ND351-2027"] {
            for urban in [false, true] {
                let key = "review.avg_agri.band.\(standard).\(urban ? "urban" : "rural")"
                keys.append(K(key, "Khoảng thu nhập hộ có mức sống trung bình, chuẩn \(standard), \(urban ? "thành thị" : "nông thôn") (đồng/người/tháng, a-b; trống = chưa có)",
                              .range, bounds: 0...100_000_000,
                              get: { s, _ in s.avgAgriBands[standard].map { b in let r = urban ? b.urban : b.rural; return "\(r.lowerBound)-\(r.upperBound)" } ?? "" },
                              set: { s, t, _ in
                                  if t.isEmpty { s.avgAgriBands[standard] = nil; return }
                                  let r = try K.range(t, K.Spec(key: key, label: "Khoảng thu nhập chuẩn \(standard)", bounds: 0...100_000_000))
                                  var band = s.avgAgriBands[standard] ?? IncomeBand(rural: r, urban: r)
                                  if urban { band.urban = r } else { band.rural = r }
                                  s.avgAgriBands[standard] = band
                              }))
            }
        }
        keys += [
            int("review.low_income.working_days", "Số ngày làm việc niêm yết (xác định hộ mức sống trung bình, người lao động thu nhập thấp)", 1...30,
                \.lowIncomePostingWorkingDays),
            K("module.low_income_worker", "Bật xác định người lao động có thu nhập thấp (NĐ 30/2025)", .boolean,
              get: { s, p in s.lowIncomeWorkerProvinces.contains(p) ? "true" : "false" },
              set: { s, t, p in
                  if try K.bool(t, K.Spec(key: "module.low_income_worker", label: "Bật xác định người lao động có thu nhập thấp")) { s.lowIncomeWorkerProvinces.insert(p) }
                  else { s.lowIncomeWorkerProvinces.remove(p) }
              }),
        ]
        return keys
    }()

    /// These settings with a province's changes applied (each `key → text value`); throws on
    /// the first unknown key or invalid value, naming it.
    public func applying(_ changes: [String: String], province: String) throws -> ReviewSettings {
        var s = self
        for key in changes.keys.sorted() {
            guard let k = Self.provinceKeys.first(where: { $0.key == key }) else {
                throw ReviewError.invalid(key, "Không có khóa cấu hình \(key)")
            }
            try k.apply(changes[key]!, to: &s, province: province)
        }
        return s
    }

    /// The values of every province key that differ from `base` (what a province changed).
    public func changes(from base: ReviewSettings, province: String) -> [String: String] {
        var out: [String: String] = [:]
        for k in Self.provinceKeys where k.value(in: self, province: province) != k.value(in: base, province: province) {
            out[k.key] = k.value(in: self, province: province)
        }
        return out
    }
}

/// State of a version of a province's settings.
public enum SettingsVersionState: String, Sendable, Codable, Hashable {
    /// Proposed, waiting for a second account's approval (chờ duyệt).
    case pending
    /// In force (đang áp dụng).
    case active
    /// Refused by the second account (bị từ chối).
    case rejected
    /// Replaced by a later active version (đã thay thế).
    case superseded

    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .pending: "Chờ duyệt"
        case .active: "Đang áp dụng"
        case .rejected: "Bị từ chối"
        case .superseded: "Đã thay thế"
        }
    }
}

/// A version of a province's review settings (phiên bản cấu hình rà soát của tỉnh): the values
/// that differ from the national defaults, who proposed it and who approved it.
///
/// Decision (roles.md §4 note 26, "a new version becomes active only after a second authorised
/// account approves it"): these settings are a province's reading of review.md's unconfirmed
/// rules, the same kind of thing as a local standard or a catalogue, so the note applies: a PRV
/// of the province (or ADM) proposes a version; another account — a PRV of the province or ADM,
/// never the proposer — approves it, and only then does it replace the active version. A
/// version is never edited (a change is a new version); every step is a `setting_change` audit
/// entry. The values apply to steps taken after activation; records already made keep theirs
/// (a campaign's chain and window are fixed at creation, a notice's end when it was signed).
public struct ReviewSettingsVersion: Sendable, Hashable, Codable {
    /// Province.
    public var provinceCode: String
    /// Version number (1, 2…), assigned by the store.
    public var version: Int
    /// State.
    public var state: SettingsVersionState
    /// The province's values (`key → text`) that differ from the defaults.
    public var changes: [String: String]
    /// Why (lý do).
    public var reason: String
    /// Proposed by, at.
    public var proposedBy: String, proposedAt: Date
    /// Approved or rejected by, at, and the note.
    public var decidedBy: String?, decidedAt: Date?, decisionNote: String?

    /// Creates a pending version after checking every value against `defaults`.
    public init(provinceCode: String, changes: [String: String], reason: String, proposedBy: String, proposedAt: Date,
                defaults: ReviewSettings = .standard) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ReviewError.invalid("reason", "Cần nêu lý do thay đổi cấu hình") }
        _ = try defaults.applying(changes, province: provinceCode)
        self.provinceCode = provinceCode
        self.version = 0
        self.state = .pending
        self.changes = changes
        self.reason = VietnameseText.nfc(reason)
        self.proposedBy = proposedBy
        self.proposedAt = proposedAt
    }

    /// Throws unless `account` may approve or reject: the version is pending and the account is
    /// not the one that proposed it (the second pair of eyes).
    public func checkDecider(_ account: String) throws {
        guard state == .pending else { throw ReviewError.state("Phiên bản cấu hình \(version)", is: state.vietnamese, action: "duyệt") }
        guard account != proposedBy else {
            throw ReviewError.guardFailed("settings_second_approver", "Phiên bản cấu hình phải do một tài khoản khác người đề xuất (\(proposedBy)) duyệt")
        }
    }
}

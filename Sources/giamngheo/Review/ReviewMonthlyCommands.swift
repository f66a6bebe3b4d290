import ArgumentParser
import Foundation
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// `giamngheo review identify`: the avg-agri and low-income-worker identifications of a monthly
/// batch (review.md §5, §7).
struct ReviewIdentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Xác định hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình và người lao động có thu nhập thấp trong đợt tháng.",
        subcommands: [AverageAgri.self, LowIncome.self, Post.self, Decide.self])

    /// `identify avg-agri`: a reviewer's income determination (VIL, COM).
    struct AverageAgri: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "avg-agri", abstract: "Xác định thu nhập 12 tháng của hộ theo nguồn (VIL, COM); trợ cấp xã hội được trừ.")
        @OptionGroup var acting: ReviewActing
        @OptionGroup var dossier: DossierOptions
        @Option var household: String
        @Option(help: "Số nhân khẩu.") var members: Int
        @Option(help: "Thu nhập ròng theo nguồn, lặp lại: crops=30000000, wages=12000000 (crops, livestock, forestry, aquaculture_fishing, salt, wages, non_farm_business, pensions, remittances, other).")
        var income: [String] = []
        @Option(help: "Trợ cấp xã hội của Nhà nước trong 12 tháng (đồng).") var socialAssistance = 0

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            var incomes: [IncomeSource: Int] = [:]
            for pair in income {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, let source = IncomeSource(rawValue: kv[0]), let amount = Int(kv[1].replacingOccurrences(of: ".", with: "")), amount >= 0 else {
                    printError("--income \"\(pair)\": cần dạng nguồn=số tiền, ví dụ crops=30000000 [avg_agri.source]")
                    throw ExitCode(2)
                }
                incomes[source, default: 0] += amount
            }
            try reviewRun {
                let a = try workflow.determineAverageAgri(round: dossier.round, commune: dossier.commune, householdCode: household, members: members,
                                                          incomes: incomes, socialAssistance: socialAssistance, by: actor, at: Date(), context: access)
                print("\(a.id)\t\(a.householdCode)\t\(a.perCapitaMonthly.map(VietnameseText.formatVND) ?? "")\t"
                      + (a.qualifies == true ? "đủ điều kiện" : "không đủ điều kiện") + (a.reason.map { "\t\($0)" } ?? ""))
            }
        }
    }

    /// `identify low-income`: one member checked (VIL, COM).
    struct LowIncome: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "low-income", abstract: "Xác định một thành viên là người lao động có thu nhập thấp (VIL, COM); tỉnh phải bật module.low_income_worker.")
        @OptionGroup var acting: ReviewActing
        @OptionGroup var dossier: DossierOptions
        @Option var household: String
        @Option(help: "Số thứ tự thành viên.") var member: Int
        @Option(help: "Thu nhập bình quân của hộ (đồng/người/tháng).") var income: Int

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            try reviewRun {
                let l = try workflow.checkLowIncomeWorker(round: dossier.round, commune: dossier.commune, householdCode: household, memberNo: member,
                                                          perCapitaIncome: income, by: actor, at: Date(), context: access)
                print("\(l.id)\t\(l.householdCode)#\(l.memberNo)\t" + (l.qualifies == true ? "đủ điều kiện" : "không đủ điều kiện") + (l.reason.map { "\t\($0)" } ?? ""))
            }
        }
    }

    /// `identify post`: the results posted (COM).
    struct Post: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "post", abstract: "Niêm yết kết quả xác định (COM); thời hạn tính theo ngày làm việc.")
        @OptionGroup var acting: ReviewActing
        @OptionGroup var dossier: DossierOptions
        @Option(help: "Bắt đầu niêm yết, dd/MM/yyyy HH:mm (mặc định: bây giờ).") var start: String?

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            let at = try parseInstant(start, "start")
            try reviewRun {
                printStep(try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                    try d.postIdentifications(start: at, by: actor, at: Date(), environment: env)
                }, "Niêm yết kết quả xác định")
            }
        }
    }

    /// `identify decide`: the chairman's decision on the identifications (CLD).
    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decide", abstract: "Quyết định công nhận kết quả xác định đã hết thời hạn niêm yết (CLD).")
        @OptionGroup var acting: ReviewActing
        @OptionGroup var dossier: DossierOptions
        @Option var number: String
        @Option var date: String?
        @Option var signer: String

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            try reviewRun {
                let day = try date.map { try parseDay($0, "date") } ?? LocalTime.day(Date())
                printStep(try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                    try d.decideIdentifications(number: number, date: day, signer: signer, by: actor, at: Date(), environment: env)
                }, "Quyết định \(number)")
            }
        }
    }
}

/// `giamngheo review monthly-report`: the commune's monthly report (R5), compiled, submitted,
/// accepted or returned (review.md §4).
struct ReviewMonthlyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly-report",
        abstract: "Báo cáo tháng của xã (nộp ngày 5 các tháng 2–9): compile (lập), submit (gửi), accept (tiếp nhận), return (trả lại, cần --reason), show.")
    @OptionGroup var acting: ReviewActing
    @Argument(help: "compile, submit, accept, return, show.") var action: String
    @Option var commune: String
    @Option var year: Int
    @Option(help: "Tháng có quyết định được báo cáo (báo cáo nộp ngày 5 tháng sau).") var month: Int
    @Option var reason: String?

    func run() throws {
        let (workflow, store) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            let id = MonthlyReport.id(unitCode: commune, year: year, month: month)
            let report: MonthlyReport
            switch action {
            case "compile":
                let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: year, month: month), twoTierFrom: workflow.settings.twoTierFrom)
                try ReviewAuthority.check(.submitMonthlyReport, actor, chain: chain, commune: commune)
                report = try workflow.compileMonthlyReport(commune: commune, year: year, month: month, context: access)
            case "submit": report = try workflow.submitMonthlyReport(id, by: actor, at: Date(), context: access)
            case "accept", "return":
                report = try workflow.reviewMonthlyReport(id, accept: action == "accept", reason: reason, by: actor, at: Date(), context: access)
            case "show":
                guard let r = try store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
                report = r
            default:
                printError("\"\(action)\": cần compile, submit, accept, return hoặc show [monthly_report.action]")
                throw ExitCode(2)
            }
            print("\(report.id)\t\(report.state.vietnamese)\thạn \(VietnameseText.formatDate(report.dueDate))" + (report.nilReport ? "\tkhông phát sinh" : ""))
            let f = report.figures
            print("Đề nghị: bổ sung \(f.requestsAdd), ra khỏi \(f.requestsLeave); đã quyết định: công nhận \(f.decidedRecognised), không đủ điều kiện \(f.decidedRejected); chờ: \(f.pending)")
            print("Cuối tháng: \(f.poor) hộ nghèo, \(f.nearPoor) hộ cận nghèo / \(f.total) hộ")
            for (flow, n) in f.events.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { print("  \(flow.rawValue)\t\(n)") }
        }
    }
}

/// `giamngheo review alerts`: the open deadline alerts of units (review.md §3.2).
struct ReviewAlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Cảnh báo thời hạn đang mở của đơn vị (sắp đến hạn, quá hạn, báo cáo cấp trên).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Mã đơn vị (tỉnh hoặc xã), lặp lại được.") var unit: [String]
    @Flag(help: "Cả cảnh báo đã đóng.") var all = false

    func run() throws {
        let (_, store) = try database.reviewWorkflow()
        try reviewRun {
            print("unit\tround\titem\tdue\tlevel\tescalated_from\tclosed_on")
            for a in try store.alerts(unitCodes: Set(unit), openOnly: !all) {
                print([a.unitCode, a.roundID, a.item, VietnameseText.formatDate(a.dueDate), a.level.rawValue, a.escalatedFrom ?? "",
                       a.closedOn.map(VietnameseText.formatDate) ?? ""].joined(separator: "\t"))
            }
        }
    }
}

/// `giamngheo review progress`: R10 (reports.md) of a campaign or a month, as tab-separated text.
struct ReviewProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Tiến độ (R10) của đợt định kỳ (--campaign) hoặc của rà soát thường xuyên một tháng (--year, --month) cho tỉnh hoặc xã.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Mã tỉnh hoặc mã xã.") var unit: String
    @Option var campaign: String?
    @Option var year: Int?
    @Option var month: Int?

    func run() throws {
        let (workflow, store) = try database.reviewWorkflow()
        try reviewRun {
            let today = LocalTime.day(Date())
            let sheet: RecordSheet
            if let campaign {
                guard let c = try store.campaign(id: campaign) else { throw ReviewError.notFound("đợt rà soát \(campaign)") }
                sheet = try workflow.campaignProgress(c, unit: unit, today: today)
            } else {
                sheet = try workflow.monthProgress(unit: unit, year: year ?? today.year, month: month ?? today.month, today: today)
            }
            print(sheet.subject)
            if let period = sheet.period { print(period) }
            print(sheet.columns.map(\.key).joined(separator: "\t"))
            for row in sheet.rows { print(row.map(\.plain).joined(separator: "\t")) }
        }
    }
}

/// `giamngheo review settings`: a province's review settings and their versions (roles.md §4
/// note 26: a version proposed by one account is in force only once another approves it).
struct ReviewSettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Cấu hình rà soát của tỉnh: show (xem), propose (đề xuất phiên bản, --set khóa=giá trị), approve | reject (tài khoản khác người đề xuất).")
    @OptionGroup var acting: ReviewActing
    @Argument(help: "show, propose, approve, reject.") var action: String
    @Option var province: String
    @Option(help: "khóa=giá trị, lặp lại (propose): toàn bộ các giá trị khác mặc định quốc gia.") var set: [String] = []
    @Option var reason: String?
    @Option var version: Int?
    @Option var note: String?

    func run() throws {
        let (workflow, store) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            switch action {
            case "show":
                let inForce = try workflow.provinceSettings(province)
                print("key\tvalue\tdefault")
                for k in ReviewSettings.provinceKeys {
                    print([k.key, k.value(in: inForce, province: province), k.value(in: workflow.settings, province: province)]
                        .map { $0.replacingOccurrences(of: "\n", with: " | ") }.joined(separator: "\t"))
                }
                for v in try store.settingsVersions(provinceCode: province) {
                    print("phiên bản \(v.version)\t\(v.state.vietnamese)\t\(v.proposedBy)\t\(v.decidedBy ?? "")\t"
                          + v.changes.keys.sorted().map { "\($0)=\(v.changes[$0]!)" }.joined(separator: "; "))
                }
            case "propose":
                var changes: [String: String] = [:]
                for pair in set {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    guard kv.count == 2 else { throw ReviewError.invalid("set", "--set \"\(pair)\": cần dạng khóa=giá trị") }
                    changes[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1]
                }
                let v = try workflow.proposeSettings(province: province, changes: changes, reason: reason ?? "", by: actor.account, role: actor.role,
                                                     unit: actor.unitCode, at: Date(), context: access)
                print("Đã đề xuất phiên bản \(v.version) của tỉnh \(province): chờ một tài khoản khác duyệt.")
            case "approve", "reject":
                guard let version else { throw ReviewError.invalid("version", "Cần --version") }
                let v = try workflow.decideSettings(province: province, version: version, approve: action == "approve", note: note, by: actor.account,
                                                    role: actor.role, unit: actor.unitCode, at: Date(), context: access)
                print("Phiên bản \(v.version): \(v.state.vietnamese).")
            default:
                printError("\"\(action)\": cần show, propose, approve hoặc reject [settings.action]")
                throw ExitCode(2)
            }
        }
    }
}

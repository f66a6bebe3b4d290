import ArgumentParser
import Foundation
import Interchange
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// `giamngheo review batch`: opens a commune's monthly batch (COM).
struct ReviewBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "Mở đợt rà soát thường xuyên tháng (từ ngày 15) và đưa các đề nghị vào danh sách (COM).")
    @OptionGroup var acting: ReviewActing
    @Option var commune: String
    @Option var year: Int
    @Option var month: Int

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            let (batch, listing) = try workflow.openBatch(commune: commune, year: year, month: month, by: actor, at: Date(), context: access)
            print("Đã mở đợt \(batch.id) (chuỗi \(batch.chain.vietnamese)); hạn rà soát \(VietnameseText.formatDate(batch.surveyDue)).")
            printStep(listing, "Đưa vào danh sách")
        }
    }
}

/// `giamngheo review daily`: the daily job now, as the system.
struct ReviewDailyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily", abstract: "Chạy tác vụ hằng ngày: mở đợt đến ngày, kết thúc niêm yết, quy tắc im lặng, cảnh báo thời hạn.")
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let (workflow, _) = try database.reviewWorkflow()
        try reviewRun {
            let r = try workflow.runDailyJob(at: Date(), context: database.access())
            print("Mở đợt: \(r.campaignsOpened.joined(separator: ", ")); hết niêm yết: \(r.postingsClosed) hộ; im lặng: \(r.silenceApplied); khóa đợt tháng: \(r.batchesClosed.joined(separator: ", ")); cảnh báo đang mở: \(r.openAlerts).")
        }
    }
}

/// `giamngheo review status`: a commune's dossier, household by household.
struct ReviewStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Hồ sơ rà soát của xã: từng hộ với trạng thái, phân loại, văn bản.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dossier: DossierOptions

    func run() throws {
        let (workflow, _) = try database.reviewWorkflow()
        try reviewRun {
            let d = try workflow.dossier(round: dossier.round, commune: dossier.commune)
            print("Đợt \(d.round.id) — \(d.communeName) (\(d.communeCode)), chuẩn \(d.round.standardID)")
            print("household_code\tvillage\tstate\tclass_at_listing\tcomputed_class\tb1\tb2\tdecided_class")
            for c in d.cases.values.sorted(by: { $0.householdCode < $1.householdCode }) {
                print([c.householdCode, c.village, c.state.rawValue, c.classAtListing.rawValue, c.result?.povertyClass.rawValue ?? "",
                       c.result?.b1Score.map(String.init) ?? "", c.result.map { String($0.b2Score) } ?? "", c.decidedClass?.rawValue ?? ""].joined(separator: "\t"))
            }
            for n in d.postings.values.sorted(by: { $0.id < $1.id }) {
                print("Thông báo \(n.id) \(n.number): \(n.state.rawValue), \(LocalTime.format(n.start)) → hết ngày \(VietnameseText.formatDate(n.lastDay))")
            }
            for q in d.decisions.values.sorted(by: { $0.id < $1.id }) { print("Quyết định \(q.number) ngày \(VietnameseText.formatDate(q.date)): \(q.lines.count) hộ") }
        }
    }
}

/// `giamngheo review timeline CODE`: a household year by year.
struct ReviewTimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline", abstract: "Diễn biến của hộ qua các năm (phân loại, biến động, quyết định, B1, B2).")
    @OptionGroup var database: DatabaseOptions
    @Argument var household: String

    func run() throws {
        let (workflow, _) = try database.reviewWorkflow()
        try reviewRun {
            print("year\tclass_start\tclass_end\tflow\tstandard\tdecisions\tb1\tb2")
            for y in try workflow.timeline(householdCode: household, through: LocalTime.day(Date()).year) {
                print("\(y.year)\t\(y.classAtStart.rawValue)\t\(y.classAtEnd.rawValue)\t\(y.flow.rawValue)\(y.reentryAfterEscape ? " (tái nghèo sau thoát)" : "")\t\(y.standardID ?? "")\t\(y.decisions.joined(separator: ";"))\t\(y.b1.map(String.init) ?? "")\t\(y.b2.map(String.init) ?? "")")
            }
        }
    }
}

/// `giamngheo review certificates`: the certificates of a dossier's households, as printed.
struct ReviewCertificatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "certificates", abstract: "Giấy chứng nhận hộ nghèo, hộ cận nghèo của các hộ trong hồ sơ.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dossier: DossierOptions

    func run() throws {
        let (workflow, store) = try database.reviewWorkflow()
        try reviewRun {
            let d = try workflow.dossier(round: dossier.round, commune: dossier.commune)
            let codes = d.cases.values.filter { $0.decisionID != nil }.map(\.householdCode).sorted()
            try store.recordSecurityEvent("read_personal", entityType: "review_certificate", entityIDs: codes, context: database.access())
            for code in codes {
                for c in try store.certificates(householdCode: code) {
                    print("Số: \(c.number) — hộ \(c.householdCode), chủ hộ \(c.head.name), \(c.recognisedClass.vietnamese), cấp \(VietnameseText.formatDate(c.issuedOn)) theo QĐ \(c.decision)"
                          + (c.closingNote.map { " — \($0)" } ?? ""))
                    for row in c.confirmations { print("  \(row.year): \(row.recognisedClass.vietnamese), QĐ \(row.decision), \(VietnameseText.formatDate(row.stampDate))") }
                }
            }
        }
    }
}

/// `giamngheo review holidays list|import FILE`: the holiday calendar (system administrator).
struct ReviewHolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays", abstract: "Lịch nghỉ lễ, Tết dùng để tính ngày làm việc: xem (list) hoặc nạp một tệp JSON (import FILE).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "list hoặc import.") var action: String
    @Argument(help: "Tệp JSON cùng dạng Resources/Holidays/vietnam.json (import).") var file: String?

    func run() throws {
        let store = try database.open()
        try reviewRun {
            if action == "import" {
                let data = try Data(contentsOf: URL(fileURLWithPath: file ?? ""))
                let calendar = try HolidayCalendar.decode(data)
                for year in calendar.years.values.sorted(by: { $0.year < $1.year }) {
                    try store.saveHolidayYear(year, context: database.access())
                    print("Đã nạp lịch năm \(year.year): \(year.holidays.count) ngày nghỉ, \(year.makeUpWorkdays.count) ngày làm bù (\(year.status)).")
                }
                return
            }
            for year in try store.holidayCalendar().years.values.sorted(by: { $0.year < $1.year }) {
                print("\(year.year) (\(year.status)): " + year.holidays.map { VietnameseText.formatDate($0.date) }.joined(separator: ", "))
            }
        }
    }
}

/// `giamngheo review import-history FILE`: decisions of past years (2019–2025, three-tier codes).
struct ReviewImportHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-history",
        abstract: "Nạp kết quả công nhận và quyết định các năm trước (decisions.csv/xlsx), tất cả hoặc không có gì.",
        discussion: "Cột: household_code, commune_code, year, recognised_class, standard, decision_number, decision_date, review_kind (tên tiếng Việt được chấp nhận).")
    @OptionGroup var database: DatabaseOptions
    @Argument var file: String
    @Flag(help: "Chỉ kiểm tra, không ghi.") var dryRun = false

    func run() throws {
        let rows: [DecisionHistoryRow]
        do {
            rows = try DecisionHistoryFile.read(URL(fileURLWithPath: file), currentYear: LocalTime.day(Date()).year)
        } catch let report as ImportErrorReport {
            printError(report.description)
            throw ExitCode(2)
        }
        print("Tệp hợp lệ: \(rows.count) dòng.")
        if dryRun { return }
        let store = try database.open()
        try reviewRun {
            let s = try store.importDecisionHistory(rows, context: database.access())
            print("Đã ghi \(s.statusRecords) bản ghi phân loại, \(s.transitions) biến động; \(s.unchanged) dòng đã có; đợt nhập: \(s.campaignsCreated.joined(separator: ", ")).")
        }
    }
}

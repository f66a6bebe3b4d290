import Access
import ArgumentParser
import Foundation
import Registry
import Review
import ReviewWorkflow
import Store
import StoreSQLite
import VietnameseText
import WebApp

/// `giamngheo review`: the review workflows on a registry file (rà soát hộ nghèo, hộ cận nghèo).
///
/// The operator acts in a role for a unit (`--as COM:18739`, `--as VIL:18739:Thôn Một`,
/// `--as PRV:42`, `--as CLD:18739`, `--as DST:436`): the Review module checks that role exactly as
/// it checks a signed-in official, and the audit log records the role with the operator's account.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Rà soát hộ nghèo, hộ cận nghèo: đợt định kỳ, rà soát thường xuyên hằng tháng, lịch sử quyết định.",
        discussion: """
            Ví dụ (một đợt định kỳ):
              giamngheo review campaign create --db F --year 2026 --as PRV:42
              giamngheo review campaign plan --db F --campaign RS-42-2026 --level province --unit 42 --number 45/KH-UBND --date 01/08/2026 --signer "Chủ tịch" --as PRV:42
              giamngheo review campaign open --db F --campaign RS-42-2026 --as PRV:42
              giamngheo review list --db F --round RS-42-2026 --commune 18739 --as COM:18739
              giamngheo review survey --db F --round RS-42-2026 --commune 18739 --household HT-01 --b1 120 --deprived employment,dependants,latrine --lock --as VIL:18739:"Thôn Trung Sơn"
              giamngheo review meeting --db F --round RS-42-2026 --commune 18739 --village "Thôn Trung Sơn" --number 01/BB --date 01/11/2026 --agreed HT-01 --as VIL:18739:"Thôn Trung Sơn"
              giamngheo review posting prepare|sign|start …, review decide …, review status …
            """,
        subcommands: [
            ReviewCampaignCommand.self, ReviewListCommand.self, ReviewRequestCommand.self, ReviewSurveyCommand.self,
            ReviewMeetingCommand.self, ReviewPostingCommand.self, ReviewComplaintCommand.self, ReviewRecheckCommand.self,
            ReviewConsultCommand.self, ReviewDecideCommand.self, ReviewWithdrawCommand.self, ReviewBatchCommand.self,
            ReviewDailyCommand.self, ReviewStatusCommand.self, ReviewTimelineCommand.self, ReviewCertificatesCommand.self,
            ReviewHolidaysCommand.self, ReviewImportHistoryCommand.self, ReviewIdentifyCommand.self, ReviewMonthlyReportCommand.self,
            ReviewAlertsCommand.self, ReviewProgressCommand.self, ReviewSettingsCommand.self,
        ])
}

/// `--db`, `--user` and `--as ROLE:UNIT[:villages]`: the file, the operator, the role acted in.
struct ReviewActing: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as"), help: "Vai trò và đơn vị: PRV:42, DST:436, COM:18739, CLD:18739, VIL:18739:Thôn A,Thôn B.")
    var acting: String

    /// The workflow on the opened file.
    func workflow() throws -> (ReviewWorkflow, any WebStore) { try database.reviewWorkflow() }

    /// The actor of `--as` and the audit context naming its role.
    func actor(_ workflow: ReviewWorkflow) throws -> (ReviewActor, AccessContext) {
        let parts = acting.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let role = Role(rawValue: parts[0].uppercased()) else {
            printError("--as \"\(acting)\": cần dạng VAI_TRÒ:MÃ_ĐƠN_VỊ, ví dụ COM:18739 hoặc VIL:18739:Thôn A [as.invalid]")
            throw ExitCode(2)
        }
        let villages = parts.count > 2 ? parts[2].split(separator: ",").map { VietnameseText.nfc(String($0).trimmingCharacters(in: .whitespaces)) } : []
        let assignment = Assignment(role: role, unitCode: parts[1], villages: villages, validFrom: CivilDate(year: 2000, month: 1, day: 1))
        var access = database.access()
        access.role = role.rawValue
        access.assignment = "cli:\(acting)"
        let actor = ReviewActor(account: access.account, assignment: assignment, policy: AccessPolicy(catalog: workflow.catalog))
        return (actor, access)
    }
}

extension DatabaseOptions {
    /// The review workflow on the opened registry, with its unit lists.
    func reviewWorkflow() throws -> (ReviewWorkflow, any WebStore) {
        let store = try open()
        do {
            return (ReviewWorkflow(store: store, catalog: try store.unitCatalog()), store)
        } catch let e as StoreError {
            throw failWith(e)
        }
    }
}

/// Runs a review operation, printing refusals as the officer reads them (exit 2 for a refused
/// step or bad input, 3 for a database problem).
func reviewRun(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ReviewError {
        printError(e.description)
        throw ExitCode(2)
    } catch let e as StoreError {
        throw failWith(e)
    }
}

/// Prints what a batch step moved and skipped.
func printStep(_ r: BatchResult, _ what: String) {
    print("\(what): \(r.moved.count) hộ" + (r.recordID.map { " — \($0)" } ?? ""))
    for code in r.moved { print("  ✓ \(code)") }
    for s in r.skipped { print("  – \(s.householdCode): \(s.reason) [\(s.code)]") }
}

/// A date option in `dd/MM/yyyy` (or `yyyy-MM-dd`).
func parseDay(_ text: String, _ option: String) throws -> CivilDate {
    guard let d = VietnameseText.parseDate(text) else {
        printError("--\(option) \"\(text)\": ngày phải theo dạng dd/MM/yyyy [date.invalid]")
        throw ExitCode(2)
    }
    return d
}

/// A `dd/MM/yyyy HH:mm` option (Viet Nam time), or now.
func parseInstant(_ text: String?, _ option: String) throws -> Date {
    guard let text else { return Date() }
    let parts = text.split(separator: " ")
    let day = try parseDay(String(parts[0]), option)
    var hour = 0, minute = 0
    if parts.count > 1 {
        let hm = parts[1].split(separator: ":").compactMap { Int($0) }
        hour = hm.first ?? 0
        minute = hm.count > 1 ? hm[1] : 0
    }
    return LocalTime.instant(day, hour: hour, minute: minute)
}

/// `--round` and `--commune`.
struct DossierOptions: ParsableArguments {
    @Option(help: "Đợt: RS-{tỉnh}-{năm} (định kỳ) hoặc RT-{xã}-{yyyy}-{MM} (thường xuyên).")
    var round: String
    @Option(help: "Mã xã.")
    var commune: String
}

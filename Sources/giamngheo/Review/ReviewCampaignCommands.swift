import ArgumentParser
import Foundation
import Registry
import Review
import ReviewWorkflow
import VietnameseText

/// `giamngheo review campaign …`: the province's yearly campaign.
struct ReviewCampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Đợt rà soát định kỳ của tỉnh: tạo, kế hoạch, mở, tổng hợp, báo cáo, khóa sổ, xem.",
        subcommands: [Create.self, Plan.self, Transition.self, Summary.self, Show.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Tạo đợt RS-{tỉnh}-{năm} (PRV).")
        @OptionGroup var acting: ReviewActing
        @Option(help: "Năm rà soát.") var year: Int
        @Option(help: "Mã tỉnh (mặc định: đơn vị của --as).") var province: String?

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            try reviewRun {
                let c = try workflow.createCampaign(province: province ?? actor.unitCode, year: year, by: actor, at: Date(), context: access)
                print("Đã tạo đợt \(c.id): chuẩn \(c.standardID), chuỗi \(c.chain.vietnamese), thời gian \(VietnameseText.formatDate(c.window.start))–\(VietnameseText.formatDate(c.window.end)).")
            }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan", abstract: "Đăng ký kế hoạch cấp tỉnh (PRV), huyện (DST, ba cấp) hoặc xã (CLD); kế hoạch cấp dưới chỉ được đặt mốc sớm hơn.")
        @OptionGroup var acting: ReviewActing
        @Option var campaign: String
        @Option(help: "province, district hoặc commune.") var level: String
        @Option var unit: String
        @Option var number: String
        @Option var date: String
        @Option var signer: String
        @Option(help: "Mốc thời hạn: mục=dd/MM/yyyy, ví dụ survey_done=25/10/2026 (lặp lại được).") var due: [String] = []
        @Option(help: "Rà soát viên theo thôn: \"Thôn A=tk1,tk2\" (lặp lại được).") var reviewers: [String] = []

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            guard let level = PlanLevel(rawValue: level) else {
                printError("--level \"\(self.level)\": province, district hoặc commune [level.invalid]")
                throw ExitCode(2)
            }
            var dueDates: [DeadlineItem: CivilDate] = [:]
            for d in due {
                let kv = d.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, let item = DeadlineItem(rawValue: kv[0]) else {
                    printError("--due \"\(d)\": cần mục=ngày với mục trong \(DeadlineItem.allCases.map(\.rawValue).joined(separator: ", ")) [due.invalid]")
                    throw ExitCode(2)
                }
                dueDates[item] = try parseDay(kv[1], "due")
            }
            var byVillage: [String: [String]] = [:]
            for r in reviewers {
                let kv = r.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { printError("--reviewers \"\(r)\": cần \"Thôn=tk1,tk2\" [reviewers.invalid]"); throw ExitCode(2) }
                byVillage[VietnameseText.nfc(kv[0])] = kv[1].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            let plan = ReviewPlan(campaignID: campaign, level: level, unitCode: unit, number: number, date: try parseDay(date, "date"), signer: signer,
                                  dueDates: dueDates, reviewers: byVillage)
            try reviewRun {
                try workflow.registerPlan(plan, by: actor, at: Date(), context: access)
                print("Đã đăng ký kế hoạch \(number) (\(level.rawValue) \(unit)) của đợt \(campaign).")
            }
        }
    }

    struct Transition: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move", abstract: "Chuyển trạng thái đợt (PRV): open (mở sớm), consolidate (tổng hợp), close (khóa sổ, đối soát số liệu).")
        @OptionGroup var acting: ReviewActing
        @Option var campaign: String
        @Argument(help: "open, consolidate hoặc close.") var to: String

        func run() throws {
            let (workflow, store) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            try reviewRun {
                switch to {
                case "open": try workflow.openCampaign(campaign, by: actor, at: Date(), context: access)
                case "consolidate": try workflow.startConsolidation(campaign, by: actor, at: Date(), context: access)
                case "close":
                    let n = try workflow.closeCampaign(campaign, by: actor, at: Date(), context: access)
                    print("Đã ghi kết quả năm của \(VietnameseText.formatVND(n)) hộ.")
                default:
                    printError("\"\(to)\": open, consolidate hoặc close [move.invalid]")
                    throw ExitCode(2)
                }
                print("Đợt \(campaign): \(try store.campaign(id: campaign)?.state.vietnamese ?? "?").")
            }
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "summary", abstract: "Ban hành báo cáo tổng hợp cấp tỉnh R2 (PRV).")
        @OptionGroup var acting: ReviewActing
        @Option var campaign: String
        @Option var number: String
        @Option var date: String
        @Option var signer: String

        func run() throws {
            let (workflow, _) = try acting.workflow()
            let (actor, access) = try acting.actor(workflow)
            try reviewRun {
                try workflow.registerSummary(campaign, DocumentReference(number: number, date: try parseDay(date, "date"), signer: signer),
                                             by: actor, context: access)
                print("Đã ban hành báo cáo \(number) của đợt \(campaign).")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Xem các đợt rà soát, kế hoạch và số hộ theo trạng thái.")
        @OptionGroup var database: DatabaseOptions
        @Option var province: String?

        func run() throws {
            let store = try database.open()
            try reviewRun {
                for c in try store.campaigns(provinceCode: province) {
                    print("\(c.id)\t\(c.state.vietnamese)\t\(c.standardID)\t\(c.chain.rawValue)\(c.imported ? "\tnhập từ dữ liệu cũ" : "")")
                    for p in try store.plans(campaignID: c.id) { print("  kế hoạch \(p.level.rawValue) \(p.unitCode): \(p.number) ngày \(VietnameseText.formatDate(p.date))") }
                    for commune in try store.dossierCommunes(roundID: c.id) {
                        let d = try store.dossier(round: c.round(), communeCode: commune, communeName: "")
                        let counts = CaseState.allCases.compactMap { s in d.stateCounts[s].map { "\(s.rawValue) \($0)" } }
                        print("  xã \(commune): \(counts.joined(separator: ", "))")
                    }
                }
            }
        }
    }
}

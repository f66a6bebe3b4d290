import ArgumentParser
import Foundation
import PovertyStandard
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// `giamngheo review list`: step 1 from the current lists and the routed requests (COM).
struct ReviewListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Bước 1: lập danh sách hộ cần rà soát (COM).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun { printStep(try workflow.listCurrent(round: dossier.round, commune: dossier.commune, by: actor, at: Date(), context: access), "Đã đưa vào danh sách") }
    }
}

/// `giamngheo review request`: a Mẫu 01 request, routed to the campaign or a monthly batch (COM).
struct ReviewRequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "request", abstract: "Tiếp nhận giấy đề nghị rà soát (Mẫu số 01) (COM).")
    @OptionGroup var acting: ReviewActing
    @Option var commune: String
    @Option var household: String
    @Option(help: "add, leave, withdrawal hoặc commune_initiated.") var type: String
    @Option(help: "Ngày nhận (dd/MM/yyyy).") var received: String
    @Option(help: "in_person, post hoặc online.") var channel: String = "in_person"
    @Option var reason: String
    @Option var signer: String
    @Option(help: "Đề nghị được rút (với --type withdrawal).") var withdraws: String?

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        guard let t = RequestType(rawValue: type), let c = RequestChannel(rawValue: channel) else {
            printError("--type hoặc --channel không hợp lệ [request.invalid]")
            throw ExitCode(2)
        }
        let r = ReviewRequest(id: "", householdCode: household, communeCode: commune, type: t, receivedOn: try parseDay(received, "received"), channel: c,
                              reason: reason, signer: signer, receivedBy: actor.account, withdraws: withdraws, registeredAt: Date())
        try reviewRun {
            let out = try workflow.registerRequest(r, by: actor, at: Date(), context: access)
            print("Đã tiếp nhận \(out.request.id) → đợt \(out.request.roundID ?? "—")")
            if let l = out.listing { printStep(l, "Đưa vào danh sách") }
        }
    }
}

/// `giamngheo review survey`: Phiếu B from the registry, with B1 and the B2 answers given, saved and optionally locked.
struct ReviewSurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "Bước 2: phiếu B của hộ (điểm B1, trả lời B2); --lock để khóa phiếu, bộ phân loại quyết định phân loại.")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Option var household: String
    @Option(help: "Điểm B1 nhập từ phiếu giấy.") var b1: Int?
    @Option(help: "Chỉ số thiếu hụt (mã, cách nhau bởi dấu phẩy).") var deprived: String = ""
    @Option(help: "Chỉ số chưa xác định.") var unknown: String = ""
    @Option(help: "Lý do lập phiếu mới (từ phiên bản 2).") var reason: String?
    @Option(help: "Mã tổ phúc tra (phiếu của phúc tra).") var recheck: String?
    @Flag(help: "Khóa phiếu sau khi lưu.") var lock = false

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            var s = try workflow.surveyTemplate(round: dossier.round, commune: dossier.commune, householdCode: household, reviewer: actor.account,
                                                at: Date(), context: access)
            if let b1 {
                s.scoringTableID = nil
                s.b1Typed = b1
            }
            let deprivedIDs = Set(deprived.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
            let unknownIDs = Set(unknown.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
            for id in deprivedIDs.union(unknownIDs) where IndicatorID(rawValue: id).map({ s.b2[$0] == nil }) ?? true {
                throw ReviewError.invalid("b2", "Chỉ số \(id) không thuộc chuẩn \(s.standardID)")
            }
            for id in s.b2.keys { s.b2[id] = deprivedIDs.contains(id.rawValue) ? .deprived : unknownIDs.contains(id.rawValue) ? .unknown : .notDeprived }
            s.reason = reason
            s.recheckID = recheck
            let result: SurveyResult? = try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                _ = try d.saveSurvey(s, by: actor, at: Date())
                return lock ? try d.lockSurvey(household, by: actor, at: Date(), environment: env) : nil
            }
            if let result { print("Đã khóa phiếu B của hộ \(household): \(result.explanation)") } else { print("Đã lưu phiếu B của hộ \(household) (chưa khóa).") }
        }
    }
}

/// `giamngheo review meeting`: village meeting minutes (VIL, COM).
struct ReviewMeetingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "meeting", abstract: "Bước 3: biên bản họp dân với kết quả từng hộ (VIL, COM).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Option var village: String
    @Option var number: String
    @Option var date: String
    @Option var place: String = "Nhà văn hóa thôn"
    @Option var chair: String = "Trưởng thôn"
    @Option var secretary: String = "Thư ký"
    @Option(help: "Số hộ tham dự.") var households: Int = 0
    @Option(help: "Hộ được thống nhất (mã, cách nhau bởi dấu phẩy).") var agreed: String = ""
    @Option(help: "Hộ có ý kiến không thống nhất.") var objection: String = ""
    @Flag(help: "Ban giảm nghèo xã thống nhất sau ý kiến phản đối (COM).") var board = false

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        func codes(_ s: String) -> [String] { s.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let outcomes = codes(agreed).map { MeetingOutcome(householdCode: $0, outcome: .agreed) } + codes(objection).map { MeetingOutcome(householdCode: $0, outcome: .objection) }
        let m = MeetingMinutes(id: "", roundID: dossier.round, communeCode: dossier.commune, number: number, village: VietnameseText.nfc(village),
                               date: try parseDay(date, "date"), place: place, chair: chair, secretary: secretary,
                               attendance: Attendance(communeCommittee: 0, massOrganisations: 0, households: households), outcomes: outcomes, byCommuneBoard: board)
        try reviewRun {
            printStep(try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                try d.recordMeeting(m, by: actor, at: Date(), settings: env.settings)
            }, "Đã thống nhất")
        }
    }
}

/// `giamngheo review posting prepare|sign|start`: step 4.
struct ReviewPostingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "posting", abstract: "Bước 4: niêm yết công khai (COM chuẩn bị, CLD ký, COM bắt đầu).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Argument(help: "prepare, sign hoặc start.") var action: String
    @Option(help: "Số thông báo (prepare).") var number: String?
    @Option(help: "Thôn (prepare; lặp lại được; bỏ trống = cả xã).") var village: [String] = []
    @Option(help: "Địa điểm niêm yết (prepare; lặp lại được).") var place: [String] = []
    @Option(help: "Bắt đầu niêm yết \"dd/MM/yyyy HH:mm\" (prepare; mặc định: bây giờ).") var start: String?
    @Option(help: "Mã thông báo (sign, start).") var notice: String?
    @Option(help: "Người ký (sign).") var signer: String?

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            switch action {
            case "prepare":
                let startAt = try parseInstant(start, "start")
                let places = (place.isEmpty ? ["Trụ sở UBND xã"] : place).map { PostingPlace(kind: $0.lowercased().contains("văn hóa") ? .villageCulturalHouse : .communeOffice, name: $0) }
                let r = try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                    try d.preparePosting(number: number ?? "", villages: village.map(VietnameseText.nfc), places: places, start: startAt, by: actor, at: Date(), environment: env)
                }
                printStep(r, "Đã chuẩn bị thông báo")
            case "sign":
                try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, _ in
                    try d.signPosting(notice ?? "", signer: signer ?? "", by: actor, at: Date())
                    if let n = d.postings[notice ?? ""] { print("Đã ký thông báo \(n.number); niêm yết đến hết ngày \(VietnameseText.formatDate(n.lastDay)).") }
                }
            case "start":
                printStep(try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, _ in try d.startPosting(notice ?? "", by: actor, at: Date()) },
                          "Bắt đầu niêm yết")
            default:
                printError("\"\(action)\": prepare, sign hoặc start [posting.action]")
                throw ExitCode(2)
            }
        }
    }
}

/// `giamngheo review complaint`: a complaint during the posting (COM).
struct ReviewComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complaint", abstract: "Tiếp nhận khiếu nại, kiến nghị trong thời gian niêm yết (COM).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Option var household: String
    @Option(help: "should_be_included, should_be_excluded, wrong_class, wrong_data, other.") var type: String
    @Option var content: String
    @Option(help: "Người khiếu nại (bỏ trống = ẩn danh).") var complainant: String?

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        guard let t = ComplaintType(rawValue: type) else { printError("--type \"\(type)\" không hợp lệ [complaint.type]"); throw ExitCode(2) }
        let k = Complaint(id: "", roundID: dossier.round, communeCode: dossier.commune, receivedAt: Date(), channel: .inPerson, complainant: complainant,
                          householdCode: household, type: t, content: content, receivedBy: actor.account)
        try reviewRun {
            let outcome = try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, _ in try d.registerComplaint(k, by: actor, at: Date()) }
            switch outcome {
            case .registered(let id): print("Đã tiếp nhận khiếu nại \(id); hộ \(household) chuyển sang phúc tra.")
            case .registeredAsRequest(let r):
                let stored = try workflow.registerRequest(r, by: actor, at: Date(), context: access)
                print("Khiếu nại nhận sau thời hạn niêm yết: đã ghi thành đề nghị rà soát thường xuyên \(stored.request.id).")
            }
        }
    }
}

/// `giamngheo review recheck team|result`: re-checks (COM).
struct ReviewRecheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recheck", abstract: "Phúc tra: lập tổ (team) hoặc ghi kết quả (result) (COM).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Argument(help: "team hoặc result.") var action: String
    @Option(help: "Hộ (team).") var household: String?
    @Option(help: "Thành viên tổ phúc tra (team; lặp lại được).") var member: [String] = []
    @Option(help: "Mã tổ phúc tra (result).") var recheck: String?
    @Option(help: "Nội dung trả lời (result).") var reply: String?

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            let text: String = try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                if action == "team" { return "Đã lập tổ phúc tra \(try d.startRecheck(household ?? "", team: member, by: actor, at: Date(), environment: env))" }
                return "Kết quả phúc tra: \(try d.recordRecheckResult(recheck ?? "", reply: reply ?? "", by: actor, at: Date(), environment: env).rawValue)"
            }
            print(text)
        }
    }
}

/// `giamngheo review consult draft|send|opinion`: step 5.
struct ReviewConsultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consult", abstract: "Bước 5: báo cáo xin ý kiến (COM dự thảo, CLD gửi; ý kiến của PRV/DST).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Argument(help: "draft, send hoặc opinion.") var action: String
    @Option var number: String?
    @Option var date: String?
    @Option var signer: String?
    @Option(help: "Mã báo cáo (send, opinion).") var consultation: String?
    @Option(help: "agree, agree_with_notes, request_recheck (opinion).") var type: String = "agree"
    @Option(help: "Hộ đề nghị phúc tra (opinion).") var recheckHousehold: [String] = []
    @Option(help: "Nội dung ý kiến (opinion).") var text: String = ""

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            let day = try date.map { try parseDay($0, "date") } ?? LocalTime.day(Date())
            try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                switch action {
                case "draft":
                    let id = try d.draftConsultation(number: number ?? "", date: day, signer: signer ?? "", recipient: nil, by: actor, at: Date(), settings: env.settings)
                    print("Đã dự thảo báo cáo \(id) gửi \(d.consultations[id]?.recipient ?? "").")
                case "send": printStep(try d.sendConsultation(consultation ?? "", by: actor, at: Date(), environment: env), "Đã gửi báo cáo")
                case "opinion":
                    guard let t = OpinionType(rawValue: type) else { throw ReviewError.invalid("type", "Loại ý kiến \(type) không hợp lệ") }
                    printStep(try d.recordOpinion(consultation ?? "", ConsultationOpinion(date: day, from: actor.unitCode, type: t,
                                                                                          recheckHouseholds: recheckHousehold, text: text),
                                                  by: actor, at: Date()), "Đã ghi ý kiến")
                default: throw ReviewError.invalid("action", "\(action): draft, send hoặc opinion")
                }
            }
        }
    }
}

/// `giamngheo review decide`: step 6, the chairman's decision (CLD).
struct ReviewDecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Bước 6: quyết định công nhận (CLD); số quyết định không được dùng lại.")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Option var number: String
    @Option var date: String?
    @Option var signer: String
    @Flag(help: "Phó chủ tịch ký thay (KT. CHỦ TỊCH).") var vice = false

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        try reviewRun {
            let day = try date.map { try parseDay($0, "date") } ?? LocalTime.day(Date())
            printStep(try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, env in
                try d.issueDecision(number: number, date: day, signer: signer, capacity: vice ? .viceChairman : .chairman, by: actor, at: Date(), environment: env)
            }, "Quyết định \(number)")
        }
    }
}

/// `giamngheo review withdraw`: row 14 (COM).
struct ReviewWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Dừng rà soát một hộ (COM).")
    @OptionGroup var acting: ReviewActing
    @OptionGroup var dossier: DossierOptions
    @Option var household: String
    @Option(help: "request_withdrawn, dissolved, moved_out, merged, duplicate.") var reason: String
    @Option var note: String?

    func run() throws {
        let (workflow, _) = try acting.workflow()
        let (actor, access) = try acting.actor(workflow)
        guard let r = WithdrawalReason(rawValue: reason) else { printError("--reason \"\(reason)\" không hợp lệ [withdraw.reason]"); throw ExitCode(2) }
        try reviewRun {
            try workflow.step(round: dossier.round, commune: dossier.commune, context: access) { d, _ in try d.withdraw(household, reason: r, note: note, by: actor, at: Date()) }
            print("Đã dừng rà soát hộ \(household).")
        }
    }
}

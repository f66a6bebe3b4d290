import Foundation
import PovertyStandard
import Registry
import VietnameseText

extension CommuneDossier {
    /// Throws unless the identifications may run in this round: a monthly batch (review.md §5,
    /// §7: "monthly from the 15th, same batching as §4").
    func requireIdentificationRound() throws {
        try round.requireSteps()
        guard round.kind == .regular else {
            throw ReviewError.guardFailed("identification_monthly", "Xác định hộ có mức sống trung bình, người lao động thu nhập thấp làm theo đợt tháng")
        }
    }

    /// A reviewer (VIL in its village, COM) determines a household's income for the
    /// agricultural average-living identification (review.md §5); re-determining replaces the
    /// figures until the posting starts.
    @discardableResult
    public mutating func determineAverageAgri(householdCode: String, village: String, currentClass: RecognisedClass, area: AreaType,
                                              members: Int, incomes: [IncomeSource: Int], socialAssistance: Int, requestID: String? = nil,
                                              by actor: ReviewActor, at now: Date, settings: ReviewSettings) throws -> AverageAgriDetermination {
        try requireIdentificationRound()
        try ReviewAuthority.check(.determineIncome, actor, chain: round.chain, commune: communeCode, village: village)
        var a = avgAgri.values.first { $0.householdCode == householdCode && ($0.state == .listed || $0.state == .determined) }
            ?? AverageAgriDetermination(id: nextID("TNTB", avgAgri.count), roundID: round.id, communeCode: communeCode, householdCode: householdCode,
                                        requestID: requestID, currentClass: currentClass, standardID: round.standardID, area: area)
        var scoped = actor
        scoped.villageKeys = nil    // the village was checked above; `determine` checks role and commune
        try a.determine(members: members, incomes: incomes, socialAssistance: socialAssistance, by: scoped, on: LocalTime.day(now), round: round,
                        settings: settings)
        avgAgri[a.id] = a
        return a
    }

    /// A reviewer checks a person for the low-income-worker identification (review.md §7),
    /// when the province enabled it (`module.low_income_worker`).
    @discardableResult
    public mutating func checkLowIncomeWorker(householdCode: String, memberNo: Int, village: String, householdClass: RecognisedClass, area: AreaType,
                                              perCapitaIncome: Int, age: Int, standard: Standard, enabled: Bool,
                                              by actor: ReviewActor, at now: Date) throws -> LowIncomeWorkerDetermination {
        try requireIdentificationRound()
        try ReviewAuthority.check(.determineIncome, actor, chain: round.chain, commune: communeCode, village: village)
        var l = lowIncome.values.first { $0.householdCode == householdCode && $0.memberNo == memberNo && ($0.state == .listed || $0.state == .determined) }
            ?? LowIncomeWorkerDetermination(id: nextID("LDTN", lowIncome.count), roundID: round.id, communeCode: communeCode,
                                            householdCode: householdCode, memberNo: memberNo, standardID: round.standardID, area: area)
        var scoped = actor
        scoped.villageKeys = nil
        try l.check(householdClass: householdClass, perCapitaIncome: perCapitaIncome, age: age, standard: standard, enabled: enabled,
                    by: scoped, on: LocalTime.day(now), round: round)
        lowIncome[l.id] = l
        return l
    }

    /// COM starts the posting of every determined identification (3 working days **[U]**,
    /// `review.low_income.working_days`); the others are skipped with the reason.
    public mutating func postIdentifications(start: Date, by actor: ReviewActor, at now: Date, environment env: ReviewEnvironment) throws -> BatchResult {
        try requireIdentificationRound()
        try ReviewAuthority.check(.startPosting, actor, chain: round.chain, commune: communeCode)
        guard start <= now else { throw ReviewError.guardFailed("notice_future", "Thời điểm bắt đầu niêm yết \(LocalTime.format(start)) chưa đến") }
        var result = BatchResult()
        for id in avgAgri.keys.sorted() {
            guard var a = avgAgri[id] else { continue }
            if a.state == .determined {
                try a.post(start: start, workingDays: env.settings.lowIncomePostingWorkingDays, calendar: env.calendar)
                avgAgri[id] = a
                result.moved.append(id)
            } else if a.state == .listed { result.skip("state", id, "Chưa xác định thu nhập") }
        }
        for id in lowIncome.keys.sorted() {
            guard var l = lowIncome[id] else { continue }
            if l.state == .determined {
                try l.post(start: start, workingDays: env.settings.lowIncomePostingWorkingDays, calendar: env.calendar)
                lowIncome[id] = l
                result.moved.append(id)
            } else if l.state == .listed { result.skip("state", id, "Chưa kiểm tra thu nhập") }
        }
        return result
    }

    /// The system ends the identifications' postings whose end passed; returns how many.
    public mutating func closeIdentificationPostings(at now: Date) -> Int {
        var n = 0
        for id in avgAgri.keys { if avgAgri[id]!.closePosting(at: now) { n += 1 } }
        for id in lowIncome.keys { if lowIncome[id]!.closePosting(at: now) { n += 1 } }
        return n
    }

    /// CLD decides every identification whose posting ended: one decision (its own subject, the
    /// commune's numbering), recognised when qualifying, rejected otherwise.
    public mutating func decideIdentifications(number: String, date: CivilDate, signer: String, by actor: ReviewActor, at now: Date,
                                               environment env: ReviewEnvironment) throws -> BatchResult {
        try requireIdentificationRound()
        try ReviewAuthority.check(.issueDecision, actor, chain: round.chain, commune: communeCode)
        if date > LocalTime.day(now) { throw ReviewError.invalid("date", "Ngày quyết định \(VietnameseText.formatDate(date)) chưa đến") }
        let key = Self.numberKey(number, year: date.year)
        if usedDecisionNumbers.contains(key) {
            throw ReviewError.guardFailed("decision_number_used", "Số quyết định \(number) năm \(date.year) đã dùng", field: "number")
        }
        let effective = RecognitionDecision.effectiveDate(signedOn: date, rule: env.settings.decisionEffective)
        var result = BatchResult()
        for id in avgAgri.keys.sorted() where avgAgri[id]!.state == .postingClosed {
            try avgAgri[id]!.decide(decision: number, effective: effective, by: actor, round: round)
            result.moved.append(id)
        }
        for id in lowIncome.keys.sorted() where lowIncome[id]!.state == .postingClosed {
            try lowIncome[id]!.decide(decision: number, effective: effective, by: actor, round: round)
            result.moved.append(id)
        }
        if result.moved.isEmpty { throw ReviewError.guardFailed("nothing_to_decide", "Không có hồ sơ nào đã hết thời hạn niêm yết") }
        var decision = RecognitionDecision(id: nextID("QD", decisions.count), number: number, date: date, communeCode: communeCode, signer: signer,
                                           capacity: .chairman, roundID: round.id, kind: round.kind, standardID: round.standardID, effectiveDate: effective)
        decision.subject = "Công nhận hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình; người lao động có thu nhập thấp"
        try decision.validate()
        decision.issuedBy = actor.account
        decision.issuedAt = now
        decisions[decision.id] = decision
        usedDecisionNumbers.insert(key)
        result.recordID = decision.id
        return result
    }
}

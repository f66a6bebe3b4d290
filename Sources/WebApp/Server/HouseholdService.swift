import Access
import Foundation
import Interchange
import PovertyStandard
import RegistryTransfer
import Registry
import Store
import VietnameseText

/// The household operations behind both the pages and the API (nghiệp vụ hộ), each checking the
/// permission matrix and passing the scope to the store, so the two can never disagree.
struct HouseholdService: Sendable {
    let services: WebServices

    /// A household as one reader may see it.
    struct Detail {
        var stored: StoredHousehold
        var clause: HouseholdScope.Clause
        var visibility: FieldVisibility
        var classifications: [StoredClassification]
        /// This year's classification computed now under each national standard (phân loại
        /// theo từng chuẩn), whatever was stored.
        var live: [LiveClassification]
        var statuses: [StatusRecord]
        var outcomes: [YearOutcome]
        /// Its audit section, for the roles shown one (``AuditSection``), else `nil`.
        var audit: HouseholdAuditTrail?
        var auditSection: AuditSection?
        var canEdit: Bool
    }

    /// Who sees a household's audit section, and where its "whole log" link leads.
    ///
    /// The roles that read the audit log (ADM, AUD; PRV within its province: roles.md §4 note 27)
    /// follow it to the audit view of the household. The commune (COM, CLD) may not read the log,
    /// but "can print who read a household's personal data (accounts shown with unit and role)"
    /// (roles.md §5): its link leads to that list. Both see the household's changes and its last
    /// reads on the page. The other roles see no section.
    enum AuditSection {
        /// The audit view (`/audit?household=`).
        case log
        /// The list of personal-data reads (`/households/{code}/reads`).
        case reads

        /// Changes and reads the page shows (the latest 50 changes: a household edited more
        /// often than that is followed further in the whole log or its history).
        static let limits = HouseholdAuditTrail.Limits(changes: 50, reads: 10)
    }

    /// The audit section a user is shown (``AuditSection``), or `nil`.
    func auditSection(_ user: SignedInUser) -> AuditSection? {
        if services.policy.allows(.readAudit, user.assignments, on: services.today) { return .log }
        if user.assignments.contains(where: { [.commune, .communeLeader].contains($0.role) }) { return .reads }
        return nil
    }

    /// A household classified now under one standard, from the facts as recorded.
    struct LiveClassification {
        var standard: Standard
        /// Whether reviews of the year use this standard (chuẩn áp dụng cho năm).
        var inForce: Bool
        var year: Int
        var classification: Classification
        var explanation: String
    }

    /// The household classified for review year `year` under every national standard.
    ///
    /// The explanation sentence is the standard's own (standards.md §6); the standard in force
    /// for the year is the one of the year table, the others are shown for comparison.
    func liveClassifications(_ stored: StoredHousehold, year: Int) -> [LiveClassification] {
        let facts = stored.household.engineFacts(members: stored.members, reviewYear: year)
        let inForce = try? services.standards.standard(forYear: year).id
        return services.engines.map { engine in
            let c = engine.classify(facts)
            return LiveClassification(standard: engine.standard, inForce: engine.standard.id == inForce, year: year,
                                      classification: c, explanation: engine.standard.explanation(for: c))
        }
    }

    func scope(_ action: Action, _ user: SignedInUser) -> HouseholdScope {
        services.policy.scope(action, user.assignments, on: services.today)
    }

    func require(_ action: Action, _ user: SignedInUser, request access: AccessContext) throws {
        guard services.policy.allows(action, user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: [action.rawValue], context: access)
            throw WebError.forbidden
        }
    }

    /// Parsed list filters from query parameters (shared by the page and the API).
    func filter(from query: (String) -> String?) throws -> HouseholdFilter {
        var filter = HouseholdFilter(on: services.today)
        if let c = query("class") {
            var classes = Set<RecognisedClass>()
            for part in c.split(separator: ",") {
                guard let cls = RecognisedClass(rawValue: String(part)) else {
                    throw WebError.badRequest("filter.class", "Phân loại không hợp lệ: \(part) (poor, near_poor, average, not_poor)", field: "class")
                }
                classes.insert(cls)
            }
            filter.classes = classes
        }
        filter.village = query("village")
        if let unit = query("unit") {
            guard let codes = services.catalog.recordedCommuneCodes(under: unit) else {
                throw WebError.badRequest("filter.unit", "Không có đơn vị hành chính mã \(unit)", field: "unit")
            }
            filter.communeCodes = codes
        }
        func flag(_ name: String) throws -> Bool? {
            guard let v = query(name) else { return nil }
            switch v { case "1", "true", "yes": return true
            case "0", "false", "no": return false
            default: throw WebError.badRequest("filter.\(name)", "Giá trị \(v) không hợp lệ (true hoặc false)", field: name) }
        }
        filter.ethnicMinority = try flag("ethnic_minority")
        filter.meritorious = try flag("meritorious")
        if let cause = query("cause") {
            guard let c = PovertyCause(rawValue: cause) else {
                throw WebError.badRequest("filter.cause", "Mã nguyên nhân nghèo không hợp lệ: \(cause)", field: "cause")
            }
            filter.cause = c
        }
        return filter
    }

    func list(_ user: SignedInUser, filter: HouseholdFilter, page: Int, pageSize: Int, access: AccessContext) async throws -> HouseholdListPage {
        try require(.readHousehold, user, request: access)
        let withNames = services.policy.allows(.readPersonal, user.assignments, on: services.today)
        return try await services.store.households(filter, scope: scope(.readHousehold, user), page: page, pageSize: pageSize,
                                             withNames: withNames, context: access)
    }

    func search(_ user: SignedInUser, text: String, page: Int, pageSize: Int, access: AccessContext) async throws -> SearchPage {
        try require(.readPersonal, user, request: access)
        return try await services.store.search(SearchQuery(text, page: page, pageSize: pageSize), scope: scope(.readPersonal, user), context: access)
    }

    /// A household in the reader's scope, or 404 (missing and out of scope look the same); one
    /// read of the store for everything the page shows.
    func detail(_ user: SignedInUser, code: String, access: AccessContext) async throws -> Detail {
        try require(.readHousehold, user, request: access)
        let today = services.today
        let personal = services.policy.allows(.readPersonal, user.assignments, on: today)
        let section = auditSection(user)
        let editScope = scope(.editHousehold, user)
        guard let file = try await services.store.householdFile(code: code, scope: scope(.readHousehold, user), editScope: editScope,
                                                          audit: personal, trail: section.map { _ in AuditSection.limits }, context: access)
        else { throw WebError(status: .notFound, code: "household.not_found", message: "Không tìm thấy hộ có mã \(code)") }
        let history = StatusHistory(file.statuses)
        let thisYear = today.year
        let firstYear = file.statuses.map(\.effectiveDate.year).min() ?? thisYear
        var outcomes: [YearOutcome] = []
        if firstYear < thisYear {
            for year in (firstYear + 1)...thisYear {
                outcomes.append(YearOutcome.compute(householdCode: code, history: history, year: year))
            }
        }
        return Detail(stored: file.stored, clause: file.clause, visibility: services.policy.visibility(user.assignments, on: today),
                      classifications: file.classifications, live: liveClassifications(file.stored, year: thisYear), statuses: file.statuses, outcomes: outcomes.reversed(),
                      audit: file.auditTrail, auditSection: section, canEdit: file.editable)
    }

    /// One page of the personal-data reads of a household (ai đã xem thông tin cá nhân của hộ),
    /// newest first, with each account and the assignment it read under (for its unit), for the
    /// roles shown the household's audit section; 404 outside the reader's scope.
    func reads(_ user: SignedInUser, code: String, before: Int64?, limit: Int, access: AccessContext) throws -> Reads {
        try require(.readHousehold, user, request: access)
        guard try services.store.household(code: code, scope: scope(.readHousehold, user), audit: false, context: access) != nil else {
            throw WebError(status: .notFound, code: "household.not_found", message: "Không tìm thấy hộ có mã \(code)")
        }
        guard auditSection(user) != nil else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "household_reads", entityIDs: [code], context: access)
            throw WebError.forbidden
        }
        let entries: [AuditEntry] = try services.store.auditEntries(
            AuditFilter(kind: .personalRead, entityID: code, beforeSequence: before, limit: limit)).reversed()
        var reads = Reads(entries: entries, total: try services.store.auditTrail(householdCode: code, limits: .init(changes: 0, reads: 0)).readCount)
        for username in Set(entries.map(\.account)) {
            guard let account = try services.store.account(username: username) else { continue }
            reads.accounts[username] = account
            for a in try services.store.assignments(accountID: account.id) { reads.assignments[String(a.id)] = a }
        }
        return reads
    }

    /// A page of a household's personal-data reads (``reads(_:code:before:limit:access:)``).
    struct Reads {
        /// Newest first.
        var entries: [AuditEntry]
        /// All reads of the household.
        var total: Int
        /// The readers' accounts by username, and their assignments by id.
        var accounts: [String: Account] = [:]
        var assignments: [String: Assignment] = [:]

        /// The unit an entry's account read under: its assignment's, else the account's own.
        func unitCode(_ e: AuditEntry) -> String? {
            e.assignment.flatMap { assignments[$0]?.unitCode } ?? accounts[e.account]?.unitCode
        }
    }

    /// The household if the user may edit it, else 404 (out of scope) or 403 (in scope, no right).
    func editable(_ user: SignedInUser, code: String, access: AccessContext) throws -> StoredHousehold {
        if let (stored, _) = try services.store.household(code: code, scope: scope(.editHousehold, user), audit: false, context: access) {
            return stored
        }
        if try services.store.household(code: code, scope: scope(.readHousehold, user), audit: false, context: access) != nil {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "household", entityIDs: [code], context: access)
            throw WebError.forbidden
        }
        throw WebError(status: .notFound, code: "household.not_found", message: "Không tìm thấy hộ có mã \(code)")
    }

    /// Outcome of an edit.
    enum EditResult {
        case saved(version: Int)
        case invalid([ImportError])
    }

    /// Validates and saves a household's own fields under the version the form was read at.
    func updateHousehold(_ user: SignedInUser, code: String, values: [String: String], version: Int, access: AccessContext) throws -> EditResult {
        try require(.editHousehold, user, request: access)
        let stored = try editable(user, code: code, access: access)
        // Fields not sent keep their value (the API sends only what changes; the form sends all).
        let values = RecordForm.values(stored.household.recordFields).merging(values) { $1 }
        switch RecordForm.household(code: code, values: values, reviewYear: services.today.year, catalog: services.catalog,
                                    keeping: stored.household) {
        case .failure(let failure): return .invalid(failure.errors)
        case .success(let household):
            // Edits must stay inside the editor's units.
            let target = scope(.editHousehold, user)
            if !target.clauses.contains(where: { $0.communeCodes?.contains(household.communeCode) ?? true }) {
                return .invalid([ImportError(file: "form", row: 2, column: "commune_code", value: household.communeCode,
                                             message: "Xã \(household.communeCode) nằm ngoài địa bàn được phân công", code: "commune_code.out_of_scope")])
            }
            return .saved(version: try services.store.updateHousehold(household, expectedVersion: version, context: access))
        }
    }

    func updateMember(_ user: SignedInUser, code: String, memberNo: Int, values: [String: String], version: Int,
                      access: AccessContext) throws -> EditResult {
        try require(.editHousehold, user, request: access)
        let stored = try editable(user, code: code, access: access)
        guard let current = stored.members.first(where: { $0.memberNo == memberNo }) else {
            throw WebError(status: .notFound, code: "member.not_found", message: "Hộ \(code) không có thành viên STT \(memberNo)")
        }
        let values = RecordForm.values(current.recordFields).merging(values) { $1 }
        switch RecordForm.member(householdCode: code, memberNo: memberNo, values: values, reviewYear: services.today.year,
                                 referenceDate: stored.household.referenceDate) {
        case .failure(let failure): return .invalid(failure.errors)
        case .success(let member):
            if member.relation == .head, stored.members.contains(where: { $0.relation == .head && $0.memberNo != memberNo }) {
                return .invalid([ImportError(file: "form", row: 2, column: "relation", value: "head",
                                             message: "Hộ đã có chủ hộ; mỗi hộ có đúng một chủ hộ", code: "household.head_count")])
            }
            return .saved(version: try services.store.updateMember(member, expectedVersion: version, context: access))
        }
    }
}

extension HouseholdService {
    /// Creates a household with its head (thêm hộ mới), or adds a member to a household (thêm
    /// thành viên), through the importer itself: the form becomes a one-household file set, so
    /// every rule of an import applies (one head, CCCD unique in the registry, codes, dates) and
    /// the write is all or nothing. Member problems come back with their column prefixed `member.`.
    func create(_ user: SignedInUser, household values: [String: String], head: [String: String], access: AccessContext) throws -> EditResult {
        try require(.editHousehold, user, request: access)
        let code = (values["household_code"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else {
            return .invalid([ImportError(file: "form", row: 2, column: "household_code", message: "Cần nhập mã hộ", code: "household_code.required")])
        }
        if try services.store.household(code: code, scope: .everything, audit: false, context: access) != nil {
            return .invalid([ImportError(file: "form", row: 2, column: "household_code", value: code,
                                         message: "Mã hộ \(code) đã có trong sổ", code: "household_code.exists")])
        }
        let commune = values["commune_code"] ?? ""
        if !scope(.editHousehold, user).clauses.contains(where: { $0.communeCodes?.contains(commune) ?? true }) {
            return .invalid([ImportError(file: "form", row: 2, column: "commune_code", value: commune,
                                         message: "Xã \(commune) nằm ngoài địa bàn bạn được phân công", code: "commune_code.out_of_scope")])
        }
        var member = head
        member["member_no"] = "1"
        member["relation"] = "head"
        return try importOne(household: values, members: [member], access: access)
    }

    func addMember(_ user: SignedInUser, code: String, values: [String: String], access: AccessContext) throws -> (EditResult, Int) {
        try require(.editHousehold, user, request: access)
        let stored = try editable(user, code: code, access: access)
        let number = (stored.members.map(\.memberNo).max() ?? 0) + 1
        var member = values
        member["member_no"] = String(number)
        if member["relation"] == "head" {
            return (.invalid([ImportError(file: "form", row: 2, column: "member.relation", value: "head",
                                          message: "Hộ đã có chủ hộ; mỗi hộ có đúng một chủ hộ", code: "household.head_count")]), number)
        }
        let household = RecordForm.values(stored.household.recordFields)
        return (try importOne(household: household, members: [member], access: access), number)
    }

    private func importOne(household: [String: String], members: [[String: String]], access: AccessContext) throws -> EditResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let code = household["household_code"] ?? ""
        let hNames = Household.recordFieldNames, mNames = Member.recordFieldNames
        let hCSV = RecordForm.csvLine(hNames) + "\n" + RecordForm.csvLine(hNames.map { household[$0] ?? "" }) + "\n"
        var mCSV = RecordForm.csvLine(mNames) + "\n"
        for m in members {
            var row = m
            row["household_code"] = code
            mCSV += RecordForm.csvLine(mNames.map { row[$0] ?? "" }) + "\n"
        }
        let h = dir.appendingPathComponent("households.csv"), m = dir.appendingPathComponent("members.csv")
        try hCSV.write(to: h, atomically: true, encoding: .utf8)
        try mCSV.write(to: m, atomically: true, encoding: .utf8)
        do {
            _ = try RegistryImporter.importFiles(
                households: h, members: m, into: services.store,
                options: ImportOptions(reviewYear: services.today.year, catalog: try services.store.unitCatalog()), access: access)
        } catch let report as ImportErrorReport {
            return .invalid(report.sortedErrors.map { e in
                var e = e
                if e.file.hasPrefix("members") { e.column = "member." + e.column }
                return e
            })
        }
        let version = try services.store.household(code: code, scope: .everything, audit: false, context: access)?.household.version ?? 1
        return .saved(version: version)
    }
}

import Access
import Foundation
import Hummingbird
import Interchange
import Registry
import Store
import VietnameseText

/// The JSON API under `/api/v1` (giao diện lập trình): everything the pages do, for programs.
/// Errors are `{"error": {"code", "message", "field"?, "details"?}}` with a stable English code
/// and a Vietnamese message. Authentication: the session cookie (then state-changing calls need
/// the `X-CSRF-Token` header) or `Authorization: Bearer <API token>`.
struct APIRoutes {
    let services: WebServices
    let login: LoginService
    var households: HouseholdService { HouseholdService(services: services) }

    func register(_ router: Router<AppContext>) {
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in Reply.json(OpenAPIDocument.document) }

        api.post("session") { request, context in
            var request = request
            let body = try await jsonObject(&request, context)
            // The code as text ("012345"); a JSON number loses leading zeros, so it is padded back.
            let otp = (body["otp"] as? String) ?? (body["otp"] as? Int).map { String(format: "%06d", $0) }
            let username = body["username"] as? String ?? "", password = body["password"] as? String ?? ""
            let sharedDevice = body["shared_device"] as? Bool ?? false, access = context.access(request, user: nil)
            // Verifying a password (Argon2id, 64 MiB) takes a fifth of a second: off the event loop.
            let (token, session, account) = try await Offload.run {
                try login.signIn(username: username, password: password, otp: otp, sharedDevice: sharedDevice, access: access)
            }
            var response = Reply.json(["csrf_token": session.csrfToken, "username": account.username,
                                       "must_change_password": session.mustChangePassword, "mfa_enrolled": account.mfaEnrolled])
            response.setCookie(services.sessionCookie(token))
            return response
        }
        api.delete("session") { request, context in
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            if let s = user.session { services.sessions.end(tokenHash: s.tokenHash) }
            try services.store.recordSecurityEvent("logout", entityType: "account", entityIDs: [user.account.username],
                                                   context: context.access(request, user: user))
            return Response(status: .noContent)
        }
        api.get("me") { _, context in
            let user = try context.requireUser()
            var me: [String: Any] = [
                "username": user.account.username, "full_name": user.account.fullName, "unit_code": user.account.unitCode,
                "assignments": user.assignments.map(assignmentJSON), "mfa_enrolled": user.account.mfaEnrolled,
                "mfa_required": services.mfa.isRequired(for: user.assignments, on: services.today),
            ]
            if let s = user.session { me["csrf_token"] = s.csrfToken }
            return Reply.json(me)
        }
        api.get("dashboard") { request, context in
            let user = try context.requireUser()
            let unit = request.query("unit"), access = context.access(request, user: user)
            let d = try await Offload.run { try DashboardService(services: services).dashboard(user, unit: unit, access: access) }
            return Reply.json([
                "unit_code": d.unitCode as Any, "unit_name": d.unitName, "child_level": d.childLevel, "year": d.year,
                "as_of": d.asOf.isoString, "last_year_end": d.lastYearEnd.isoString,
                "total": figures(d.total), "total_last_year": figures(d.totalLast),
                "rows": d.rows.map { ["code": $0.code as Any, "name": $0.name, "this_year": figures($0.now), "last_year": figures($0.last)] },
            ])
        }
        api.get("households") { request, context in
            let user = try context.requireUser()
            let access = context.access(request, user: user)
            let page = try intParam(request, "page", default: 1, range: 1...1_000_000)
            let size = try intParam(request, "page_size", default: 20, range: 1...200)
            if let q = request.query("q") {
                let result = try await households.search(user, text: q, page: page, pageSize: size, access: access)
                return Reply.json(text: Self.searchJSON(query: q, page: page, pageSize: size, result: result))
            }
            let filter = try households.filter(from: request.query)
            let result = try await households.list(user, filter: filter, page: page, pageSize: size, access: access)
            return Reply.json([
                "total": result.total, "page": result.page, "page_size": result.pageSize, "has_more": page * result.pageSize < result.total,
                "items": result.rows.map {
                    ["household_code": $0.householdCode, "commune_code": $0.communeCode, "village": $0.village,
                     "head_name": $0.headName as Any, "head_birth_year": $0.headBirthYear as Any, "members": $0.members,
                     "recognised_class": $0.recognisedClass.rawValue, "version": $0.version] as [String: Any]
                },
            ])
        }
        api.get("households/:code") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let d = try await households.detail(user, code: code, access: context.access(request, user: user))
            var headers = HTTPFields()
            headers[.eTag] = "\"\(d.stored.version)\""
            return Reply.json(householdJSON(d), headers: headers)
        }
        api.get("households/:code/reads") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let limit = try intParam(request, "limit", default: HouseholdReadsPage.pageSize, range: 1...1000)
            let before = try HouseholdReadsPage.before(request)
            let reads = try households.reads(user, code: code, before: before, limit: limit, access: context.access(request, user: user))
            let iso = ISO8601DateFormatter()
            iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return Reply.json([
                "total": reads.total,
                "items": reads.entries.map { e -> [String: Any] in
                    ["seq": e.sequence, "at": iso.string(from: e.at), "account": e.account,
                     "full_name": reads.accounts[e.account]?.fullName as Any, "role": e.role as Any,
                     "unit_code": reads.unitCode(e) as Any, "action": e.action.rawValue, "entity_type": e.entityType,
                     "purpose": e.purpose as Any]
                },
            ])
        }
        api.put("households/:code") { request, context in
            var request = request
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let code = try context.parameters.require("code")
            let (fields, version) = try await editBody(&request, context)
            let result = try households.updateHousehold(user, code: code, values: fields, version: version, access: context.access(request, user: user))
            return try editReply(result)
        }
        api.put("households/:code/members/:no") { request, context in
            var request = request
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let code = try context.parameters.require("code")
            let no = try context.parameters.require("no", as: Int.self)
            let (fields, version) = try await editBody(&request, context)
            let result = try households.updateMember(user, code: code, memberNo: no, values: fields, version: version,
                                                     access: context.access(request, user: user))
            return try editReply(result)
        }
        api.post("imports") { request, context in
            var request = request
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            guard let type = request.headers[.contentType], let boundary = Multipart.boundary(contentType: type) else {
                throw WebError.badRequest("import.form", "Gửi multipart/form-data với hai phần households và members")
            }
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let parts = Multipart.parse(Data(buffer: body), boundary: boundary)
            guard let h = parts.first(where: { $0.name == "households" }), let m = parts.first(where: { $0.name == "members" }) else {
                throw WebError.badRequest("import.files_missing", "Cần cả tệp danh sách hộ (households) và tệp thành viên (members)")
            }
            let replace = request.query("replace_members") == "true"
            let service = ImportService(services: services), access = context.access(request, user: user)
            let hFile = (h.fileName ?? "households.csv", h.data), mFile = (m.fileName ?? "members.csv", m.data)
            let o = try await Offload.run { try service.stage(user, households: hFile, members: mFile, replaceMembers: replace, access: access) }
            return Reply.json(importJSON(o), status: o.errors.isEmpty ? .ok : .unprocessableContent)
        }
        api.post("imports/:id/commit") { request, context in
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let service = ImportService(services: services), access = context.access(request, user: user)
            let id = try context.parameters.require("id")
            let o = try await Offload.run { try service.commit(user, id: id, access: access) }
            return Reply.json(importJSON(o), status: o.errors.isEmpty ? .ok : .unprocessableContent)
        }
        api.delete("imports/:id") { request, context in
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            try ImportService(services: services).discard(user, id: try context.parameters.require("id"))
            return Response(status: .noContent)
        }
        api.get("tokens") { _, context in
            let user = try context.requireUser()
            return Reply.json(["items": try services.store.apiTokens(accountID: user.account.id).map(tokenJSON)])
        }
        api.post("tokens") { request, context in
            var request = request
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let body = try await jsonObject(&request, context)
            let days = body["days"] as? Int ?? 90
            guard (1...365).contains(days) else {
                throw WebError.badRequest("token.expiry", "Thời hạn mã truy cập từ 1 đến 365 ngày", field: "days")
            }
            let (token, secret) = try AccountPages.createToken(services, user: user, name: body["name"] as? String ?? "API", days: days,
                                                               access: context.access(request, user: user))
            var json = tokenJSON(token)
            json["token"] = secret
            return Reply.json(json, status: .created)
        }
        api.delete("tokens/:id") { request, context in
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let id = try context.parameters.require("id", as: Int64.self)
            try AccountPages.revokeToken(services, user: user, id: id, access: context.access(request, user: user))
            return Response(status: .noContent)
        }
        AdminRoutes(services: services).register(api, json: { request, context in try await jsonObject(&request, context) })
    }

    // MARK: JSON shapes

    func jsonObject(_ request: inout Request, _ context: AppContext) async throws -> [String: Any] {
        let buffer = try await request.collectBody(upTo: 1 << 20)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw WebError.badRequest("request.invalid_json", "Nội dung yêu cầu phải là một đối tượng JSON")
        }
        return object
    }

    func editBody(_ request: inout Request, _ context: AppContext) async throws -> ([String: String], Int) {
        let body = try await jsonObject(&request, context)
        guard let version = body["version"] as? Int else {
            throw WebError.badRequest("request.version_required", "Thiếu phiên bản (version) của hộ đã đọc", field: "version")
        }
        guard let raw = body["fields"] as? [String: Any] else {
            throw WebError.badRequest("request.fields_required", "Thiếu các trường (fields)", field: "fields")
        }
        var fields: [String: String] = [:]
        for (k, v) in raw {
            switch v {
            case let s as String: fields[k] = VietnameseText.nfc(s)
            case is NSNull: fields[k] = ""
            case let n as NSNumber: fields[k] = String(cString: n.objCType) == "c" ? (n.boolValue ? "yes" : "no") : n.stringValue
            default: throw WebError.badRequest("request.field_type", "Trường \(k) phải là chuỗi, số, true/false hoặc null", field: k)
            }
        }
        return (fields, version)
    }

    func editReply(_ result: HouseholdService.EditResult) throws -> Response {
        switch result {
        case .saved(let version): return Reply.json(["version": version])
        case .invalid(let errors):
            throw WebError(status: .unprocessableContent, code: errors.first?.code ?? "invalid", message: errors.first?.message ?? "Dữ liệu không hợp lệ",
                           field: errors.first.map { fieldName($0.column) },
                           details: errors.map { .init(field: fieldName($0.column), code: $0.code, message: $0.message, value: $0.value) })
        }
    }

    func fieldName(_ column: String) -> String {
        HouseholdColumn(header: column)?.name ?? MemberColumn(header: column)?.rawValue ?? column
    }

    func intParam(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw WebError.badRequest("parameter.\(name)", "Tham số \(name) phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound)", field: name)
        }
        return n
    }

    /// The search answer: `query`, `page`, `page_size`, `has_more` and the hits as `items`, written
    /// directly (the same text as ``JSONBody`` gives for the dictionaries, `JSONBodyTests`).
    static func searchJSON(query: String, page: Int, pageSize: Int, result: SearchPage) -> String {
        var o = JSONObjectWriter(capacity: 256 + 256 * result.hits.count)
        o.add("has_more", result.hasMore)
        o.add("items", objects: result.hits) { hit, item in
            item.add("birth_year", hit.birthYear)
            item.add("commune_code", hit.communeCode)
            item.add("full_name", hit.fullName)
            item.add("household_code", hit.householdCode)
            item.add("match", hit.match.rawValue)
            item.add("member_no", hit.memberNo)
            item.add("national_id_masked", hit.maskedNationalID)
            item.add("relation", hit.relation)
            item.add("village", hit.village)
        }
        o.add("page", page)
        o.add("page_size", pageSize)
        o.add("query", query)
        return o.finished()
    }

    func figures(_ f: DashboardService.Figures) -> [String: Any] {
        ["households": f.households, "persons": f.persons, "poor": f.poor, "near_poor": f.nearPoor,
         "poor_rate_pct": f.poorRate.map { ($0 * 10_000).rounded() / 100 } as Any,
         "near_poor_rate_pct": f.nearPoorRate.map { ($0 * 10_000).rounded() / 100 } as Any]
    }

    func assignmentJSON(_ a: Assignment) -> [String: Any] {
        ["id": a.id, "role": a.role.rawValue, "role_name": a.role.vietnameseName, "unit_code": a.unitCode, "villages": a.villages,
         "organisation": a.organisation?.rawValue as Any, "valid_from": a.validFrom.isoString, "valid_to": a.validTo?.isoString as Any]
    }

    func tokenJSON(_ t: APIToken) -> [String: Any] {
        ["id": t.id, "name": t.name, "expires_at": ISO8601DateFormatter().string(from: t.expiresAt),
         "created_at": ISO8601DateFormatter().string(from: t.createdAt), "revoked": t.revokedAt != nil]
    }

    /// A staged import's check, or its commit: every error (file, row as a spreadsheet numbers
    /// it, column, value, Vietnamese message, English code), counts, and the id to commit.
    func importJSON(_ o: ImportService.Outcome) -> [String: Any] {
        let iso = ISO8601DateFormatter()
        var json: [String: Any] = [
            "status": o.committed ? "committed" : (o.errors.isEmpty ? "checked" : "invalid"),
            "dry_run": o.dryRun, "committed": o.committed, "replace_members": o.replaceMembers,
            "files": ["households": o.fileNames.households, "members": o.fileNames.members],
            "error_count": o.totalErrors, "errors": o.errors.map(errorJSON), "warnings": o.warnings.map(errorJSON),
        ]
        if let id = o.id { json["import_id"] = id }
        if let e = o.expiresAt, !o.committed { json["expires_at"] = iso.string(from: e) }
        if let b = o.batchID { json["batch_id"] = b }
        if let c = o.counts {
            json["counts"] = ["households_created": c.householdsCreated, "households_updated": c.householdsUpdated,
                              "households_unchanged": c.householdsUnchanged, "members_created": c.membersCreated,
                              "members_updated": c.membersUpdated, "members_unchanged": c.membersUnchanged,
                              "members_removed": c.membersRemoved, "villages_created": c.villagesCreated]
        }
        if !o.errors.isEmpty {
            json["error"] = ["code": "import.invalid", "message": "Tệp có \(o.totalErrors) lỗi; chưa có dữ liệu nào được ghi"]
        }
        return json
    }

    func errorJSON(_ e: ImportError) -> [String: Any] {
        ["file": e.file, "row": e.row, "column": e.column, "value": e.value, "message": e.message, "code": e.code]
    }

    static let sensitiveMemberFields: Set<String> = ["ethnicity", "health_insurance", "disability", "malnourished", "ill_untreated", "meritorious"]

    func householdJSON(_ d: HouseholdService.Detail) -> [String: Any] {
        let h = d.stored.household
        var fields: [String: Any] = [:]
        for f in h.recordFields { fields[f.name] = f.value as Any }
        let v = d.visibility
        let members: [[String: Any]] = d.stored.members.map { m in
            var mf: [String: Any] = [:]
            for f in m.recordFields {
                if Self.sensitiveMemberFields.contains(f.name) && !v.sensitive { continue }
                if ["full_name", "national_id", "birth_date"].contains(f.name) && !v.names { continue }
                switch f.name {
                case "national_id": mf[f.name] = (v.fullNationalID ? f.value : SearchHit.mask(f.value)) as Any
                case "birth_date": mf[f.name] = (v.birthDates ? f.value : String(m.birth.year)) as Any
                default: mf[f.name] = f.value as Any
                }
            }
            return ["member_no": m.memberNo, "fields": mf]
        }
        var json: [String: Any] = [
            "household_code": h.householdCode, "version": d.stored.version, "commune_code": h.communeCode, "village": h.village,
            "fields": fields, "members": members,
            "recognised_class": StatusHistory(d.statuses).recognisedClass(on: services.today).rawValue,
            "classifications": d.classifications.map {
                ["year": $0.year, "standard": $0.standardID, "class": $0.povertyClass.rawValue, "deprived": $0.deprived,
                 "unknown": $0.unknown, "explanation": $0.explanation] as [String: Any]
            },
            "live_classifications": d.live.map { live -> [String: Any] in
                let c = live.classification, ids = live.standard.indicators.map(\.id)
                return ["year": live.year, "standard": live.standard.id, "in_force": live.inForce, "class": c.povertyClass.rawValue,
                        "deprived": ids.filter { c.deprived.contains($0) }.map(\.rawValue),
                        "unknown": ids.filter { c.unknown.contains($0) }.map(\.rawValue), "explanation": live.explanation]
            },
            "status_records": d.statuses.map {
                ["effective_date": $0.effectiveDate.isoString, "class": $0.recognisedClass.rawValue, "standard": $0.standardID as Any,
                 "source": $0.source.rawValue, "decision": $0.decision as Any] as [String: Any]
            },
            "transitions": d.outcomes.map {
                ["year": $0.year, "from": $0.classAtStart.rawValue, "to": $0.classAtEnd.rawValue, "flow": $0.flow.rawValue] as [String: Any]
            },
        ]
        if let trail = d.audit, let section = d.auditSection {
            let code = h.householdCode, iso = ISO8601DateFormatter()
            iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let entry = { (e: AuditEntry) -> [String: Any] in
                ["seq": e.sequence, "at": iso.string(from: e.at), "account": e.account, "role": e.role as Any,
                 "action": e.action.rawValue, "entity_type": e.entityType]
            }
            json["audit"] = [
                "changes": trail.changes.map(entry), "reads": trail.reads.map(entry), "reads_total": trail.readCount,
                "more": section == .log ? "/api/v1/audit?household=" + FormEncoding.escape(code)
                    : "/api/v1/households/\(HouseholdViews.urlPath(code))/reads",
            ] as [String: Any]
        }
        return json
    }
}

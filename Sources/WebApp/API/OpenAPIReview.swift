import Foundation

/// The review API's part of the OpenAPI document (`/api/v1/review/...`).
enum OpenAPIReview {
    typealias D = OpenAPIDocument

    static func body(_ required: [String], _ properties: [String: Any]) -> [String: Any] {
        ["required": true, "content": ["application/json": ["schema": ["type": "object", "required": required, "properties": properties]]]]
    }

    nonisolated(unsafe) static let string: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let integer: [String: Any] = ["type": "integer"]
    nonisolated(unsafe) static let date: [String: Any] = ["type": "string", "description": "yyyy-MM-dd or dd/MM/yyyy"]

    /// A state-changing step: documented answers 200/201, 400 (malformed), 403 (role), 404 (out
    /// of scope or missing), 409 (wrong state, frozen, read-only), 422 (guard or invalid value).
    static func step(_ summary: String, _ params: [[String: Any]], _ requestBody: [String: Any]? = nil, created: Bool = false) -> [String: Any] {
        var op: [String: Any] = [
            "summary": summary, "parameters": params + [D.csrfHeader],
            "responses": D.responses([created ? "201" : "200": D.ok(created ? "Created" : "Done"), "400": D.error("Malformed body"),
                                      "404": D.error("Not found or out of scope (review.not_found, review.scope)"),
                                      "409": D.error("Wrong state, frozen or read-only (review.state, review.frozen, review.immutable)"),
                                      "422": D.error("A rule of review.md refused it (review.guard.*, review.invalid, review.reconciliation)")]),
        ]
        if let requestBody { op["requestBody"] = requestBody }
        return op
    }

    static func read(_ summary: String, _ params: [[String: Any]]) -> [String: Any] {
        ["summary": summary, "parameters": params,
         "responses": D.responses(["200": D.ok("Found"), "400": D.error("Missing parameter"), "404": D.error("Not found or out of scope")])]
    }

    nonisolated(unsafe) static let round = [D.path("round"), D.path("commune")]
    static let dossier = "/api/v1/review/rounds/{round}/communes/{commune}"

    nonisolated(unsafe) static let paths: [String: Any] = [
        "/api/v1/review/campaigns": [
            "get": read("Campaigns (đợt rà soát định kỳ), newest first", [D.query("province")]),
            "post": step("PRV creates the year's campaign RS-{province}-{year}; chain by the window start", [],
                         body(["province_code", "year"], ["province_code": string, "year": integer]), created: true),
        ],
        "/api/v1/review/campaigns/{id}": ["get": read("A campaign with its plans and the communes that have a dossier", [D.path("id")])],
        "/api/v1/review/campaigns/{id}/plans": ["post": step(
            "Register a plan (province: draft → planned; district DST three-tier; commune CLD with reviewers per village); lower plans only earlier dates",
            [D.path("id")], body(["level", "unit_code", "number", "date", "signer"], [
                "level": ["type": "string", "enum": ["province", "district", "commune"]], "unit_code": string, "number": string, "date": date,
                "signer": string, "file": string, "due_dates": ["type": "object", "description": "deadline item → date"],
                "reviewers": ["type": "object", "description": "village → reviewer accounts"]]), created: true)],
        "/api/v1/review/campaigns/{id}/open": ["post": step("PRV opens the campaign (planned → open) before the window start", [D.path("id")])],
        "/api/v1/review/campaigns/{id}/consolidate": ["post": step("open → consolidating: every commune decided or the window ended", [D.path("id")])],
        "/api/v1/review/campaigns/{id}/summary": ["post": step("Register the province summary R2", [D.path("id")],
                                                               body(["number", "date", "signer"], ["number": string, "date": date, "signer": string, "file": string]))],
        "/api/v1/review/campaigns/{id}/close": ["post": step(
            "consolidating → closed when the reconciliation passes for every unit (else 422 listing the units); writes the year outcomes",
            [D.path("id")])],
        dossier: ["get": read("A commune's dossier in a campaign or batch: cases by state (no names) and the documents of the steps", round)],
        dossier + "/list": ["post": step("Step 1: list the commune's poor and near-poor households and the requests routed here", round)],
        dossier + "/households/{code}": ["get": read("A household's case with its Phiếu A/B versions, complaints, re-checks, certificate (audited read)",
                                                     round + [D.path("code")])],
        dossier + "/households/{code}/survey-template": ["get": read("A new Phiếu B prefilled from the registry, with the B1 table", round + [D.path("code")])],
        dossier + "/households/{code}/quick-id": ["post": step("Enter a Phiếu A (add-requests only)", round + [D.path("code")],
                                                               body(["answers"], ["date": date, "answers": ["type": "object", "description": "criterion id → yes/no"]]))],
        dossier + "/households/{code}/quick-id/confirm": ["post": step("COM confirms a clearly-not-poor Phiếu A with the reply: listed → rejected",
                                                                       round + [D.path("code")], body(["reply"], ["reply": string]))],
        dossier + "/households/{code}/surveys": ["post": step(
            "Save the household's Phiếu B draft (roster and facts from the registry; no class field: the engine decides at lock)",
            round + [D.path("code")], body(["b2"], [
                "date": date, "respondent": ["type": "object"], "scoring_table_id": string, "b1_answers": ["type": "object"], "b1_typed": integer,
                "b2": ["type": "object", "description": "indicator id → deprived | not_deprived | unknown"], "gps": ["type": "object"],
                "photos": ["type": "array", "items": string], "reason": string, "recheck_id": string]), created: true)],
        dossier + "/households/{code}/surveys/lock": ["post": step("Lock the draft: the engine's class; refused while incomplete", round + [D.path("code")])],
        dossier + "/households/{code}/rechecks": ["post": step("Form a re-check team (≥ 2, never the reviewer of the version under complaint)",
                                                               round + [D.path("code")], body(["team"], ["team": ["type": "array", "items": string]]))],
        dossier + "/households/{code}/withdraw": ["post": step("Stop reviewing a household (row 14)", round + [D.path("code")],
                                                               body(["reason"], ["reason": ["type": "string", "enum": ["request_withdrawn", "dissolved", "moved_out", "merged", "duplicate"]],
                                                                                 "note": string]))],
        dossier + "/meetings": ["post": step("Register village meeting minutes (or the board's follow-up) with each household's outcome", round,
                                             body(["number", "village", "date", "place", "chair", "attendance", "outcomes"], [
                                                "number": string, "village": string, "date": date, "place": string, "chair": string, "secretary": string,
                                                "attendance": ["type": "object"], "outcomes": ["type": "array", "items": ["type": "object"]],
                                                "by_commune_board": ["type": "boolean"]]))],
        dossier + "/postings": ["post": step("Prepare a posting notice for villages; the end is computed on the working-day calendar", round,
                                             body(["number", "places", "start"], ["number": string, "villages": ["type": "array", "items": string],
                                                                                   "places": ["type": "array", "items": ["type": "object"]],
                                                                                   "start": ["type": "string", "format": "date-time"]]))],
        dossier + "/postings/{id}/sign": ["post": step("CLD signs the notice", round + [D.path("id")], body(["signer"], ["signer": string]))],
        dossier + "/postings/{id}/start": ["post": step("The posting starts (signed, start ≤ now): agreed → posted", round + [D.path("id")])],
        dossier + "/complaints": ["post": step("Register a complaint: posted → rechecking; after the posting end it becomes a regular-review request",
                                               round, body(["channel", "household_code", "type", "content"], [
                                                "received_at": ["type": "string", "format": "date-time"], "channel": string, "complainant": string,
                                                "contact": string, "household_code": string, "type": string, "content": string]))],
        dossier + "/complaints/{id}/dismiss": ["post": step("Dismiss a complaint without re-check, with the reply", round + [D.path("id")],
                                                            body(["reply"], ["reply": string]))],
        dossier + "/rechecks/{id}/result": ["post": step("Record the re-check result once its Phiếu B version is locked: rechecking → posted",
                                                         round + [D.path("id")], body(["reply"], ["reply": string, "minutes_scan": string]))],
        dossier + "/consultations": ["post": step("Draft the report to the upper level (step 5)", round,
                                                  body(["number", "date", "signer"], ["number": string, "date": date, "signer": string, "recipient": string]))],
        dossier + "/consultations/{id}/send": ["post": step("CLD signs and sends it: posting_closed → reported", round + [D.path("id")])],
        dossier + "/consultations/{id}/opinion": ["post": step("The upper level's opinion (DST three-tier, PRV two-tier); request_recheck names households",
                                                               round + [D.path("id")], body(["date", "from", "type", "text"], [
                                                                "date": date, "number": string, "from": string,
                                                                "type": ["type": "string", "enum": ["agree", "agree_with_notes", "request_recheck"]],
                                                                "recheck_households": ["type": "array", "items": string], "text": string]))],
        dossier + "/decisions": ["post": step("CLD issues the recognition decision (unique number per commune and year): reported → recognised | rejected",
                                              round, body(["number", "date", "signer"], [
                                                "number": string, "date": date, "signer": string,
                                                "capacity": ["type": "string", "enum": ["chairman", "vice_chairman"]], "scan": string, "corrects": string]))],
        dossier + "/identifications/avg-agri": ["post": step(
            "Determine income for the agricultural average-living identification (review.md §5): 12 months' net income by source minus social assistance",
            round, body(["household_code", "members", "incomes"], ["household_code": string, "members": integer,
                                                                    "incomes": ["type": "object", "description": "source → VND"],
                                                                    "social_assistance": integer]), created: true)],
        dossier + "/identifications/low-income": ["post": step(
            "Check a person for the low-income-worker identification (review.md §7; refused unless the province enabled it)", round,
            body(["household_code", "member_no", "per_capita_income"], ["household_code": string, "member_no": integer, "per_capita_income": integer]),
            created: true)],
        dossier + "/identifications/post": ["post": step("Post every determined identification (3 working days)", round,
                                                         body(["start"], ["start": ["type": "string", "format": "date-time"]]))],
        dossier + "/identifications/decide": ["post": step("CLD decides the identifications whose posting ended (own decision, commune numbering)", round,
                                                           body(["number", "date", "signer"], ["number": string, "date": date, "signer": string]))],
        dossier + "/certificates": ["get": read("Certificates of the households decided in the dossier (audited personal read)", round)],
        "/api/v1/review/requests": [
            "get": read("Mẫu 01 requests of a commune", [D.query("commune")]),
            "post": step("Register a Mẫu 01 request; routed to the open campaign or the monthly batch of its date and listed when open", [],
                         body(["household_code", "commune_code", "type", "received_on", "channel", "reason", "signer"], [
                            "household_code": string, "commune_code": string,
                            "type": ["type": "string", "enum": ["add", "leave", "withdrawal", "commune_initiated"]], "received_on": date,
                            "channel": ["type": "string", "enum": ["in_person", "post", "online"]], "reason": string, "signer": string,
                            "scan": string, "withdraws": string]), created: true),
        ],
        "/api/v1/review/batches": [
            "get": read("Monthly batches of a commune", [D.query("commune")]),
            "post": step("COM opens the monthly batch RT-{commune}-{yyyy}-{MM} (from the 15th) and lists its requests", [],
                         body(["commune_code", "year", "month"], ["commune_code": string, "year": integer, "month": integer]), created: true),
        ],
        "/api/v1/review/monthly-reports": ["post": step("Compile a commune's monthly report (R5) as a draft", [],
                                                        body(["commune_code", "year", "month"], ["commune_code": string, "year": integer, "month": integer]),
                                                        created: true)],
        "/api/v1/review/monthly-reports/{id}/submit": ["post": step("CLD submits it (refused while the reconciliation fails)", [D.path("id")])],
        "/api/v1/review/monthly-reports/{id}/review": ["post": step("The next level accepts or returns it (reason required)", [D.path("id")],
                                                                    body(["accept"], ["accept": ["type": "boolean"], "reason": string]))],
        "/api/v1/review/alerts": ["get": read("Open alerts of the caller's units (due_soon, overdue, escalated)", [D.query("all", "boolean")])],
        "/api/v1/review/alerts/{id}/acknowledge": ["post": step("Acknowledge an alert", [D.path("id")])],
        "/api/v1/review/jobs/daily": ["post": step("Run the daily job now (ADM or PRV): open campaigns, close postings, silence rule, alerts", [])],
        "/api/v1/review/households/{code}/timeline": ["get": read("A household's classes, flows and decisions year by year", [D.path("code")])],
        "/api/v1/review/holidays": ["get": read("The holiday calendar used for working days", [])],
        "/api/v1/review/holidays/{year}": ["put": step("ADM replaces one year of the holiday calendar", [D.path("year", "integer")],
                                                       body(["year", "status", "source", "holidays"], [
                                                        "year": integer, "status": string, "source": string,
                                                        "holidays": ["type": "array", "items": ["type": "object"]],
                                                        "make_up_workdays": ["type": "array", "items": ["type": "object"]]]))],
    ]
}

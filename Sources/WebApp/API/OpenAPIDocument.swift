import Access
import Foundation
import Registry

/// The OpenAPI 3 description of `/api/v1` (tài liệu API), served at `/api/v1/openapi.json`.
/// Tests check it against the router: every documented path and method exists and answers as
/// documented, and every API route is documented.
enum OpenAPIDocument {
    nonisolated(unsafe) static let errorSchema: [String: Any] = [
        "type": "object", "required": ["error"],
        "properties": ["error": [
            "type": "object", "required": ["code", "message"],
            "properties": [
                "code": ["type": "string", "description": "Stable English code, e.g. household.stale_version"],
                "message": ["type": "string", "description": "Vietnamese message for people"],
                "field": ["type": "string"],
                "details": ["type": "array", "items": ["type": "object", "properties": [
                    "field": ["type": "string"], "code": ["type": "string"], "message": ["type": "string"], "value": ["type": "string"]]]],
            ],
        ]],
    ]

    static func error(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }

    static func ok(_ description: String, _ schema: [String: Any] = ["type": "object"], links: [String: Any]? = nil) -> [String: Any] {
        var response: [String: Any] = ["description": description, "content": ["application/json": ["schema": schema]]]
        if let links { response["links"] = links }
        return response
    }

    /// A link from an answer to an operation taking one of its values as a parameter (what a client,
    /// or schemathesis's stateful phase, follows: a listed household to its page, an upload to its commit).
    static func link(_ operationID: String, _ parameter: String, _ expression: String) -> [String: Any] {
        ["operationId": operationID, "parameters": [parameter: expression]]
    }

    nonisolated(unsafe) static let standardErrors: [String: Any] = ["401": error("Chưa đăng nhập (auth.required)"), "403": error("Không có quyền (permission_denied, csrf.invalid)")]

    static func responses(_ extra: [String: Any]) -> [String: Any] { standardErrors.merging(extra) { $1 } }

    static func query(_ name: String, _ type: String = "string", _ description: String = "") -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": ["type": type], "description": description]
    }

    static func path(_ name: String, _ type: String = "string") -> [String: Any] {
        ["name": name, "in": "path", "required": true, "schema": ["type": type]]
    }

    nonisolated(unsafe) static let editBody: [String: Any] = [
        "required": true,
        "content": ["application/json": ["schema": [
            "type": "object", "required": ["version", "fields"],
            "properties": [
                "version": ["type": "integer", "description": "The household version the edit starts from (optimistic lock)"],
                "fields": ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean", "null"]],
                           "description": "Columns of data-format.md (English names) and their new values"],
            ],
        ]]],
    ]

    nonisolated(unsafe) static let csrfHeader: [String: Any] = ["name": "X-CSRF-Token", "in": "header", "required": false, "schema": ["type": "string"],
                                            "description": "Required with a session cookie; not with a bearer token"]

    static func adminAction(_ summary: String) -> [String: Any] {
        ["summary": summary, "parameters": [path("id", "integer"), csrfHeader],
         "requestBody": ["required": false, "content": ["application/json": ["schema": [
            "type": "object", "properties": ["password": ["type": "string", "description": "The caller's password, unless proven within 5 minutes"]]]]]],
         "responses": responses(["200": ok("The account after the change", ["$ref": "#/components/schemas/Account"]),
                                 "400": error("The id is not an integer"), "404": error("Not found or not manageable"),
                                 "422": error("Not on one's own account (account.self); no second factor to reset (mfa.not_enrolled)")])]
    }

    nonisolated(unsafe) static let accountSchema: [String: Any] = [
        "type": "object", "required": ["id", "username", "full_name", "state", "assignments"],
        "properties": [
            "id": ["type": "integer"], "username": ["type": "string"], "full_name": ["type": "string"], "unit_code": ["type": "string"],
            "state": ["type": "string", "enum": ["active", "locked", "disabled"]], "must_change_password": ["type": "boolean"],
            "mfa_enrolled": ["type": "boolean", "description": "A second factor (TOTP) is enrolled"],
            "one_time_password": ["type": "string", "description": "Only in the answer that created it"],
            "assignments": ["type": "array", "items": ["type": "object", "required": ["role", "unit_code"],
                                                       "properties": ["role": ["type": "string"], "unit_code": ["type": "string"]]]],
        ],
    ]

    /// One import error: where (file, row as a spreadsheet numbers it — the header is row 1 —,
    /// column), the value, a Vietnamese message and a stable English code.
    nonisolated(unsafe) static let importErrorSchema: [String: Any] = [
        "type": "object", "required": ["file", "row", "column", "value", "message", "code"],
        "properties": ["file": ["type": "string"], "row": ["type": "integer"], "column": ["type": "string"], "value": ["type": "string"],
                       "message": ["type": "string", "description": "Vietnamese"], "code": ["type": "string", "description": "e.g. national_id.length"]],
    ]

    nonisolated(unsafe) static let importSchema: [String: Any] = [
        "type": "object", "required": ["status", "dry_run", "committed", "replace_members", "files", "error_count", "errors", "warnings"],
        "properties": [
            "import_id": ["type": "string", "description": "The staged upload, to commit or discard (valid 1 hour)"],
            "status": ["type": "string", "enum": ["checked", "invalid", "committed"]],
            "dry_run": ["type": "boolean"], "committed": ["type": "boolean"], "replace_members": ["type": "boolean"],
            "expires_at": ["type": "string", "format": "date-time"],
            "batch_id": ["type": "integer", "description": "The import batch written (after a commit)"],
            "files": ["type": "object", "required": ["households", "members"],
                      "properties": ["households": ["type": "string"], "members": ["type": "string"]]],
            "error_count": ["type": "integer", "description": "All errors, even beyond the 10,000 listed"],
            "errors": ["type": "array", "items": ["$ref": "#/components/schemas/ImportError"]],
            "warnings": ["type": "array", "items": ["$ref": "#/components/schemas/ImportError"]],
            "counts": ["type": "object", "additionalProperties": ["type": "integer"],
                       "description": "households_created, households_updated, households_unchanged, members_created, members_updated, members_unchanged, members_removed, villages_created"],
            "error": ["type": "object", "properties": ["code": ["type": "string"], "message": ["type": "string"]]],
        ],
    ]

    static let classes: [String] = ["poor", "near_poor", "average", "not_poor"]
    /// Classes a classification computes: the recognised ones and `incomplete` (facts missing).
    static let computedClasses: [String] = classes + ["incomplete"]

    static func object(_ required: [String], _ properties: [String: Any]) -> [String: Any] {
        ["type": "object", "required": required, "properties": properties]
    }

    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    static var nullableInteger: [String: Any] { ["type": ["integer", "null"]] }
    static var date: [String: Any] { ["type": "string", "format": "date"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    static var strings: [String: Any] { ["type": "array", "items": string] }
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }

    nonisolated(unsafe) static let assignmentSchema = object(
        ["id", "role", "role_name", "unit_code", "villages", "organisation", "valid_from", "valid_to"],
        ["id": integer, "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)], "role_name": string, "unit_code": string,
         "villages": strings, "organisation": nullableString, "valid_from": date, "valid_to": ["type": ["string", "null"], "format": "date"]])

    nonisolated(unsafe) static let meSchema = object(
        ["username", "full_name", "unit_code", "assignments", "mfa_enrolled", "mfa_required"],
        ["username": string, "full_name": string, "unit_code": string, "assignments": array(ref("Assignment")),
         "mfa_enrolled": boolean, "mfa_required": ["type": "boolean", "description": "The account's roles require a second factor"],
         "csrf_token": ["type": "string", "description": "With a session cookie only"]])

    nonisolated(unsafe) static let figuresSchema = object(
        ["households", "persons", "poor", "near_poor", "poor_rate_pct", "near_poor_rate_pct"],
        ["households": integer, "persons": integer, "poor": integer, "near_poor": integer,
         "poor_rate_pct": ["type": ["number", "null"], "description": "poor ÷ households × 100, 2 decimals; null without households"],
         "near_poor_rate_pct": ["type": ["number", "null"]]])

    nonisolated(unsafe) static let dashboardSchema = object(
        ["unit_code", "unit_name", "child_level", "year", "as_of", "last_year_end", "total", "total_last_year", "rows"],
        ["unit_code": nullableString, "unit_name": string, "child_level": ["type": "string", "enum": ["province", "commune", "village"]],
         "year": integer, "as_of": date, "last_year_end": date, "total": ref("Figures"), "total_last_year": ref("Figures"),
         "rows": array(object(["code", "name", "this_year", "last_year"],
                              ["code": nullableString, "name": string, "this_year": ref("Figures"), "last_year": ref("Figures")]))])

    nonisolated(unsafe) static let householdListSchema = object(
        ["total", "page", "page_size", "has_more", "items"],
        ["total": integer, "page": integer, "page_size": integer, "has_more": boolean,
         "items": array(object(["household_code", "commune_code", "village", "head_name", "head_birth_year", "members", "recognised_class", "version"],
                               ["household_code": string, "commune_code": string, "village": string, "head_name": nullableString,
                                "head_birth_year": nullableInteger, "members": integer, "recognised_class": ["type": "string", "enum": classes],
                                "version": integer]))])

    nonisolated(unsafe) static let searchSchema = object(
        ["query", "page", "page_size", "has_more", "items"],
        ["query": string, "page": integer, "page_size": integer, "has_more": boolean,
         "items": array(object(["household_code", "member_no", "full_name", "relation", "birth_year", "national_id_masked", "village",
                                "commune_code", "match"],
                               ["household_code": string, "member_no": integer, "full_name": string, "relation": string, "birth_year": integer,
                                "national_id_masked": ["type": ["string", "null"], "description": "Last 4 digits only: ********1234"],
                                "village": string, "commune_code": string, "match": string]))])

    nonisolated(unsafe) static let tokenSchema = object(
        ["id", "name", "expires_at", "created_at", "revoked"],
        ["id": integer, "name": string, "expires_at": dateTime, "created_at": dateTime, "revoked": boolean,
         "token": ["type": "string", "description": "The secret: only in the answer that created it"]])

    nonisolated(unsafe) static let versionSchema = object(["version"], ["version": ["type": "integer", "description": "The household's new version"]])

    nonisolated(unsafe) static let householdSchema: [String: Any] = [
        "type": "object",
        "required": ["household_code", "version", "commune_code", "village", "fields", "members", "recognised_class", "classifications",
                     "live_classifications", "status_records", "transitions"],
        "properties": [
            "household_code": ["type": "string"], "version": ["type": "integer"], "commune_code": ["type": "string"], "village": ["type": "string"],
            "fields": ["type": "object", "description": "Household columns of data-format.md (English names)"],
            "members": ["type": "array", "items": ["type": "object", "required": ["member_no", "fields"],
                                                   "properties": ["member_no": ["type": "integer"], "fields": ["type": "object"]]]],
            "recognised_class": ["type": "string", "enum": classes],
            "classifications": ["type": "array", "description": "Stored classification runs", "items": object(
                ["year", "standard", "class", "deprived", "unknown", "explanation"],
                ["year": integer, "standard": string, "class": ["type": "string", "enum": computedClasses], "deprived": strings, "unknown": strings,
                 "explanation": string])],
            "live_classifications": ["type": "array", "description": "This year's facts classified now under each national standard",
                                     "items": ["type": "object", "required": ["year", "standard", "in_force", "class", "deprived", "unknown", "explanation"],
                                               "properties": ["year": ["type": "integer"], "standard": ["type": "string"], "in_force": ["type": "boolean"],
                                                              "class": ["type": "string", "enum": computedClasses], "deprived": ["type": "array", "items": ["type": "string"]],
                                                              "unknown": ["type": "array", "items": ["type": "string"]], "explanation": ["type": "string"]]]],
            "status_records": array(object(["effective_date", "class", "standard", "source", "decision"],
                                           ["effective_date": date, "class": ["type": "string", "enum": classes], "standard": nullableString,
                                            "source": string, "decision": nullableString])),
            "transitions": array(object(["year", "from", "to", "flow"],
                                        ["year": integer, "from": ["type": "string", "enum": classes], "to": ["type": "string", "enum": classes],
                                         "flow": string])),
            "audit": [
                "type": "object", "required": ["changes", "reads", "reads_total", "more"],
                "description": """
                    The household's audit section (roles.md §5), for the roles that read the audit log (ADM, AUD, PRV) and the \
                    commune (COM, CLD); absent for the others. Its changes (create, update, delete, transition, sign; the latest 50) \
                    and its latest 10 personal-data reads (its page, lists and searches showing it, its history, exports), newest \
                    first, with the count of all reads; `more` is where the rest is: the audit log filtered by household for the \
                    roles that read the log, the list of reads (with each reader's unit) for the commune.
                    """,
                "properties": [
                    "changes": array(ref("AuditTrailEntry")), "reads": array(ref("AuditTrailEntry")),
                    "reads_total": ["type": "integer", "description": "All personal-data reads of the household recorded"],
                    "more": ["type": "string", "description": "/api/v1/audit?household={code} or /api/v1/households/{code}/reads"],
                ],
            ],
        ],
    ]

    nonisolated(unsafe) static let auditTrailEntrySchema = object(
        ["seq", "at", "account", "role", "action", "entity_type"],
        ["seq": integer, "at": dateTime, "account": string, "role": nullableString,
         "action": ["type": "string", "enum": AuditAction.allCases.map(\.rawValue)],
         "entity_type": ["type": "string", "description": "What named the household: household (its page), household_list, search, household_history, member…"]])

    nonisolated(unsafe) static let householdReadsSchema = object(
        ["total", "items"],
        ["total": ["type": "integer", "description": "All personal-data reads of the household"],
         "items": array(object(["seq", "at", "account", "full_name", "role", "unit_code", "action", "entity_type", "purpose"],
                               ["seq": integer, "at": dateTime, "account": string, "full_name": nullableString, "role": nullableString,
                                "unit_code": ["type": ["string", "null"], "description": "The unit of the assignment the account read under"],
                                "action": ["type": "string", "enum": ["read_personal", "export"]], "entity_type": string,
                                "purpose": nullableString]))])

    nonisolated(unsafe) static let document: [String: Any] = [
        "openapi": "3.1.0",
        "info": ["title": "GiamNgheo API", "version": "1.1.0",
                 "description": "Sổ hộ nghèo, cận nghèo: tra cứu, sửa, nhập dữ liệu, số liệu tổng quan. Lỗi: {error: {code, message}}."],
        "servers": [["url": "/"]],
        "components": [
            "schemas": ["Error": errorSchema, "Account": accountSchema, "Household": householdSchema, "Import": importSchema,
                        "ImportError": importErrorSchema, "Assignment": assignmentSchema, "Me": meSchema, "Figures": figuresSchema,
                        "Dashboard": dashboardSchema, "HouseholdList": householdListSchema, "SearchPage": searchSchema, "Token": tokenSchema,
                        "AuditTrailEntry": auditTrailEntrySchema, "HouseholdReads": householdReadsSchema],
            "securitySchemes": [
                "session": ["type": "apiKey", "in": "cookie", "name": "gn_session"],
                "bearer": ["type": "http", "scheme": "bearer"],
            ],
        ],
        "security": [["session": []], ["bearer": []]],
        "paths": ([
            "/api/v1/openapi.json": ["get": ["summary": "This document", "security": [], "responses": ["200": ok("OpenAPI document")]]],
            "/api/v1/session": [
                "post": ["summary": "Sign in (đăng nhập); sets the session cookie", "security": [],
                         "description": """
                            Accounts with a second factor (roles ADM and PRV by default, or any account that enrolled) also send the current \
                            6-digit TOTP code as `otp`: missing → 401 auth.otp_required; wrong → 401 auth.otp_invalid; already used → \
                            401 auth.otp_replayed (wrong codes count toward the lockout). An account that must enrol signs in once in a \
                            browser first (403 auth.mfa_enrolment_required). API tokens created from the signed-in session need no code.
                            """,
                         "requestBody": ["required": true, "content": ["application/json": ["schema": [
                            "type": "object", "required": ["username", "password"],
                            "properties": ["username": ["type": "string"], "password": ["type": "string"], "shared_device": ["type": "boolean"],
                                           "otp": ["type": "string", "description": "Current TOTP code (6 digits) of an account with a second factor"]]]]]],
                         "responses": ["200": ok("Signed in", ["type": "object", "required": ["csrf_token", "username", "must_change_password", "mfa_enrolled"],
                                                              "properties": ["csrf_token": ["type": "string"], "username": ["type": "string"],
                                                                             "must_change_password": ["type": "boolean"], "mfa_enrolled": ["type": "boolean"]]]),
                                       "400": error("Malformed body"),
                                       "401": error("Wrong credentials or locked (auth.invalid_credentials); code missing, wrong or used (auth.otp_*)"),
                                       "403": error("The account must enrol a second factor in the browser first (auth.mfa_enrolment_required)"),
                                       "429": error("Too many failures from this address (auth.throttled)")]],
                "delete": ["summary": "Sign out (đăng xuất)", "parameters": [csrfHeader], "responses": responses(["204": ["description": "Signed out"]])],
            ],
            "/api/v1/me": ["get": ["summary": "The signed-in account and its assignments", "responses": responses(["200": ok("Account", ref("Me"))])]],
            "/api/v1/dashboard": ["get": [
                "summary": "Totals, poor and near-poor counts and rates, this year and last, per child unit",
                "parameters": [query("unit", "string", "Province or commune code (drill-down)")],
                "responses": responses(["200": ok("Dashboard", ref("Dashboard")), "400": error("Unknown unit")])]],
            "/api/v1/households": ["get": [
                "summary": "Household list with filters, or search when q is given (diacritic-insensitive)",
                "parameters": [query("q", "string", "Search text: name, household code, CCCD, village"),
                               query("class", "string", "poor, near_poor, average, not_poor (comma-separated)"),
                               query("unit"), query("village"), query("ethnic_minority", "boolean"), query("meritorious", "boolean"),
                               query("cause"), query("page", "integer"), query("page_size", "integer")],
                "responses": responses(["200": ok("A page of households, or of search hits when q is given",
                                                  ["anyOf": [ref("HouseholdList"), ref("SearchPage")]],
                                                  links: ["household": link("getHousehold", "code", "$response.body#/items/0/household_code"),
                                                          "edit": link("putHousehold", "code", "$response.body#/items/0/household_code")]),
                                        "400": error("Invalid filter or page")])]],
            "/api/v1/households/{code}": [
                "get": ["summary": "One household with members, classifications, class history, transitions and (for some roles) its audit section",
                        "operationId": "getHousehold",
                        "parameters": [path("code")],
                        "responses": responses(["200": ok("Household", ["$ref": "#/components/schemas/Household"]), "404": error("Not found or out of scope")])],
                "put": ["summary": "Edit a household's own fields under its version", "operationId": "putHousehold",
                        "parameters": [path("code"), csrfHeader], "requestBody": editBody,
                        "responses": responses(["200": ok("New version", versionSchema),
                                                "400": error("Malformed body"), "404": error("Not found or out of scope"),
                                                "409": error("Changed by someone else (household.stale_version)"),
                                                "422": error("Invalid values, listed per field")])],
            ],
            "/api/v1/households/{code}/reads": ["get": [
                "summary": "Who read the household's personal data (roles.md §5): every read, newest first, with each reader's unit and role",
                "description": "For the roles shown the household's audit section (ADM, AUD, PRV, COM, CLD). Pages with `before`.",
                "parameters": [path("code"), query("before", "integer", "Only reads older than this sequence number"),
                               query("limit", "integer", "1–1000, default 100")],
                "responses": responses(["200": ok("Reads", ref("HouseholdReads")), "400": error("Invalid before or limit"),
                                        "404": error("Not found or out of scope")])]],
            "/api/v1/households/{code}/members/{no}": [
                "put": ["summary": "Edit one member under the household's version",
                        "parameters": [path("code"), path("no", "integer"), csrfHeader], "requestBody": editBody,
                        "responses": responses(["200": ok("New version", versionSchema), "400": error("Malformed body or member number"),
                                                "404": error("Not found"),
                                                "409": error("Stale version"), "422": error("Invalid values")])],
            ],
            "/api/v1/imports": ["post": [
                "summary": "Upload households and members files (CSV or XLSX): staged and checked (dry run), nothing written",
                "description": """
                    The answer lists every error and gives an import_id; POST /api/v1/imports/{id}/commit then imports exactly \
                    these files, all or nothing, or DELETE /api/v1/imports/{id} drops them. Only the uploader sees its staged imports.
                    """,
                "parameters": [query("replace_members", "boolean", "Members of the files' households missing from the members file are removed"),
                               csrfHeader],
                "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": [
                    "type": "object", "required": ["households", "members"],
                    "properties": ["households": ["type": "string", "format": "binary"], "members": ["type": "string", "format": "binary"]]]]]],
                "responses": responses(["200": ok("Checked without error: commit with import_id", ["$ref": "#/components/schemas/Import"],
                                                  links: ["commit": link("commitImport", "id", "$response.body#/import_id"),
                                                          "discard": link("discardImport", "id", "$response.body#/import_id")]),
                                        "400": error("Not multipart, or a file missing"),
                                        "422": ok("Errors, every one listed; nothing written (status invalid)", ["$ref": "#/components/schemas/Import"])])]],
            "/api/v1/imports/{id}/commit": ["post": [
                "summary": "Import exactly the files staged under id, with the options of their check", "operationId": "commitImport",
                "parameters": [path("id"), csrfHeader],
                "responses": responses([
                    "200": ok("Imported (status committed)", ["$ref": "#/components/schemas/Import"]),
                    "404": error("No such staged import of this account (import.not_found)"),
                    "409": error("A household of the files changed since the check (import.registry_changed, details list them); nothing written"),
                    "410": error("Older than 1 hour (import.expired)"),
                    "422": ok("The check had errors (an Error, import.invalid), or the import found some now (an Import listing them); nothing written",
                              ["anyOf": [["$ref": "#/components/schemas/Import"], ["$ref": "#/components/schemas/Error"]]]),
                ])]],
            "/api/v1/imports/{id}": ["delete": [
                "summary": "Drop a staged import", "operationId": "discardImport", "parameters": [path("id"), csrfHeader],
                "responses": responses(["204": ["description": "Dropped"], "404": error("No such staged import (import.not_found)")])]],
            "/api/v1/export/households": ["get": [
                "summary": "Export the households in scope (ZIP of households and members in the import format)",
                "parameters": [query("format", "string", "csv or xlsx"), query("headers", "string", "vi or en"), query("class"), query("unit")],
                "responses": responses(["200": ["description": "ZIP file", "content": ["application/zip": ["schema": ["type": "string", "format": "binary"]]]],
                                        "400": error("Invalid format, headers, class or unit")])]],
            "/api/v1/tokens": [
                "get": ["summary": "The account's API tokens", "responses": responses(["200": ok("Tokens", object(["items"], ["items": array(ref("Token"))]))])],
                "post": ["summary": "Create an API token; the secret is shown once", "parameters": [csrfHeader],
                         "requestBody": ["required": false, "content": ["application/json": ["schema": [
                            "type": "object", "properties": ["name": ["type": "string"], "days": ["type": "integer", "minimum": 1, "maximum": 365]]]]]],
                         "responses": responses(["201": ok("Token with its secret", ref("Token")), "400": error("Invalid expiry or body")])],
            ],
            "/api/v1/users": [
                "get": ["summary": "Accounts the caller may manage (quản lý người dùng, roles.md §4 notes 24–25)",
                        "parameters": [query("q", "string", "Part of the username or full name, diacritics ignored")],
                        "responses": responses(["200": ok("Accounts", ["type": "object", "required": ["items"],
                                                                       "properties": ["items": ["type": "array", "items": ["$ref": "#/components/schemas/Account"]]]])])],
                "post": ["summary": "Create an account with one assignment; the one-time password is returned once",
                         "parameters": [csrfHeader], "requestBody": ["required": true, "content": ["application/json": ["schema": [
                            "type": "object", "required": ["username", "full_name", "role"],
                            "properties": ["username": ["type": "string"], "full_name": ["type": "string"],
                                           "role": ["type": "string", "enum": ["ADM", "PRV", "DST", "COM", "CLD", "VIL", "ORG", "LDP", "PTN", "AUD"]],
                                           "unit_code": ["type": "string"], "villages": ["type": "array", "items": ["type": "string"]],
                                           "organisation": ["type": "string"], "valid_to": ["type": "string", "description": "dd/MM/yyyy or yyyy-MM-dd"],
                                           "reason": ["type": "string"],
                                           "password": ["type": "string", "description": "The caller's password, unless proven within 5 minutes"]]]]]],
                         "responses": responses(["201": ok("Created", ["$ref": "#/components/schemas/Account"]), "400": error("Malformed body"),
                                                 "409": error("Username taken (username.taken)"), "422": error("Invalid field")])],
            ],
            "/api/v1/users/{id}": ["get": ["summary": "One managed account", "parameters": [path("id", "integer")],
                                           "responses": responses(["200": ok("Account", ["$ref": "#/components/schemas/Account"]),
                                                                   "400": error("The id is not an integer"), "404": error("Not found or not manageable")])]],
            "/api/v1/users/{id}/disable": ["post": adminAction("Disable the account; its sessions end")],
            "/api/v1/users/{id}/enable": ["post": adminAction("Re-enable (and unlock) the account")],
            "/api/v1/users/{id}/reset-password": ["post": adminAction("Give the account a one-time password (returned once)")],
            "/api/v1/users/{id}/reset-mfa": ["post": adminAction(
                "Remove the account's second factor (lost phone; ADM and PRV only); it enrols again at its next sign-in")],
            "/api/v1/audit": ["get": [
                "summary": "Audit log entries the caller may read, newest first (ADM, AUD: all; PRV: its province)",
                "parameters": [query("account"), query("household", "string", "Household code"), query("action"),
                               query("from", "string", "dd/MM/yyyy"), query("to", "string", "dd/MM/yyyy"),
                               query("before", "integer", "Only entries older than this sequence number"), query("limit", "integer")],
                "responses": responses(["200": ok("Entries", ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": [
                    "type": "object", "required": ["seq", "at", "account", "action", "entity_type", "entity_ids", "hash"],
                    "properties": ["seq": ["type": "integer"], "at": ["type": "string"], "account": ["type": "string"], "action": ["type": "string"],
                                   "entity_type": ["type": "string"], "entity_ids": ["type": "array", "items": ["type": "string"]], "hash": ["type": "string"]]]]]]),
                                        "400": error("Invalid filter")])]],
            "/api/v1/tokens/{id}": ["delete": ["summary": "Revoke a token", "parameters": [path("id", "integer"), csrfHeader],
                                               "responses": responses(["204": ["description": "Revoked"], "400": error("The id is not an integer"),
                                                                       "422": error("No such token")])]],
        ] as [String: Any]).merging(OpenAPIReview.paths) { $1 },
    ]
}

import Foundation

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

    static func ok(_ description: String, _ schema: [String: Any] = ["type": "object"]) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": schema]]]
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

    nonisolated(unsafe) static let document: [String: Any] = [
        "openapi": "3.1.0",
        "info": ["title": "GiamNgheo API", "version": "1.0.0",
                 "description": "Sổ hộ nghèo, cận nghèo: tra cứu, sửa, nhập dữ liệu, số liệu tổng quan. Lỗi: {error: {code, message}}."],
        "servers": [["url": "/"]],
        "components": [
            "schemas": ["Error": errorSchema],
            "securitySchemes": [
                "session": ["type": "apiKey", "in": "cookie", "name": "gn_session"],
                "bearer": ["type": "http", "scheme": "bearer"],
            ],
        ],
        "security": [["session": []], ["bearer": []]],
        "paths": [
            "/api/v1/openapi.json": ["get": ["summary": "This document", "security": [], "responses": ["200": ok("OpenAPI document")]]],
            "/api/v1/session": [
                "post": ["summary": "Sign in (đăng nhập); sets the session cookie", "security": [],
                         "requestBody": ["required": true, "content": ["application/json": ["schema": [
                            "type": "object", "required": ["username", "password"],
                            "properties": ["username": ["type": "string"], "password": ["type": "string"], "shared_device": ["type": "boolean"]]]]]],
                         "responses": ["200": ok("Signed in", ["type": "object", "properties": ["csrf_token": ["type": "string"], "username": ["type": "string"],
                                                                                               "must_change_password": ["type": "boolean"]]]),
                                       "400": error("Malformed body"), "401": error("Wrong credentials or locked (auth.invalid_credentials)"),
                                       "429": error("Too many failures from this address (auth.throttled)")]],
                "delete": ["summary": "Sign out (đăng xuất)", "parameters": [csrfHeader], "responses": responses(["204": ["description": "Signed out"]])],
            ],
            "/api/v1/me": ["get": ["summary": "The signed-in account and its assignments", "responses": responses(["200": ok("Account")])]],
            "/api/v1/dashboard": ["get": [
                "summary": "Totals, poor and near-poor counts and rates, this year and last, per child unit",
                "parameters": [query("unit", "string", "Province or commune code (drill-down)")],
                "responses": responses(["200": ok("Dashboard"), "400": error("Unknown unit")])]],
            "/api/v1/households": ["get": [
                "summary": "Household list with filters, or search when q is given (diacritic-insensitive)",
                "parameters": [query("q", "string", "Search text: name, household code, CCCD, village"),
                               query("class", "string", "poor, near_poor, average, not_poor (comma-separated)"),
                               query("unit"), query("village"), query("ethnic_minority", "boolean"), query("meritorious", "boolean"),
                               query("cause"), query("page", "integer"), query("page_size", "integer")],
                "responses": responses(["200": ok("A page of households or search hits"), "400": error("Invalid filter")])]],
            "/api/v1/households/{code}": [
                "get": ["summary": "One household with members, classifications, class history and transitions",
                        "parameters": [path("code")], "responses": responses(["200": ok("Household"), "404": error("Not found or out of scope")])],
                "put": ["summary": "Edit a household's own fields under its version",
                        "parameters": [path("code"), csrfHeader], "requestBody": editBody,
                        "responses": responses(["200": ok("New version", ["type": "object", "properties": ["version": ["type": "integer"]]]),
                                                "400": error("Malformed body"), "404": error("Not found or out of scope"),
                                                "409": error("Changed by someone else (household.stale_version)"),
                                                "422": error("Invalid values, listed per field")])],
            ],
            "/api/v1/households/{code}/members/{no}": [
                "put": ["summary": "Edit one member under the household's version",
                        "parameters": [path("code"), path("no", "integer"), csrfHeader], "requestBody": editBody,
                        "responses": responses(["200": ok("New version"), "400": error("Malformed body"), "404": error("Not found"),
                                                "409": error("Stale version"), "422": error("Invalid values")])],
            ],
            "/api/v1/imports": ["post": [
                "summary": "Import households and members files (CSV or XLSX), all or nothing",
                "parameters": [query("dry_run", "boolean"), query("replace_members", "boolean"), csrfHeader],
                "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": [
                    "type": "object", "required": ["households", "members"],
                    "properties": ["households": ["type": "string", "format": "binary"], "members": ["type": "string", "format": "binary"]]]]]],
                "responses": responses(["200": ok("Imported or checked"), "400": error("Missing files"), "422": error("Errors, nothing written")])]],
            "/api/v1/export/households": ["get": [
                "summary": "Export the households in scope (ZIP of households and members in the import format)",
                "parameters": [query("format", "string", "csv or xlsx"), query("headers", "string", "vi or en"), query("class"), query("unit")],
                "responses": responses(["200": ["description": "ZIP file", "content": ["application/zip": ["schema": ["type": "string", "format": "binary"]]]]])]],
            "/api/v1/tokens": [
                "get": ["summary": "The account's API tokens", "responses": responses(["200": ok("Tokens")])],
                "post": ["summary": "Create an API token; the secret is shown once", "parameters": [csrfHeader],
                         "requestBody": ["required": false, "content": ["application/json": ["schema": [
                            "type": "object", "properties": ["name": ["type": "string"], "days": ["type": "integer", "minimum": 1, "maximum": 365]]]]]],
                         "responses": responses(["201": ok("Token with its secret"), "400": error("Invalid expiry")])],
            ],
            "/api/v1/tokens/{id}": ["delete": ["summary": "Revoke a token", "parameters": [path("id", "integer"), csrfHeader],
                                               "responses": responses(["204": ["description": "Revoked"], "422": error("No such token")])]],
        ],
    ]
}

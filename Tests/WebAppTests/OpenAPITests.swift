import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("every documented operation is routed and its unauthenticated answer is documented JSON")
    func documentMatchesRoutes() async throws {
        let fixture = try WebFixture()
        try await fixture.run { client in
            let doc = try await client.get("/api/v1/openapi.json")
            #expect(doc.status == .ok)
            #expect(doc.json["openapi"] as? String == "3.1.0")
            let paths = try #require(doc.json["paths"] as? [String: [String: Any]])
            #expect(paths.count >= 9)
            for (path, operations) in paths {
                for (method, op) in operations {
                    let concrete = path.replacingOccurrences(of: "{code}", with: "HT-A1").replacingOccurrences(of: "{no}", with: "1")
                        .replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{round}", with: "RS-42-2026")
                        .replacingOccurrences(of: "{commune}", with: "18073").replacingOccurrences(of: "{year}", with: "2026")
                    let response = try await client.request(HTTPRequest.Method(method.uppercased())!, concrete, contentType: "application/json")
                    let documented = ((op as? [String: Any])?["responses"] as? [String: Any]).map { Set($0.keys) } ?? []
                    #expect(response.status != .notFound || documented.contains("404"), "\(method) \(path) is not routed")
                    #expect(documented.contains(String(response.status.code)), "\(method) \(path) answered \(response.status.code), not documented")
                    if response.status.code >= 400 {
                        #expect(response.errorCode != nil, "\(method) \(path) error without a code")
                    }
                }
            }
        }
    }

    @Test("every API route of the router is documented")
    func routesAreDocumented() throws {
        let fixture = try WebFixture()
        let documented = Set((OpenAPIDocument.document["paths"] as? [String: [String: Any]] ?? [:]).flatMap { path, ops in
            ops.keys.map { "\($0.uppercased()) \(path)" }
        })
        let routes = fixture.web.router().routes.filter { $0.path.description.hasPrefix("/api/") }.map { route in
            let path = route.path.components.map { c -> String in
                let s = c.description
                return s.hasPrefix(":") ? "{\(s.dropFirst())}" : s
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        }
        #expect(!routes.isEmpty)
        for r in routes { #expect(documented.contains(r), "\(r) is not in openapi.json") }
    }

    @Test("signed-in answers match their documented response schemas")
    func responsesMatchSchemas() async throws {
        // The checker itself refuses what a schema does not allow.
        let checker = SchemaCheck(document: OpenAPIDocument.document)
        #expect(!checker.problems(["households": "3", "persons": 1], ["$ref": "#/components/schemas/Figures"], at: "$").isEmpty)
        #expect(!checker.problems(["status": "done"], ["$ref": "#/components/schemas/Import"], at: "$").isEmpty)
        #expect(checker.problems(NSNull(), ["type": ["string", "null"]], at: "$").isEmpty)
        let fixture = try WebFixture()
        try await fixture.run { client in
            let prv = try await client.login("user.prv")
            try Self.check(try await client.get("/api/v1/me", prv), "/api/v1/me")
            try Self.check(try await client.get("/api/v1/dashboard", prv), "/api/v1/dashboard")
            try Self.check(try await client.get("/api/v1/dashboard?unit=18073", prv), "/api/v1/dashboard")
            try Self.check(try await client.get("/api/v1/households", prv), "/api/v1/households")
            try Self.check(try await client.get("/api/v1/households?q=duc", prv), "/api/v1/households")
            try Self.check(try await client.get("/api/v1/households/HT-A1", prv), "/api/v1/households/{code}")
            try Self.check(try await client.get("/api/v1/users", prv), "/api/v1/users")
            try Self.check(try await client.get("/api/v1/audit", prv), "/api/v1/audit")
            try Self.check(try await client.sendJSON(.post, "/api/v1/tokens", ["name": "kiểm tra", "days": 2], session: prv), "/api/v1/tokens", "post")
            try Self.check(try await client.get("/api/v1/tokens", prv), "/api/v1/tokens")
            let vil = try #require(try fixture.store.account(username: "user.vil")).id
            try Self.check(try await client.get("/api/v1/users/\(vil)", prv), "/api/v1/users/{id}")
            let com = try await client.login("user.com")
            let session = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.cld", "password": WebFixture.password], session: nil)
            try Self.check(session, "/api/v1/session", "post")
            let version = try #require(try fixture.store.household(code: "HT-A2", context: .init(account: "t"))).version
            try Self.check(try await client.sendJSON(.put, "/api/v1/households/HT-A2", ["version": version, "fields": ["address": "Số 2B"]], session: com),
                      "/api/v1/households/{code}", "put")
            let staged = try await client.upload("/api/v1/imports", households: ImportFiles.validHouseholds, members: ImportFiles.validMembers,
                                                 session: com)
            try Self.check(staged, "/api/v1/imports", "post")
            let invalid = try await client.upload("/api/v1/imports", households: ImportFiles.otherCommuneHouseholds,
                                                  members: ImportFiles.otherCommuneMembers, session: com)
            try Self.check(invalid, "/api/v1/imports", "post")
            let id = try #require(staged.json["import_id"] as? String)
            try Self.check(try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com, headers: [.init("X-CSRF-Token")!: com.csrf]),
                      "/api/v1/imports/{id}/commit", "post")
        }
    }
}

extension OpenAPITests {
    /// Checks an answer against the schema documented for its path, method and status.
    @Sendable static func check(_ response: TestResponse, _ path: String, _ method: String = "get") throws {
        let doc = OpenAPIDocument.document
        let op = try #require((doc["paths"] as? [String: [String: Any]])?[path]?[method] as? [String: Any], "\(method) \(path) documented")
        let status = Int(response.status.code)
        let documented = try #require((op["responses"] as? [String: Any])?[String(status)] as? [String: Any], "\(method) \(path) \(status)")
        let schema = try #require(((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
        let value = try JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
        let problems = SchemaCheck(document: doc).problems(value, schema, at: "$")
        #expect(problems.isEmpty, "\(method.uppercased()) \(path) \(status): \(problems.prefix(5))")
    }
}

/// The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) the document uses: `$ref`, `type`
/// (one or a list, `null` included), `enum`, `required`, `properties`, `additionalProperties`,
/// `items`, `anyOf`. Formats and descriptions are not checked.
struct SchemaCheck {
    let document: [String: Any]

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        return resolve(node as? [String: Any] ?? [:])
    }

    func problems(_ value: Any, _ schema: [String: Any], at path: String) -> [String] {
        let schema = resolve(schema)
        if let options = schema["anyOf"] as? [[String: Any]] {
            return options.contains { problems(value, $0, at: path).isEmpty } ? [] : ["\(path): matches none of anyOf"]
        }
        var out: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }), !types.contains(where: { Self.isType(value, $0) }) {
            return ["\(path): \(value) is not \(types)"]
        }
        if let allowed = schema["enum"] as? [String], let s = value as? String, !allowed.contains(s) { out.append("\(path): \(s) not in \(allowed)") }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path).\(key): missing") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, v) in object {
                if let p = properties[key] as? [String: Any] { out += problems(v, p, at: "\(path).\(key)") }
                else if let extra = schema["additionalProperties"] as? [String: Any] { out += problems(v, extra, at: "\(path).\(key)") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { out += problems(v, items, at: "\(path)[\(i)]") }
        }
        return out
    }

    static func isType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false || value is Bool
        case "integer": return (value as? NSNumber).map { String(cString: $0.objCType) != "c" && $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return (value as? NSNumber).map { String(cString: $0.objCType) != "c" } ?? false
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }
}

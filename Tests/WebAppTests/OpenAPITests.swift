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
}

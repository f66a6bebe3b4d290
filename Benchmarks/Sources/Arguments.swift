import Foundation

/// `--name value` options and `--flag` switches, parsed by hand (this target has no ArgumentParser).
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Options that never take a value.
    static let switches: Set<String> = ["help", "no-threads", "keep", "variants"]

    init(_ argv: [String]) throws {
        var i = 0
        while i < argv.count {
            let a = argv[i]
            if a.hasPrefix("--") {
                let body = String(a.dropFirst(2))
                if let eq = body.firstIndex(of: "=") {
                    values[String(body[..<eq])] = String(body[body.index(after: eq)...])
                } else if Self.switches.contains(body) {
                    flags.insert(body)
                } else {
                    guard i + 1 < argv.count else { throw UsageError("option --\(body) needs a value") }
                    values[body] = argv[i + 1]
                    i += 1
                }
            } else if a == "-h" {
                flags.insert("help")
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// An integer option; `1_000_000`, `1000000`, `1m` and `100k` are accepted.
    func int(_ name: String, default value: Int) throws -> Int {
        guard let text = values[name] else { return value }
        var t = text.lowercased().replacingOccurrences(of: "_", with: "")
        var scale = 1
        if t.hasSuffix("k") { scale = 1_000; t.removeLast() } else if t.hasSuffix("m") { scale = 1_000_000; t.removeLast() }
        guard let n = Int(t), n >= 0 else { throw UsageError("--\(name) \"\(text)\" is not a non-negative integer") }
        return n * scale
    }

    /// Names of options given that `known` does not list (typos are errors, not silently ignored).
    func unknown(_ known: Set<String>) -> [String] {
        (Array(values.keys) + Array(flags)).filter { !known.contains($0) }.sorted()
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

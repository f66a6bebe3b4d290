import Foundation

/// The permission matrix of roles.md §4 (ma trận phân quyền), read from `permissions.csv`:
/// one row per ``Action``, one column per ``Role``, each cell `allow`, `deny` or `note:N`.
///
/// The same file drives enforcement (``AccessPolicy``) and the authorisation tests, as roles.md
/// §4.1 requires; an action or role missing from the file is refused (deny by default).
public struct PermissionMatrix: Sendable {
    private var cells: [Action: [Role: Grant]]

    /// The matrix shipped with GiamNgheo.
    public static let standard: PermissionMatrix = {
        guard let url = Bundle.module.url(forResource: "permissions", withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let matrix = try? PermissionMatrix(csv: text)
        else { fatalError("Access: permissions.csv is missing from the bundle or malformed") }
        return matrix
    }()

    /// Parses the CSV form; throws naming the first malformed line.
    public init(csv: String) throws {
        var lines = csv.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw MatrixError(line: 1, message: "empty file") }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        guard header.first == "action" else { throw MatrixError(line: 1, message: "first column must be `action`") }
        let roles = try header.dropFirst().map { code in
            guard let role = Role(rawValue: code) else { throw MatrixError(line: 1, message: "unknown role \(code)") }
            return role
        }
        var cells: [Action: [Role: Grant]] = [:]
        for (i, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard let action = Action(rawValue: fields[0]) else { throw MatrixError(line: i + 2, message: "unknown action \(fields[0])") }
            guard fields.count == roles.count + 1 else { throw MatrixError(line: i + 2, message: "expected \(roles.count + 1) fields") }
            var row: [Role: Grant] = [:]
            for (role, cell) in zip(roles, fields.dropFirst()) {
                guard let grant = Grant(cell: cell) else { throw MatrixError(line: i + 2, message: "bad cell \(cell)") }
                row[role] = grant
            }
            cells[action] = row
        }
        self.cells = cells
    }

    /// The cell for `action` and `role`; ``Grant/refused`` when absent.
    public func grant(_ action: Action, for role: Role) -> Grant {
        cells[action]?[role] ?? .refused
    }

    /// A malformed matrix file.
    public struct MatrixError: Error, CustomStringConvertible {
        /// Line number, 1 = header.
        public var line: Int
        /// What is wrong.
        public var message: String
        public var description: String { "permissions.csv:\(line): \(message)" }
    }
}

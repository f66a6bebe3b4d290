import Foundation
import Registry
import Store
import VietnameseText

/// The registry search as both stores run it (kế hoạch tìm kiếm): B-tree range scans on folded
/// keys (`person_name.name_key`, `person_name.given_key`, `member.national_id`, `household.code`,
/// `village.name_key`); every source reads its indexes in order, so a page costs the page, not
/// the number of matches. The keys are folded in Swift (``SearchQuery/folded``,
/// ``NameSearchKey``), never by SQL, so both stores find and rank exactly alike.
///
/// Sources in rank order (``SearchMatch``): whole CCCD, household code prefix, whole name
/// (the exact spelling typed first), name prefix (the last word may be incomplete:
/// `nguyen van d`), given name first (`duc`, `van duc`), last four digits of the CCCD, village. A hit found by an
/// earlier source is not repeated by a later one (``excludingEarlierHits(_:)``). Pages are cut
/// across sources: a source is skipped whole when the offset is beyond its (capped) count.
package struct SearchPlan {
    /// One source of hits: its tables, its condition and its order.
    package struct Source {
        package var match: SearchMatch
        package var from: String
        /// Whether it reads households (and matches their heads only).
        package var readsHouseholds: Bool
        package var condition: String
        package var arguments: [SQLArgument]
        package var order: String
    }

    package var query: SearchQuery
    package var sources: [Source]

    /// The columns of a hit, read by ``hit(from:match:)``.
    package static let hitColumns = "h.code, m.member_no, m.full_name, m.relation, m.birth_date, m.national_id, v.name AS village, h.commune_code"

    /// The sources of `query`, limited to `scope`'s condition on `h` when given.
    package init(_ query: SearchQuery, dialect: SQLDialect, scope: ScopeCondition? = nil) {
        self.query = query
        var sources = Self.sources(query, dialect: dialect)
        if let scope {
            for i in sources.indices {
                sources[i].condition = "(\(sources[i].condition)) AND \(scope.condition)"
                sources[i].arguments += scope.arguments
            }
        }
        self.sources = sources
    }

    /// The statement counting a source's hits up to a cap bound last.
    package static func countSQL(_ s: Source) -> String {
        "SELECT count(*) FROM (SELECT 1 \(s.from) WHERE \(s.condition) LIMIT ?) AS capped"
    }

    /// The statement reading a source's hits, limit and offset bound last.
    package static func rowsSQL(_ s: Source) -> String {
        """
        SELECT \(hitColumns)
        \(s.from) JOIN village v ON v.id = h.village_id
        WHERE \(s.condition) ORDER BY \(s.order) LIMIT ? OFFSET ?
        """
    }

    /// Runs the plan: `count(source, cap)` counts a source's hits up to `cap`, `rows(source,
    /// limit, offset)` reads its hits in order. Returns the page.
    package func page(count: (Source, Int) throws -> Int, rows: (Source, Int, Int) throws -> [SearchHit]) rethrows -> SearchPage {
        guard !query.folded.isEmpty else { return SearchPage(query: query, hits: [], hasMore: false) }
        var offset = (query.page - 1) * query.pageSize
        var need = query.pageSize + 1
        var hits: [SearchHit] = []
        for source in sources where need > 0 {
            if offset > 0 {
                let n = try count(source, offset + 1)
                if n <= offset {
                    offset -= n
                    continue
                }
            }
            let found = try rows(source, need, offset)
            offset = 0
            need -= found.count
            hits += found
        }
        return SearchPage(query: query, hits: Array(hits.prefix(query.pageSize)), hasMore: hits.count > query.pageSize)
    }

    /// A hit from a row of ``hitColumns``.
    package static func hit(from r: inout some ColumnReader, match: SearchMatch) -> SearchHit {
        let code = r.text() ?? "", memberNo = r.int() ?? 0, fullName = r.text() ?? "", relation = r.text() ?? ""
        let birth = r.text() ?? "", nationalID = r.text(), village = r.text() ?? "", commune = r.text() ?? ""
        return SearchHit(match: match, householdCode: code, memberNo: memberNo, fullName: fullName, relation: relation,
                         birthYear: Int(birth.prefix(4)) ?? 0, maskedNationalID: SearchHit.mask(nationalID),
                         village: village, communeCode: commune)
    }

    /// Upper bound of a prefix range: every text starting with `p` sorts below `p + U+10FFFF`
    /// (byte order: SQLite's BINARY, PostgreSQL's `C` collation).
    package static func upper(_ p: String) -> String { p + "\u{10FFFF}" }

    static func sources(_ query: SearchQuery, dialect: SQLDialect) -> [Source] {
        let folded = query.folded
        // Every source joins the same three tables under the same aliases, so that a later source can
        // exclude the hits of the earlier ones by their conditions.
        let byMember = "FROM member m JOIN person_name p ON p.id = m.name_id JOIN household h ON \(dialect.householdOf(member: "m"))"
        let byHousehold = """
            FROM household h JOIN member m ON \(dialect.householdOf(member: "m")) AND m.relation = 'head' \
            JOIN person_name p ON p.id = m.name_id
            """
        let byName = "FROM person_name p JOIN member m ON m.name_id = p.id JOIN household h ON \(dialect.householdOf(member: "m"))"
        var sources: [Source] = []
        func add(_ match: SearchMatch, _ from: String, _ condition: String, _ arguments: [SQLArgument], order: String) {
            sources.append(Source(match: match, from: from, readsHouseholds: from == byHousehold, condition: condition,
                                  arguments: arguments, order: order))
        }
        let digits = query.digits
        if let d = digits, d.count == 12 {
            add(.nationalID, byMember, "m.national_id = ?", [.text(d)], order: "h.code, m.member_no")
        }
        let typed = VietnameseText.nfc(query.text).trimmingCharacters(in: .whitespaces)
        if typed.contains(where: \.isNumber) && !typed.contains(" ") {
            // Codes are kept as imported; also try upper case, as codes are usually typed without shift.
            let variants = Array(Set([typed, typed.uppercased()])).sorted()
            add(.householdCode, byHousehold, variants.map { _ in "(h.code >= ? AND h.code < ?)" }.joined(separator: " OR "),
                variants.flatMap { [SQLArgument.text($0), .text(upper($0))] }, order: "h.code")
        }
        if folded.contains(where: \.isLetter) {
            // Among people whose name folds to the text, those spelled exactly as typed come first
            // ("Nguyễn Văn Đức" before "Nguyễn Văn Dục" when typed with its diacritics): a source of
            // its own, so both read member(name_id) in order and stop at the page (no sort).
            let spelled = typed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if spelled != folded {
                add(.fullName, byName, "p.name_key = ? AND m.full_name = ?", [.text(folded), .text(spelled)],
                    order: "m.household_id, m.member_no")
            }
            add(.fullName, byName, "p.name_key = ?", [.text(folded)], order: "m.household_id, m.member_no")
            add(.namePrefix, byName, "p.name_key > ? AND p.name_key < ?", [.text(folded), .text(upper(folded))],
                order: "p.name_key, m.household_id, m.member_no")
            let given = query.givenNameFirst
            add(.givenName, byName, "p.given_key >= ? AND p.given_key < ? AND NOT (p.name_key >= ? AND p.name_key < ?)",
                [.text(given), .text(upper(given)), .text(folded), .text(upper(folded))],
                order: "p.given_key, m.household_id, m.member_no")
        }
        if let d = digits, d.count == 4 {
            // The last four digits (what masked lists show); no CCCD prefix search (roles.md §6).
            add(.nationalIDLast4, byMember, "right(m.national_id, 4) = ?", [.text(d)], order: "h.code, m.member_no")
        }
        if folded.contains(where: \.isLetter) {
            add(.village, byHousehold, "h.village_id IN (SELECT id FROM village WHERE name_key >= ? AND name_key < ?)",
                [.text(folded), .text(upper(folded))], order: "h.village_id, h.id")
        }
        return excludingEarlierHits(sources)
    }

    /// Adds to each source `AND NOT (…)` of every earlier source's own condition, so a person found
    /// by an earlier source is not repeated by a later one (a head named Đức found by given name
    /// and again as head of the village "Đức Phong"). A source reading households matches only
    /// their heads, so its hits are excluded as `m.relation = 'head' AND …`, never the other members.
    static func excludingEarlierHits(_ sources: [Source]) -> [Source] {
        var result = sources
        var earlier: [(condition: String, arguments: [SQLArgument])] = []
        for (i, source) in sources.enumerated() {
            if !earlier.isEmpty { result[i].condition = "(\(source.condition))" }
            for e in earlier {
                result[i].condition += " AND NOT (\(e.condition))"
                result[i].arguments += e.arguments
            }
            let hit = source.readsHouseholds ? "m.relation = 'head' AND (\(source.condition))" : "(\(source.condition))"
            earlier.append((hit, source.arguments))
        }
        return result
    }

    /// The audit entry of a search that showed people, or `nil` for an empty page.
    package static func auditDraft(_ page: SearchPage, context: AccessContext) -> AuditDraft? {
        guard !page.hits.isEmpty else { return nil }
        let codes = Array(Set(page.hits.map(\.householdCode))).sorted()
        return AuditDraft(
            access: context, action: .readPersonal, entityType: "search", entityIDs: codes,
            after: "{\"query\":\(JSONStringArray.encode([page.query.text]).dropFirst().dropLast()),\"page\":\(page.query.page)}",
            rowCount: page.hits.count)
    }
}

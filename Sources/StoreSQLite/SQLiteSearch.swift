import Foundation
import GRDB
import PersonalDataProtection
import Registry
import Store
import VietnameseText

extension SQLiteRegistryStore {
    /// Searches with B-tree range scans on folded keys (`person_name.name_key`,
    /// `person_name.given_key`, `household.code`, `village.name_key`) and equality on the CCCD's
    /// keyed hash and last four digits; every source reads its indexes in order, so a page costs
    /// the page, not the number of matches.
    ///
    /// Sources in rank order (``SearchMatch``): whole CCCD (12 digits, looked up by its keyed hash:
    /// the number is stored encrypted), household code prefix, whole name, name prefix (the last
    /// word may be incomplete: `nguyen van d`), given name first (`duc`, `van duc`), last four
    /// digits of the CCCD (exactly 4 digits typed), village. A CCCD prefix cannot be searched:
    /// ciphertext has no order and hashes match whole values only. A hit found by an earlier source is not
    /// repeated by a later one (``excludingEarlierHits(_:headsOnly:)``). Pages are cut across
    /// sources: a source is skipped whole when the offset is beyond its (capped) count.
    public func search(_ query: SearchQuery, context: AccessContext) throws -> SearchPage {
        let page = try searchPage(query, scope: nil)
        if let draft = Self.searchAudit(page, context: context) { try pool.write { db in _ = try AuditLog.append(db, draft) } }
        return page
    }

    /// The audit entry of a search that showed people, or `nil` for an empty page.
    static func searchAudit(_ page: SearchPage, context: AccessContext) -> AuditLog.Draft? {
        guard !page.hits.isEmpty else { return nil }
        let codes = Array(Set(page.hits.map(\.householdCode))).sorted()
        return AuditLog.Draft(
            access: context, action: .readPersonal, entityType: "search", entityIDs: codes,
            after: "{\"query\":\(AuditLog.jsonArray([page.query.text]).dropFirst().dropLast()),\"page\":\(page.query.page)}",
            rowCount: page.hits.count)
    }

    /// The search, limited to a scope's condition on `h` when given (every source joins `household h`);
    /// not audited here (the callers record the read).
    func searchPage(_ query: SearchQuery, scope: ScopeSQL?) throws -> SearchPage {
        let folded = query.folded
        guard !folded.isEmpty else { return SearchPage(query: query, hits: [], hasMore: false) }
        var sources = Self.searchSources(query, cipher: cipher)
        if let scope {
            for i in sources.indices {
                sources[i].condition = "(\(sources[i].condition)) AND \(scope.condition)"
                sources[i].arguments += scope.arguments
            }
        }
        let hits: [SearchHit] = try pool.read { db in
            var offset = (query.page - 1) * query.pageSize
            var need = query.pageSize + 1
            var hits: [SearchHit] = []
            for source in sources where need > 0 {
                if offset > 0 {
                    let n = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 \(source.from) WHERE \(source.condition) LIMIT ?)"),
                                             arguments: source.arguments + [offset + 1]) ?? 0
                    if n <= offset {
                        offset -= n
                        continue
                    }
                }
                // Cached: the texts vary only with the kind of query and the scope's shape, never
                // with the values typed (all bound), so the cache stays small and each search skips
                // parsing its four or five statements.
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT h.code, m.member_no, m.full_name, m.relation, m.birth_date, m.national_id_last4, v.name AS village, h.commune_code
                    \(source.from) JOIN village v ON v.id = h.village_id
                    WHERE \(source.condition) ORDER BY \(source.order) LIMIT ? OFFSET ?
                    """), arguments: source.arguments + [need, offset])
                offset = 0
                need -= rows.count
                hits += rows.map {
                    // By position (the select's order): GRDB folds the case of a column name on every lookup.
                    SearchHit(match: source.match, householdCode: $0[0], memberNo: $0[1], fullName: $0[2],
                              relation: $0[3], birthYear: Int(($0[4] as String).prefix(4)) ?? 0,
                              maskedNationalID: ($0[5] as String?).map { NationalIDCipher.masked(last4: $0) }, village: $0[6],
                              communeCode: $0[7])
                }
            }
            return hits
        }
        let page = Array(hits.prefix(query.pageSize))
        return SearchPage(query: query, hits: page, hasMore: hits.count > query.pageSize)
    }

    struct SearchSource {
        var match: SearchMatch
        var from: String
        var condition: String
        var arguments: StatementArguments
        var order: String
    }

    /// Upper bound of a prefix range: every text starting with `p` sorts below `p + U+10FFFF`.
    static func upper(_ p: String) -> String { p + "\u{10FFFF}" }

    static func searchSources(_ query: SearchQuery, cipher: NationalIDCipher) -> [SearchSource] {
        let folded = query.folded
        // Every source joins the same three tables under the same aliases, so that a later source can
        // exclude the hits of the earlier ones by their conditions.
        let byMember = "FROM member m JOIN person_name p ON p.id = m.name_id JOIN household h ON h.id = m.household_id"
        let byHousehold = "FROM household h JOIN member m ON m.household_id = h.id AND m.relation = 'head' JOIN person_name p ON p.id = m.name_id"
        var sources: [SearchSource] = []
        let digits = query.digits
        if let d = digits, d.count == 12 {
            sources.append(SearchSource(match: .nationalID, from: byMember, condition: "m.national_id_last4 = ? AND m.national_id_hash = ?",
                                        arguments: [NationalIDCipher.last4(d), Data(cipher.lookupHash(d))], order: "h.code, m.member_no"))
        }
        let typed = VietnameseText.nfc(query.text).trimmingCharacters(in: .whitespaces)
        if typed.contains(where: \.isNumber) && !typed.contains(" ") {
            // Codes are kept as imported; also try upper case, as codes are usually typed without shift.
            let variants = Array(Set([typed, typed.uppercased()])).sorted()
            let condition = variants.map { _ in "(h.code >= ? AND h.code < ?)" }.joined(separator: " OR ")
            var arguments = StatementArguments()
            for v in variants { arguments += [v, upper(v)] }
            sources.append(SearchSource(match: .householdCode, from: byHousehold, condition: condition, arguments: arguments,
                                        order: "h.code"))
        }
        if folded.contains(where: \.isLetter) {
            let byName = "FROM person_name p JOIN member m ON m.name_id = p.id JOIN household h ON h.id = m.household_id"
            // Among people whose name folds to the text, those spelled exactly as typed come first
            // ("Nguyễn Văn Đức" before "Nguyễn Văn Dục" when typed with its diacritics): a source of
            // its own, so both read member(name_id) in order and stop at the page (no sort).
            let spelled = typed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if spelled != folded {
                sources.append(SearchSource(match: .fullName, from: byName, condition: "p.name_key = ? AND m.full_name = ?",
                                            arguments: [folded, spelled], order: "m.household_id, m.member_no"))
            }
            sources.append(SearchSource(match: .fullName, from: byName, condition: "p.name_key = ?", arguments: [folded],
                                        order: "m.household_id, m.member_no"))
            sources.append(SearchSource(match: .namePrefix, from: byName, condition: "p.name_key > ? AND p.name_key < ?",
                                        arguments: [folded, upper(folded)], order: "p.name_key, m.household_id, m.member_no"))
            let given = query.givenNameFirst
            sources.append(SearchSource(
                match: .givenName, from: byName,
                condition: "p.given_key >= ? AND p.given_key < ? AND NOT (p.name_key >= ? AND p.name_key < ?)",
                arguments: [given, upper(given), folded, upper(folded)], order: "p.given_key, m.household_id, m.member_no"))
        }
        if let d = digits, d.count == 4 {
            // `national_id_hash IS NOT NULL`: the index is partial (members with a number).
            sources.append(SearchSource(match: .nationalIDLast4, from: byMember,
                                        condition: "m.national_id_last4 = ? AND m.national_id_hash IS NOT NULL",
                                        arguments: [d], order: "m.household_id, m.member_no"))
        }
        if folded.contains(where: \.isLetter) {
            sources.append(SearchSource(
                match: .village, from: byHousehold,
                condition: "h.village_id IN (SELECT id FROM village WHERE name_key >= ? AND name_key < ?)",
                arguments: [folded, upper(folded)], order: "h.village_id, h.id"))
        }
        return excludingEarlierHits(sources, headsOnly: byHousehold)
    }

    /// Adds to each source `AND NOT (…)` of every earlier source's own condition, so a person found
    /// by an earlier source is not repeated by a later one (a head named Đức found by given name
    /// and again as head of the village "Đức Phong"). A source reading households matches only
    /// their heads, so its hits are excluded as `m.relation = 'head' AND …`, never the other members.
    static func excludingEarlierHits(_ sources: [SearchSource], headsOnly: String) -> [SearchSource] {
        var result = sources
        var earlier: [(condition: String, arguments: StatementArguments)] = []
        for (i, source) in sources.enumerated() {
            if !earlier.isEmpty { result[i].condition = "(\(source.condition))" }
            for e in earlier {
                result[i].condition += " AND NOT (\(e.condition))"
                result[i].arguments += e.arguments
            }
            let hit = source.from == headsOnly ? "m.relation = 'head' AND (\(source.condition))" : "(\(source.condition))"
            earlier.append((hit, source.arguments))
        }
        return result
    }
}

import Foundation
import Store
import Testing
@testable import WebApp

@Suite("JSON bodies of the API")
struct JSONBodyTests {
    @Test("the same JSON as JSONSerialization with sorted keys, without escaped slashes")
    func sameAsFoundation() throws {
        let optionalMissing: String? = nil
        let optionalPresent: Int? = 7
        let object: [String: Any] = [
            "code": "18172-000504", "name": "Nguyễn Văn Đức", "quote": "a \"b\" \\ c/d\n\t\u{01}\u{2028}",
            "count": 3, "big": Int64(27_000_000_000), "rate": 0.1234, "whole": 12.0, "negative": -3.5,
            "ok": true, "no": false, "none": NSNull(),
            "hits": [["code": "01", "member_no": 1] as [String: Any], ["code": "02", "member_no": 2]],
            "strings": ["a", "ă", "â"], "empty": [String: Any](), "nothing": [Any](),
            "zeta": 1, "alpha": 2, "Beta": 3, "b_1": 4, "b_10": 5, "b_2": 6,
            "missing": optionalMissing as Any, "present": optionalPresent as Any,
        ]
        let ours = JSONBody.text(object)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? NSDictionary)
        var expected = object
        expected["missing"] = NSNull()
        expected["present"] = 7
        let theirs = try JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys, .withoutEscapingSlashes])
        let theirsParsed = try #require(try JSONSerialization.jsonObject(with: theirs) as? NSDictionary)
        #expect(parsed == theirsParsed)
        #expect(ours.contains("\"name\":\"Nguyễn Văn Đức\""))
        #expect(ours.contains("c/d\\n\\t\\u0001\\u2028"))
        #expect(ours.contains("\"whole\":12,"))
        #expect(ours.contains("\"rate\":0.1234"))
        // Keys in order: upper case before lower, then byte order.
        let keys = ["Beta", "alpha", "b_1", "b_10", "b_2", "big"]
        let positions = keys.map { ours.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(JSONBody.text(["x": Double.nan]) == "{\"x\":null}")
        #expect(JSONBody.text([Any]()) == "[]")
    }

    @Test("the search answer written member by member is the text JSONBody writes for its dictionaries")
    func searchAnswerAsDictionaries() {
        let hits = [
            SearchHit(match: .fullName, householdCode: "18172-000504", memberNo: 1, fullName: "Nguyễn Văn Đức", relation: "head",
                      birthYear: 1968, maskedNationalID: "********1234", village: "Thôn \"Đồng\" <1>", communeCode: "18172"),
            SearchHit(match: .village, householdCode: "HT/01", memberNo: 12, fullName: "Lê\tThị\u{2028}", relation: "child",
                      birthYear: 0, maskedNationalID: nil, village: "", communeCode: "18175"),
        ]
        for (query, page, found, more) in [("nguyen van duc", 1, hits, true), ("a\\b/\"", 3, [], false)] {
            let result = SearchPage(query: SearchQuery(query, page: page, pageSize: 20), hits: found, hasMore: more)
            let dictionaries: [String: Any] = [
                "query": query, "page": page, "page_size": 20, "has_more": more,
                "items": found.map {
                    ["household_code": $0.householdCode, "member_no": $0.memberNo, "full_name": $0.fullName, "relation": $0.relation,
                     "birth_year": $0.birthYear, "national_id_masked": $0.maskedNationalID as Any, "village": $0.village,
                     "commune_code": $0.communeCode, "match": $0.match.rawValue] as [String: Any]
                },
            ]
            #expect(APIRoutes.searchJSON(query: query, page: page, pageSize: 20, result: result) == JSONBody.text(dictionaries))
        }
    }
}

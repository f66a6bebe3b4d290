import Foundation
import Mustache
import Testing
@testable import WebApp

@Suite("HTML escaping of template values")
struct HTMLEscapingTests {
    @Test("the five characters are replaced as swift-mustache's HTML type does; other text comes back unchanged")
    func escapes() throws {
        #expect(HTMLEscaping.escape("Nguyễn Văn Đức") == "Nguyễn Văn Đức")
        #expect(HTMLEscaping.escape("") == "")
        #expect(HTMLEscaping.escape("<script>alert('x') && \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp;&amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTMLEscaping.escape("Thôn <Đồng> & Xã") == "Thôn &lt;Đồng&gt; &amp; Xã")
        // Same output as the library's own HTML content type, on text with every kind of character.
        let sample = "Hộ <b>\"Lê\"</b> & 'Phạm' — 12 > 3 đ Đ 😀"
        HTMLEscaping.register()
        let ours = try MustacheTemplate(string: HTMLEscaping.pragma + "{{v}}|{{{v}}}").render(["v": sample])
        let theirs = try MustacheTemplate(string: "{{v}}|{{{v}}}").render(["v": sample])
        #expect(ours == theirs)
        #expect(ours.hasSuffix("|" + sample))
        // Numbers and strings render as before in variables and sections.
        let sections = try MustacheTemplate(string: HTMLEscaping.pragma + "{{#n}}[{{n}}]{{/n}}{{#s}}<{{s}}>{{/s}}{{^missing}}-{{/missing}}")
            .render(["n": 0, "s": "a&b"] as [String: Any])
        #expect(sections == "[0]<a&amp;b>-")
    }
}

@Suite("View types read by name without reflection")
struct TemplateObjectTests {
    /// Every stored property of `value` (as `Mirror` names it) is answered by `child(named:)`
    /// with the same value (compared by description), `nil` optionals as missing keys.
    func checkAgainstMirror(_ value: some TemplateObject, sourceLocation: SourceLocation = #_sourceLocation) {
        let mirror = Mirror(reflecting: value)
        #expect(!mirror.children.isEmpty, sourceLocation: sourceLocation)
        for child in mirror.children {
            guard let label = child.label else { continue }
            let answered = value.child(named: label)
            let field = Mirror(reflecting: child.value)
            if field.displayStyle == .optional && field.children.isEmpty {
                #expect(answered == nil, "\(type(of: value)).\(label) is nil but answered", sourceLocation: sourceLocation)
            } else {
                #expect(answered != nil, "\(type(of: value)).\(label) has no key", sourceLocation: sourceLocation)
                let expected = field.displayStyle == .optional ? String(describing: field.children.first!.value) : String(describing: child.value)
                #expect(answered.map { String(describing: $0) } == expected, "\(type(of: value)).\(label)", sourceLocation: sourceLocation)
            }
        }
        #expect(value.child(named: "noSuchKey") == nil, sourceLocation: sourceLocation)
    }

    @Test("every key of the household page's view types is its property's name and value")
    func keysMatchProperties() {
        typealias V = HouseholdViews
        let layout = Layout(title: "Hộ 01", user: nil, active: "households", unitName: "Xã A", canImport: true)
        checkAgainstMirror(layout)
        let fact = V.Fact(label: "Địa chỉ", value: "Thôn 1")
        let member = V.MemberRow(no: 1, name: "Lê Văn A", relation: "chủ hộ", sex: "nam", birth: "01/02/1990", nationalID: "0123",
                                 ethnicity: "Kinh", disability: "Không", meritorious: "", healthInsurance: "Có",
                                 organisations: "Hội Nông dân", editLink: "/households/01/members/1/edit")
        var noLink = member
        noLink.editLink = nil
        let classification = V.ClassificationRow(year: 2025, standard: "nd07-2021", className: "Hộ nghèo", explanation: "Vì…")
        let live = V.LiveRow(standard: "nd351-2025", standardName: "NĐ 351", inForce: true, className: "Hộ cận nghèo",
                             classCode: "near_poor", explanation: "Thu nhập…")
        let status = V.StatusRow(date: "01/01/2025", className: "Hộ nghèo", standard: "nd07-2021", source: "nhập", decision: "QĐ 1")
        let outcome = V.OutcomeRow(year: 2025, from: "nghèo", to: "cận nghèo", flow: "thoát nghèo")
        let audit = V.AuditRow(at: "01/01/2026 08:00", account: "xa.a", role: "COM", action: "đọc", entity: "hộ 01")
        for value in [fact] as [V.Fact] { checkAgainstMirror(value) }
        checkAgainstMirror(member)
        checkAgainstMirror(noLink)
        checkAgainstMirror(classification)
        checkAgainstMirror(live)
        checkAgainstMirror(status)
        checkAgainstMirror(outcome)
        checkAgainstMirror(audit)
        let section = V.AuditView(changes: [audit], changesCapped: false, reads: [audit, audit], readCount: "1.024", readsCapped: true,
                                  link: "/audit?household=01", linkText: "Xem toàn bộ nhật ký")
        checkAgainstMirror(section)
        for computed in ["hasChanges", "hasReads", "readsShown"] { #expect(section.child(named: computed) != nil) }
        checkAgainstMirror(V.PageView(layout: layout, code: "01", communeName: "Xã A", village: "Thôn 1", version: 3,
                                      currentClass: "Hộ nghèo", facts: [fact], members: [member], showSensitive: true,
                                      showNationalID: false, deprived: ["Nước sạch"], notDeprived: [], classifications: [classification],
                                      liveYear: 2026, live: [live], statuses: [status], outcomes: [outcome], hasOutcomes: true,
                                      audit: section, canEdit: true, saved: true))
        checkAgainstMirror(V.Hit(code: "01", name: "Lê Văn A", relation: "chủ hộ", birthYear: 1990, nationalID: "0123****",
                                 village: "Thôn 1", match: "tên"))
        checkAgainstMirror(V.Row(code: "01", communeName: "Xã A", village: "Thôn 1", head: "Lê Văn A", birthYear: "1990",
                                 members: 4, className: "Hộ nghèo", classCode: "poor"))
    }
}

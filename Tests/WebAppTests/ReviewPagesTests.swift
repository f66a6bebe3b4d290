import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import Registry
import Review
import Store
import StoreTestSupport
import Testing
import VietnameseText
@testable import WebApp

/// The review pages over HTTP, as a browser posts them: a province officer and a commune run a
/// campaign through the forms, a reviewer fills Phiếu B, the certificates print.
@Suite("Review pages: a campaign through the forms (trang rà soát)")
struct ReviewPagesTests {
    static let dossier = "/review/rounds/RS-42-2026/communes/\(WebFixture.communeA)"

    /// Posts a form and returns where it redirected; fails when the page reports an error.
    func submit(_ client: WebClient, _ path: String, _ fields: [(String, String)], _ session: SignedSession?, back: String,
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let r = try await client.postForm(path, fields + [("_back", back)], session: session)
        #expect(r.status == .seeOther, "\(path): \(r.status)", sourceLocation: sourceLocation)
        let location = r.headers[.location] ?? ""
        let decoded = FormEncoding.decode(String(location.split(separator: "?").last ?? "")).first?.1 ?? ""
        #expect(location.contains("?msg="), "\(path): \(decoded)", sourceLocation: sourceLocation)
        return decoded
    }

    @Test("From the province plan to the certificates' print view, through the pages", arguments: StoreBackend.allCases)
    func campaignThroughPages(_ backend: StoreBackend) async throws {
        let clock = TestClock(ReviewAPITests.at(20, 8, 2026))
        let fixture = try WebFixture(clock: clock.read, backend: backend)
        try await fixture.run { client in
            var prv = try await client.login(fixture.usernames[.province]!)
            let home = try await client.get("/review", prv)
            #expect(home.status == .ok)
            #expect(home.text.contains("id=\"create-campaign\""))
            // The holiday check: 2026 is only partly the published notice and 2027 provisional.
            #expect(home.text.contains("id=\"holiday-notes\"") && home.text.contains("Lịch nghỉ lễ, Tết năm 2027 là dự kiến"))
            _ = try await submit(client, "/review/campaigns", [("year", "2026")], prv, back: "/review")
            let page = try await client.get("/review/campaigns/RS-42-2026", prv)
            #expect(page.text.contains("Dự thảo"))
            _ = try await submit(client, "/review/campaigns/RS-42-2026/plan", [("level", "province"), ("unit", "42"), ("number", "45/KH-UBND"),
                                                                               ("date", "01/08/2026"), ("signer", "Chủ tịch tỉnh")], prv,
                                 back: "/review/campaigns/RS-42-2026")
            _ = try await submit(client, "/review/campaigns/RS-42-2026/open", [], prv, back: "/review/campaigns/RS-42-2026")
            #expect(try await client.get("/review/campaigns/RS-42-2026", prv).text.contains("Đang rà soát"))

            clock.set(ReviewAPITests.at(20, 9, 2026))
            let com = try await client.login(fixture.usernames[.commune]!)
            let vil = try await client.login(fixture.usernames[.village]!)
            let cld = try await client.login(fixture.usernames[.communeLeader]!)
            // A refused step comes back to the page with its message.
            let refused = try await client.postForm(Self.dossier + "/list", [("_back", Self.dossier)], session: vil)
            #expect(refused.status == .seeOther)
            #expect((refused.headers[.location] ?? "").contains("error="))
            #expect(FormEncoding.decode(String((refused.headers[.location] ?? "").split(separator: "?").last ?? "")).first?.1.contains("review.role") == true)
            let listed = try await submit(client, Self.dossier + "/list", [], com, back: Self.dossier)
            #expect(listed.contains("2 hộ"))
            // The reviewer's survey page: radio choices per B2 indicator, the sample B1 table labelled, no class field.
            let form = try await client.get(Self.dossier + "/households/HT-A1/survey", vil)
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"b2.employment\""))
            #expect(form.text.contains("KHÔNG PHẢI BẢNG ĐIỂM CHÍNH THỨC"))
            #expect(!form.text.contains("name=\"class\""))
            #expect(try await client.get(Self.dossier + "/households/HT-A2/survey", vil).status == .notFound)   // another village
            // A photo of the dwelling, from the phone form (multipart) and the API; only images, by their bytes.
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 3, count: 40))
            let surveyPath = Self.dossier + "/households/HT-A1/survey"
            #expect(form.text.contains("id=\"photo-upload\""))
            let uploaded = try await client.uploadPhoto(surveyPath + "/photos", data: png, session: vil)
            #expect(uploaded.status == .seeOther && (uploaded.headers[.location] ?? "").contains("msg="), "\(uploaded.headers[.location] ?? "")")
            let notImage = try await client.uploadPhoto(surveyPath + "/photos", data: Data("<svg onload=alert(1)>".utf8), session: vil)
            #expect((notImage.headers[.location] ?? "").contains("error="))
            var apiHeaders = HTTPFields()
            apiHeaders[.cookie] = "gn_session=\(com.cookie)"
            apiHeaders[.init("X-CSRF-Token")!] = com.csrf
            apiHeaders[.contentType] = "image/jpeg"
            let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 9, count: 40))
            let apiUpload = try await client.raw.executeRequest(uri: "/api/v1/review/rounds/RS-42-2026/communes/\(WebFixture.communeA)/households/HT-A1/photos",
                                                                method: .post, headers: apiHeaders, body: ByteBuffer(bytes: jpeg))
            #expect(apiUpload.status == .created)
            let jpegID = try #require(apiUpload.json["id"] as? String)
            let withPhotos = try await client.get(surveyPath, vil)
            #expect(withPhotos.text.contains("id=\"photos\"") && withPhotos.text.contains("/review/photos/\(jpegID)"))
            let image = try await client.get("/review/photos/\(jpegID)", vil)
            #expect(image.status == .ok && image.headers[.contentType] == "image/jpeg" && Data(buffer: image.body) == jpeg)
            #expect(try fixture.store.auditEntries(AuditFilter(limit: 500)).contains { $0.entityType == "review_photo" && $0.entityIDs.contains(jpegID) })
            #expect(try await client.uploadPhoto(Self.dossier + "/households/HT-A2/survey/photos", data: png, session: vil).headers[.location]?
                .contains("error=") == true)   // another village
            var fields: [(String, String)] = [("respondent", "Nguyễn Văn Đức"), ("respondent_relation", "head"), ("b1_typed", "100"), ("lock", "1")]
            let ids = ["employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling", "housing_quality",
                       "floor_area", "water_source", "latrine", "telecom", "information_assets"]
            for (i, id) in ids.enumerated() { fields.append(("b2.\(id)", i < 4 ? "deprived" : "not_deprived")) }
            let locked = try await submit(client, Self.dossier + "/households/HT-A1/survey", fields, vil, back: Self.dossier + "/households/HT-A1/survey")
            #expect(locked.contains("Hộ nghèo"))
            #expect(try fixture.store.dossier(round: try #require(try fixture.store.campaign(id: "RS-42-2026")).round(), communeCode: WebFixture.communeA,
                                              communeName: "").surveys["PB-RS-42-2026-HT-A1-v1"]?.photos.count == 2)
            fields[2] = ("b1_typed", "200")
            fields = fields.map { $0.0.hasPrefix("b2.") ? ($0.0, "not_deprived") : $0 }
            _ = try await submit(client, Self.dossier + "/households/HT-A2/survey", fields, com, back: Self.dossier)
            // Meetings, posting, signature.
            for (village, who) in [("Thôn Một", vil), ("Thôn Hai", com)] {
                let code = village == "Thôn Một" ? "HT-A1" : "HT-A2"
                _ = try await submit(client, Self.dossier + "/meeting", [("village", village), ("number", "BB-\(code)"), ("date", "28/10/2026"),
                                                                         ("place", "Nhà văn hóa"), ("chair", "Trưởng thôn"), ("secretary", "Thư ký"),
                                                                         ("households", "30"), ("agreed", code)], who, back: Self.dossier)
            }
            clock.set(ReviewAPITests.at(2, 11, 2026, 8))
            let com2 = try await client.login(fixture.usernames[.commune]!), cld2 = try await client.login(fixture.usernames[.communeLeader]!)
            _ = try await submit(client, Self.dossier + "/posting", [("number", "566/TB-UBND"), ("places", "Trụ sở UBND xã; Nhà văn hóa thôn Một"),
                                                                     ("start_date", "02/11/2026"), ("start_time", "08:00"), ("village", "Thôn Một"),
                                                                     ("village", "Thôn Hai")], com2, back: Self.dossier)
            let dossierPage = try await client.get(Self.dossier, cld2)
            #expect(dossierPage.text.contains("đến hết ngày 05/11/2026"))
            #expect(dossierPage.text.contains("class=\"sign-posting\""))
            let notice = "TB-RS-42-2026-\(WebFixture.communeA)-1"
            _ = try await submit(client, Self.dossier + "/posting-sign", [("id", notice), ("signer", "Nguyễn Văn Chủ")], cld2, back: Self.dossier)
            _ = try await submit(client, Self.dossier + "/posting-start", [("id", notice)], com2, back: Self.dossier)
            _ = (cld, com)

            // After the period: the job closes the posting; the report, the opinion, the decision.
            clock.set(ReviewAPITests.at(12, 11, 2026))
            prv = try await client.login(fixture.usernames[.province]!)
            let com3 = try await client.login(fixture.usernames[.commune]!), cld3 = try await client.login(fixture.usernames[.communeLeader]!)
            #expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: prv).json["postings_closed"] as? Int == 2)
            // The job raised deadline alerts: the commune never registered its plan (due 31/08), so the commune's dashboard
            // shows it overdue and the province's shows the copy escalated to it; the dossier shows its deadlines.
            let communeDashboard = try await client.get("/", com3)
            #expect(communeDashboard.text.contains("id=\"review-alerts\"") && communeDashboard.text.contains("Ban hành kế hoạch cấp xã"))
            #expect(try await client.get("/", prv).text.contains("Quá hạn (báo cáo cấp trên)"))
            #expect(try await client.get(Self.dossier, com3).text.contains("Tiến độ và thời hạn"))
            _ = try await submit(client, Self.dossier + "/consultation", [("number", "88/BC-UBND"), ("date", "12/11/2026"), ("signer", "Chủ tịch xã")],
                                 com3, back: Self.dossier)
            let consultation = "BC-RS-42-2026-\(WebFixture.communeA)-1"
            _ = try await submit(client, Self.dossier + "/consultation-send", [("id", consultation)], cld3, back: Self.dossier)
            _ = try await submit(client, Self.dossier + "/opinion", [("id", consultation), ("type", "agree"), ("text", "Thống nhất")], prv, back: Self.dossier)
            let decided = try await submit(client, Self.dossier + "/decision", [("number", "125/QĐ-UBND"), ("date", "12/11/2026"), ("signer", "Nguyễn Văn Chủ")],
                                           cld3, back: Self.dossier)
            #expect(decided.contains("2 hộ"))
            let certificates = try await client.get(Self.dossier + "/certificates", com3)
            #expect(certificates.status == .ok)
            #expect(certificates.text.contains("GIẤY CHỨNG NHẬN HỘ NGHÈO"))
            #expect(certificates.text.contains("Số: 1/GCN-HN.HCN"))
            #expect(certificates.text.contains("Nguyễn Văn Đức"))
            #expect(!certificates.text.contains("Trần Thị Hoa"))   // HT-A2 escaped: no certificate
            // The decision and the notice print with the administrative header and their lists, and export as CSV.
            let decisionID = "QD-RS-42-2026-\(WebFixture.communeA)-1"
            let printed = try await client.get(Self.dossier + "/documents/\(decisionID)", com3)
            #expect(printed.status == .ok)
            #expect(printed.text.contains("QUYẾT ĐỊNH") && printed.text.contains("Số: 125/QĐ-UBND"))
            #expect(printed.text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
            #expect(printed.text.contains("Danh sách hộ thoát cận nghèo: 1 hộ"))
            #expect(printed.text.contains("Nguyễn Văn Đức") && printed.text.contains("Trần Thị Hoa"))
            let noticePrint = try await client.get(Self.dossier + "/documents/\(notice)", com3)
            #expect(noticePrint.text.contains("THÔNG BÁO") && noticePrint.text.contains("đến hết ngày 05/11/2026"))
            let csv = try await client.get(Self.dossier + "/documents/\(decisionID)/export", com3)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Danh sách hộ nghèo,1,HT-A1,Nguyễn Văn Đức,Thôn Một,2"))
            let vilNow = try await client.login(fixture.usernames[.village]!)
            #expect(try await client.get(Self.dossier + "/documents/\(decisionID)/export", vilNow).status == .forbidden)
            #expect(try fixture.store.auditEntries(AuditFilter(action: .export, limit: 100)).contains { $0.entityType == "review_list" && $0.rowCount == 2 })

            // Every record prints and exports: the index, a dossier list with names (audited), one Phiếu B, R10 of the province.
            let index = try await client.get("/review/records?round=RS-42-2026&commune=\(WebFixture.communeA)", com3)
            #expect(index.status == .ok && index.text.contains("/review/records/surveys?round=RS-42-2026"))
            #expect(try await client.get(Self.dossier, com3).text.contains("id=\"records-link\""))
            let surveys = try await client.get("/review/records/surveys?round=RS-42-2026&commune=\(WebFixture.communeA)", com3)
            #expect(surveys.status == .ok)
            #expect(surveys.text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && surveys.text.contains("Nguyễn Văn Đức") && surveys.text.contains("id=\"export-xlsx\""))
            #expect(try fixture.store.auditEntries(AuditFilter(limit: 500)).contains { $0.entityType == "review_surveys" && $0.entityIDs.contains("HT-A1") })
            let surveysCSV = try await client.get("/review/records/surveys?round=RS-42-2026&commune=\(WebFixture.communeA)&format=csv", com3)
            #expect(surveysCSV.status == .ok && surveysCSV.headers[.contentType]?.hasPrefix("text/csv") == true && surveysCSV.text.contains("HT-A2"))
            let surveysXLSX = try await client.get("/review/records/surveys?round=RS-42-2026&commune=\(WebFixture.communeA)&format=xlsx", com3)
            #expect(surveysXLSX.status == .ok && surveysXLSX.body.readableBytesView.prefix(2).elementsEqual([0x50, 0x4B]))
            let vilRecords = try await client.login(fixture.usernames[.village]!)
            #expect(try await client.get("/review/records/surveys?round=RS-42-2026&commune=\(WebFixture.communeA)", vilRecords).status == .forbidden)
            let oneSurvey = try await client.get("/review/records/surveys?round=RS-42-2026&commune=\(WebFixture.communeA)&id=PB-RS-42-2026-HT-A1-v1", vilRecords)
            #expect(oneSurvey.status == .ok && oneSurvey.text.contains("PHIẾU B") && oneSurvey.text.contains("Nguyễn Văn Đức"))
            let r10 = try await client.get("/review/records/r10?unit=42&round=RS-42-2026", prv)
            #expect(r10.status == .ok && r10.text.contains("Tiến độ đợt rà soát RS-42-2026") && r10.text.contains("id=\"r10-form\""))
            #expect(try await client.get("/review/records/r10?unit=42&round=RS-42-2026&format=csv", prv).status == .ok)
            #expect(try await client.get("/review/records/alerts", prv).text.contains("Ban hành kế hoạch cấp xã"))
            // The household page's timeline: the year's change with its decision and the Phiếu B scores (HT-A2 escaped near-poverty).
            let householdPage = try await client.get("/households/HT-A2", com3)
            #expect(householdPage.text.contains("id=\"timeline\"") && householdPage.text.contains("<td>125/QĐ-UBND</td><td class=\"num\">200</td>"))
        }
    }
}

@Suite("Review pages: a monthly batch and its report through the forms")
struct ReviewMonthlyPagesTests {
    @Test("A request, the batch, the survey, the posting, the decision and the monthly report accepted by the province", arguments: StoreBackend.allCases)
    func monthlyThroughPages(_ backend: StoreBackend) async throws {
        let clock = TestClock(ReviewAPITests.at(10, 3, 2026))
        let fixture = try WebFixture(clock: clock.read, backend: backend)
        let pages = ReviewPagesTests()
        try await fixture.run { client in
            var com = try await client.login(fixture.usernames[.commune]!)
            let requested = try await pages.submit(client, "/review/requests", [("commune", WebFixture.communeA), ("household", "HT-A2"), ("type", "leave"),
                                                                                  ("received", "10/03/2026"), ("reason", "Có việc làm"), ("signer", "Trần Thị Hoa")],
                                                   com, back: "/review")
            #expect(requested.contains("RT-\(WebFixture.communeA)-2026-03"))
            clock.set(ReviewAPITests.at(16, 3, 2026))
            com = try await client.login(fixture.usernames[.commune]!)
            let opened = try await pages.submit(client, "/review/batches", [("commune", WebFixture.communeA), ("year", "2026"), ("month", "3")], com, back: "/review")
            #expect(opened.contains("1 hộ"))
            let d = "/review/rounds/RT-\(WebFixture.communeA)-2026-03/communes/\(WebFixture.communeA)"
            // The batch reviews what was asked only: listing adds no current-list household.
            _ = try await pages.submit(client, d + "/list", [], com, back: d)
            let page = try await client.get(d, com)
            #expect(page.text.contains("data-code=\"HT-A2\"") && !page.text.contains("data-code=\"HT-A1\""))
            #expect(!page.text.contains("id=\"meeting\""))   // no village meeting in a monthly batch
            var fields: [(String, String)] = [("b1_typed", "130"), ("lock", "1")]
            for (i, id) in ["employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling", "housing_quality",
                            "floor_area", "water_source", "latrine", "telecom", "information_assets"].enumerated() {
                fields.append(("b2.\(id)", i < 1 ? "deprived" : "not_deprived"))
            }
            let locked = try await pages.submit(client, d + "/households/HT-A2/survey", fields, com, back: d)
            #expect(locked.contains("Hộ cận nghèo"))
            _ = try await pages.submit(client, d + "/posting", [("number", "30/TB-UBND"), ("start_date", "16/03/2026"), ("start_time", "08:00")], com, back: d)
            let cld = try await client.login(fixture.usernames[.communeLeader]!)
            let notice = "TB-RT-\(WebFixture.communeA)-2026-03-\(WebFixture.communeA)-1"
            _ = try await pages.submit(client, d + "/posting-sign", [("id", notice), ("signer", "Chủ tịch")], cld, back: d)
            _ = try await pages.submit(client, d + "/posting-start", [("id", notice)], com, back: d)
            clock.set(ReviewAPITests.at(20, 3, 2026, 6))
            let adm = try await client.login(fixture.usernames[.administrator]!)
            #expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: adm).json["postings_closed"] as? Int == 1)
            let cld2 = try await client.login(fixture.usernames[.communeLeader]!)
            let decided = try await pages.submit(client, d + "/decision", [("number", "31/QĐ-UBND"), ("date", "20/03/2026"), ("signer", "Chủ tịch")], cld2, back: d)
            #expect(decided.contains("1 hộ"))
            // The leave request is answered not_granted: the household stays near-poor.
            #expect(try await client.get(d, cld2).text.contains("not_granted"))
            // The avg-agri identification of the same batch through the page: determined (a near-poor household does not
            // qualify), posted, closed by the job, decided; the decision leaves a status record that prints.
            let com4 = try await client.login(fixture.usernames[.commune]!)
            let determined = try await pages.submit(client, d + "/avg-agri", [("household", "HT-A2"), ("members", "1"), ("income.crops", "30.000.000"),
                                                                              ("social_assistance", "0")], com4, back: d)
            #expect(determined.contains("không đủ điều kiện"))
            let refusedIncome = try await client.postForm(d + "/avg-agri", [("household", "HT-A2"), ("members", "một"), ("_back", d)], session: com4)
            #expect((refusedIncome.headers[.location] ?? "").contains("error="))
            let withIdentification = try await client.get(d, com4)
            #expect(withIdentification.text.contains("id=\"identifications\"") && withIdentification.text.contains("data-state=\"determined\""))
            let postedIds = try await pages.submit(client, d + "/identifications-post", [("start_date", "20/03/2026"), ("start_time", "06:00")], com4, back: d)
            #expect(postedIds.contains("1 hộ"))
            clock.set(ReviewAPITests.at(27, 3, 2026, 6))
            let adm2 = try await client.login(fixture.usernames[.administrator]!)
            #expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: adm2).json["postings_closed"] as? Int == 1)
            let cldIds = try await client.login(fixture.usernames[.communeLeader]!)
            let decidedIds = try await pages.submit(client, d + "/identifications-decide", [("number", "35/QĐ-UBND"), ("date", "27/03/2026"), ("signer", "Chủ tịch")],
                                                    cldIds, back: d)
            #expect(decidedIds.contains("1 hộ"))
            let statuses = try fixture.store.specialStatuses(householdCode: "HT-A2")
            #expect(statuses.count == 1 && statuses.first?.holds == false && statuses.first?.decision == "35/QĐ-UBND")
            let statusList = try await client.get("/review/records/special-status?commune=\(WebFixture.communeA)", cldIds)
            #expect(statusList.status == .ok && statusList.text.contains("35/QĐ-UBND") && statusList.text.contains("Trần Thị Hoa"))
            let household = try await client.get("/households/HT-A2", cldIds)
            #expect(household.text.contains("id=\"special-statuses\"") && household.text.contains("Không được công nhận"))
            // March's report is due 05/04: the leader compiles and sends it, the province accepts it.
            clock.set(ReviewAPITests.at(3, 4, 2026))
            let cld3 = try await client.login(fixture.usernames[.communeLeader]!)
            _ = try await pages.submit(client, "/review/monthly-reports", [("commune", WebFixture.communeA), ("year", "2026"), ("month", "3")], cld3, back: "/review")
            let id = "BCT-\(WebFixture.communeA)-2026-03"
            _ = try await pages.submit(client, "/review/monthly-reports/\(id)/submit", [], cld3, back: "/review")
            let prv = try await client.login(fixture.usernames[.province]!)
            let home = try await client.get("/review", prv)
            #expect(home.text.contains(id) && home.text.contains("Đã gửi"))
            _ = try await pages.submit(client, "/review/monthly-reports/\(id)/review", [("accept", "1")], prv, back: "/review")
            #expect(try fixture.store.monthlyReport(id: id)?.state == .accepted)
        }
    }
}

extension WebClient {
    /// The survey page's photo form: one file, multipart, with the session's CSRF field.
    func uploadPhoto(_ path: String, data: Data, session: SignedSession) async throws -> TestResponse {
        let boundary = "----giamngheo\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n".utf8)
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"nha.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPFields()
        headers[.cookie] = "gn_session=\(session.cookie)"
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await raw.executeRequest(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}

@Suite("Review settings of a province: proposed by one account, approved by another")
struct ReviewSettingsPagesTests {
    @Test("PRV proposes through the page, cannot approve its own version, ADM approves through the API; the value is then in force")
    func settings() async throws {
        let fixture = try WebFixture()
        let pages = ReviewPagesTests()
        try await fixture.run { client in
            let prv = try await client.login(fixture.usernames[.province]!)
            let page = try await client.get("/review/settings", prv)
            #expect(page.status == .ok && page.text.contains("review.posting.periodic_working_days") && page.text.contains("id=\"settings-propose\""))
            let com = try await client.login(fixture.usernames[.commune]!)
            #expect(try await client.get("/review/settings?province=42", com).status == .forbidden)
            let bad = try await client.postForm("/review/settings/42/versions", [("key:review.posting.periodic_working_days", "ba"), ("reason", "x"),
                                                                                ("_back", "/review/settings?province=42")], session: prv)
            #expect((bad.headers[.location] ?? "").contains("error="))
            let proposed = try await pages.submit(client, "/review/settings/42/versions",
                                                  [("key:review.posting.periodic_working_days", "5"), ("key:module.low_income_worker", "có"),
                                                   ("reason", "Quyết định 12/QĐ-UBND của tỉnh")], prv, back: "/review/settings?province=42")
            #expect(proposed.contains("phiên bản 1") && proposed.contains("2 thay đổi"))
            #expect(!(try await client.get("/review/settings", prv).text.contains("class=\"settings-approve\"")))   // not its own
            let own = try await client.sendJSON(.post, "/api/v1/review/settings/42/versions/1/approve", [:], session: prv)
            #expect(own.status == .unprocessableContent && own.errorCode == "review.guard.settings_second_approver", "\(own.status) \(own.text)")
            let adm = try await client.login(fixture.usernames[.administrator]!)
            let noNote = try await client.sendJSON(.post, "/api/v1/review/settings/42/versions/1/reject", [:], session: adm)
            #expect(noNote.status == .unprocessableContent)
            let approved = try await client.sendJSON(.post, "/api/v1/review/settings/42/versions/1/approve", ["note": "Đồng ý"], session: adm)
            #expect(approved.status == .ok && approved.json["state"] as? String == "active", "\(approved.text)")
            let shown = try await client.request(.get, "/api/v1/review/settings/42", session: prv)
            let keys = shown.json["keys"] as? [[String: Any]] ?? []
            #expect(keys.first { $0["key"] as? String == "review.posting.periodic_working_days" }?["value"] as? String == "5")
            #expect(try fixture.store.auditEntries(AuditFilter(action: .settingChange, limit: 50)).filter { $0.entityType == "review_settings" }.count == 2)
        }
    }
}

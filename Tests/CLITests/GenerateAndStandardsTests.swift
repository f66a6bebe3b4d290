import Foundation
import Testing

/// `giamngheo generate` (synthetic registries) and `giamngheo standards`.
@Suite("giamngheo generate and standards")
struct GenerateAndStandardsTests {
    /// Columns of data-format.md (households.csv, members.csv).
    static let specHouseholdColumns: Set<String> = [
        "household_code", "commune_code", "village", "address", "area_type", "reference_date",
        "monthly_income_per_capita", "income_score", "housing_quality", "floor_area_m2", "clean_water",
        "hygienic_latrine", "internet", "phone_or_internet", "information_device", "hears_loudspeaker",
        "waste_treated", "agricultural", "social_protection", "poverty_causes", "recognised_class", "recognised_year",
    ]
    static let specMemberColumns = [
        "household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id", "ethnicity",
        "health_insurance", "education", "in_school", "employment", "disability", "malnourished", "ill_untreated",
        "meritorious", "mass_organisations",
    ]

    @Test("generate: data-format headers, same seed → same bytes, and the output classifies cleanly")
    func generateAndClassify() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let g1 = try giamngheo(["generate", "--households", "2000", "--seed", "7", "--year", "2026", "--out", "a"], in: dir.url)
        #expect(g1.status == 0, "stderr: \(g1.stderr)")
        let g2 = try giamngheo(["generate", "--households", "2000", "--seed", "7", "--year", "2026", "--out", "b"], in: dir.url)
        #expect(g2.status == 0, "stderr: \(g2.stderr)")
        for name in ["households.csv", "members.csv"] {
            let a = try Data(contentsOf: dir.url.appendingPathComponent("a/" + name))
            let b = try Data(contentsOf: dir.url.appendingPathComponent("b/" + name))
            #expect(!a.isEmpty, "\(name) written")
            #expect(a == b, "same seed, same bytes: \(name)")
        }

        let households = try readCSV(dir.path("a/households.csv"))
        let members = try readCSV(dir.path("a/members.csv"))
        #expect(households.rows.count == 2000)
        #expect(members.rows.count >= 2000, "at least the heads")
        // Headers are data-format.md's (canonical English names), required ones present.
        #expect(Set(households.header).isSubset(of: Self.specHouseholdColumns), "\(households.header)")
        for c in ["household_code", "commune_code", "village", "area_type", "monthly_income_per_capita"] {
            #expect(households.header.contains(c), "\(c)")
        }
        #expect(Set(members.header).isSubset(of: Set(Self.specMemberColumns)), "\(members.header)")
        for c in ["household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id"] {
            #expect(members.header.contains(c), "\(c)")
        }
        #expect(Set(households.rows.map { $0[0] }).count == 2000, "household codes unique")

        // Another seed gives other data.
        let g3 = try giamngheo(["generate", "--households", "2000", "--seed", "8", "--year", "2026", "--out", "c"], in: dir.url)
        #expect(g3.status == 0)
        #expect(try Data(contentsOf: dir.url.appendingPathComponent("c/households.csv"))
                != Data(contentsOf: dir.url.appendingPathComponent("a/households.csv")))

        // The generated files pass validation: classify succeeds with one row per household.
        let c = try giamngheo(["classify", "--households", "a/households.csv", "--members", "a/members.csv",
                               "--year", "2026", "--out", "classification.csv"], in: dir.url)
        #expect(c.status == 0, "generated data must validate; stderr: \(c.stderr.prefix(2000))")
        let classification = try readCSV(dir.path("classification.csv"))
        #expect(classification.rows.count == 2000)
        #expect(classification.rows.map { $0[0] } == households.rows.map { $0[0] })
        let classes = Set(try classification.rows.map { $0[try classification.column("class")] })
        #expect(classes.isSubset(of: ["poor", "near_poor", "average", "not_poor", "incomplete"]))
        #expect(classes.contains("not_poor"), "a realistic registry has households that are not poor")
    }

    @Test("generate --province 42 uses only communes of Hà Tĩnh (2025 list)")
    func generateProvince() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let units = try readCSV(packageRoot.appendingPathComponent("Sources/Registry/Resources/AdminUnits/units-2025.csv").path)
        let province = try units.column("province_code"), commune = try units.column("commune_code")
        let haTinh = Set(units.rows.filter { $0[province] == "42" }.map { $0[commune] })
        #expect(haTinh.count > 50)

        let g = try giamngheo(["generate", "--households", "400", "--seed", "3", "--year", "2026", "--province", "42", "--out", "ht"], in: dir.url)
        #expect(g.status == 0, "stderr: \(g.stderr)")
        let households = try readCSV(dir.path("ht/households.csv"))
        #expect(households.rows.count == 400)
        let codes = Set(try households.rows.map { $0[try households.column("commune_code")] })
        #expect(!codes.isEmpty)
        #expect(codes.isSubset(of: haTinh), "outside Hà Tĩnh: \(codes.subtracting(haTinh).sorted().prefix(10))")

        let c = try giamngheo(["classify", "--households", "ht/households.csv", "--members", "ht/members.csv",
                               "--year", "2026", "--out", "ht.csv"], in: dir.url)
        #expect(c.status == 0, "stderr: \(c.stderr.prefix(2000))")
        #expect(try readCSV(dir.path("ht.csv")).rows.count == 400)
    }

    @Test("generate --province with an unknown code fails without crashing")
    func generateUnknownProvince() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let g = try giamngheo(["generate", "--households", "10", "--province", "99", "--out", "x"], in: dir.url)
        #expect(g.status != 0)
        #expect(g.status < 128, "stderr: \(g.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("x/households.csv")))
    }

    @Test("standards lists the three national standards")
    func standards() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try giamngheo(["standards"], in: dir.url)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let heads = r.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { String($0.split(separator: " ").first ?? "") }
        #expect(Set(heads) == ["QD59-2016", "ND07-2022", "ND351-2027"], "\(r.stdout)")
        #expect(heads.count == 3, "\(r.stdout)")
        #expect(r.stdout.contains("k = 3"))
        #expect(r.stdout.contains("nông thôn 1.500.000 đ, thành thị 2.000.000 đ"), "\(r.stdout)")
        #expect(r.stdout.contains("digital_services"))
    }

    @Test("--help of the root command names every subcommand")
    func help() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let r = try giamngheo(["--help"], in: dir.url)
        #expect(r.status == 0)
        for c in ["classify", "whatif", "mpi", "generate", "standards"] { #expect(r.stdout.contains(c), "\(c)") }
    }
}

import Access
import Foundation
import OneTimePassword
import PasswordHashing
import PovertyStandard
import Registry
import RegistryTransfer
import Store
import Synthetic
import VietnameseText
import WebApp

/// The demo province created by `serve` on a new file (dữ liệu trình diễn): generated households
/// in the real communes of Hà Tĩnh, three years of recognised classes (2023–2025, effective
/// 14/12 each year) derived from the engine's classification with plausible year-to-year
/// movement, this year's classification with its explanation, and one demo account per role.
enum DemoData {
    static let province = "42"

    struct DemoAccount {
        var username: String, fullName: String, password: String, role: Role, unit: String, note: String
        /// The TOTP secret (base32) of an account whose role requires a second factor: demo
        /// accounts are enrolled at once, so that a new user can sign in with the printed secret
        /// (or `giamngheo users otp`) instead of enrolling first.
        var mfaSecret: String? = nil
    }

    /// Creates everything; returns the accounts with their one-time passwords.
    static func create(store: any WebStore, households: Int, hasher: PasswordHasher, mfa: MFAPolicy, today: CivilDate) throws -> [DemoAccount] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lastYear = today.year - 1
        let years = [lastYear - 2, lastYear - 1, lastYear]
        var config = SyntheticRegistry.Configuration(households: households, seed: 42, year: lastYear, provinceCode: province)
        config.provinceCode = province
        _ = try SyntheticRegistry(configuration: config).generate(to: dir) { _ in }
        let access = AccessContext(account: "demo")
        let hFile = dir.appendingPathComponent("households.csv"), mFile = dir.appendingPathComponent("members.csv")
        _ = try RegistryImporter.importFiles(households: hFile, members: mFile, into: store,
                                             options: ImportOptions(reviewYear: lastYear), access: access)
        // The engine's class for the last review year is the recognised class of that year; earlier
        // years move away from it by a fixed hash of the household code, so the demo shows flows.
        let standard = try StandardCatalog.shipped.standard(forYear: lastYear)
        var engineClass: [String: RecognisedClass] = [:]
        try classify(store: store, standard: standard, year: lastYear, access: access) { code, cls in engineClass[code] = cls }
        var classes: [Int: [String: RecognisedClass]] = [lastYear: engineClass]
        for year in years.dropLast().reversed() {
            var previous: [String: RecognisedClass] = [:]
            for (code, later) in classes[year + 1]! { previous[code] = earlier(than: later, code: code, year: year) }
            classes[year] = previous
        }
        let lines = try String(contentsOf: hFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        for year in years {
            var out = String(lines[0]) + "\n"
            for line in lines.dropFirst() {
                let code = String(line.prefix { $0 != "," })
                let cls = classes[year]?[code] ?? .notPoor
                out += line.dropLast(2) + ",\(cls.rawValue),\(year)\n"
            }
            let file = dir.appendingPathComponent("households-\(year).csv")
            try out.write(to: file, atomically: true, encoding: .utf8)
            _ = try RegistryImporter.importFiles(households: file, members: mFile, into: store,
                                                 options: ImportOptions(reviewYear: year), access: access)
        }
        if let current = try? StandardCatalog.shipped.standard(forYear: today.year) {
            try classify(store: store, standard: current, year: today.year, access: access) { _, _ in }
        }
        return try accounts(store: store, hasher: hasher, mfa: mfa, today: today)
    }

    static func classify(store: any WebStore, standard: Standard, year: Int, access: AccessContext,
                         _ each: (String, RecognisedClass) -> Void) throws {
        let engine = ClassificationEngine(standard: standard)
        let ids = standard.indicators.map(\.id)
        func list(_ set: IndicatorSet) -> [String] { ids.filter { set.contains($0) }.map(\.rawValue) }
        try store.classifyHouseholds(in: .all, context: access) { stored in
            let c = engine.classify(stored.household.engineFacts(members: stored.members, reviewYear: year))
            let recognised: RecognisedClass = switch c.povertyClass {
            case .poor: .poor
            case .nearPoor: .nearPoor
            case .average: .average
            case .notPoor, .incomplete: .notPoor
            }
            each(stored.household.householdCode, recognised)
            return StoredClassification(householdCode: stored.household.householdCode, year: year, standardID: standard.id,
                                        povertyClass: c.povertyClass, deprived: list(c.deprived), unknown: list(c.unknown),
                                        explanation: standard.explanation(for: c))
        }
    }

    /// A plausible class a year earlier: more poverty in the past, some relapses.
    static func earlier(than later: RecognisedClass, code: String, year: Int) -> RecognisedClass {
        var h: UInt64 = 1469598103934665603
        for b in "\(code)/\(year)".utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        let r = Double(h % 10_000) / 10_000
        switch later {
        case .poor: return r < 0.82 ? .poor : (r < 0.95 ? .nearPoor : .notPoor)
        case .nearPoor: return r < 0.55 ? .nearPoor : (r < 0.85 ? .poor : .notPoor)
        case .average, .notPoor: return r < 0.025 ? .poor : (r < 0.06 ? .nearPoor : later)
        }
    }

    static func password() -> String {
        // 12 characters from an alphabet without look-alikes: ~70 bits.
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    static func accounts(store: any WebStore, hasher: PasswordHasher, mfa: MFAPolicy, today: CivilDate) throws -> [DemoAccount] {
        let catalog = AdminUnitCatalog.shared
        // The commune-level accounts go to a rural commune (xã) with the most poor and near-poor
        // households: what a commune poverty board works on (an urban ward with hardly any poor
        // household makes a poor first impression of the review), then the most households.
        let counts = try store.communeClassCounts(on: today)
        var perCommune: [String: (rural: Bool, needy: Int, households: Int)] = [:]
        for c in counts {
            var t = perCommune[c.communeCode] ?? (catalog.commune(code: c.communeCode)?.type == .commune, 0, 0)
            t.households += c.households
            if c.recognisedClass == .poor || c.recognisedClass == .nearPoor { t.needy += c.households }
            perCommune[c.communeCode] = t
        }
        let commune = perCommune.max { a, b in
            let l = (a.value.rural ? 1 : 0, a.value.needy, a.value.households), r = (b.value.rural ? 1 : 0, b.value.needy, b.value.households)
            return l == r ? a.key > b.key : l < r
        }?.key ?? "18229"
        let village = try store.villages(communeCode: commune).first ?? "Thôn 1"
        let communeName = catalog.commune(code: commune)?.name ?? commune
        let legacyDistrict = catalog.legacySources(ofCommune2025: commune).compactMap {
            catalog.commune(code: $0.legacyCommuneCode, in: .legacy)?.districtCode
        }.first ?? ""
        let from = CivilDate(year: today.year, month: 1, day: 1)
        let access = AccessContext(account: "demo")
        var accounts: [DemoAccount] = [
            DemoAccount(username: "quantri", fullName: "Quản trị hệ thống", password: password(), role: .administrator, unit: "", note: "cài đặt"),
            DemoAccount(username: "tinh.hatinh", fullName: "Nguyễn Thị Hương", password: password(), role: .province, unit: province, note: "Tỉnh Hà Tĩnh"),
            DemoAccount(username: "xa.canbo", fullName: "Trần Văn Nam", password: password(), role: .commune, unit: commune, note: communeName),
            DemoAccount(username: "xa.lanhdao", fullName: "Lê Văn Hùng", password: password(), role: .communeLeader, unit: commune, note: communeName),
            DemoAccount(username: "thon.truong", fullName: "Phạm Văn Bình", password: password(), role: .village, unit: commune, note: "\(village), \(communeName)"),
            DemoAccount(username: "hoi.nongdan", fullName: "Võ Thị Lan", password: password(), role: .organisation, unit: commune, note: "Hội Nông dân \(communeName)"),
            DemoAccount(username: "so.nganh", fullName: "Đặng Văn Tâm", password: password(), role: .lineDepartment, unit: province, note: "Sở Nông nghiệp và Môi trường"),
            DemoAccount(username: "doi.tac", fullName: "Bảo hiểm xã hội tỉnh", password: password(), role: .partner, unit: province, note: "đối tác"),
            DemoAccount(username: "thanh.tra", fullName: "Hoàng Văn Sơn", password: password(), role: .auditor, unit: province, note: "Thanh tra tỉnh, 90 ngày"),
        ]
        if !legacyDistrict.isEmpty {
            accounts.append(DemoAccount(username: "huyen.cu", fullName: "Bùi Thị Mai", password: password(), role: .district, unit: legacyDistrict,
                                        note: "huyện cũ \(catalog.list(.legacy).district(code: legacyDistrict)?.name ?? legacyDistrict)"))
        }
        for i in accounts.indices {
            let a = accounts[i]
            let assignment = Assignment(role: a.role, unitCode: a.unit, villages: a.role == .village ? [village] : [],
                                        organisation: a.role == .organisation ? .nongDan : nil, validFrom: from,
                                        validTo: a.role == .auditor ? today.adding(days: 89) : nil, grantedBy: "demo", reason: "dữ liệu trình diễn")
            let created = try store.createAccount(NewAccount(username: a.username, fullName: a.fullName, unitCode: a.unit,
                                                             passwordHash: hasher.hash(a.password), mustChangePassword: false, isDemo: true),
                                                  assignments: [assignment], context: access)
            if mfa.isRequired(for: [assignment], on: today) {
                let secret = TOTP.newSecret()
                try store.enrolMFA(accountID: created.id, secret: secret, confirmedStep: 0, context: access)
                accounts[i].mfaSecret = secret
            }
        }
        return accounts
    }
}

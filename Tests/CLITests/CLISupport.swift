import Foundation
import Interchange
import Testing

// Support for the command-line tests: they run the BUILT `giamngheo` executable (the one SwiftPM
// puts next to the test bundle) on real files in temporary directories.

/// Where the package lives (…/Tests/CLITests/CLISupport.swift → three levels up).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Why the executable could not be found — a hard failure, never a skip.
struct MissingExecutable: Error, CustomStringConvertible {
    var searched: [String]
    var description: String {
        "The `giamngheo` executable was not found next to the test bundle. Build it first "
            + "(`swift build --build-tests`, as scripts/test does) and run `swift test --skip-build`. "
            + "Searched (walking up from each): \(searched.joined(separator: ", "))"
    }
}

enum CLI {
    /// The built executable, located once.
    static let located: Result<URL, MissingExecutable> = locate()

    /// Walks up from the test process / bundle locations until a directory holds an executable
    /// regular file named `giamngheo` (the build products directory, e.g. `.build/debug`).
    static func locate() -> Result<URL, MissingExecutable> {
        let fm = FileManager.default
        var starts: [URL] = []
        if let first = ProcessInfo.processInfo.arguments.first {
            starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath())
            starts.append(URL(fileURLWithPath: first))
        }
        starts.append(Bundle.main.bundleURL)
        starts.append(contentsOf: Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" })
        var searched: [String] = []
        for start in starts {
            searched.append(start.path)
            var dir = start
            while dir.pathComponents.count > 1 {
                let candidate = dir.appendingPathComponent("giamngheo")
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   fm.isExecutableFile(atPath: candidate.path)
                {
                    return .success(candidate)
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return .failure(MissingExecutable(searched: searched))
    }

    /// The executable, or a thrown, clearly worded error.
    static func executable() throws -> URL { try located.get() }
}

/// What one run of the command produced.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Lines of standard error that are import errors (`file.csv:17 column … [code]`).
    var errorLines: [String] {
        stderr.split(separator: "\n").map(String.init).filter {
            $0.range(of: #"^[^ :]+\.(csv|xlsx):[0-9]+ "#, options: .regularExpression) != nil
        }
    }
}

/// Runs `giamngheo args…` with `directory` as working directory; output goes through files
/// (no pipe can fill up and block the child).
func giamngheo(_ args: [String], in directory: URL, environment: [String: String] = [:]) throws -> RunResult {
    let exe = try CLI.executable()
    let outURL = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
    let errURL = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
          FileManager.default.createFile(atPath: errURL.path, contents: nil)
    else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory.path]) }
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = exe
    process.arguments = args
    process.currentDirectoryURL = directory
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return RunResult(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("giamngheo-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// A table read back from disk: header and rows (each row padded to the header's width).
struct Table {
    var header: [String]
    var rows: [[String]]

    func column(_ name: String) throws -> Int {
        try #require(header.firstIndex(of: name), "column \(name) missing from \(header)")
    }

    /// Rows keyed by the value of `column` (first occurrence wins).
    func rows(by name: String) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for r in rows {
            var dict: [String: String] = [:]
            for (i, h) in header.enumerated() { dict[h] = r[i] }
            let key = try #require(dict[name])
            if out[key] == nil { out[key] = dict }
        }
        return out
    }

    /// Rows as dictionaries header → value.
    var records: [[String: String]] {
        rows.map { r in Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, r[$0.offset]) }) }
    }
}

private func readAll(_ source: any RowSource) throws -> Table {
    let header = source.headers
    var rows: [[String]] = []
    while try source.nextRow({ row in
        let n = max(header.count, row.fieldCount)
        rows.append((0..<n).map { row.string($0) })
    }) {}
    return Table(header: header, rows: rows)
}

/// Reads a CSV file with the project's reader.
func readCSV(_ path: String) throws -> Table { try readAll(CSVReader(path: path)) }

/// Reads the first sheet of a workbook with the project's reader.
func readXLSX(_ path: String) throws -> Table { try readAll(XLSXReader(path: path)) }

// MARK: - Hand-made file sets

/// A deprivation a test household can be given (deprived) or left blank (unknown); each maps to
/// one input column so the indicator it drives is obvious.
enum Dep: Hashable, CaseIterable {
    /// `clean_water` = 0 → `water_source` (all standards).
    case water
    /// `hygienic_latrine` = 0 → `latrine` (all standards).
    case latrine
    /// `housing_quality` = non_durable → `housing_quality` (all standards).
    case housing
    /// `floor_area_m2` = 5 for the household → `floor_area` (< 8 m²/person, all standards).
    case floor
    /// The head's `health_insurance` = 0 → `health_insurance` (all standards).
    case insurance
    /// `internet` = 0 and `phone_or_internet` = 0 → `telecom` (ND07, QD59) / `digital_services` (ND351).
    case internet
    /// `information_device` = 0 and `hears_loudspeaker` = 0 → `information_assets` (ND07, QD59).
    case device
    /// `waste_treated` = 0 → `waste` (ND351 only).
    case waste
}

struct TestMember {
    var no = 1
    var name = "Nguyễn Văn An"
    var relation = "head"
    var sex = "M"
    /// Born 1980: 39 in 2019, 46 in 2026 — a working-age adult outside every age-limited indicator
    /// (adult education 16–30 / born ≥ 1986, children, elderly).
    var birth = "1980"
    var insurance = "1"
    var education = "upper_secondary"
    var inSchool = "0"
    var employment = "self_employed"
    var disability = "none"
    var malnourished = ""
    var illUntreated = "0"
}

struct TestHousehold {
    var code: String
    var commune = "18739"
    var village = "Thôn Một"
    var area = "rural"
    var income = ""
    var score = ""
    var housing = "durable"
    var floor = "60"
    var water = "1"
    var latrine = "1"
    var internet = "1"
    var phone = "1"
    var device = "1"
    var loudspeaker = "1"
    var waste = "1"
    var members: [TestMember] = [TestMember()]

    /// A household not deprived in anything except `deprived`, with `unknown` left blank.
    init(_ code: String, area: String = "rural", income: String = "", score: String = "",
         commune: String = "18739", deprived: Set<Dep> = [], unknown: Set<Dep> = [], members: Int = 1)
    {
        self.code = code
        self.area = area
        self.income = income
        self.score = score
        self.commune = commune
        self.members = (1...members).map { i in
            var m = TestMember()
            m.no = i
            m.name = i == 1 ? "Nguyễn Văn An" : "Trần Thị Bình \(i)"
            m.relation = i == 1 ? "head" : (i == 2 ? "spouse" : "sibling")
            m.sex = i == 1 ? "M" : "F"
            return m
        }
        for (set, value) in [(deprived, true), (unknown, false)] {
            for d in set {
                switch d {
                case .water: water = value ? "0" : ""
                case .latrine: latrine = value ? "0" : ""
                case .housing: housing = value ? "non_durable" : ""
                case .floor: floor = value ? "5" : ""
                case .insurance: self.members[0].insurance = value ? "0" : ""
                case .internet: (internet, phone) = value ? ("0", "0") : ("", "")
                case .device: (device, loudspeaker) = value ? ("0", "0") : ("", "")
                case .waste: waste = value ? "0" : ""
                }
            }
        }
    }
}

let householdHeader = [
    "household_code", "commune_code", "village", "area_type", "monthly_income_per_capita", "income_score",
    "housing_quality", "floor_area_m2", "clean_water", "hygienic_latrine", "internet", "phone_or_internet",
    "information_device", "hears_loudspeaker", "waste_treated",
]
let memberHeader = [
    "household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id",
    "health_insurance", "education", "in_school", "employment", "disability", "malnourished", "ill_untreated",
]

/// Households and members as rows of the two files (national ids numbered in order, all unique).
func fileRows(_ households: [TestHousehold]) -> (households: [[String]], members: [[String]]) {
    var hRows: [[String]] = []
    var mRows: [[String]] = []
    var serial = 0
    for h in households {
        hRows.append([h.code, h.commune, h.village, h.area, h.income, h.score, h.housing, h.floor, h.water,
                      h.latrine, h.internet, h.phone, h.device, h.loudspeaker, h.waste])
        for m in h.members {
            serial += 1
            let id = "042080" + String(format: "%06d", serial)
            mRows.append([h.code, String(m.no), m.name, m.relation, m.sex, m.birth, id, m.insurance, m.education,
                          m.inSchool, m.employment, m.disability, m.malnourished, m.illUntreated])
        }
    }
    return (hRows, mRows)
}

func csvText(_ header: [String], _ rows: [[String]]) -> String {
    func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
}

/// Writes `households.csv` and `members.csv` into `dir`.
func writeCSVFileSet(_ households: [TestHousehold], in dir: TempDir,
                     householdsName: String = "households.csv", membersName: String = "members.csv") throws
{
    let rows = fileRows(households)
    try dir.write(householdsName, csvText(householdHeader, rows.households))
    try dir.write(membersName, csvText(memberHeader, rows.members))
}

/// What a test expects for one household.
struct Expected {
    var code: String
    var cls: String
    var deprived: String = ""
    var unknown: String = ""
}

/// Checks classification rows against expectations derived by hand: class, D, deprived and
/// unknown ids (standard's order), and that the explanation opens with the class and standard.
func checkClassification(_ table: Table, standard: String, _ expected: [Expected],
                         sourceLocation: SourceLocation = #_sourceLocation) throws
{
    #expect(Array(table.header.prefix(7)) == [
        "household_code", "standard", "class", "deprivation_count", "deprived", "unknown", "explanation",
    ], sourceLocation: sourceLocation)
    #expect(table.rows.map { $0[0] } == expected.map(\.code), "one row per household, input order",
            sourceLocation: sourceLocation)
    let byCode = try table.rows(by: "household_code")
    let classNames = ["poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "average": "Hộ có mức sống trung bình",
                      "not_poor": "Hộ không nghèo", "incomplete": "Chưa đủ thông tin để phân loại"]
    for e in expected {
        let r = try #require(byCode[e.code], "no row for \(e.code)", sourceLocation: sourceLocation)
        #expect(r["standard"] == standard, "\(e.code)", sourceLocation: sourceLocation)
        #expect(r["class"] == e.cls, "\(e.code)", sourceLocation: sourceLocation)
        #expect(r["deprived"] == e.deprived, "\(e.code) deprived", sourceLocation: sourceLocation)
        #expect(r["unknown"] == e.unknown, "\(e.code) unknown", sourceLocation: sourceLocation)
        let d = e.deprived.isEmpty ? 0 : e.deprived.split(separator: ";").count
        #expect(r["deprivation_count"] == String(d), "\(e.code) D", sourceLocation: sourceLocation)
        let explanation = r["explanation"] ?? ""
        let opening = "\(classNames[e.cls]!) theo chuẩn \(standard) ("
        #expect(explanation.hasPrefix(opening), "\(e.code): \(explanation)", sourceLocation: sourceLocation)
        #expect(explanation.hasSuffix("."), "\(e.code): \(explanation)", sourceLocation: sourceLocation)
    }
}

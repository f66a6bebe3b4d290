import Foundation

/// The standards known to the product and the review year → standard table (standards.md §1).
///
/// The shipped catalog holds the three national standards bundled as JSON resources; local
/// standards loaded with ``loadLocalStandard(at:)`` are added to a copy.
public struct StandardCatalog: Sendable {
    /// Standards by id.
    public private(set) var standards: [String: Standard]
    /// Which standard reviews of a year use, in year order.
    public private(set) var yearTable: [(span: YearSpan, standardID: String)]

    /// The national standards shipped with the product.
    public static let shipped: StandardCatalog = {
        do { return try StandardCatalog(bundled: ()) } catch {
            fatalError("bundled standards are invalid: \(error)")
        }
    }()

    private init(bundled: Void) throws {
        guard let dir = Bundle.module.url(forResource: "Standards", withExtension: nil) else {
            throw StandardError(code: "standard.resources_missing", message: "Không tìm thấy các tệp chuẩn nghèo đi kèm chương trình")
        }
        var standards: [String: Standard] = [:]
        for id in ["QD59-2016", "ND07-2022", "ND351-2027"] {
            let url = dir.appendingPathComponent(id + ".json")
            let s = try StandardCatalog.decodeStandard(try Data(contentsOf: url), file: url.lastPathComponent)
            standards[s.id] = s
        }
        let yearsURL = dir.appendingPathComponent("years.json")
        struct YearsFile: Decodable {
            struct Row: Decodable { var from: Int; var to: Int; var standard: String }
            var years: [Row]
        }
        let table = try JSONDecoder().decode(YearsFile.self, from: Data(contentsOf: yearsURL))
        self.standards = standards
        self.yearTable = table.years.map { (YearSpan(from: $0.from, to: $0.to), $0.standard) }
    }

    /// Ids of the standards in the catalog, national ones in year order first.
    public var ids: [String] {
        let national = yearTable.map(\.standardID)
        return national + standards.keys.filter { !national.contains($0) }.sorted()
    }

    /// The standard with `id`.
    public func standard(id: String) throws -> Standard {
        if let s = standards[id] { return s }
        throw StandardError(
            code: "standard.unknown", field: "standard",
            message: "Không có chuẩn nghèo \"\(id)\"; các chuẩn có sẵn: \(ids.joined(separator: ", "))")
    }

    /// The national standard reviews of `year` use.
    public func standard(forYear year: Int) throws -> Standard {
        guard let row = yearTable.first(where: { $0.span.contains(year) }) else {
            throw StandardError(
                code: "standard.no_standard_for_year", field: "year",
                message: "Không có chuẩn nghèo áp dụng cho năm \(year)")
        }
        return try standard(id: row.standardID)
    }

    /// Adds (or replaces) a standard.
    public mutating func add(_ standard: Standard) { standards[standard.id] = standard }

    /// Loads a local standard file (chuẩn nghèo địa phương) that overrides fields of a national one.
    ///
    /// The file is JSON with `base` naming the national standard and any fields to override, e.g.
    /// `{"base": "ND07-2022", "id": "DNAI-2022", "province_code": "75", "years": {"from": 2022, "to": 2025},
    /// "poverty_line": {"rural": 2000000, "urban": 2500000}, "k": 2}`. Objects merge field by field;
    /// `indicators` merge by `id` (an entry with `"remove": true` drops that indicator, a new id is
    /// appended); other arrays are replaced. A file without `base` is a complete standard.
    public func loadLocalStandard(at url: URL) throws -> Standard {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StandardError(code: "standard.file_unreadable", file: url.lastPathComponent,
                                message: "Không đọc được tệp chuẩn nghèo")
        }
        return try loadLocalStandard(data, file: url.lastPathComponent)
    }

    /// Loads a local standard from JSON bytes; see ``loadLocalStandard(at:)``.
    public func loadLocalStandard(_ data: Data, file: String) throws -> Standard {
        guard let override = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw StandardError(code: "standard.json_invalid", file: file,
                                message: "Tệp chuẩn nghèo không phải JSON hợp lệ (cần một đối tượng JSON)")
        }
        var merged = override
        if let baseID = override["base"] {
            guard let baseID = baseID as? String else {
                throw StandardError(code: "standard.field_invalid", file: file, field: "base",
                                    message: "\"base\" phải là mã một chuẩn nghèo quốc gia")
            }
            guard let base = standards[baseID] else {
                throw StandardError(
                    code: "standard.unknown_base", file: file, field: "base",
                    message: "Không có chuẩn nghèo quốc gia \"\(baseID)\" để làm cơ sở; các chuẩn có sẵn: \(ids.joined(separator: ", "))")
            }
            let baseJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(base)) as! [String: Any]
            merged = try StandardCatalog.merge(base: baseJSON, override: override, path: "", file: file)
            merged["base"] = baseID
        }
        let mergedData = try JSONSerialization.data(withJSONObject: merged)
        return try StandardCatalog.decodeStandard(mergedData, file: file)
    }

    static func merge(base: [String: Any], override: [String: Any], path: String, file: String) throws -> [String: Any] {
        var out = base
        for (key, value) in override {
            let p = path.isEmpty ? key : path + "." + key
            if key == "indicators", let baseList = base[key] as? [[String: Any]] {
                guard let list = value as? [Any] else {
                    throw StandardError(code: "standard.field_invalid", file: file, field: p,
                                        message: "\"indicators\" phải là một danh sách")
                }
                var result = baseList
                for (i, item) in list.enumerated() {
                    guard let entry = item as? [String: Any], let id = entry["id"] as? String else {
                        throw StandardError(code: "standard.field_invalid", file: file, field: "\(p)[\(i)].id",
                                            message: "Mỗi chỉ số cần có \"id\"")
                    }
                    if let at = result.firstIndex(where: { ($0["id"] as? String) == id }) {
                        if entry["remove"] as? Bool == true {
                            result.remove(at: at)
                        } else {
                            result[at] = try merge(base: result[at], override: entry, path: "\(p)[\(i)]", file: file)
                        }
                    } else if entry["remove"] as? Bool != true {
                        result.append(entry)
                    }
                }
                out[key] = result
            } else if let b = base[key] as? [String: Any], let o = value as? [String: Any] {
                out[key] = try merge(base: b, override: o, path: p, file: file)
            } else {
                out[key] = value
            }
        }
        out["remove"] = nil
        return out
    }

    /// Decodes and validates a complete standard, naming the field at fault on error.
    public static func decodeStandard(_ data: Data, file: String) throws -> Standard {
        let standard: Standard
        do {
            standard = try JSONDecoder().decode(Standard.self, from: data)
        } catch let error as DecodingError {
            throw StandardError(decoding: error, file: file)
        }
        try standard.validate(file: file)
        return standard
    }
}

extension StandardError {
    init(decoding error: DecodingError, file: String) {
        func path(_ keys: [any CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
            }
            return s
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            self.init(code: "standard.field_missing", file: file, field: p, message: "Thiếu trường bắt buộc \"\(p)\"")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            let p = path(ctx.codingPath)
            self.init(code: "standard.field_invalid", file: file, field: p,
                      message: "Trường \"\(p)\" sai kiểu dữ liệu")
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            self.init(code: "standard.field_invalid", file: file, field: p.isEmpty ? nil : p,
                      message: p.isEmpty ? "Tệp chuẩn nghèo không phải JSON hợp lệ" : "Giá trị của \"\(p)\" không hợp lệ")
        @unknown default:
            self.init(code: "standard.json_invalid", file: file, message: "Tệp chuẩn nghèo không hợp lệ")
        }
    }
}

extension Standard {
    /// Checks the rules a usable standard must satisfy; throws naming the first field at fault.
    public func validate(file: String? = nil) throws {
        func fail(_ field: String, _ message: String) -> StandardError {
            StandardError(code: "standard.field_invalid", file: file, field: field, message: message)
        }
        if id.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("id", "Mã chuẩn nghèo không được để trống") }
        if years.from > years.to { throw fail("years", "Năm bắt đầu phải không sau năm kết thúc") }
        for area in AreaType.allCases {
            let a = area.rawValue
            if povertyLine[area] <= 0 { throw fail("poverty_line.\(a)", "Chuẩn nghèo phải là số tiền dương") }
            var lower = povertyLine[area]
            if let npl = nearPovertyLine {
                if npl[area] <= povertyLine[area] {
                    throw fail("near_poverty_line.\(a)", "Chuẩn cận nghèo phải cao hơn chuẩn nghèo")
                }
                lower = npl[area]
            }
            if averageUpperBound[area] < lower {
                throw fail("average_upper_bound.\(a)", "Ngưỡng trên của mức sống trung bình không được thấp hơn chuẩn nghèo/cận nghèo")
            }
            if let s = scoreCutoffs, let np = s.nearPoverty, np[area] < s.poverty[area] {
                throw fail("score_cutoffs.near_poverty.\(a)", "Ngưỡng điểm cận nghèo không được thấp hơn ngưỡng điểm nghèo")
            }
        }
        if rule == .either && nearPovertyLine == nil {
            throw fail("near_poverty_line", "Quy tắc \"either\" cần chuẩn cận nghèo")
        }
        if indicators.isEmpty { throw fail("indicators", "Chuẩn nghèo cần ít nhất một chỉ số thiếu hụt") }
        if k < 1 || k > indicators.count {
            throw fail("k", "Ngưỡng thiếu hụt k phải từ 1 đến \(indicators.count) (số chỉ số)")
        }
        var seen = Set<IndicatorID>()
        for (i, ind) in indicators.enumerated() {
            let p = "indicators[\(i)]"
            if !seen.insert(ind.id).inserted { throw fail("\(p).id", "Chỉ số \"\(ind.id.rawValue)\" bị trùng") }
            if ind.name.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("\(p).name", "Tên chỉ số không được để trống") }
            if let age = ind.age, let lo = age.min, let hi = age.maxExclusive, lo >= hi {
                throw fail("\(p).age", "Khoảng tuổi không hợp lệ: từ \(lo) đến dưới \(hi)")
            }
            switch ind.rule {
            case .adultEducation:
                guard let bands = ind.bands, !bands.isEmpty else { throw fail("\(p).bands", "Chỉ số giáo dục người lớn cần \"bands\"") }
                for (j, b) in bands.enumerated() {
                    if let lo = b.age.min, let hi = b.age.maxExclusive, lo >= hi {
                        throw fail("\(p).bands[\(j)].age", "Khoảng tuổi không hợp lệ: từ \(lo) đến dưới \(hi)")
                    }
                }
            case .memberEmployment:
                if ind.deprivedEmployment?.isEmpty ?? true { throw fail("\(p).deprived_employment", "Cần danh sách tình trạng việc làm bị coi là thiếu hụt") }
            case .housingQuality:
                if ind.deprivedHousing?.isEmpty ?? true { throw fail("\(p).deprived_housing", "Cần danh sách loại nhà bị coi là thiếu hụt") }
            case .floorArea:
                guard let t = ind.thresholdM2, t > 0 else { throw fail("\(p).threshold_m2", "Ngưỡng diện tích (m²/người) phải là số dương") }
            case .dependants:
                if ind.childAgeMaxExclusive == nil { throw fail("\(p).child_age_max_exclusive", "Thiếu tuổi trẻ em phụ thuộc") }
                if ind.elderlyAgeMin == nil { throw fail("\(p).elderly_age_min", "Thiếu tuổi người cao tuổi phụ thuộc") }
                guard let s = ind.shareAbove, s >= 0, s < 1 else { throw fail("\(p).share_above", "Tỷ lệ người phụ thuộc phải trong khoảng [0, 1)") }
            case .householdFactsFalse:
                if ind.facts?.isEmpty ?? true { throw fail("\(p).facts", "Cần ít nhất một thông tin của hộ (facts)") }
            case .memberIllUntreated, .memberNoHealthInsurance, .childNotInSchool, .memberMalnourished:
                break
            }
        }
    }
}

/// Formats an amount of VND with `.` thousands separators, e.g. `1.500.000`.
///
/// PovertyStandard has no dependencies, so it keeps its own tiny formatter for explanations.
func formatThousands(_ value: Int) -> String {
    // Digits are written right to left into a fixed buffer: no intermediate String or Array.
    String(unsafeUninitializedCapacity: 32) { out in
        var tmp: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &tmp) { buf in
            var i = 32
            var v = value.magnitude
            var group = 0
            repeat {
                if group == 3 {
                    i -= 1
                    buf[i] = UInt8(ascii: ".")
                    group = 0
                }
                i -= 1
                buf[i] = UInt8(truncatingIfNeeded: 0x30 &+ v % 10)
                v /= 10
                group += 1
            } while v > 0
            if value < 0 {
                i -= 1
                buf[i] = UInt8(ascii: "-")
            }
            let n = 32 - i
            for j in 0..<n { out[j] = buf[i + j] }
            return n
        }
    }
}


/// Renders explanation sentences for one standard, caching the indicator-name lists, which
/// repeat across households; use one per thread when explaining a whole registry.
public struct ExplanationRenderer {
    /// The standard whose results it explains.
    public let standard: Standard
    private var nameLists: [UInt32: String] = [:]

    /// A renderer for `standard`.
    public init(standard: Standard) { self.standard = standard }

    /// The sentence for `c`; same text as ``Standard/explanation(for:)``.
    public mutating func render(_ c: Classification) -> String {
        let deprivedNames = names(c.deprived)
        let unknownNames = names(c.unknown)
        return standard.explanation(for: c, deprivedNames: deprivedNames, unknownNames: unknownNames)
    }

    private mutating func names(_ set: IndicatorSet) -> String {
        if set.rawValue == 0 { return "" }
        if let s = nameLists[set.rawValue] { return s }
        let s = standard.indicatorNames(set)
        nameLists[set.rawValue] = s
        return s
    }
}

extension Standard {
    /// Names of the indicators in `set`, in the standard's order, comma-separated.
    func indicatorNames(_ set: IndicatorSet) -> String {
        var out = ""
        for ind in indicators where set.contains(ind.id) {
            if !out.isEmpty { out += ", " }
            out += ind.name
        }
        return out
    }

    /// The Vietnamese explanation sentence of standards.md §2 for a result of this standard, e.g.
    /// *"Hộ nghèo theo chuẩn ND07-2022 (nông thôn): thu nhập 1.200.000 đ/người/tháng ≤ 1.500.000 đ;
    /// thiếu hụt 4/12 chỉ số (≥ 3): Bảo hiểm y tế, …"*.
    ///
    /// Indicators are listed in the standard's order. The income part names the instrument that
    /// decided (income or the B1 score) and the line it was compared with; the deprivation part
    /// always gives D/n and k — as `(≥ k)` / `(< k)` when it decided the class, as `(k = …)` when
    /// income alone decided — and names the deprived indicators; unknown indicators are named
    /// when they leave the class open.
    public func explanation(for c: Classification) -> String {
        explanation(for: c, deprivedNames: indicatorNames(c.deprived), unknownNames: indicatorNames(c.unknown))
    }

    func explanation(for c: Classification, deprivedNames: String, unknownNames: String) -> String {
        let n = indicators.count
        let areaLabel = c.area.vietnamese
        var parts: [String] = []
        let pl = povertyLine[c.area]
        let income = c.income.map { "thu nhập \(formatThousands($0)) đ/người/tháng" }

        func names(_ set: IndicatorSet) -> String {
            set == c.deprived ? deprivedNames : (set == c.unknown ? unknownNames : indicatorNames(set))
        }
        func deprivationPart(decisive: Bool) -> String? {
            let d = c.deprived.count
            if !decisive && d == 0 { return nil }
            var s: String
            if d == 0 {
                s = "không thiếu hụt chỉ số nào (0/\(n))"
            } else {
                s = "thiếu hụt \(d)/\(n) chỉ số"
                if decisive && c.unknown.count == 0 || decisive && (d >= k || d + c.unknown.count < k) {
                    s += d >= k ? " (≥ \(k))" : " (< \(k))"
                }
                s += ": " + names(c.deprived)
            }
            return s
        }
        /// D and k stated even when they did not decide, so every sentence carries them (§2).
        func informativeDeprivation() -> String {
            var s = "thiếu hụt \(c.deprived.count)/\(n) chỉ số (k = \(k))"
            if c.deprived.count > 0 { s += ": " + names(c.deprived) }
            return s
        }
        func unknownPart() -> String? {
            guard c.unknown.count > 0 else { return nil }
            return "chưa rõ \(c.unknown.count) chỉ số: " + names(c.unknown)
        }
        /// "thu nhập X ≤ L đ" or "điểm B1 S ≤ C điểm" for the poverty (or near-poverty) comparison.
        func lineComparison(line: Int, scoreCut: Int?, below: Bool) -> String {
            let op = below ? "≤" : ">"
            if c.basis == .score, let s = c.score, let cut = scoreCut {
                return "điểm B1 \(s) \(op) \(cut) điểm"
            }
            return "\(income ?? "thu nhập") \(op) \(formatThousands(line)) đ"
        }
        let nearLine = nearPovertyLine?[c.area]
        let scorePoverty = scoreCutoffs?.poverty[c.area]
        let scoreNear = scoreCutoffs?.nearPoverty?[c.area]

        switch c.povertyClass {
        case .incomplete:
            if c.basis == .none {
                if c.score != nil || c.income == nil && scoreCutoffs == nil {
                    parts.append("chưa có thu nhập bình quân đầu người")
                } else {
                    parts.append("chưa có thu nhập bình quân đầu người và điểm B1")
                }
            } else {
                let inNearBand = rule == .either && (c.basis == .score
                    ? (c.score.map { $0 > (scorePoverty ?? .max) } ?? false)
                    : (c.income.map { $0 > pl } ?? false))
                if inNearBand, let nl = nearLine {
                    parts.append(lineComparison(line: pl, scoreCut: scorePoverty, below: false)
                        + " và " + (c.basis == .score && scoreNear != nil ? "≤ \(scoreNear!) điểm" : "≤ \(formatThousands(nl)) đ"))
                } else {
                    parts.append(lineComparison(line: pl, scoreCut: scorePoverty, below: true))
                }
                var s = "thiếu hụt \(c.deprived.count)/\(n) chỉ số"
                if c.deprived.count > 0 { s += ": " + names(c.deprived) }
                parts.append(s)
                if let u = unknownPart() { parts.append(u) }
                parts.append("chưa xác định được hộ có thiếu hụt từ \(k) chỉ số trở lên hay không")
            }
        case .poor, .nearPoor:
            if rule == .either {
                let belowPoverty = c.basis == .score ? (c.score! <= scorePoverty!) : (c.income! <= pl)
                if belowPoverty {
                    parts.append(lineComparison(line: pl, scoreCut: scorePoverty, below: true))
                    parts.append(informativeDeprivation())
                } else {
                    var s = lineComparison(line: pl, scoreCut: scorePoverty, below: false)
                    if c.basis == .score, let sn = scoreNear { s += " và ≤ \(sn) điểm" } else if let nl = nearLine { s += " và ≤ \(formatThousands(nl)) đ" }
                    parts.append(s)
                    parts.append(deprivationPart(decisive: true)!)
                }
            } else {
                parts.append(lineComparison(line: pl, scoreCut: scorePoverty, below: true))
                parts.append(deprivationPart(decisive: true)!)
            }
        case .average, .notPoor:
            let lower = rule == .either ? (nearLine ?? pl) : pl
            let lowerCut = rule == .either ? (scoreNear ?? scorePoverty) : scorePoverty
            let upper = averageUpperBound[c.area]
            if c.basis == .score, let s = c.score, let cut = lowerCut {
                var text = "điểm B1 \(s) > \(cut) điểm"
                if c.povertyClass == .average {
                    text += "; \(income!) ≤ \(formatThousands(upper)) đ"
                } else if let inc = income {
                    text += "; \(inc) \(c.income! > upper ? ">" : "≤") \(formatThousands(upper)) đ"
                    if c.income! <= lower { text += " (không thuộc khoảng mức sống trung bình)" }
                } else {
                    text += "; chưa có thu nhập để xét mức sống trung bình"
                }
                parts.append(text)
            } else if c.povertyClass == .average {
                parts.append("\(income!) > \(formatThousands(lower)) đ và ≤ \(formatThousands(upper)) đ")
            } else {
                parts.append("\(income!) > \(formatThousands(upper)) đ")
            }
            parts.append(informativeDeprivation())
        }
        return "\(c.povertyClass.vietnamese) theo chuẩn \(id) (\(areaLabel)): " + parts.joined(separator: "; ") + "."
    }
}

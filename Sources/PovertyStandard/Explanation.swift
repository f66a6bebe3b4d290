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
        // Built by appending into one preallocated String: this runs once per household of a
        // registry, and interpolated temporaries used to dominate its cost.
        let n = indicators.count
        var out = String()
        out.reserveCapacity(384)
        out += c.povertyClass.vietnamese
        out += " theo chuẩn "
        out += id
        out += " ("
        out += c.area.vietnamese
        out += "): "
        var first = true
        func part() {
            if !first { out += "; " }
            first = false
        }
        let pl = povertyLine[c.area]
        let nearLine = nearPovertyLine?[c.area]
        let scorePoverty = scoreCutoffs?.poverty[c.area]
        let scoreNear = scoreCutoffs?.nearPoverty?[c.area]

        func appendIncome() {
            out += "thu nhập "
            if let inc = c.income {
                out += formatThousands(inc)
                out += " đ/người/tháng"
            }
        }
        func appendVND(_ amount: Int) {
            out += formatThousands(amount)
            out += " đ"
        }
        func appendInt(_ v: Int) { out += String(v) }
        /// "thu nhập X ≤ L đ" or "điểm B1 S ≤ C điểm" for the poverty (or near-poverty) comparison.
        func lineComparison(line: Int, scoreCut: Int?, below: Bool) {
            let op = below ? " ≤ " : " > "
            if c.basis == .score, let sc = c.score, let cut = scoreCut {
                out += "điểm B1 "
                appendInt(sc)
                out += op
                appendInt(cut)
                out += " điểm"
                return
            }
            appendIncome()
            out += op
            appendVND(line)
        }
        func appendCount(_ d: Int) {
            out += "thiếu hụt "
            appendInt(d)
            out += "/"
            appendInt(n)
            out += " chỉ số"
        }
        func deprivationPart() {
            let d = c.deprived.count
            if d == 0 {
                out += "không thiếu hụt chỉ số nào (0/"
                appendInt(n)
                out += ")"
                return
            }
            appendCount(d)
            out += d >= k ? " (≥ " : " (< "
            appendInt(k)
            out += "): "
            out += deprivedNames
        }
        /// D and k stated even when they did not decide, so every sentence carries them (§2).
        func informativeDeprivation() {
            appendCount(c.deprived.count)
            out += " (k = "
            appendInt(k)
            out += ")"
            if c.deprived.count > 0 {
                out += ": "
                out += deprivedNames
            }
        }

        switch c.povertyClass {
        case .incomplete:
            part()
            if c.basis == .none {
                if c.score != nil || c.income == nil && scoreCutoffs == nil {
                    out += "chưa có thu nhập bình quân đầu người"
                } else {
                    out += "chưa có thu nhập bình quân đầu người và điểm B1"
                }
            } else {
                let inNearBand = rule == .either && (c.basis == .score
                    ? (c.score.map { $0 > (scorePoverty ?? .max) } ?? false)
                    : (c.income.map { $0 > pl } ?? false))
                if inNearBand, let nl = nearLine {
                    lineComparison(line: pl, scoreCut: scorePoverty, below: false)
                    out += " và ≤ "
                    if c.basis == .score, let sn = scoreNear {
                        appendInt(sn)
                        out += " điểm"
                    } else {
                        appendVND(nl)
                    }
                } else {
                    lineComparison(line: pl, scoreCut: scorePoverty, below: true)
                }
                part()
                appendCount(c.deprived.count)
                if c.deprived.count > 0 {
                    out += ": "
                    out += deprivedNames
                }
                if c.unknown.count > 0 {
                    part()
                    out += "chưa rõ "
                    appendInt(c.unknown.count)
                    out += " chỉ số: "
                    out += unknownNames
                }
                part()
                out += "chưa xác định được hộ có thiếu hụt từ "
                appendInt(k)
                out += " chỉ số trở lên hay không"
            }
        case .poor, .nearPoor:
            part()
            if rule == .either {
                let belowPoverty = c.basis == .score ? (c.score! <= scorePoverty!) : (c.income! <= pl)
                if belowPoverty {
                    lineComparison(line: pl, scoreCut: scorePoverty, below: true)
                    part()
                    informativeDeprivation()
                } else {
                    lineComparison(line: pl, scoreCut: scorePoverty, below: false)
                    if c.basis == .score, let sn = scoreNear {
                        out += " và ≤ "
                        appendInt(sn)
                        out += " điểm"
                    } else if let nl = nearLine {
                        out += " và ≤ "
                        appendVND(nl)
                    }
                    part()
                    deprivationPart()
                }
            } else {
                lineComparison(line: pl, scoreCut: scorePoverty, below: true)
                part()
                deprivationPart()
            }
        case .average, .notPoor:
            part()
            let lower = rule == .either ? (nearLine ?? pl) : pl
            let lowerCut = rule == .either ? (scoreNear ?? scorePoverty) : scorePoverty
            let upper = averageUpperBound[c.area]
            if c.basis == .score, let sc = c.score, let cut = lowerCut {
                out += "điểm B1 "
                appendInt(sc)
                out += " > "
                appendInt(cut)
                out += " điểm; "
                if let inc = c.income {
                    appendIncome()
                    out += c.povertyClass == .average || inc <= upper ? " ≤ " : " > "
                    appendVND(upper)
                    if c.povertyClass != .average && inc <= lower { out += " (không thuộc khoảng mức sống trung bình)" }
                } else {
                    out += "chưa có thu nhập để xét mức sống trung bình"
                }
            } else if c.povertyClass == .average {
                appendIncome()
                out += " > "
                appendVND(lower)
                out += " và ≤ "
                appendVND(upper)
            } else {
                appendIncome()
                out += " > "
                appendVND(upper)
            }
            part()
            informativeDeprivation()
        }
        out += "."
        return out
    }
}

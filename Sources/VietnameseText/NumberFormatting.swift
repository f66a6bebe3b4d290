import Foundation

extension VietnameseText {
    /// Formats an amount of Vietnamese đồng (VND) with `.` between thousands: `1500000` →
    /// `"1.500.000"`, `-25000` → `"-25.000"`.
    ///
    /// Written by hand rather than with `NumberFormatter` so the output never depends on the
    /// machine's locale data and costs no formatter setup in loops.
    public static func formatVND(_ amount: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(27)
        appendGrouped(&bytes, magnitude: amount.magnitude, negative: amount < 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``formatVND(_:)`` followed by a space and the đồng sign as Vietnamese documents write it:
    /// `"1.500.000 đ"`. The space is an ordinary U+0020 so the text survives CSV and terminals
    /// unchanged.
    public static func formatVNDWithUnit(_ amount: Int) -> String {
        formatVND(amount) + " đ"
    }

    /// Formats a decimal number the Vietnamese way: `,` before the decimals and, when `grouping`
    /// is on, `.` between thousands: `formatDecimal(2.925, fractionDigits: 2)` → `"2,93"`,
    /// `formatDecimal(1234.5, fractionDigits: 1)` → `"1.234,5"`.
    ///
    /// Rounds half away from zero on the decimal digits a person would see, so 2.925 shows as
    /// 2,93 even though its binary value is slightly below. Non-finite values render as `"—"`.
    public static func formatDecimal(_ value: Double, fractionDigits: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return "—" }
        let digits = max(0, min(fractionDigits, 9))
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let magnitude = abs(value)
        // Beyond 2^53 the scaled value has no fractional information left anyway.
        guard magnitude * Double(scale) < 9.0e15 else {
            return String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
        }
        // Round through the shortest decimal representation so 2.925 (stored as 2.92499999…)
        // rounds as the 2.925 the user typed.
        let scaled = (Double("\(magnitude)e\(digits)") ?? magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
        let total = UInt64(scaled)
        let integerPart = total / scale
        let fraction = total % scale
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        let negative = value < 0 && total != 0
        if grouping {
            appendGrouped(&bytes, magnitude: UInt(integerPart), negative: negative)
        } else {
            if negative { bytes.append(0x2D) }
            bytes.append(contentsOf: String(integerPart).utf8)
        }
        if digits > 0 {
            bytes.append(0x2C)
            var divisor = scale / 10
            for _ in 0..<digits {
                bytes.append(UInt8(0x30 + (fraction / divisor) % 10))
                divisor /= 10
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Formats a ratio as a Vietnamese percentage (tỷ lệ phần trăm): `0.0293` → `"2,93%"` with
    /// `fractionDigits: 2`, `0.5` → `"50,0%"` with the default one decimal. No space before `%`,
    /// as in official statistics publications.
    public static func formatPercent(_ ratio: Double, fractionDigits: Int = 1) -> String {
        formatDecimal(ratio * 100, fractionDigits: fractionDigits) + "%"
    }

    /// Appends `magnitude` with `.` every three digits, preceded by `-` when `negative`.
    static func appendGrouped(_ bytes: inout [UInt8], magnitude: UInt, negative: Bool) {
        if negative { bytes.append(0x2D) }
        var reversed: [UInt8] = []
        reversed.reserveCapacity(27)
        var v = magnitude
        var count = 0
        repeat {
            if count > 0 && count % 3 == 0 { reversed.append(0x2E) }
            reversed.append(UInt8(0x30 + v % 10))
            v /= 10
            count += 1
        } while v > 0
        bytes.append(contentsOf: reversed.reversed())
    }
}

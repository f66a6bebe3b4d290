/// Encodes CSV rows into a byte array with the same quoting as ``CSVWriter``, off the writer.
///
/// Rendering rows is the costly part of writing a large result (explanations, joined ids); an
/// encoder per thread renders a block of rows in parallel, then ``CSVWriter/writeEncodedRows(_:)``
/// writes the blocks in input order.
public struct CSVRowEncoder: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []
    /// Rows finished.
    public private(set) var rows = 0
    /// Field delimiter.
    public let delimiter: UInt8
    private var fieldsInRow = 0

    /// An empty encoder; `capacity` is a hint in bytes.
    public init(delimiter: UInt8 = 0x2C, capacity: Int = 0) {
        self.delimiter = delimiter
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(delimiter) }
        fieldsInRow += 1
    }

    /// Appends a text field, quoted when it holds the delimiter, a quote or a line break.
    public mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { utf8 in
            var quote = false
            for b in utf8 where b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D {
                quote = true
                break
            }
            guard quote else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(0x22)
            for b in utf8 {
                if b == 0x22 { bytes.append(0x22) }
                bytes.append(b)
            }
            bytes.append(0x22)
        }
    }

    /// Appends an integer field.
    public mutating func field(_ value: Int) {
        separate()
        if value < 0 { bytes.append(0x2D) }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(0x30 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// Appends an empty field.
    public mutating func emptyField() { separate() }

    /// Ends the row with `\n`.
    public mutating func endRow() {
        bytes.append(0x0A)
        fieldsInRow = 0
        rows += 1
    }

    /// Forgets the bytes, keeping the capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        rows = 0
        fieldsInRow = 0
    }
}

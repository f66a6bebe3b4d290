import Foundation

/// Minimal RFC-4180 reader for the admin-unit files (UTF-8, optional BOM, LF or CRLF,
/// double-quoted fields with `""` escapes). Internal: the files are small (≈ 24,000 rows).
struct AdminUnitCSV {
    let fileName: String
    let header: [String]
    /// Data rows with their 1-based line number in the file (header = line 1).
    let rows: [(line: Int, fields: [String])]

    init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AdminUnitCatalogError.unreadableFile(url.lastPathComponent, underlying: "\(error)")
        }
        try self.init(data: data, fileName: url.lastPathComponent)
    }

    init(data: Data, fileName: String) throws {
        self.fileName = fileName
        var records: [(line: Int, fields: [String])] = []
        var recordLine = 1
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let all = raw.bindMemory(to: UInt8.self)
            let bom = all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF
            let bytes = UnsafeBufferPointer(rebasing: all[(bom ? 3 : 0)...])
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var line = 1
            var fieldStarted = false
            var i = 0
            let n = bytes.count

            func finishField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
            }
            func finishRecord() {
                finishField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append((recordLine, fields))
                }
                fields.removeAll(keepingCapacity: true)
            }

            // Bytes are copied in runs up to the next byte that means something, not one by one.
            while i < n {
                let b = bytes[i]
                if inQuotes {
                    if b == UInt8(ascii: "\"") {
                        if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") {
                            field.append(b)
                            i += 2
                            continue
                        }
                        inQuotes = false
                        i += 1
                        continue
                    }
                    var j = i
                    while j < n && bytes[j] != UInt8(ascii: "\"") {
                        if bytes[j] == UInt8(ascii: "\n") { line += 1 }
                        j += 1
                    }
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    i = j
                    continue
                }
                switch b {
                case UInt8(ascii: "\""):
                    if field.isEmpty && !fieldStarted {
                        inQuotes = true
                        fieldStarted = true
                    } else {
                        field.append(b)
                    }
                    i += 1
                case UInt8(ascii: ","):
                    finishField()
                    i += 1
                case UInt8(ascii: "\r"):
                    if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    finishRecord()
                    line += 1
                    recordLine = line
                    i += 1
                case UInt8(ascii: "\n"):
                    finishRecord()
                    line += 1
                    recordLine = line
                    i += 1
                default:
                    // Up to the next delimiter or line end; a quote here is part of the text.
                    var j = i + 1
                    while j < n {
                        let c = bytes[j]
                        if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { break }
                        j += 1
                    }
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    fieldStarted = true
                    i = j
                }
            }
            if inQuotes {
                throw AdminUnitCatalogError.malformedRow(fileName, line: recordLine, message: "unterminated quoted field")
            }
            if !field.isEmpty || !fields.isEmpty || fieldStarted { finishRecord() }
        }

        guard let first = records.first else {
            throw AdminUnitCatalogError.missingColumn(fileName, column: "(header row)")
        }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = Array(records.dropFirst())
    }

    /// Index of a required column.
    func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw AdminUnitCatalogError.missingColumn(fileName, column: name)
        }
        return index
    }

    /// Index of an optional column.
    func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }
}

extension Array where Element == String {
    /// Whether the UTF-8 of `value` has a lead byte of U+0300–U+037F, U+1DC0–U+1DFF,
    /// U+20C0–U+20FF or U+FE00–U+FE3F (the blocks of combining marks checked in ``field(_:)``).
    fileprivate static func mayHaveCombiningMarks(_ value: String) -> Bool {
        var previous: UInt8 = 0
        for b in value.utf8 {
            if b == 0xCC || b == 0xCD { return true }
            if (previous == 0xE1 && b == 0xB7) || (previous == 0xE2 && b == 0x83) || (previous == 0xEF && b == 0xB8) {
                return true
            }
            previous = b
        }
        return false
    }

    /// Trimmed NFC value of a field, or "" when the row is short.
    func field(_ index: Int) -> String {
        guard index < count else { return "" }
        var value = self[index]
        func isSpace(_ s: Unicode.Scalar?) -> Bool {
            guard let v = s?.value else { return false }
            return v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x3000 || (0x2000...0x200B).contains(v)
        }
        if isSpace(value.unicodeScalars.first) || isSpace(value.unicodeScalars.last) {
            value = value.trimmingCharacters(in: .whitespaces)
        }
        // Foundation's NFC is slow on Linux: only strings with combining marks can change. Their
        // UTF-8 has one of a few lead bytes; most names have none, and skip the scalar scan.
        if Self.mayHaveCombiningMarks(value), value.unicodeScalars.contains(where: { (0x0300...0x036F).contains($0.value) || (0x1DC0...0x1DFF).contains($0.value)
            || (0x20D0...0x20FF).contains($0.value) || (0xFE20...0xFE2F).contains($0.value) }) {
            value = value.precomposedStringWithCanonicalMapping
        }
        return value
    }
}

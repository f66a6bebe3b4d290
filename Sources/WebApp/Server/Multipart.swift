import Foundation

/// A minimal `multipart/form-data` reader (RFC 7578) for the import upload: parts with their
/// field name, file name and bytes. The whole body is in memory, bounded by the upload limit.
enum Multipart {
    struct Part {
        var name: String
        var fileName: String?
        var data: Data
    }

    static func boundary(contentType: String) -> String? {
        for piece in contentType.split(separator: ";") {
            let p = piece.trimmingCharacters(in: .whitespaces)
            if p.lowercased().hasPrefix("boundary=") {
                return String(p.dropFirst(9)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func parse(_ body: Data, boundary: String) -> [Part] {
        let delimiter = Data(("--" + boundary).utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return [] }
        cursor = first.upperBound
        while cursor < body.endIndex {
            // "--" after a delimiter ends the body.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: cursor..<body.endIndex) else { break }
            let headerText = String(decoding: body[cursor..<headerEnd.lowerBound], as: UTF8.self)
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex) else { break }
            let content = body[headerEnd.upperBound..<next.lowerBound]
            var name = "", fileName: String?
            for line in headerText.split(whereSeparator: \.isNewline) where line.lowercased().hasPrefix("content-disposition") {
                for attr in line.split(separator: ";").dropFirst() {
                    let kv = attr.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
                    guard kv.count == 2 else { continue }
                    let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if kv[0].lowercased() == "name" { name = value }
                    if kv[0].lowercased() == "filename" { fileName = value }
                }
            }
            parts.append(Part(name: name, fileName: fileName, data: Data(content)))
            cursor = next.upperBound
        }
        return parts
    }
}

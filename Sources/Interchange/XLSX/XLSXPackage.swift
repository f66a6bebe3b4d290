import Foundation
import ZIPFoundation

// zlib's CRC-32 is used to check extracted parts: ZIPFoundation's own check falls back to a
// byte-at-a-time table on Linux, which was a third of the time spent reading a large sheet.
#if canImport(zlib)
    import zlib
#elseif canImport(CZlib)
    import CZlib
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Access to the parts of an XLSX package (a ZIP archive of XML files, "Open Packaging
/// Conventions") on top of ZIPFoundation.
struct XLSXPackage {
    let archive: Archive
    let fileName: String

    /// Opens the workbook at `path` for reading.
    init(path: String, fileName: String) throws {
        self.fileName = fileName
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InterchangeFileError(code: .fileNotFound, file: fileName)
        }
        guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: path) else {
            throw InterchangeFileError(code: .fileUnreadable, file: fileName)
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw InterchangeFileError(code: .xlsxInvalid, file: fileName, detail: Self.sniff(path))
        }
    }

    /// A hint at what a non-ZIP file is, since the usual mistake is an old `.xls` or a renamed CSV.
    private static func sniff(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "not a ZIP archive" }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 8))
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "Excel 97-2003 .xls; hãy lưu lại dạng .xlsx"
        }
        return "not a ZIP archive"
    }

    /// The entry for part `name`, matched case-insensitively as OPC part names are.
    func entry(_ name: String) -> Entry? {
        if let entry = archive[name] { return entry }
        let lower = name.lowercased()
        return archive.first { $0.path.lowercased() == lower }
    }

    /// The whole part in memory — for the small parts (workbook, relationships, styles).
    func read(_ name: String) throws -> [UInt8]? {
        guard let entry = entry(name) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 26)))
        do {
            var crc = CRC32Check()
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { data in
                crc.update(data)
                bytes.append(contentsOf: data)
            }
            guard crc.matches(entry.checksum) else {
                throw InterchangeFileError(code: .xlsxInvalid, file: fileName, detail: "CRC \(name)")
            }
        } catch let error as InterchangeFileError {
            throw error
        } catch {
            throw InterchangeFileError(code: .xlsxInvalid, file: fileName, detail: "\(name): \(error)")
        }
        return bytes
    }

    /// Decompresses part `entry` into an anonymous temporary file (removed from the directory at
    /// once, so nothing is left behind even if the process dies) and returns a descriptor
    /// positioned at its start. Keeps memory flat for sheets of hundreds of megabytes.
    func extractToTemporaryFile(_ entry: Entry) throws -> Int32 {
        let directory = NSTemporaryDirectory()
        let path = (directory.hasSuffix("/") ? directory : directory + "/")
            + "giamngheo-xlsx-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).xml"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw InterchangeFileError(code: .fileUnreadable, file: fileName, detail: "temporary file: \(String(cString: strerror(errno)))")
        }
        unlink(path)
        do {
            var crc = CRC32Check()
            _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true) { data in
                crc.update(data)
                try data.withUnsafeBytes { raw in
                    if let base = raw.baseAddress {
                        try PosixFile.writeAll(fd, base.assumingMemoryBound(to: UInt8.self), count: raw.count)
                    }
                }
            }
            guard crc.matches(entry.checksum) else {
                throw InterchangeFileError(code: .xlsxInvalid, file: fileName, detail: "CRC \(entry.path)")
            }
        } catch let error as InterchangeFileError {
            closeDescriptor(fd)
            throw error
        } catch {
            closeDescriptor(fd)
            throw InterchangeFileError(code: .xlsxInvalid, file: fileName, detail: "\(entry.path): \(error)")
        }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    /// Relationships of part `source` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), with
    /// targets resolved to part names.
    func relationships(of source: String) throws -> [Relationship] {
        let directory = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let file = source.split(separator: "/").last.map(String.init) ?? ""
        let relsName = (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
        guard let bytes = try read(relsName) else { return [] }
        var scanner = XMLScanner(bytes: bytes)
        defer { scanner.release() }
        var result: [Relationship] = []
        while true {
            let token: XMLScanner.Token
            do { token = try scanner.next() } catch { throw invalid(relsName) }
            if token == .eof { break }
            guard token == .start, scanner.nameIs("Relationship") else { continue }
            guard let id = scanner.attributeString("Id"), let type = scanner.attributeString("Type"),
                let target = scanner.attributeString("Target")
            else { continue }
            if scanner.attributeString("TargetMode") == "External" { continue }
            result.append(Relationship(id: id, type: type, target: Self.resolve(target, from: directory)))
        }
        return result
    }

    /// A target relative to `directory` (or absolute from the package root) as a part name.
    static func resolve(_ target: String, from directory: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if piece != "." {
                parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }

    func invalid(_ part: String) -> InterchangeFileError {
        InterchangeFileError(code: .xlsxInvalid, file: fileName, detail: part)
    }

    /// One package relationship.
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    // MARK: Writing

    /// One part to put in a new package: bytes in memory or a file to copy.
    enum Part {
        case bytes([UInt8])
        case file(URL)
    }

    /// Zips `parts` (name, content) into a new archive at `url`, deflated, in the given order
    /// (`[Content_Types].xml` first, as some readers expect).
    static func write(_ parts: [(String, Part)], to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (name, part) in parts {
            switch part {
            case .bytes(let bytes):
                let data = Data(bytes)
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                    compressionMethod: .deflate, bufferSize: 1 << 16
                ) { position, size in
                    data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
                }
            case .file(let file):
                let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int64 ?? 0
                guard let handle = FileHandle(forReadingAtPath: file.path) else {
                    throw CocoaError(.fileReadNoSuchFile)
                }
                defer { try? handle.close() }
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: size, modificationDate: fixedDate,
                    compressionMethod: .deflate, bufferSize: 1 << 20
                ) { _, size in
                    handle.readData(ofLength: size)
                }
            }
        }
    }

    /// Entries get a fixed timestamp so the same rows give the same file (reproducible exports).
    static let fixedDate = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
}

/// Running CRC-32 of extracted bytes, computed with zlib when it is importable (it always is
/// where ZIPFoundation builds); without it the check is skipped — inflate still rejects most
/// corruption.
struct CRC32Check {
    #if canImport(zlib) || canImport(CZlib)
        private var value: uLong = 0

        mutating func update(_ data: Data) {
            data.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                value = crc32(value, base.assumingMemoryBound(to: Bytef.self), uInt(raw.count))
            }
        }

        func matches(_ expected: UInt32) -> Bool { UInt32(truncatingIfNeeded: value) == expected }
    #else
        mutating func update(_ data: Data) {}

        func matches(_ expected: UInt32) -> Bool { true }
    #endif
}

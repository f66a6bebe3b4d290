import Foundation
import ZIPFoundation

/// Packs the two files of an export into one ZIP download (tệp nén), so one click gives the
/// file set that re-imports.
enum ZipArchiveWriter {
    static func zip(_ files: [URL]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        for file in files {
            try archive.addEntry(with: file.lastPathComponent, relativeTo: file.deletingLastPathComponent(), compressionMethod: .deflate)
        }
        return try Data(contentsOf: url)
    }
}

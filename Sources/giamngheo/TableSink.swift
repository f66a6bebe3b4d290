import Foundation
import Interchange

/// A table output chosen by file extension: `.xlsx` writes a workbook, anything else CSV.
///
/// Nothing appears at `path` until ``commit()``, so a failed run leaves no partial file.
final class TableSink {
    private enum Backend {
        case csv(CSVWriter)
        case xlsx(XLSXWriter)
    }
    private let backend: Backend

    init(path: String, sheetName: String) throws {
        if path.lowercased().hasSuffix(".xlsx") {
            let w = try XLSXWriter(path: path)
            try w.beginSheet(named: sheetName)
            backend = .xlsx(w)
        } else {
            backend = .csv(try CSVWriter(path: path))
        }
    }

    func writeRow(_ fields: [String]) throws {
        switch backend {
        case .csv(let w): try w.writeRow(fields)
        case .xlsx(let w): try w.writeRow(fields)
        }
    }

    func commit() throws {
        switch backend {
        case .csv(let w): try w.commit()
        case .xlsx(let w): try w.commit()
        }
    }

    func discard() {
        switch backend {
        case .csv(let w): w.discard()
        case .xlsx(let w): w.discard()
        }
    }
}

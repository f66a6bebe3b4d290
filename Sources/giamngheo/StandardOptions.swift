import ArgumentParser
import Foundation
import PovertyStandard

/// Options that pick the review year and the standard.
struct StandardOptions: ParsableArguments {
    @Option(help: "Năm rà soát (review year); mặc định là năm hiện tại.")
    var year: Int?

    @Option(name: .customLong("standard-file"), help: "Tệp JSON chuẩn nghèo địa phương (ghi đè một chuẩn quốc gia).")
    var standardFiles: [String] = []

    /// The review year: the option, or this calendar year.
    var reviewYear: Int {
        year ?? Calendar(identifier: .gregorian).component(.year, from: Date())
    }

    /// The shipped catalog plus every `--standard-file`.
    func catalog() throws -> (StandardCatalog, loaded: [Standard]) {
        var catalog = StandardCatalog.shipped
        var loaded: [Standard] = []
        for path in standardFiles {
            let s = try catalog.loadLocalStandard(at: URL(fileURLWithPath: path))
            catalog.add(s)
            loaded.append(s)
        }
        return (catalog, loaded)
    }

    /// The standard named by `id`; else the last `--standard-file`; else the one the year uses.
    func resolve(_ id: String?) throws -> Standard {
        let (catalog, loaded) = try catalog()
        if let id { return try catalog.standard(id: id) }
        if let local = loaded.last { return local }
        return try catalog.standard(forYear: reviewYear)
    }
}

/// Prints a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

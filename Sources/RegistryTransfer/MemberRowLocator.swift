import Foundation
import Interchange

/// Finds the rows of a members file that hold given members or households, by reading only the
/// two key columns: problems found in the store after writing (a national id already used by
/// another household, a head missing once the registry's own members are counted) are then
/// reported at the row the user must fix, without keeping a row number for every member.
enum MemberRowLocator {
    static func locate(source: any RowSource, pairs: Set<String>, households: Set<String>)
        throws -> (member: [String: Int], household: [String: Int])
    {
        let mapping = MemberColumn.mapHeaders(source.headers, fileName: source.fileName)
        guard let codeColumn = mapping.index(of: .householdCode), let noColumn = mapping.index(of: .memberNo) else {
            return ([:], [:])
        }
        var member: [String: Int] = [:], household: [String: Int] = [:]
        while try source.nextRow({ row in
            let code = row.string(codeColumn)
            if households.contains(code) && household[code] == nil { household[code] = row.rowNumber }
            if !pairs.isEmpty, let no = Int(row.string(noColumn)) {
                let key = "\(code)#\(no)"
                if pairs.contains(key) && member[key] == nil { member[key] = row.rowNumber }
            }
        }) {}
        return (member, household)
    }
}

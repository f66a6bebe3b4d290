import PovertyStandard
import Registry
import StoreCore
@testable import StoreSQLite
import Testing

@Suite("Row mapping")
struct RowMappingTests {
    @Test("every code bound as a constant equals the value's raw value (what the store reads back)")
    func staticCodes() {
        for v in AreaType.allCases { #expect(v.code.description == v.rawValue) }
        for v in HousingQuality.allCases { #expect(v.code.description == v.rawValue) }
        for v in Relation.allCases { #expect(v.code.description == v.rawValue) }
        for v in Sex.allCases { #expect(v.code.description == v.rawValue) }
        for v in Education.allCases { #expect(v.code.description == v.rawValue) }
        for v in Employment.allCases { #expect(v.code.description == v.rawValue) }
        for v in Disability.allCases { #expect(v.code.description == v.rawValue) }
    }
}

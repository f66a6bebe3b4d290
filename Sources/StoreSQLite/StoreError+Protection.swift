import PersonalDataProtection
import Store

extension StoreError {
    /// A key or ciphertext problem as the store reports it (its code and message kept).
    init(_ error: ProtectionError) {
        self = .personalDataKey(code: error.code, message: error.message)
    }
}

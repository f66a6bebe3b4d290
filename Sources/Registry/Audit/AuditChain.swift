/// The audit hash chain (chuỗi băm nhật ký), roles.md §5: each entry's hash covers the previous
/// entry's hash, so editing, deleting, inserting or reordering an entry breaks every link after it.
public enum AuditChain {
    /// The previous hash of the first entry (mã băm khởi đầu): 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The sequence of the first broken entry (bản ghi đầu tiên bị sai), or `nil` when the chain
    /// is intact.
    ///
    /// An entry is broken when its `previousHash` is not the hash of the entry before it (for the
    /// first, `anchor`) or its `hash` does not match its content. An entry edited and then
    /// re-sealed is self-consistent, so the break shows at the entry after it; only an anchor kept
    /// outside the log (the last hash, published or signed) catches a re-sealed tail.
    ///
    /// - Parameter anchor: the hash the first entry must follow; ``genesisHash`` for a whole log,
    ///   or the last hash of the archive when older entries were archived and removed.
    public static func verify(_ entries: [AuditEntry], after anchor: String = genesisHash) -> Int64? {
        var expected = anchor
        for entry in entries {
            if entry.previousHash != expected || entry.hash != entry.computedHash() { return entry.sequence }
            expected = entry.hash
        }
        return nil
    }
}

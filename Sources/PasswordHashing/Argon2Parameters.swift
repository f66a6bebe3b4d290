/// The cost settings of one Argon2id hash (tham số băm): memory, passes, lanes and tag length.
///
/// They are stored inside every encoded hash, so they can be raised later (`security.argon2` in
/// roles.md §6) without locking anyone out: old hashes still verify with the settings they were
/// made with, and ``PasswordHasher/needsRehash(_:)`` tells when to re-hash at the next login.
public struct Argon2Parameters: Sendable, Hashable {
    /// Memory (bộ nhớ) in KiB that one hash fills; the main cost for an attacker with GPUs or ASICs,
    /// who must pay for this much fast memory per guess. At least 8 × ``parallelism``; it is rounded
    /// down to a multiple of 4 × ``parallelism`` blocks, as RFC 9106 requires.
    public var memoryKiB: Int
    /// Passes over the memory (số lượt), trading time for memory when memory is the scarce resource.
    public var iterations: Int
    /// Lanes (số luồng) filled independently between synchronisation points. This implementation
    /// fills them one after another, so more lanes do not make a hash faster here; values above 1
    /// exist to verify hashes made elsewhere.
    public var parallelism: Int
    /// Length of the tag (độ dài mã băm) in bytes; 32 bytes is 256 bits, far beyond brute force.
    public var tagLength: Int

    /// Settings from explicit values; whether they are acceptable is ``isValid``.
    public init(memoryKiB: Int, iterations: Int, parallelism: Int, tagLength: Int = 32) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.tagLength = tagLength
    }

    /// The project's setting for login passwords (roles.md §6): 64 MiB, 3 passes, 1 lane, 32 bytes,
    /// which is RFC 9106's second recommended option and takes a fraction of a second per login.
    public static let standard = Argon2Parameters(memoryKiB: 65_536, iterations: 3, parallelism: 1, tagLength: 32)

    /// Whether RFC 9106 allows these settings: 1 ≤ parallelism < 2²⁴, 8 × parallelism ≤ memory < 2³²
    /// KiB, 1 ≤ iterations < 2³², 4 ≤ tag length < 2³². Checked before a hash is computed, because a
    /// value outside these ranges has no defined result.
    public var isValid: Bool {
        (1..<(1 << 24)).contains(parallelism)
            && memoryKiB >= 8 * parallelism && memoryKiB <= Int(UInt32.max)
            && (1...Int(UInt32.max)).contains(iterations)
            && (4...Int(UInt32.max)).contains(tagLength)
    }
}

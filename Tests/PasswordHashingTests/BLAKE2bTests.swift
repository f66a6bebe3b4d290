import Testing

@testable import PasswordHashing

@Suite("BLAKE2b")
struct BLAKE2bTests {
    @Test func abcMatchesRFC7693AppendixA() {
        let digest = BLAKE2b.hash(Array("abc".utf8), outputLength: 64)
        #expect(
            hex(digest)
                == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test func emptyMessage() {
        #expect(
            hex(BLAKE2b.hash([], outputLength: 64))
                == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
    }

    /// Lengths around the 128-byte block (the last block is compressed with the final flag, so a
    /// full buffer must wait) and shorter digests (the length is in the parameter block).
    /// Expected values from Python's `hashlib.blake2b(bytes(i % 251 for i in range(n)), digest_size=d)`.
    @Test(arguments: [
        (1, 64, "2fa3f686df876995167e7c2e5d74c4c7b6e48f8068fe0e44208344d480f7904c36963e44115fe3eb2a3ac8694c28bcb4f5a0f3276f2e79487d8219057a506e4b"),
        (127, 64, "b6292669ccd38d5f01caae96ba272c76a879a45743afa0725d83b9ebb26665b731f1848c52f11972b6644f554c064fa90780dbbbf3a89d4fc31f67df3e5857ef"),
        (128, 64, "2319e3789c47e2daa5fe807f61bec2a1a6537fa03f19ff32e87eecbfd64b7e0e8ccff439ac333b040f19b0c4ddd11a61e24ac1fe0f10a039806c5dcc0da3d115"),
        (129, 64, "f59711d44a031d5f97a9413c065d1e614c417ede998590325f49bad2fd444d3e4418be19aec4e11449ac1a57207898bc57d76a1bcf3566292c20c683a5c4648f"),
        (255, 32, "d9ef0fc521b4266d16df662bec231bc2ec3989e7adeaf63169c295dc239dbbea"),
        (256, 20, "cd885d4187d2a1bee1e536edd1a23a87f993980c"),
        (257, 1, "6e"),
        (1000, 48, "f0a7a4bb3c3290f432e513caa227ab3bf933c4c8c167193dff1cb10a0b992f042f5679e477f00c551e2cf2bec8101f1e"),
    ])
    func matchesPythonHashlib(length: Int, outputLength: Int, expected: String) {
        let message = (0..<length).map { UInt8($0 % 251) }
        #expect(hex(BLAKE2b.hash(message, outputLength: outputLength)) == expected)
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let message = (0..<300).map { UInt8($0 % 251) }
        var hasher = BLAKE2b(outputLength: 64)
        hasher.update(message[0..<5])
        hasher.update(message[5..<128])
        hasher.update(message[128..<128])
        hasher.update(message[128..<300])
        #expect(hasher.finalize() == BLAKE2b.hash(message, outputLength: 64))
    }
}

import Foundation
import Testing
@testable import OneTimePassword

/// QR codes are checked by decoding them with a real reader, ZBar's `zbarimg` (Debian
/// `zbar-tools`, installed by `scripts/test`): a missing reader fails the test.
@Suite("QR code")
struct QRCodeTests {
    /// The symbol as a binary PGM image, 4 pixels per module, with the 4-module quiet zone.
    static func pgm(_ qr: QRCode) -> Data {
        let scale = 4, side = (qr.size + 8) * scale
        var data = Data("P5\n\(side) \(side)\n255\n".utf8)
        for py in 0..<side {
            for px in 0..<side {
                let x = px / scale - 4, y = py / scale - 4
                let dark = (0..<qr.size).contains(x) && (0..<qr.size).contains(y) && qr.modules[y][x]
                data.append(dark ? 0 : 255)
            }
        }
        return data
    }

    static func decode(_ qr: QRCode) throws -> String {
        guard let reader = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            Issue.record("zbarimg not found: apt-get install zbar-tools (scripts/test installs it)")
            return ""
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        try pgm(qr).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: reader)
        process.arguments = ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    @Test("texts of every version 1–10 decode back with a real reader", arguments: [1, 14, 15, 40, 62, 84, 106, 122, 152, 180, 213])
    func decodes(length: Int) throws {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/?&=.-")
        let text = String((0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] })
        let qr = try QRCode(text: text)
        #expect(qr.size == 17 + 4 * qr.version)
        #expect(try Self.decode(qr) == text, "version \(qr.version), mask \(qr.mask)")
    }

    @Test("an otpauth URI decodes; the smallest version that holds a text is chosen")
    func uri() throws {
        let totp = try #require(TOTP(base32: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))
        let uri = totp.uri(account: "tinh.hatinh", issuer: "GiamNgheo")
        let qr = try QRCode(text: uri)
        #expect(uri.utf8.count == 127)
        #expect(qr.version == 8, "127 bytes: more than version 7-M holds (122), less than 8-M (152)")
        #expect(try Self.decode(qr) == uri)
        #expect(try QRCode(text: "ab").version == 1)
        #expect(throws: QRCode.TooLong.self) { try QRCode(text: String(repeating: "x", count: 214)) }
    }

    @Test("Reed–Solomon: the generator of degree 10 of ISO/IEC 18004 Annex A and the 1-M codewords of its example")
    func reedSolomon() {
        // α exponents of the degree-10 generator: 251, 67, 46, 61, 118, 70, 64, 94, 32, 45.
        var exp = [UInt8](repeating: 1, count: 256)
        for i in 1..<256 { exp[i] = ReedSolomon.multiply(exp[i - 1], 2) }
        #expect(ReedSolomon.generator(degree: 10) == [251, 67, 46, 61, 118, 70, 64, 94, 32, 45].map { exp[$0] })
        // "01234567" in numeric mode, 1-M (ISO/IEC 18004 Annex I): data and error-correction codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.remainder(data, generator: ReedSolomon.generator(degree: 10))
            == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("SVG: one path, the quiet zone, a title")
    func svg() throws {
        let qr = try QRCode(text: "GiamNgheo")
        let svg = qr.svg(moduleSize: 3, title: "Mã QR <thử>")
        let side = qr.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * 3)\""))
        #expect(svg.contains("<title>Mã QR &lt;thử></title>"))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains("M4 4h7v1h-7z"), "the top-left finder's first row, after the quiet zone")
    }
}

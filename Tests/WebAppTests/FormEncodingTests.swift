import Foundation
import Testing
import VietnameseText
@testable import WebApp

@Suite("Form and query decoding")
struct FormEncodingTests {
    /// What the decoder did before it worked on bytes: Foundation's replacing and percent decoding
    /// (written out here, not the fallback it keeps, so that the fallback is tested too).
    func foundationUnescape(_ s: String) -> String {
        VietnameseText.nfc(s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s)
    }

    @Test("names and values decode as Foundation decodes them, valid or not")
    func sameAsFoundation() {
        let samples = [
            "", "nguyen+van+duc", "Nguy%E1%BB%85n%20V%C4%83n%20%C4%90%E1%BB%A9c", "a%2Bb", "%", "%2", "%zz", "%C3", "100%",
            "a+b%20c", "Nguyễn", "Nguye%CC%82%CC%83n", "%00x", "%e1%bb%85", "+++", "%%41", "%4", "x%4g",
        ]
        for s in samples {
            #expect(FormEncoding.unescape(Substring(s)) == foundationUnescape(s), "\(s)")
        }
        // Random strings over an alphabet rich in escapes, signs and Vietnamese letters.
        let alphabet = Array("a+%20C3A9eFz%E1%BB%85ễĐ&=")
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let s = String((0..<Int.random(in: 0...14, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            #expect(FormEncoding.unescape(Substring(s)) == foundationUnescape(s), "\(s)")
        }
        #expect(FormEncoding.decode("q=nguyen+van%20d%E1%BB%A9c&page=2&q=x").map { "\($0.0)=\($0.1)" } == ["q=nguyen van dức", "page=2", "q=x"])
    }
}

import Testing
@testable import SalonReaders

@Suite struct EncodingDetectorTests {
    static let simplified = "客户编号,姓名,手机,会员等级,余额,备注\r\n1,张伟,13800138000,金卡,1200.50,喜欢短发，不要打薄\r\n2,李娜,13900139000,银卡,0,染发偏好栗棕色\r\n"
    static let traditional = "客戶編號,姓名,手機,會員等級,餘額,備註\r\n1,陳大文,91234567,金卡,1200.50,喜歡短髮，不要打薄\r\n2,黃美玲,61234567,銀卡,0,染髮偏好栗棕色\r\n"

    @Test func tellsGB18030FromBig5() throws {
        let gb = EncodingDetector.detect(sample: try TextEncoder.encode(Self.simplified, as: .gb18030))
        #expect(gb.encoding == .gb18030)
        #expect(gb.confidence >= 0.8)
        let big5 = EncodingDetector.detect(sample: try TextEncoder.encode(Self.traditional, as: .big5))
        #expect(big5.encoding == .big5, "\(big5.reason)")
        #expect(big5.confidence >= 0.8)
    }

    @Test func latinTextFallsBackToWindows1252() throws {
        let sample = try TextEncoder.encode("nom,note\r\nRenée,crème brûlée à volonté\r\n", as: .windows1252)
        let detection = EncodingDetector.detect(sample: sample)
        #expect(detection.encoding == .windows1252)
        #expect(!detection.hasBOM)
    }

    @Test func utf8IsRecognisedEvenWhenTheSampleCutsACharacter() {
        let bytes = Array("姓名,备注\n张三,喜欢短发".utf8)
        let detection = EncodingDetector.detect(sample: Array(bytes.dropLast(2)))
        #expect(detection.encoding == .utf8)
        #expect(detection.confidence > 0.9)
        #expect(EncodingDetector.detect(sample: Array("a,b\n1,2\n".utf8)).reason.contains("ASCII"))
    }

    @Test func utf16And32WithoutBOMByNULPatterns() throws {
        for encoding in [TextEncoding.utf16LE, .utf16BE, .utf32LE, .utf32BE] {
            let detection = EncodingDetector.detect(sample: try TextEncoder.encode(Self.simplified, as: encoding))
            #expect(detection.encoding == encoding, "\(detection.reason)")
            #expect(!detection.hasBOM)
        }
    }

    @Test func byteOrderMarksWin() {
        #expect(EncodingDetector.detect(sample: [0xFF, 0xFE, 0x00, 0x00, 0x41, 0, 0, 0]).encoding == .utf32LE)
        #expect(EncodingDetector.detect(sample: [0xFF, 0xFE, 0x41, 0x00]).encoding == .utf16LE)
        let utf8 = EncodingDetector.detect(sample: [0xEF, 0xBB, 0xBF, 0x41])
        #expect(utf8.encoding == .utf8 && utf8.hasBOM && utf8.confidence == 1)
    }

    @Test func namesAndAliasesParse() {
        #expect(TextEncoding(name: "GBK") == .gb18030)
        #expect(TextEncoding(name: "gb2312") == .gb18030)
        #expect(TextEncoding(name: "cp936") == .gb18030)
        #expect(TextEncoding(name: "UTF8") == .utf8)
        #expect(TextEncoding(name: "utf-8-sig") == .utf8)
        #expect(TextEncoding(name: "unicode") == .utf16LE)
        #expect(TextEncoding(name: "latin1") == .windows1252)
        #expect(TextEncoding(name: "ISO-8859-1") == .windows1252)
        #expect(TextEncoding(name: "big5") == .big5)
        #expect(TextEncoding(name: "ebcdic") == nil)
        for encoding in TextEncoding.allCases { #expect(TextEncoding(name: encoding.rawValue) == encoding) }
    }
}

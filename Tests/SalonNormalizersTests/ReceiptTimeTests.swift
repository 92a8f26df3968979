import SalonCore
import Testing
@testable import SalonNormalizers

/// The byte-level reading of the common till timestamp must agree with the general parser on
/// every input it accepts, and leave everything else to it.
struct ReceiptTimeTests {
    @Test func commonFormsReadToISOWithTheStoresOffset() throws {
        #expect(try ReceiptTime.parse("2024-03-05 14:30:00").get() == "2024-03-05T14:30:00+08:00")
        #expect(try ReceiptTime.parse("2024/3/5 9:05").get() == "2024-03-05T09:05:00+08:00")
        #expect(try ReceiptTime.parse("2024.03.05T14:30:00.123").get() == "2024-03-05T14:30:00+08:00")
        #expect(try ReceiptTime.parse("2024-03-05", utcOffsetMinutes: -330).get() == "2024-03-05T00:00:00-05:30")
        #expect(try ReceiptTime.parse("2024年3月5日 14:30").get() == "2024-03-05T14:30:00+08:00")
        #expect(try ReceiptTime.parse("").get() == nil)
    }

    @Test func theFastPathAgreesWithTheGeneralParser() {
        var inputs = [
            "2024-02-29 10:00", "2023-02-29 10:00", "2024-13-01 10:00", "2024-00-10", "2024-04-31", "1899-12-31 10:00",
            "2101-01-01", "2024-03-05 24:00", "2024-03-05 23:60", "2024-03-05 23:59:60", "2024-03-05 1:2:3",
            "2024-03-05 14:30:00.", "2024-03-05 14:30:00.abc", "2024-03-05  14:30", " 2024-03-05 14:30", "2024-03-05 14:30 ",
            "2024-3/5 14:30", "24-03-05 14:30", "20240305 14:30:00", "2024-03-05 14", "2024-03-05 14:", "2024-03-05T",
            "2024-03-05 +1:30", "２０２４-03-05 14:30", "2024-003-05", "2024-03-005",
        ]
        var seed: UInt64 = 20_261_207
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            let separator = ["-", "/", "."][next(3)]
            let time = [" ", "T", ""][next(3)]
            var text = "\(1895 + next(210))\(separator)\(next(14))\(separator)\(next(33))"
            if !time.isEmpty { text += "\(time)\(next(26)):\(String(format: "%02d", next(62)))" + (next(2) == 0 ? ":\(next(62))" : "") }
            inputs.append(text)
        }
        for text in inputs {
            for offset in [480, -330, 0] {
                guard let fast = ReceiptTime.parseCommonASCII(text, utcOffsetMinutes: offset) else { continue }
                let general = try? ReceiptTime.parseGeneral(text, utcOffsetMinutes: offset).get()
                #expect(fast == general, "\(text)")
            }
        }
        #expect(inputs.filter { ReceiptTime.parseCommonASCII($0, utcOffsetMinutes: 480) != nil }.count > 500)
    }
}

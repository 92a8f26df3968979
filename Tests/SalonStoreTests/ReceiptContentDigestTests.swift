import Testing
@testable import SalonStore

/// A staged line's content digest decides which lines of a receipt are the same line exported
/// twice: equal for equal content, different when any one field differs (a missing value and an
/// empty one included).
struct ReceiptContentDigestTests {
    static func line() -> StagedReceiptLine {
        var line = StagedReceiptLine(storeCode: "SH01", receiptNumber: "R1", amountFen: 12_800, quantityMilli: 1000)
        line.soldAt = "2024-03-05T14:30:00+08:00"
        line.phoneE164 = "+8613800138000"
        line.item = "剪发"
        line.payment = "微信"
        line.points = -5
        return line
    }

    @Test func equalLinesShareADigestAndEveryFieldChangesIt() {
        var buffer: [UInt8] = []
        let base = Self.line().contentDigest(buffer: &buffer)
        #expect(Self.line().contentDigest(buffer: &buffer) == base)
        var variants: [StagedReceiptLine] = []
        func variant(_ change: (inout StagedReceiptLine) -> Void) {
            var line = Self.line()
            change(&line)
            variants.append(line)
        }
        variant { $0.soldAt = nil }
        variant { $0.soldAt = "" }
        variant { $0.cardNumber = "8001" }
        variant { $0.phoneE164 = "+8613800138001" }
        variant { $0.maskedPrefix = "138" }
        variant { $0.maskedSuffix = "8000" }
        variant { $0.item = "洗发" }
        variant { $0.technician = "Tony" }
        variant { $0.quantityMilli = 2000 }
        variant { $0.unitPriceFen = 12_800 }
        variant { $0.amountFen = -12_800 }
        variant { $0.payment = nil }
        variant { $0.status = .refund }
        variant { $0.originalReceiptNumber = "R0" }
        variant { $0.points = 5 }
        variant { $0.points = nil }
        let digests = variants.map { $0.contentDigest(buffer: &buffer) }
        #expect(!digests.contains(base))
        #expect(Set(digests).count == digests.count)
        // The store and receipt number are the key beside the digest, not part of it.
        var elsewhere = Self.line()
        elsewhere.storeCode = "SH02"
        elsewhere.receiptNumber = "R9"
        #expect(elsewhere.contentDigest(buffer: &buffer) == base)
        #expect(base.key(occurrence: 2).count == 24)
        #expect(base.key(occurrence: 2).hasSuffix("#2"))
    }
}

import Testing
@testable import SalonValidation

/// The simple path for receipt lines and chat messages, on values taken from samples/pos and
/// samples/chat.
@Suite struct LineAndMessageComparatorTests {
    @Test func chatTimesAreReadFromUnixSecondsAndWrittenDates() {
        // PyWxDump line 7: 1709428260 is 2024-03-03 09:11:00 in Shanghai.
        #expect(ChatSampleComparator.time("1709428260") == "2024-03-03T09:11:00")
        #expect(ChatSampleComparator.time("1709428260000") == "2024-03-03T09:11:00")
        #expect(ChatSampleComparator.time("2024-03-01 09:02:11") == "2024-03-01T09:02:11")
        #expect(ChatSampleComparator.time("2024/3/1 9:02") == "2024-03-01T09:02:00")
        // WhatsApp's day/month order and 12-hour clocks are left undecided.
        #expect(ChatSampleComparator.time("01/03/2024, 09:02:11") == nil)
        #expect(ChatSampleComparator.time("2024-03-01 9:02 PM") == nil)
        #expect(ChatSampleComparator.civil(seconds: 951_782_400) == "2000-02-29T00:00:00")
    }

    @Test func aWeChatPayRefundRowIsItsRefundNumberForMinusTheRefund() {
        // The refund row of the sample bill: order 0.00, refund RF20240302002 of 380.00.
        var source = ReceiptSampleComparator.SourceLine(sourceStore: "SH01")
        source.receiptNumber = "`R20240301002"
        source.time = "`2024-03-02 10:31:15"
        source.amount = "`0.00"
        source.status = "`REFUND"
        source.refundNumber = "`RF20240302002"
        source.refundAmount = "`380.00"
        var staged = ReceiptSampleComparator.StagedLine(store: "SH01", receiptNumber: "RF20240302002", amountFen: -38000)
        staged.soldAt = "2024-03-02 10:31:15"
        let fields = ReceiptSampleComparator.compare(source, .line(staged))
        #expect(fields.map(\.field) == ["receipt", "time", "amount"])
        #expect(fields.allSatisfy { $0.status == .match })
        #expect(ReceiptSampleComparator.refundedOrder(source) == "R20240301002")

        staged.amountFen = 38000
        let unsigned = ReceiptSampleComparator.compare(source, .line(staged)).first { $0.field == "amount" }
        #expect(unsigned?.status == .mismatch && unsigned?.note == "the simple path reads -380.00")
    }

    @Test func customerLinksCompareCardsPhonesAndMaskedPhones() {
        var source = ReceiptSampleComparator.SourceLine(sourceStore: "SH01")
        source.receiptNumber = "R20240302001"
        source.amount = "68.00"
        source.cardNumber = "VIP0001"
        source.phone = "138****8001"
        var staged = ReceiptSampleComparator.StagedLine(store: "SH01", receiptNumber: "R20240302001", amountFen: 6800)
        staged.cardNumber = "VIP0001"
        staged.maskedPrefix = "138"
        staged.maskedSuffix = "8001"
        #expect(ReceiptSampleComparator.compare(source, .line(staged)).allSatisfy { $0.status == .match })

        source.phone = "13800138001"
        let phone = ReceiptSampleComparator.compare(source, .line(staged)).first { $0.field == "phone" }
        #expect(phone?.status == .mismatch)
        #expect(phone?.source.contains("13800138001") == false, "the source side is masked")
        staged.phoneE164 = "+8613800138001"
        #expect(ReceiptSampleComparator.compare(source, .line(staged)).first { $0.field == "phone" }?.status == .match)
    }

    @Test func aPhoneTheNormalizerRejectedIsNotJudgedByTheSimplePath() {
        // 179 is not a mobile segment: the normalizer rejects the phone (phone.invalid_segment) and
        // stages none; the simple path only knows "1, then 3 to 9, then nine digits".
        var source = ReceiptSampleComparator.SourceLine(sourceStore: "S001")
        source.receiptNumber = "S001202401010025"
        source.amount = "380.00"
        source.phone = "17985671192"
        var staged = ReceiptSampleComparator.StagedLine(store: "S001", receiptNumber: "S001202401010025", amountFen: 38000)
        let unexplained = ReceiptSampleComparator.compare(source, .line(staged)).first { $0.field == "phone" }
        #expect(unexplained?.status == .mismatch)
        staged.phoneRejected = true
        let rejected = ReceiptSampleComparator.compare(source, .line(staged)).first { $0.field == "phone" }
        #expect(rejected?.status == .notChecked && rejected?.note == "rejected by the phone check")
        #expect(rejected?.source.contains("17985671192") == false)
    }

    @Test func aMergedLineMustNameAStagedReceipt() {
        var source = ReceiptSampleComparator.SourceLine(sourceStore: "SH01")
        source.receiptNumber = "R20240301004"
        let staged = ReceiptSampleComparator.Staged.merged(store: "SH01", receiptNumber: "R20240301004", reason: "duplicate_line", receiptStaged: true)
        #expect(ReceiptSampleComparator.compare(source, staged).map(\.status) == [.match])
        let gone = ReceiptSampleComparator.Staged.merged(store: "SH01", receiptNumber: "R20240301004", reason: "duplicate_line", receiptStaged: false)
        #expect(ReceiptSampleComparator.compare(source, gone).map(\.status) == [.mismatch])
        #expect(ReceiptSampleComparator.compare(nil, staged).first?.field == "record")
    }
}

import Testing
@testable import SalonNormalizers

@Suite struct ReceiptAssemblerTests {
    static func makeLine(_ number: String, _ fen: Int64, store: String = "SH01", index: Int = 1) -> ReceiptLineCandidate {
        ReceiptLineCandidate(
            provenance: Provenance(sourceID: "pos", file: "pos.csv", line: index + 1, recordIndex: index),
            receiptNumber: number, storeCode: store, amountFen: fen)
    }

    static func assemble(_ lines: [ReceiptLineCandidate], bound: Int = 1000) -> [Receipt] {
        var assembler = ReceiptAssembler(maxLinesPerReceipt: bound)
        var receipts = lines.compactMap { assembler.add($0) }
        if let last = assembler.finish() { receipts.append(last) }
        return receipts
    }

    @Test func consecutiveLinesGroupByStoreAndNumber() {
        let receipts = Self.assemble([
            Self.makeLine("A", 100), Self.makeLine("A", 250), Self.makeLine("A", 5, store: "BJ02"), Self.makeLine("B", 7),
        ])
        #expect(receipts.map { "\($0.storeCode)/\($0.receiptNumber)" } == ["SH01/A", "BJ02/A", "SH01/B"])
        #expect(receipts.map(\.totalFen) == [350, 5, 7])
    }

    @Test func reappearingNumberAndOverlongReceiptComeInPartsTheCallerMerges() {
        let receipts = Self.assemble(
            [Self.makeLine("A", 1), Self.makeLine("A", 2), Self.makeLine("A", 3), Self.makeLine("B", 10), Self.makeLine("A", 4)], bound: 2)
        #expect(receipts.map(\.receiptNumber) == ["A", "A", "B", "A"])
        var merged: [String: Receipt] = [:]
        for receipt in receipts {
            if merged[receipt.receiptNumber] == nil { merged[receipt.receiptNumber] = receipt } else { merged[receipt.receiptNumber]!.merge(receipt) }
        }
        #expect(merged["A"]?.totalFen == 10)
        #expect(merged["A"]?.lines.count == 4)
        #expect(merged["B"]?.totalFen == 10)
    }

    @Test func voidedLinesDoNotCount() {
        var voided = Self.makeLine("A", 500)
        voided.isVoided = true
        let receipts = Self.assemble([Self.makeLine("A", 100), voided])
        #expect(receipts.first?.totalFen == 100)
        #expect(receipts.first?.lines.count == 2)
    }
}

/// Groups receipt lines into receipts as they stream past, holding only the current receipt.
///
/// Real exports write a receipt's lines one after another, so a change of (store, receipt
/// number) closes the receipt. Memory is bounded: a receipt with more than `maxLinesPerReceipt`
/// lines is emitted in parts. A part, and a receipt number that reappears later after other
/// receipts, come out as separate `Receipt` values with the same key; the caller merges them by
/// (store, receipt number) with `Receipt.merge` (the import's upsert keys by the same pair).
public struct ReceiptAssembler: Sendable {
    public let maxLinesPerReceipt: Int
    private var current: [ReceiptLineCandidate] = []

    public init(maxLinesPerReceipt: Int = 1000) {
        self.maxLinesPerReceipt = max(maxLinesPerReceipt, 1)
    }

    /// Adds one line; returns the receipt it closed, if any.
    public mutating func add(_ line: ReceiptLineCandidate) -> Receipt? {
        var closed: Receipt?
        if let first = current.first,
            first.receiptNumber != line.receiptNumber || first.storeCode != line.storeCode || current.count >= maxLinesPerReceipt
        {
            closed = Receipt(lines: current)
            current.removeAll(keepingCapacity: true)
        }
        current.append(line)
        return closed
    }

    /// The last open receipt, at the end of input.
    public mutating func finish() -> Receipt? {
        guard !current.isEmpty else { return nil }
        defer { current.removeAll() }
        return Receipt(lines: current)
    }
}

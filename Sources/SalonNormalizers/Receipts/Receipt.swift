/// One receipt: the consecutive lines of an export that share a store and receipt number, with
/// totals computed from them.
public struct Receipt: Sendable, Hashable {
    public var storeCode: String
    public var receiptNumber: String
    public var lines: [ReceiptLineCandidate]

    public init(lines: [ReceiptLineCandidate]) {
        precondition(!lines.isEmpty, "a receipt has at least one line")
        storeCode = lines[0].storeCode
        receiptNumber = lines[0].receiptNumber
        self.lines = lines
    }

    /// Net total in fen: refund lines count negative, voided lines not at all.
    public var totalFen: Int64 { lines.lazy.filter { !$0.isVoided }.reduce(0) { $0 + $1.amountFen } }
    /// Net total per payment method (lines without one count as `other`).
    public var totalsByPayment: [PaymentMethod: Int64] {
        var totals: [PaymentMethod: Int64] = [:]
        for line in lines where !line.isVoided { totals[line.payment ?? .other, default: 0] += line.amountFen }
        return totals
    }
    /// The first line's time: a receipt is rung up at once.
    public var time: String? { lines.lazy.compactMap(\.time).first }
    /// A receipt whose counted lines are all refunds.
    public var isRefund: Bool { lines.contains { $0.isRefund } && lines.allSatisfy { $0.isRefund || $0.isVoided } }
    public var originalReceiptNumber: String? { lines.lazy.compactMap(\.originalReceiptNumber).first }
    public var cardNumber: String? { lines.lazy.compactMap(\.cardNumber).first }
    public var phoneE164: String? { lines.lazy.compactMap(\.phoneE164).first }
    public var maskedPhone: MaskedPhone? { lines.lazy.compactMap(\.maskedPhone).first }

    /// Adds the lines of a later part of the same receipt (same store and number) from the same
    /// export: the assembler emits a part when its line bound is reached or when the number
    /// reappears after other receipts. Across exports, replace a receipt instead (an overlapping
    /// export repeats whole receipts).
    public mutating func merge(_ other: Receipt) {
        precondition(other.storeCode == storeCode && other.receiptNumber == receiptNumber, "merging different receipts")
        lines.append(contentsOf: other.lines)
    }
}

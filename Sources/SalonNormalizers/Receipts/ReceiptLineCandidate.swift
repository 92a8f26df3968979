import SalonCore

/// One line of a POS receipt after normalization: plain values only, so staging, validation
/// and loaders can use it.
public struct ReceiptLineCandidate: Sendable, Hashable {
    public var provenance: Provenance
    public var receiptNumber: String
    public var storeCode: String
    /// ISO 8601 with the store's offset, `2024-03-01T10:05:12+08:00`; nil when the cell was
    /// empty or unreadable (a field reject says which).
    public var time: String?
    public var cardNumber: String?
    public var phoneE164: String?
    /// The phone as the POS printed it when it hid the middle digits.
    public var maskedPhone: MaskedPhone?
    public var item: String?
    /// Quantity in thousandths (1 → 1000, 0.5 → 500), exact: products sold by weight or half
    /// sessions exist, and fen arithmetic must not go through `Double`. Negative on refunds.
    public var quantityMilli: Int64
    public var unitPriceFen: Int64?
    /// Negative for refund lines, however the export signed them, so line sums are net takings.
    public var amountFen: Int64
    public var payment: PaymentMethod?
    public var isRefund: Bool
    /// A voided line (作废, 撤销): kept for lineage, left out of receipt totals.
    public var isVoided: Bool
    public var originalReceiptNumber: String?
    public var technician: String?
    /// Loyalty points as the till printed them: earned positive, redeemed negative; nil when the
    /// export has no points column or the cell is empty.
    public var points: Int64?

    /// The quantity when it is whole.
    public var quantity: Int? { quantityMilli % 1000 == 0 ? Int(quantityMilli / 1000) : nil }

    public init(provenance: Provenance, receiptNumber: String, storeCode: String, amountFen: Int64) {
        self.provenance = provenance
        self.receiptNumber = receiptNumber
        self.storeCode = storeCode
        self.amountFen = amountFen
        quantityMilli = 1000
        isRefund = false
        isVoided = false
    }
}

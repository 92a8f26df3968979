import SalonCore

/// One normalized POS receipt line as staging stores it: plain values, so the store does not
/// depend on the normalizers.
public struct StagedReceiptLine: Sendable, Hashable {
    public enum Status: String, Sendable {
        case normal, refund, void
    }

    public var storeCode: String
    public var receiptNumber: String
    /// Local wall-clock time, `2024-03-01 10:05:12`.
    public var soldAt: String?
    /// The store's offset the time was read with, `+08:00`.
    public var utcOffset: String?
    public var cardNumber: String?
    public var phoneE164: String?
    /// Visible digits of a masked phone (138****5678 → 138, 5678).
    public var maskedPrefix: String?
    public var maskedSuffix: String?
    public var item: String?
    public var technician: String?
    public var quantityMilli: Int64
    public var unitPriceFen: Int64?
    public var amountFen: Int64
    public var payment: String?
    public var status: Status
    public var originalReceiptNumber: String?
    /// Loyalty points earned (positive) or redeemed (negative) on the line.
    public var points: Int64?

    public init(storeCode: String, receiptNumber: String, amountFen: Int64, quantityMilli: Int64 = 1000, status: Status = .normal) {
        self.storeCode = storeCode
        self.receiptNumber = receiptNumber
        self.amountFen = amountFen
        self.quantityMilli = quantityMilli
        self.status = status
    }

    /// Every field but the receipt's key, separated by a control character no cell keeps.
    var contentKey: String {
        let fields: [String?] = [
            soldAt, cardNumber, phoneE164, maskedPrefix, maskedSuffix, item, technician, String(quantityMilli),
            unitPriceFen.map { String($0) }, String(amountFen), payment, status.rawValue, originalReceiptNumber,
            points.map { String($0) },
        ]
        return fields.map { $0 ?? "\u{1}" }.joined(separator: "\u{1F}")
    }
}

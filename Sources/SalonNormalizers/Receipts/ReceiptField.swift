/// The receipt-line fields a POS source maps from its columns (`columns:` in a pipeline file).
public enum ReceiptField: String, Sendable, CaseIterable, Codable {
    case receiptNumber = "receipt_number"
    case time, store
    case cardNumber = "card_number"
    case phone, item, quantity
    case unitPrice = "unit_price"
    case amount, payment, status
    case originalReceipt = "original_receipt"
    case technician
    /// Loyalty points the line earned (positive) or redeemed (negative), as whole points.
    case points
}

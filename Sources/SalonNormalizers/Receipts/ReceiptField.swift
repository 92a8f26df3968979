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

extension ReceiptField {
    /// The field's position in `allCases`, for lookups by array.
    public var ordinal: Int {
        switch self {
        case .receiptNumber: 0
        case .time: 1
        case .store: 2
        case .cardNumber: 3
        case .phone: 4
        case .item: 5
        case .quantity: 6
        case .unitPrice: 7
        case .amount: 8
        case .payment: 9
        case .status: 10
        case .originalReceipt: 11
        case .technician: 12
        case .points: 13
        }
    }
}

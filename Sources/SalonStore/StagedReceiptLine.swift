import Crypto
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

    /// The first 16 bytes of SHA-256 over every field but the receipt's key (each followed by a
    /// control character no cell keeps, a missing one written as U+0001), built in `buffer`
    /// (reused between lines): equal content gives equal digests, and two different lines of one
    /// receipt sharing one is a 2^-64 chance. The index over them stays small.
    func contentDigest(buffer: inout [UInt8]) -> ContentDigest {
        buffer.removeAll(keepingCapacity: true)
        func add(_ text: String?) {
            if let text { buffer.append(contentsOf: text.utf8) } else { buffer.append(0x01) }
            buffer.append(0x1F)
        }
        func add(_ number: Int64?) { add(number.map { String($0) }) }
        add(soldAt); add(cardNumber); add(phoneE164); add(maskedPrefix); add(maskedSuffix); add(item); add(technician)
        add(quantityMilli); add(unitPriceFen); add(amountFen); add(payment); add(status.rawValue); add(originalReceiptNumber)
        add(points)
        return SHA256.hash(data: buffer).withUnsafeBytes { bytes in
            ContentDigest(high: bytes.loadUnaligned(as: UInt64.self), low: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }

    /// The content digest, computed where the line is normalized (the read-ahead thread), so the
    /// thread that stages only looks it up.
    public func contentDigest() -> ContentDigest {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(160)
        return contentDigest(buffer: &buffer)
    }

    public struct ContentDigest: Hashable, Sendable {
        var high: UInt64
        var low: UInt64

        /// 22 base64url characters, then `#` and how many identical lines came before in the receipt.
        func key(occurrence: Int) -> String {
            var bytes = (high, low)
            return withUnsafeBytes(of: &bytes) { KeyRing.encoded($0, prefix: "", alphabet: .urlUnpadded) } + "#\(occurrence)"
        }
    }
}

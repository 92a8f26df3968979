import SalonCore

/// Turns one POS export row into a `ReceiptLineCandidate` plus field rejects.
///
/// A bad field is rejected on its own and the line still loads; only a line with no receipt
/// number (`receipt.missing_number`) or no usable amount (`receipt.no_amount`) is rejected
/// whole, since it could be neither grouped nor counted.
public struct ReceiptLineNormalizer: Sendable {
    public static let amountMismatchCode: ReasonCode = "receipt.amount_mismatch"
    public static let missingNumberCode: ReasonCode = "receipt.missing_number"
    public static let noAmountCode: ReasonCode = "receipt.no_amount"
    public static let quantityCode: ReasonCode = "receipt.quantity_unrecognized"
    public static let statusCode: ReasonCode = "receipt.status_unrecognized"
    public static let pointsCode: ReasonCode = "receipt.points_unrecognized"

    public var storeCode: String
    public var phoneRegion: PhoneRegion
    /// The offset attached to the export's wall-clock times (+08:00 by default).
    public var utcOffsetMinutes: Int

    public init(storeCode: String, phoneRegion: PhoneRegion = .cn, utcOffsetMinutes: Int = 480) {
        self.storeCode = storeCode
        self.phoneRegion = phoneRegion
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    public struct Output: Sendable {
        /// nil when the line was rejected whole.
        public var candidate: ReceiptLineCandidate?
        public var rejects: [Reject]
    }

    private static let refundWords = ["退款", "退货", "退单", "冲红", "refund"]
    private static let voidWords = ["作废", "撤销", "取消", "void"]
    private static let normalWords = ["正常", "成功", "已结", "已付", "完成", "normal", "success"]
    private static let exactNormalWords = Set(normalWords)

    public func normalize(_ record: Record, binding: ReceiptColumnBinding) -> Output {
        var rejects: [Reject] = []
        // The cell as written (for parsers and reject texts) and cleaned (for stored values).
        func cell(_ field: ReceiptField) -> (column: String, text: String, cleaned: String)? {
            guard let index = binding.index(of: field), index < record.values.count else { return nil }
            let cleaned = TextNormalizer.clean(record.values[index])
            if cleaned.isEmpty || cleaned == "-" || cleaned == "--" || cleaned == "/" { return nil }
            return (record.schema.columns[index], record.values[index], cleaned)
        }
        func reject(_ issue: FieldIssue, column: String) {
            rejects.append(Reject(
                code: issue.code, message: issue.message, stage: .normalize, provenance: record.provenance,
                column: column, originalText: issue.text, wholeRecord: false))
        }
        func rejectWhole(_ code: ReasonCode, _ message: String) -> Output {
            rejects.append(Reject(code: code, message: message, stage: .normalize, provenance: record.provenance, originalText: record.originalText))
            return Output(candidate: nil, rejects: rejects)
        }
        func money(_ field: ReceiptField) -> Int64? {
            guard let (column, text, _) = cell(field) else { return nil }
            switch MoneyNormalizer.parseFen(text) {
            case .success(let fen): return fen
            case .failure(let issue):
                reject(issue, column: column)
                return nil
            }
        }

        guard let number = cell(.receiptNumber)?.cleaned else {
            return rejectWhole(Self.missingNumberCode, "the line has no receipt number, so it belongs to no receipt")
        }
        var quantityMilli: Int64 = 1000
        if let (column, text, _) = cell(.quantity) {
            if let parsed = Self.milli(text) {
                quantityMilli = parsed
            } else {
                reject(FieldIssue(code: Self.quantityCode, message: "\"\(text)\" is not a quantity (up to 3 decimals)", text: text), column: column)
            }
        }
        let unitPrice = money(.unitPrice)
        let statedAmount = money(.amount)

        var isRefund = false
        var isVoided = false
        if let (column, text, cleaned) = cell(.status) {
            let folded = cleaned.lowercased()
            // Most cells are exactly one of the words: a set lookup spares the substring scans.
            if Self.exactNormalWords.contains(folded) {
            } else if Self.refundWords.contains(where: folded.contains) {
                isRefund = true
            } else if Self.voidWords.contains(where: folded.contains) {
                isVoided = true
            } else if !Self.normalWords.contains(where: folded.contains) {
                reject(FieldIssue(code: Self.statusCode, message: "\"\(text)\" is not a known line status; read as normal", text: text), column: column)
            }
        }
        if let statedAmount, statedAmount < 0 { isRefund = true }

        // Refunds are negative whichever way the export signs them; the check compares sizes.
        let amount: Int64
        if let statedAmount {
            amount = statedAmount
            if let unitPrice {
                let expectedMilli = abs(quantityMilli.multipliedReportingOverflow(by: unitPrice).partialValue)
                let statedMilli = abs(statedAmount.multipliedReportingOverflow(by: 1000).partialValue)
                if abs(expectedMilli - statedMilli) > 1000, let column = binding.index(of: .amount).map({ record.schema.columns[$0] }) {
                    reject(FieldIssue(
                        code: Self.amountMismatchCode,
                        message: "quantity × unit price is \(Self.yuan(expectedMilli / 1000)) but the amount is \(Self.yuan(abs(statedAmount))) (a discount or a typo); the amount is kept",
                        text: record.values[binding.index(of: .amount)!]), column: column)
                }
            }
        } else if let unitPrice {
            amount = quantityMilli * unitPrice / 1000
        } else {
            return rejectWhole(Self.noAmountCode, "the line has neither an amount nor a unit price")
        }

        var candidate = ReceiptLineCandidate(
            provenance: record.provenance, receiptNumber: number, storeCode: storeCode, amountFen: isRefund ? -abs(amount) : amount)
        candidate.quantityMilli = isRefund ? -abs(quantityMilli) : quantityMilli
        candidate.unitPriceFen = unitPrice.map(abs)
        candidate.isRefund = isRefund
        candidate.isVoided = isVoided
        if let (_, _, cleaned) = cell(.store) { candidate.storeCode = cleaned }
        if let (column, text, _) = cell(.time) {
            switch ReceiptTime.parse(text, utcOffsetMinutes: utcOffsetMinutes) {
            case .success(let time): candidate.time = time
            case .failure(let issue): reject(issue, column: column)
            }
        }
        if let (_, _, cleaned) = cell(.cardNumber) { candidate.cardNumber = cleaned }
        if let (column, text, _) = cell(.phone) {
            if let masked = MaskedPhone(text) {
                candidate.maskedPhone = masked
            } else {
                let parsed = PhoneNormalizer.parse(text, defaultRegion: phoneRegion)
                candidate.phoneE164 = parsed.phones.first?.e164
                for issue in parsed.issues { reject(issue, column: column) }
            }
        }
        if let (_, _, cleaned) = cell(.item) { candidate.item = cleaned }
        if let (_, text, _) = cell(.payment) { candidate.payment = PaymentMethod.parse(text) }
        if let (_, _, cleaned) = cell(.originalReceipt) { candidate.originalReceiptNumber = cleaned }
        if let (_, _, cleaned) = cell(.technician) { candidate.technician = cleaned }
        if let (column, text, cleaned) = cell(.points) {
            // Points are whole; "+20" and "20.0" are how some tills print them.
            if let milli = Self.milli(cleaned.hasPrefix("+") ? String(cleaned.dropFirst()) : cleaned), milli % 1000 == 0 {
                candidate.points = milli / 1000
            } else {
                reject(FieldIssue(code: Self.pointsCode, message: "\"\(text)\" is not a whole number of points; the line loads without points", text: text), column: column)
            }
        }
        return Output(candidate: candidate, rejects: rejects)
    }

    /// Exact decimal quantity in thousandths: "2" → 2000, "0.5" → 500, "-1" → -1000.
    static func milli(_ text: String) -> Int64? {
        var bytes = Array(TextNormalizer.clean(text).utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
        }
        var value: Int64 = 0
        var decimals = -1
        for byte in bytes {
            if byte == UInt8(ascii: "."), decimals < 0 {
                decimals = 0
                continue
            }
            guard byte &- 0x30 < 10, decimals < 3, value < 1_000_000_000_000 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
            if decimals >= 0 { decimals += 1 }
        }
        guard !bytes.isEmpty, bytes != [UInt8(ascii: ".")] else { return nil }
        for _ in max(decimals, 0)..<3 { value *= 10 }
        return negative ? -value : value
    }

    private static func yuan(_ fen: Int64) -> String {
        let cents = fen % 100
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

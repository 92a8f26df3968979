import SalonCore

/// What a WeChat Pay merchant bill row means as a receipt line, beyond its mapped columns.
///
/// The bill's layout is fixed by WeChat. A refund row repeats the original order's number
/// (商户订单号) and its order amount is 0.00; the refund has its own number (商户退款单号) and
/// amount (退款金额). As a receipt it is therefore the refund number, refunding the original, for
/// minus the refund amount. Every row was paid through WeChat.
public enum WeChatPayBillLine {
    static let orderNumberColumn = "商户订单号"
    static let refundNumberColumn = "商户退款单号"
    static let refundAmountColumn = "退款金额"

    /// Adjusts a line normalized from a bill row.
    public static func adjust(_ line: inout ReceiptLineCandidate, record: Record) {
        if line.payment == nil { line.payment = .wechat }
        guard line.isRefund, let refundNumber = record[refundNumberColumn].map(TextNormalizer.clean),
            !refundNumber.isEmpty, refundNumber != "0"
        else { return }
        let order = record[orderNumberColumn].map(TextNormalizer.clean) ?? ""
        line.originalReceiptNumber = order.isEmpty ? line.receiptNumber : order
        line.receiptNumber = refundNumber
        if case .success(let fen?) = MoneyNormalizer.parseFen(record[refundAmountColumn] ?? ""), fen != 0 {
            line.amountFen = -abs(fen)
        }
        line.quantityMilli = -abs(line.quantityMilli)
    }
}

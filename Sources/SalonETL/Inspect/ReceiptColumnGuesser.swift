import Foundation
import SalonNormalizers

/// Guesses which receipt field a header names, from the headers cashier exports, WeChat Pay bills
/// and old till databases use.
enum ReceiptColumnGuesser {
    static let synonyms: [(ReceiptField, [String])] = [
        (.receiptNumber, ["小票号", "单号", "小票编号", "流水号", "订单号", "商户订单号", "结账单号", "receipt_no", "receipt_number", "order_no"]),
        (.time, ["消费时间", "时间", "交易时间", "结账时间", "销售时间", "日期", "paid_at", "sold_at", "created_at", "time"]),
        (.store, ["门店", "店铺", "门店编号", "store", "shop"]),
        (.cardNumber, ["会员卡号", "卡号", "card_no", "card_number"]),
        (.phone, ["手机", "手机号", "电话", "联系电话", "mobile", "phone"]),
        (.item, ["服务项目", "项目", "商品", "商品名称", "品名", "item", "service"]),
        (.quantity, ["数量", "qty", "quantity"]),
        (.points, ["积分", "本次积分", "points"]),
        (.unitPrice, ["单价", "price", "unit_price"]),
        (.amount, ["金额", "实收", "实收金额", "应结订单金额", "消费金额", "amount", "total"]),
        (.payment, ["支付方式", "付款方式", "结算方式", "payment", "pay_type"]),
        (.status, ["状态", "交易状态", "单据状态", "status"]),
        (.originalReceipt, ["原单号", "原小票号", "original_receipt", "refund_of"]),
        (.technician, ["发型师", "技师", "美容师", "服务人员", "technician", "stylist"]),
    ]

    /// Field → the first header of the file that names it exactly (case and spaces aside).
    static func guess(columns: [String]) -> (mapped: [(ReceiptField, String)], unmapped: [String]) {
        var used = Set<String>()
        var mapped: [(ReceiptField, String)] = []
        for (field, names) in synonyms {
            let hit = columns.first { column in
                !used.contains(column) && names.contains(column.trimmingCharacters(in: .whitespaces).lowercased())
            }
            guard let hit else { continue }
            used.insert(hit)
            mapped.append((field, hit))
        }
        return (mapped, columns.filter { !used.contains($0) })
    }

    /// Whether the columns look like receipt lines: a receipt number and an amount or a price.
    static func looksLikeReceipts(columns: [String]) -> Bool {
        let fields = Set(guess(columns: columns).mapped.map(\.0))
        return fields.contains(.receiptNumber) && (fields.contains(.amount) || fields.contains(.unitPrice))
    }
}

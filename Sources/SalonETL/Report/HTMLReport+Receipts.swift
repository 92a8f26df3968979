/// The receipts section of the HTML report.
extension HTMLReport {
    static func receiptsSection(_ report: RunReport) -> String {
        guard let receipts = report.receipts else { return "" }
        var html = section("小票 Receipts")
        html += "<table><tr><th>门店 Store</th><th>小票 Receipts</th><th>明细行 Lines</th><th>合计（元）Total (yuan)</th></tr>"
        for store in receipts.stores {
            html += "<tr><td>\(escape(store.store))</td><td class=n>\(store.receipts)</td><td class=n>\(store.lines)</td><td class=n>\(escape(store.totalYuan))</td></tr>"
        }
        html += "</table><p><small>合计已扣除退款，不含作废行。Totals are net of refunds, without voided lines.</small></p>"
        if !receipts.mergedByReason.isEmpty {
            html += "<table><tr><th>合并原因 Merged lines</th><th>数量 Lines</th></tr>" + receipts.mergedByReason.sorted { $0.key < $1.key }
                .map { "<tr><td><code>\(escape($0.key))</code></td><td class=n>\($0.value)</td></tr>" }.joined() + "</table>"
        }
        if let links = receipts.links {
            html += "<table><tr><th>关联客户 Customer link</th><th>小票 Receipts</th></tr>" + links.sorted { $0.key < $1.key }
                .map { "<tr><td><code>\(escape($0.key))</code></td><td class=n>\($0.value)</td></tr>" }.joined() + "</table>"
            html += "<p><small>card 会员卡 · phone 手机号 · masked_phone 打码手机号唯一匹配（置信度较低）· masked_ambiguous 打码手机号匹配多位客户，未关联。</small></p>"
        }
        return html
    }
}

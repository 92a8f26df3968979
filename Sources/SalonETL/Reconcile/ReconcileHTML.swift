import SalonValidation

/// The reconcile report as one self-contained, bilingual HTML page: the cutover verdict, totals
/// per store and day side by side, and every exception with both sides (customers masked).
enum ReconcileHTML {
    static func render(_ report: ReconcileReport) -> String {
        let e = HTMLReport.escape
        let result = report.result
        var html = """
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>双轨对账 Reconcile · \(e(report.pipeline))</title>
            <style>body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
            th{background:#f4f4f4}.ok{color:#1a7f37}.bad{color:#b42318}.num{text-align:right}</style></head><body>
            <h1>双轨对账 Dual-run reconciliation · \(e(report.pipeline))</h1>
            <p>\(e(report.reconciledAt)) · \(e(report.database))</p>

            """
        let verdict = result.isClean ? "<span class=\"ok\">一致 clean</span>" : "<span class=\"bad\">有差异 differences</span>"
        html += "<h2>结果 Result: \(verdict)</h2>"
        html += "<p>旧系统 old: \(result.oldReceipts) · 新系统 new: \(result.newReceipts) · 按单号匹配 matched by number: "
            + "\(result.matchedByNumber) · 按时间金额匹配 matched by time and amount: \(result.matchedByContent)</p>"
        html += "<h2>切换 Cutover: \(report.cutover.allowed ? "<span class=\"ok\">可以切换 allowed</span>" : "<span class=\"bad\">暂不可切换 not yet</span>")</h2>"
        html += "<p>\(e(report.cutover.detail))</p>"
        html += "<h2>按门店和日期 Per store and day</h2><table><tr><th>门店 store</th><th>日期 day</th><th>旧 笔数 old count</th>"
            + "<th>旧 金额 old sum</th><th>新 笔数 new count</th><th>新 金额 new sum</th><th></th></tr>"
        for day in result.storeDays {
            html += "<tr><td>\(e(day.store))</td><td>\(e(day.day))</td><td class=\"num\">\(day.oldCount)</td>"
                + "<td class=\"num\">\(Reconciler.yuan(day.oldSumFen))</td><td class=\"num\">\(day.newCount)</td>"
                + "<td class=\"num\">\(Reconciler.yuan(day.newSumFen))</td>"
                + "<td>\(day.agrees ? "<span class=\"ok\">✓</span>" : "<span class=\"bad\">✗</span>")</td></tr>"
        }
        html += "</table><h2>小票差异 Receipt exceptions (\(result.receiptExceptions.count))</h2>"
        if !result.receiptExceptions.isEmpty {
            html += "<table><tr><th>类型 kind</th><th>门店 store</th><th>日期 day</th><th>说明 detail</th><th>旧 old</th><th>新 new</th></tr>"
            for exception in result.receiptExceptions {
                html += "<tr><td>\(e(exception.kind.rawValue))</td><td>\(e(exception.store))</td><td>\(e(exception.day))</td>"
                    + "<td>\(e(exception.detail))</td><td>\(e(exception.old?.location ?? ""))</td><td>\(e(exception.new?.location ?? ""))</td></tr>"
            }
            html += "</table>"
        }
        html += "<h2>顾客差异 Customer exceptions (\(result.customerExceptions.count))</h2>"
        if !result.customerExceptions.isEmpty {
            html += "<table><tr><th>顾客 customer</th><th>门店 store</th><th>说明 detail</th></tr>"
            for exception in result.customerExceptions {
                html += "<tr><td>\(e(exception.customer))</td><td>\(e(exception.store))</td><td>\(e(exception.detail))</td></tr>"
            }
            html += "</table>"
        }
        html += "<h2>储值余额差异 Card balance exceptions (\(result.balanceExceptions.count))</h2>"
        if !result.balanceExceptions.isEmpty {
            html += "<table><tr><th>卡 card</th><th>门店 store</th><th>旧 old</th><th>新 new</th><th>说明 detail</th></tr>"
            for exception in result.balanceExceptions {
                html += "<tr><td>\(e(exception.card))</td><td>\(e(exception.store))</td>"
                    + "<td class=\"num\">\(exception.oldBalanceFen.map(Reconciler.yuan) ?? "—")</td>"
                    + "<td class=\"num\">\(exception.newBalanceFen.map(Reconciler.yuan) ?? "—")</td><td>\(e(exception.detail))</td></tr>"
            }
            html += "</table>"
        }
        return html + "</body></html>\n"
    }
}

import Foundation

extension HTMLReport {
    /// The sample re-check: counts, the mismatches with both sides, and a link to the sign-off sheet.
    static func sampleSection(_ report: RunReport) -> String {
        guard let sample = report.sample else { return "" }
        var html = section("抽样复核 Sample re-check")
        html += "<p>抽样 \(sample.sampled) 条（比例 \(sample.fraction)，种子 \(sample.seed)）：完全一致 \(sample.checked)，不一致 \(sample.mismatched)。"
        html += " Sampled \(sample.sampled) (fraction \(sample.fraction), seed \(sample.seed)): \(sample.checked) fully checked, \(sample.mismatched) mismatched.</p>"
        if let page = sample.signoffHTML {
            let link = URL(fileURLWithPath: page).lastPathComponent
            html += "<p>签字单 Sign-off sheet: <a href=\"\(escape(link))\">\(escape(link))</a>"
            if let csv = sample.signoffCSV { html += " · <a href=\"\(escape(URL(fileURLWithPath: csv).lastPathComponent))\">CSV</a>" }
            html += "</p>"
        }
        if !sample.notChecked.isEmpty {
            html += "<p><small>未核对字段 Fields not checked: " + sample.notChecked.sorted { $0.key < $1.key }
                .map { "\(escape($0.key)) × \($0.value)" }.joined(separator: " · ") + "</small></p>"
        }
        if !sample.mismatches.isEmpty {
            html += "<table><tr><th>位置 Location</th><th>客户 Customer</th><th>字段 Field</th><th>源文件 Source</th><th>将写入 Staged</th><th>说明 Note</th></tr>"
            for m in sample.mismatches {
                html += "<tr><td>\(escape(m.file)) \(escape(m.recordKey))</td><td>\(escape(m.customer))</td><td>\(escape(m.field))</td>"
                html += "<td>\(escape(m.source))</td><td>\(escape(m.staged))</td><td>\(escape(m.note ?? ""))</td></tr>"
            }
            html += "</table>"
        }
        return html
    }
}

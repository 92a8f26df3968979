import SalonValidation

/// The validators' section of the HTML report: per-store monthly totals, source against staged, as
/// inline SVG bars (no JavaScript, readable on a phone), the differences with the lines that explain
/// them, and the findings table.
extension HTMLReport {
    static func validationSection(_ report: RunReport) -> String {
        guard let validation = report.validation else { return "" }
        var html = section("核对 Control totals")
        for comparison in validation.controlTotals {
            html += "<p><b>\(comparison.measure == "card_balances" ? "储值余额 Card balances" : "小票金额 Receipt amounts")</b>: "
                + (comparison.passed ? "一致 agree" : "<span class=bad>有未解释的差异 unexplained differences</span>")
                + "（容差 tolerance \(escape(ControlTotalsComparison.yuan(comparison.toleranceFen)))）</p>"
            if comparison.measure == "receipt_amounts" {
                for store in Set(comparison.months.map(\.store)).sorted() {
                    html += monthlyChart(store: store, rows: comparison.months.filter { $0.store == store })
                }
            }
            html += "<table><tr><th>门店 Store</th><th>期间 Period</th><th>源 Source</th><th>暂存 Staged</th><th>已解释 Explained</th><th>未解释 Unexplained</th></tr>"
            for row in comparison.months + comparison.years where row.source != row.staged || !row.passed {
                html += "<tr><td>\(escape(row.store))</td><td>\(escape(row.period.isEmpty ? "全部 all" : row.period))</td>"
                    + "<td class=n>\(cell(row.source))</td><td class=n>\(cell(row.staged))</td><td class=n>\(cell(row.explained))</td>"
                    + "<td class=n>\(row.passed ? "0" : "<span class=bad>\(cell(row.unexplained))</span>")</td></tr>"
                if !row.evidence.isEmpty {
                    html += "<tr><td></td><td colspan=5><small>" + row.evidence.map {
                        "<code>\(escape($0.reason))</code> \(escape($0.location)) \(escape(ControlTotalsComparison.yuan($0.fenDelta)))"
                            + ($0.detail.isEmpty ? "" : " — \(escape($0.detail))")
                    }.joined(separator: "<br>") + "</small></td></tr>"
                }
            }
            html += "</table>"
        }
        html += section("异常 Findings")
        if validation.anomalies.isEmpty {
            html += "<p>没有发现异常（截至 \(escape(validation.asOf))）。No anomalies as of \(escape(validation.asOf)).</p>"
        } else {
            html += "<table><tr><th>检查 Check</th><th>级别 Severity</th><th>门店 Store</th><th>发现 Finding</th><th>证据 Evidence</th></tr>"
            for finding in validation.anomalies {
                let severity = finding.applied ? "已更正 corrected" : finding.severity == .block ? "<span class=bad>阻止 block</span>" : "提醒 warn"
                html += "<tr><td><code>\(escape(finding.kind.rawValue))</code></td><td>\(severity)</td><td>\(escape(finding.store))</td>"
                    + "<td>\(escape(finding.message))</td><td><small>\(finding.evidence.prefix(8).map(escape).joined(separator: "<br>"))"
                    + (finding.evidence.count > 8 ? "<br>…" : "") + "</small></td></tr>"
            }
            html += "</table>"
        }
        if !validation.yearCorrections.isEmpty {
            html += "<p>已更正年份 \(validation.yearCorrections.count) 行（流水线设置 apply: true，已记录）。"
                + "\(validation.yearCorrections.count) receipt lines had their year corrected, as the pipeline asked; each is recorded.</p>"
        }
        return html
    }

    private static func cell(_ cell: TotalsCell) -> String {
        "\(cell.count) · \(escape(ControlTotalsComparison.yuan(cell.sumFen)))"
    }

    /// Two bars per month (source grey, staged blue), scaled to the store's largest month.
    static func monthlyChart(store: String, rows: [ControlTotalsComparison.Row]) -> String {
        let width = 36, gap = 14, height = 120, top = 16, bottom = 34
        let largest = max(rows.map { max(abs($0.source.sumFen), abs($0.staged.sumFen)) }.max() ?? 1, 1)
        let chartWidth = max(rows.count * (width + gap) + gap, 200)
        var svg = "<svg role=img aria-label=\"\(escape(store)) 每月金额\" width=\(chartWidth) height=\(height + top + bottom) "
            + "viewBox=\"0 0 \(chartWidth) \(height + top + bottom)\" xmlns=\"http://www.w3.org/2000/svg\" font-size=10>"
        svg += "<text x=0 y=11 font-weight=bold>\(escape(store))</text>"
        for (index, row) in rows.enumerated() {
            let x = gap + index * (width + gap)
            for (offset, value, colour) in [(0, row.source.sumFen, "#9aa0a6"), (width / 2, row.staged.sumFen, row.passed ? "#1a73e8" : "#d93025")] {
                let barHeight = Int(Double(abs(value)) / Double(largest) * Double(height))
                svg += "<rect x=\(x + offset) y=\(top + height - barHeight) width=\(width / 2 - 2) height=\(barHeight) fill=\"\(colour)\">"
                    + "<title>\(escape(row.period)) \(offset == 0 ? "源 source" : "暂存 staged") \(escape(ControlTotalsComparison.yuan(value)))</title></rect>"
            }
            svg += "<text x=\(x) y=\(top + height + 14)>\(escape(row.period))</text>"
            svg += "<text x=\(x) y=\(top + height + 27)>¥\(row.staged.sumFen / 100)</text>"
        }
        svg += "</svg>"
        return "<figure>\(svg)<figcaption><small>灰色：源文件 Grey: source as read · 蓝色：暂存 Blue: staged (红色 red: 差异未解释 unexplained)</small></figcaption></figure>"
    }
}

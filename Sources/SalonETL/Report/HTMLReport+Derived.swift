import SalonStore

/// The derived-fields section of the HTML report: segments and derived member levels.
extension HTMLReport {
    static func derivedSection(_ report: RunReport) -> String {
        guard let derived = report.publish?.derived else { return "" }
        var html = section("客户分群与会员等级 Segments and derived levels")
        html += "<p>截至 As of <b>\(escape(derived.asOf ?? "—"))</b> · 本次刷新客户 customers refreshed \(derived.customersRefreshed)</p>"
        let names = [
            "seg.new": "新客 new", "seg.dormant": "沉睡 dormant",
            "seg.high_value": "高价值 high value", "seg.potential": "潜力 potential",
        ]
        html += "<table><tr><th>分群 Segment</th><th>客户 Customers</th></tr>" + derived.segments.sorted { $0.key < $1.key }
            .map { "<tr><td><code>\(escape($0.key))</code> \(escape(names[$0.key] ?? ""))</td><td class=n>\($0.value)</td></tr>" }
            .joined() + "</table>"
        html += "<table><tr><th>推算等级 Derived level</th><th>客户 Customers</th></tr>" + derived.derivedLevels
            .sorted { $0.key < $1.key }
            .map { "<tr><td>\(escape($0.key))</td><td class=n>\($0.value)</td></tr>" }.joined() + "</table>"
        html += "<p><small>分群与推算等级为整个数据库的现状；来源给出的等级从不覆盖。Counts are for the whole database after this publish; levels a source gave are never overwritten. "
        html += "Segment rows +\(derived.segmentRowsInserted) −\(derived.segmentRowsDeleted), levels set \(derived.levelsDerived), next birthdays updated \(derived.birthdaysUpdated)"
        if derived.withoutProfilingConsent > 0 {
            html += "; \(derived.withoutProfilingConsent) customers without profiling consent get no segments"
        }
        return html + ".</small></p>"
    }
}

import SalonCore

/// Renders the run report as one self-contained HTML page (no scripts, no external files) that a
/// salon manager can open from the workspace folder. Headings are bilingual, Chinese first.
public enum HTMLReport {
    public static func render(_ report: RunReport) -> String {
        let pii = PIIDisplay(showsPII: report.piiShown == true)
        var html = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>salon-etl \(escape(report.pipeline)) \(escape(report.runID))</title>
        <style>
        body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.3em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
        th{background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .banner{padding:.8em 1em;border-radius:6px;font-weight:600}.ok{background:#e7f6ea;color:#17642a}.bad{background:#fdecea;color:#8a1c12}.warn{background:#fff6e0;color:#7a5300}
        .pass{color:#17642a}.fail{color:#8a1c12;font-weight:600}code{background:#f3f3f3;padding:0 .2em}small{color:#666}
        </style></head><body>
        <h1>迁移运行报告 Run report — \(escape(report.pipeline))</h1>
        <p><small>run \(escape(report.runID)) · \(escape(report.startedAt)) → \(escape(report.finishedAt)) · \(escape(report.pipelineFile))</small></p>

        """
        html += banner(report)
        html += privacyNotice(report)
        html += section("数据核对 Row accounting (in = loaded + merged + rejected)")
        html += "<table><tr><th>来源 Source</th><th>门店 Store</th><th>文件 Files</th><th>读入 In</th><th>新建 Loaded</th><th>合并 Merged</th><th>拒绝 Rejected</th><th>字段问题 Field rejects</th><th>警告 Warnings</th></tr>"
        for source in report.sources {
            let files = source.files.map { file in
                var parts = [file.format]
                if let encoding = file.encoding { parts.append(encoding + (file.encodingConfidence.map { " \(Int($0 * 100))%" } ?? "")) }
                if let delimiter = file.delimiter { parts.append(delimiter) }
                if let header = file.headerLine { parts.append("header line \(header)") }
                return "\(escape(file.path)) <small>(\(escape(parts.joined(separator: ", "))); \(file.records) records)</small>"
            }.joined(separator: "<br>")
            html += "<tr><td>\(escape(source.id))</td><td>\(escape(source.store))</td><td>\(files)</td>"
            html += [source.recordsIn, source.loaded, source.merged, source.rejected, source.fieldRejects, source.warnings]
                .map { "<td class=n>\($0)</td>" }.joined() + "</tr>"
        }
        let t = report.totals
        html += "<tr><th colspan=3>合计 Total</th>" + [t.recordsIn, t.loaded, t.merged, t.rejected, t.fieldRejects, t.warnings]
            .map { "<th class=n>\($0)</th>" }.joined() + "</tr></table>"

        html += section("校验关卡 Gate")
        html += "<table><tr><th>检查 Check</th><th>结果 Result</th><th>依据 Evidence</th></tr>"
        for check in report.gate.checks {
            html += "<tr><td>\(escape(check.name))</td><td class=\(check.passed ? "pass" : "fail")>\(check.passed ? "通过 passed" : "未通过 failed")</td><td>\(escape(check.detail))</td></tr>"
        }
        html += "</table>"

        html += sampleSection(report)

        if let publish = report.publish {
            html += section("写入数据库 Published")
            let rows: [(String, Int64)] = [
                ("新客户 customers inserted", publish.customersInserted), ("更新客户 customers updated", publish.customersUpdated),
                ("电话 phones inserted", publish.phonesInserted), ("备注 notes inserted", publish.notesInserted),
                ("会员卡 cards inserted", publish.cardsInserted), ("会员卡余额更新 cards updated", publish.cardsUpdated),
                ("合并记录 merges recorded", publish.mergesInserted), ("待复核 review items", publish.reviewItemsInserted),
                ("与库中已有客户合并 matched existing customers: merged", publish.existingCustomersMerged),
                ("与库中已有客户待复核 matched existing customers: sent to review", publish.existingCustomersToReview),
                ("拒绝记录 rejects recorded", publish.rejectsInserted),
            ]
            html += "<table>" + rows.map { "<tr><td>\($0.0)</td><td class=n>\($0.1)</td></tr>" }.joined() + "</table>"
            if report.unchangedRerun == true {
                html += "<p class=\"banner ok\">重复运行：数据库没有任何变化。Re-run over the same inputs: nothing in the database changed.</p>"
            }
            if let totals = report.databaseTotals {
                html += "<p><small>数据库现有 Database now holds: " + totals.sorted { $0.key < $1.key }
                    .map { "\(escape($0.key)) \($0.value)" }.joined(separator: " · ") + "</small></p>"
            }
        }

        html += receiptsSection(report)
        html += derivedSection(report)
        html += validationSection(report)
        html += section("拒绝原因 Rejects by reason")
        if report.rejectsByReason.isEmpty {
            html += "<p>没有拒绝记录。No rejects.</p>"
        } else {
            html += "<table><tr><th>原因 Reason</th><th>数量 Count</th></tr>"
            for (code, count) in report.rejectsByReason.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
                html += "<tr><td><code>\(escape(code))</code></td><td class=n>\(count)</td></tr>"
            }
            html += "</table>"
            html += "<p><small>\(pii.showsPII ? "示例（未打码）Examples, NOT masked." : "示例（电话和证件号已打码）Examples, phone and ID numbers masked.") Full list: <code>\(escape(report.files.rejectsCSV))</code></small></p>"
            html += "<table><tr><th>原因 Reason</th><th>位置 Location</th><th>列 Column</th><th>说明 Message</th><th>原文 Original</th></tr>"
            for example in report.rejectExamples {
                html += "<tr><td><code>\(escape(example.code))</code></td><td>\(escape(example.location))</td><td>\(escape(example.column ?? "整行 record"))</td><td>\(escape(example.message))</td><td>\(escape(example.originalText))</td></tr>"
            }
            html += "</table>"
        }
        if !report.warningsByReason.isEmpty {
            html += section("警告 Warnings")
            html += "<table>" + report.warningsByReason.sorted { $0.key < $1.key }
                .map { "<tr><td><code>\(escape($0.key))</code></td><td class=n>\($0.value)</td></tr>" }.joined() + "</table>"
        }
        if !report.mergesByMatch.isEmpty {
            html += section("合并 Merges (records folded into a customer)")
            html += "<table><tr><th>依据 Matched on</th><th>数量 Records</th></tr>" + report.mergesByMatch.sorted { $0.key < $1.key }
                .map { "<tr><td>\(escape($0.key))</td><td class=n>\($0.value)</td></tr>" }.joined() + "</table>"
            html += "<p><small>每次合并都记录在数据库的 merges 表中（来源文件与行号）。Every merge is recorded with its source in the merges table.</small></p>"
        }
        if !report.reviewItems.isEmpty {
            html += section("待人工复核 Review queue")
            html += "<ul>" + report.reviewItems.map { "<li>\(escape($0.reason)): \(escape(pii.text($0.detail)))\(keyingDetail($0, pii: pii))</li>" }.joined() + "</ul>"
        }

        if !report.tagsByCode.isEmpty {
            html += section("标签 Tags from notes")
            html += "<table><tr><th>标签 Code</th><th>数量 Count</th></tr>" + report.tagsByCode.sorted { $0.key < $1.key }
                .map { "<tr><td><code>\(escape($0.key))</code></td><td class=n>\($0.value)</td></tr>" }.joined() + "</table>"
        }
        html += consentSection(report)
        if !report.allergies.isEmpty {
            html += section("过敏信息 Allergies (safety)")
            html += "<table><tr><th>标签 Code</th><th>原文 Note text</th><th>待确认 Review</th><th>来源 Source</th></tr>"
            for allergy in report.allergies {
                html += "<tr><td><code>\(escape(allergy.code))</code></td><td>\(escape(allergy.matchedText))</td><td>\(allergy.needsReview ? "需确认 yes" : "")</td><td>\(escape(allergy.location))</td></tr>"
            }
            html += "</table>"
        }

        if let chat = report.chat { html += chatSection(chat) }
        html += section("耗时 Timings")
        html += "<table><tr><th>阶段 Stage</th><th>秒 Seconds</th><th>记录/秒 Records/s</th></tr>"
        for stage in report.timings.stages {
            html += "<tr><td>\(escape(stage.stage))</td><td class=n>\(format(stage.seconds))</td><td class=n>\(stage.recordsPerSecond.map { String(Int($0)) } ?? "")</td></tr>"
        }
        html += "<tr><th>合计 Total</th><th class=n>\(format(report.timings.totalSeconds))</th><th class=n>\(Int(report.timings.recordsPerSecond))</th></tr></table>"
        if report.timings.stages.reduce(0, { $0 + $1.seconds }) > report.timings.totalSeconds * 1.01 {
            html += "<p><small>读取和规范化与暂存同时进行，校验和抽样复核与写入同时进行，所以各阶段之和大于合计。"
                + "Reading and normalizing run beside staging, and the validators and the re-check beside the load, "
                + "so the stages add up to more than the total.</small></p>"
        }
        html += "<p><small>文件 Files: \(escape(report.files.reportJSON)) · \(escape(report.files.rejectsJSONL)) · \(escape(report.files.rejectsCSV))</small></p>"
        html += "</body></html>\n"
        return html
    }

    static func banner(_ report: RunReport) -> String {
        switch report.status {
        case .published:
            return "<p class=\"banner ok\">已写入 Published to \(escape(report.database ?? "")) — \(report.totals.recordsIn) records in, \(report.totals.loaded) loaded, \(report.totals.merged) merged, \(report.totals.rejected) rejected.</p>"
        case .dryRun:
            return "<p class=\"banner warn\">试运行 Dry run: validated, nothing published.</p>"
        case .gateFailed:
            return "<p class=\"banner bad\">未通过校验，未写入任何数据。Gate failed: nothing was published. See the failed checks below.</p>"
        case .error:
            return "<p class=\"banner bad\">运行出错 Run failed: \(escape(report.error ?? "")). The database was not changed.</p>"
        }
    }

    static func section(_ title: String) -> String { "<h2>\(title)</h2>\n" }

    static func format(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(char)
            }
        }
        return out
    }
}

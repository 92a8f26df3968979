import Foundation
import SalonStore

/// Writes the review queue as files a person edits and reads: `review.csv` (UTF-8 with a BOM,
/// formula-safe cells, an empty `decision` column to fill with merge or separate) and
/// `review.html` (self-contained, bilingual, both customers side by side with the reasons).
/// Phones are masked; the CSV is read back by `ReviewDecisionFile`.
public enum ReviewFileWriter {
    /// The CSV header. `review_id` and `decision` are the columns `review apply` reads.
    public static let header = [
        "review_id", "reason", "score", "explanation",
        "customer_id", "name", "phone", "birthday", "store", "source",
        "other_customer_id", "other_name", "other_phone", "other_birthday", "other_store", "other_source",
        "decision",
    ]

    /// Writes both files into `directory`; returns their paths.
    @discardableResult
    public static func write(_ pairs: [ReviewPair], to directory: String) throws -> (csv: String, html: String) {
        try PrivateFile.createDirectory(directory)
        let csvPath = "\(directory)/review.csv", htmlPath = "\(directory)/review.html"
        try PrivateFile.write(csv(pairs), to: csvPath)
        try PrivateFile.write(Data(html(pairs).utf8), to: htmlPath)
        return (csvPath, htmlPath)
    }

    static func cells(_ side: ReviewPair.Side) -> [String] {
        [String(side.customerID), side.name, side.maskedPhone, side.birthday, side.store, "\(side.sourceFile):\(side.recordKey)"]
    }

    static func scoreText(_ score: Double?) -> String {
        score.map { String(format: "%.2f", $0) } ?? ""
    }

    static func csv(_ pairs: [ReviewPair]) -> Data {
        var data = Data([0xEF, 0xBB, 0xBF])
        func row(_ cells: [String]) {
            data.append(contentsOf: (cells.map(CSVCell.escape).joined(separator: ",") + "\r\n").utf8)
        }
        row(header)
        for pair in pairs {
            row([String(pair.id), pair.reason, scoreText(pair.score), pair.explanation] + cells(pair.first) + cells(pair.second) + [""])
        }
        return data
    }

    static func html(_ pairs: [ReviewPair]) -> String {
        let e = HTMLReport.escape
        var html = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>待复核客户 Review queue</title>
        <style>
        body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.1em;margin-top:1.6em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
        th{background:#f6f6f6;width:16%}small{color:#666}code{background:#f3f3f3;padding:0 .2em}
        </style></head><body>
        <h1>待复核客户 Review queue</h1>
        <p>\(pairs.count) 项待决定 items to decide. 在 review.csv 的 <code>decision</code> 列填写 <code>merge</code>（合并到左侧客户 keep the left customer）或 <code>separate</code>（保持为两位客户 keep both），然后运行 <code>salon-etl review apply review.csv</code>。</p>

        """
        for pair in pairs {
            html += "<h2>#\(pair.id) · \(e(pair.reason)) · 匹配分 score \(scoreText(pair.score))</h2>\n"
            html += "<p><small>\(e(pair.explanation))<br>\(e(pair.detail))</small></p>\n"
            html += "<table><tr><th></th><th>客户 Customer \(pair.first.customerID)</th><th>客户 Customer \(pair.second.customerID)</th></tr>"
            let labels = ["姓名 Name", "电话 Phone", "生日 Birthday", "门店 Store", "来源 Source"]
            for (index, label) in labels.enumerated() {
                let left = cells(pair.first)[index + 1], right = cells(pair.second)[index + 1]
                html += "<tr><th>\(label)</th><td>\(e(left))</td><td>\(e(right))</td></tr>"
            }
            html += "</table>\n"
        }
        return html + "</body></html>\n"
    }
}

import Foundation
import SalonCore
import SalonValidation

/// The sample as a sign-off sheet (`signoff.csv`, `signoff.html` in the run workspace) that staff
/// check against the paper cards and sign. It shows what the reviewer needs to find the card and
/// compare it (store, file, row, name as written, birthday, card, balance, notes) and masks phones
/// and other long numbers (138****8000).
public enum SignoffSheet {
    /// One row of the sheet, already masked.
    struct Row {
        var store: String
        var file: String
        var row: String
        var customer: String
        var name: String
        var phone: String
        var birthday: String
        var card: String
        var balance: String
        var notes: String
        var result: String
        var differences: String
    }

    static let headers = [
        "门店 Store", "来源文件 Source file", "行 Row", "客户 Customer", "姓名 Name as written", "电话 Phone", "生日 Birthday",
        "卡号 Card", "余额 Balance", "备注 Notes", "复核结果 Re-check", "差异 Differences", "核对 Checked", "核对人/签字 Checked by / signature",
    ]

    static func row(_ record: SampleRecordResult) -> Row {
        let sample = record.record
        func cell(_ field: CustomerField) -> String {
            sample.source?.text(field).map(SimpleFieldParser.trimmed) ?? ""
        }
        let outcome = record.hasMismatch ? "不一致 MISMATCH" : record.notChecked > 0 ? "部分未核 partly not checked" : "一致 match"
        let differences = record.fields.lazy.filter { $0.status != .match }.map { field in
            "\(field.field): \(field.source) ≠ \(field.staged)\(field.note.map { " (\($0))" } ?? "")"
        }.joined(separator: "; ")
        return Row(
            store: sample.key.store, file: sample.key.file, row: sample.key.recordKey,
            customer: maskedCustomer(sample.customerKey) + (sample.merged ? " (合并 merged)" : ""),
            name: cell(.name), phone: masked(cell(.phone)), birthday: birthday(cell(.birthday)),
            card: masked(cell(.cardNumber)), balance: PIIMask.text(cell(.balance)),
            notes: masked((sample.source?.notes ?? []).map(\.text).filter { !SimpleFieldParser.isBlank($0) }.joined(separator: " | ")),
            result: outcome, differences: masked(differences))
    }

    /// The reviewer needs the birthday to find the card: a date the simple path reads is shown as
    /// written (19920708 would otherwise look like a number to mask); anything else is masked.
    static func birthday(_ text: String) -> String {
        if case .value = SimpleFieldParser.date(text) { return text }
        return PIIMask.text(text)
    }

    /// `PIIMask.text`, then any run of seven or more digits it left (a phone keyed with letters
    /// for digits, `I39O5710010`, splits into runs it does not take for a phone) keeps only its
    /// first three and last two digits. An 8-digit date stays as written.
    static func masked(_ text: String) -> String {
        let first = PIIMask.text(text)
        var digits = 0
        for scalar in first.unicodeScalars {
            digits = SimpleFieldParser.isDigit(scalar) ? digits + 1 : 0
            if digits >= 7 { break }
        }
        guard digits >= 7 else { return first }
        var out = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flush() {
            let isDate = run.count == 8 && { if case .value = SimpleFieldParser.date(String(String.UnicodeScalarView(run))) { true } else { false } }()
            if run.count >= 7, !isDate {
                out.append(contentsOf: run.prefix(3))
                out.append(contentsOf: Array(repeating: "*", count: run.count - 5))
                out.append(contentsOf: run.suffix(2))
            } else {
                out.append(contentsOf: run)
            }
            run.removeAll()
        }
        for scalar in first.unicodeScalars {
            if SimpleFieldParser.isDigit(scalar) {
                run.append(scalar)
            } else {
                flush()
                out.append(scalar)
            }
        }
        flush()
        return String(out)
    }

    /// `tel:+8613800138000` → `tel:+86138****8000`; a source-record key stays as it is.
    static func maskedCustomer(_ key: String) -> String {
        key.hasPrefix("tel:") ? "tel:" + PIIMask.phone(String(key.dropFirst(4))) : PIIMask.text(key)
    }

    /// `CSVCell.escape`, skipped for the common cell that needs nothing (no quote, comma, line
    /// break, and no formula lead character): the sheet has a dozen cells per sampled record.
    static func csvCell(_ text: String) -> String {
        guard let first = text.utf8.first else { return text }
        if "=+-@\t\r".utf8.contains(first) || text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return CSVCell.escape(text)
        }
        return text
    }

    /// `HTMLReport.escape`, skipped when the text has nothing to escape.
    static func htmlText(_ text: String) -> String {
        text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) ? HTMLReport.escape(text) : text
    }

    /// A CSV line of the sheet: every cell formula-safe.
    static func csvLine(_ row: Row) -> String {
        let cells = [row.store, row.file, row.row, row.customer, row.name, row.phone, row.birthday, row.card, row.balance,
                     row.notes, row.result, row.differences, "", ""]
        return cells.map(csvCell).joined(separator: ",") + "\r\n"
    }

    /// A table row of the printable page.
    static func htmlRow(_ row: Row) -> String {
        let cells = [row.store, row.file, row.row, row.customer, row.name, row.phone, row.birthday, row.card, row.balance,
                     row.notes, row.result, row.differences]
        return "<tr\(row.result.hasPrefix("不一致") ? " class=bad" : "")>" + cells.map { "<td>\(htmlText($0))</td>" }.joined()
            + "<td class=box>☐</td><td class=sign></td></tr>\n"
    }

    /// The printable page up to its table body: one self-contained page, no scripts, no external files.
    static func htmlHead(_ result: SampleRecheckResult, pipeline: String, runID: String) -> String {
        let e = HTMLReport.escape
        var html = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>抽样核对签字单 Sample sign-off — \(e(pipeline)) \(e(runID))</title>
        <style>
        body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222}
        h1{font-size:1.3em}table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #999;padding:.3em .45em;text-align:left;vertical-align:top}
        th{background:#eee}td.box{width:1.4em;text-align:center;font-size:1.2em}td.sign{min-width:7em}tr.bad td{background:#fdecea}
        .meta{color:#555}.lines span{display:inline-block;min-width:16em;border-bottom:1px solid #333;margin-right:2em;height:1.6em}
        @media print{body{margin:0}tr{page-break-inside:avoid}thead{display:table-header-group}}
        </style></head><body>
        <h1>抽样核对签字单 Sample re-check sign-off</h1>
        <p class="meta">\(e(pipeline)) · run \(e(runID)) · 抽样比例 fraction \(result.spec.fraction) · 种子 seed \(result.spec.seed) ·
        抽样 sampled \(result.sampled) · 不一致 mismatched \(result.mismatched)</p>
        <p>请将每一行与纸质会员卡核对，无误后在“核对”栏打勾并签名。电话号码已打码。<br>
        Check each row against the paper card, tick the box and sign. Phone numbers are masked.</p>
        <table><thead><tr>
        """
        html += headers.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        return html
    }

    static let htmlFoot = """
        </tbody></table>
        <p class="lines">核对人 Checked by: <span></span> 签字 Signature: <span></span> 日期 Date: <span></span></p>
        </body></html>

        """
}

/// Writes the sign-off sheet as the re-check compares records: the CSV row by row, the page's
/// rows to a scratch file that `finish` copies under the head (which shows the final counts).
/// Both files are 0600, like everything in the workspace.
final class SignoffSheetWriter {
    let csvPath: String
    let htmlPath: String
    private let rowsPath: String
    private let csv: FileHandle
    private let rows: FileHandle
    private var csvBuffer = Data()
    private var rowsBuffer = Data()

    init(workspace: String) throws {
        csvPath = "\(workspace)/signoff.csv"
        htmlPath = "\(workspace)/signoff.html"
        rowsPath = "\(workspace)/signoff.html.rows"
        csv = try Self.create(csvPath)
        rows = try Self.create(rowsPath)
        // A UTF-8 BOM so Excel opens the Chinese text correctly.
        csvBuffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
        csvBuffer.append(contentsOf: (SignoffSheet.headers.map(CSVCell.escape).joined(separator: ",") + "\r\n").utf8)
    }

    private static func create(_ path: String) throws -> FileHandle {
        _ = unlink(path)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw SalonError(.io, "cannot create \(path)")
        }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func add(_ record: SampleRecordResult) throws {
        let row = SignoffSheet.row(record)
        csvBuffer.append(contentsOf: SignoffSheet.csvLine(row).utf8)
        rowsBuffer.append(contentsOf: SignoffSheet.htmlRow(row).utf8)
        if csvBuffer.count + rowsBuffer.count > 1 << 17 { try flush() }
    }

    private func flush() throws {
        try csv.write(contentsOf: csvBuffer)
        try rows.write(contentsOf: rowsBuffer)
        csvBuffer.removeAll(keepingCapacity: true)
        rowsBuffer.removeAll(keepingCapacity: true)
    }

    /// Closes the CSV and writes the page: head with the counts, the rows in 1 MiB pieces, foot.
    func finish(_ result: SampleRecheckResult, pipeline: String, runID: String) throws -> (csv: String, html: String) {
        try flush()
        try csv.close()
        try rows.close()
        defer { _ = unlink(rowsPath) }
        let page = try Self.create(htmlPath)
        defer { try? page.close() }
        try page.write(contentsOf: Data(SignoffSheet.htmlHead(result, pipeline: pipeline, runID: runID).utf8))
        let body = try FileHandle(forReadingFrom: URL(fileURLWithPath: rowsPath))
        defer { try? body.close() }
        while let piece = try body.read(upToCount: 1 << 20), !piece.isEmpty {
            try page.write(contentsOf: piece)
        }
        try page.write(contentsOf: Data(SignoffSheet.htmlFoot.utf8))
        return (csvPath, htmlPath)
    }
}

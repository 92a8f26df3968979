import Foundation
import SalonCore
import SalonReaders

/// `inspect` entries for till data: cashier exports, WeChat Pay bills and MySQL dumps.
extension Inspector {
    /// Entries for a dump: one per table that looks like receipts or customers, a comment for the rest.
    static func sqlDumpEntries(path: String, relative: String, id: String, store: String) throws -> [String] {
        let tables = try SQLDumpSniffer.tables(path: path, limitBytes: 1 << 20)
        var lines = [
            "# \(relative): SQL dump with tables "
                + tables.keys.sorted().map { "\($0) (\(tables[$0]!.count) columns)" }.joined(separator: ", ") + " (format sql-dump)",
            "sources:",
        ]
        for table in tables.keys.sorted() {
            let columns = tables[table]!
            let read = "{ format: sql-dump, path: \(yamlQuote(relative)), table: \(yamlQuote(table)) }"
            if ReceiptColumnGuesser.looksLikeReceipts(columns: columns) {
                lines += receiptEntry(id: "\(id)-\(table)", store: store, read: read, columns: columns)
            } else if looksLikeCustomers(columns: columns) {
                lines += entry(id: "\(id)-\(table)", store: store, read: read, columns: columns, samples: [])
            } else {
                lines.append("  # table \(table) (\(columns.joined(separator: ", "))): neither receipts nor customers")
            }
        }
        return lines
    }

    /// A phone column, or a name column that is not a key into another table (customer_id).
    static func looksLikeCustomers(columns: [String]) -> Bool {
        ColumnGuesser.guess(columns: columns).mapped.contains { field, headers in
            field == .phone || (field == .name && !headers.contains { $0.lowercased().hasSuffix("id") })
        }
    }

    static func wechatPayEntry(relative: String, id: String, store: String) -> [String] {
        [
            "# \(relative): WeChat Pay merchant bill (format wechatpay-csv). Refund rows become refund receipts",
            "# numbered 商户退款单号 that refund 商户订单号; put the till's own export first when you have both.",
            "sources:",
        ] + receiptEntry(
            id: id, store: store, read: "{ format: wechatpay-csv, path: \(yamlQuote(relative)) }",
            columns: ["交易时间", "商户订单号", "交易状态", "应结订单金额", "商品名称"])
    }

    static func posEntry(layout: CSVLayout, relative: String, id: String, store: String) -> [String] {
        let confidence = Int((layout.encoding.confidence * 100).rounded())
        let read = "{ format: pos-csv, path: \(yamlQuote(relative)), encoding: \(layout.encoding.encoding.rawValue), "
            + "delimiter: \(DelimiterName.name(layout.delimiter)), header_row: \(layout.headerLine - (layout.hasSepLine ? 1 : 0)) }"
        var lines = [
            "# \(relative): POS cashier export, \(layout.encoding.encoding.rawValue) (\(confidence)% sure), "
                + "header on line \(layout.headerLine), \(layout.columns.count) columns (format pos-csv)",
            "sources:",
        ]
        lines += receiptEntry(id: id, store: store, read: read, columns: layout.columns)
        if let sample = layout.sampleRows.first {
            lines.append("    # first row: \(PIIMask.text(sample.joined(separator: " | ")))")
        }
        return lines
    }

    static func receiptEntry(id: String, store: String, read: String, columns: [String]) -> [String] {
        let guess = ReceiptColumnGuesser.guess(columns: columns)
        var lines = [
            "  - id: \(id)",
            "    entity: receipts",
            "    store: \(yamlQuote(store))\(store == "STORE" ? "          # set the store code" : "")",
            "    read: \(read)",
            "    columns:",
        ]
        for (field, header) in guess.mapped {
            lines.append("      \(field.rawValue): \(yamlQuote(header))")
        }
        if !guess.unmapped.isEmpty {
            lines.append("      # not mapped: \(guess.unmapped.joined(separator: ", "))")
        }
        return lines
    }
}

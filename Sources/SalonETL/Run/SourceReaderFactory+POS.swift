import SalonCore
import SalonReaders

/// Readers for the point-of-sale formats: cashier exports, WeChat Pay bills and MySQL dumps.
extension SourceReaderFactory {
    static func openPOS(path: String, displayPath: String, source: PipelineSpec.Source) throws -> OpenedSource {
        let encoding = source.read.encoding.flatMap(TextEncoding.init(name:))
        let csvOptions = CSVReadOptions(
            sourceID: source.id, encoding: encoding, delimiter: source.read.delimiter, headerRow: source.read.headerRow)
        func csvSummary(_ format: String, _ layout: CSVLayout) -> RunReport.FileSummary {
            RunReport.FileSummary(
                path: displayPath, format: format, encoding: layout.encoding.encoding.rawValue,
                encodingConfidence: layout.encoding.confidence, delimiter: DelimiterName.name(layout.delimiter),
                headerLine: layout.headerLine, records: 0, sha256: nil, sizeBytes: nil)
        }
        switch source.read.format {
        case .posCSV:
            let reader = try POSRecordReader(path: path, options: csvOptions)
            return OpenedSource(reader: reader, summary: csvSummary("pos-csv", reader.layout),
                                bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
        case .wechatpayCSV:
            let reader = try WeChatPayBillReader(path: path, options: csvOptions)
            return OpenedSource(reader: reader, summary: csvSummary("wechatpay-csv", reader.layout),
                                bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
        default:
            let table = source.read.table ?? ""
            let reader = try SQLDumpTableReader(
                path: path, displayPath: displayPath,
                options: SQLDumpReadOptions(sourceID: source.id, tables: [table], encoding: encoding),
                table: table, location: "\(source.location).read.table")
            let summary = RunReport.FileSummary(
                path: displayPath, format: "sql-dump", encoding: encoding?.rawValue ?? "utf-8", encodingConfidence: nil,
                delimiter: nil, headerLine: nil, records: 0, sha256: nil, sizeBytes: nil)
            return OpenedSource(reader: reader, summary: summary,
                                bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
        }
    }
}

import SalonCore
import SalonReaders

extension SourceReaderFactory {
    /// Opens a chat export with the chat reader; its records have the columns time, sender, text, kind.
    static func openChat(path: String, displayPath: String, source: PipelineSpec.Source) throws -> OpenedSource {
        let format = ChatFormat(rawValue: source.read.format.rawValue)!
        let reader = try ChatRecordReader(
            path: path, format: format,
            options: ChatReadOptions(sourceID: source.id, encoding: source.read.encoding.flatMap(TextEncoding.init(name:))))
        let summary = RunReport.FileSummary(
            path: displayPath, format: format.rawValue, encoding: source.read.encoding, encodingConfidence: nil, delimiter: nil,
            headerLine: nil, records: 0, sha256: nil, sizeBytes: nil)
        return OpenedSource(reader: reader, summary: summary, bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
    }
}

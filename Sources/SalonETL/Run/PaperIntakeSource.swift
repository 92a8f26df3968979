import SalonCore
import SalonNormalizers
import SalonReaders

/// What a `paper-intake` source adds to a CSV source: the template-aware reader and the keying
/// checks for hand-keyed data.
enum PaperIntakeSource {
    static func open(path: String, displayPath: String, source: PipelineSpec.Source) throws -> OpenedSource {
        let encoding = source.read.encoding.flatMap(TextEncoding.init(name:))
        let reader = try PaperIntakeRecordReader(
            path: path,
            options: CSVReadOptions(sourceID: source.id, encoding: encoding, delimiter: source.read.delimiter, headerRow: source.read.headerRow))
        let layout = reader.layout
        let summary = RunReport.FileSummary(
            path: displayPath, format: PipelineSpec.Format.paperIntake.rawValue, encoding: layout.encoding.encoding.rawValue,
            encodingConfidence: layout.encoding.confidence, delimiter: DelimiterName.name(layout.delimiter),
            headerLine: layout.headerLine, records: 0, sha256: nil, sizeBytes: nil)
        return OpenedSource(reader: reader, summary: summary, bytesRead: { reader.bytesRead }, fileSize: SourceReaderFactory.fileSize(path))
    }

    /// The keying checks for a hand-keyed source; nil for every other format.
    static func keyingScreen(for source: PipelineSpec.Source) -> KeyingScreen? {
        guard source.read.format == .paperIntake else { return nil }
        return KeyingScreen(
            calendarColumns: [PaperIntakeLayout.calendarHeader], paperCardColumns: [PaperIntakeLayout.paperCardHeader],
            enteredByColumns: [PaperIntakeLayout.enteredByHeader], phoneRegion: PhoneRegion(rawValue: source.phoneRegion) ?? .cn)
    }
}

/// Streams the messages of a chat export as records with the columns `time`, `sender`, `text`,
/// `kind`: one record per message, however many lines it spans. Text layouts are read line by
/// line in chunks; CSV layouts through `CSVRecordReader`. The provenance line is the message's
/// first line, the record index its position among the messages, and the original text the
/// message as it stood in the file.
public final class ChatRecordReader: RecordReader {
    /// The columns of every chat record.
    public static let schema = RecordSchema(columns: ["time", "sender", "text", "kind"])

    public let format: ChatFormat
    /// The day/month order used for a WhatsApp file (given or inferred); nil for other formats.
    public let dateOrder: ChatDateOrder?

    private enum Source {
        case text(ChatLineReader)
        case csv(CSVRecordReader, WeChatCSVLayout)
    }

    /// A message whose lines are still being collected.
    private struct Pending {
        var header: ChatHeader
        var line: Int
        var decodedOffset: Int64
        /// Where the text starts in `original`.
        var textStart: Int
        /// End of the last non-blank line in `original`: trailing blank lines separate messages.
        var contentEnd: Int
        /// A line of the message had bytes illegal in the file's encoding.
        var undecodable: Bool
        /// The message passed `messageLimit`; `original` holds only its head.
        var overlong = false
    }

    /// Decoded bytes one message may span (1 MiB, like one line): a file whose first header is
    /// followed by endless lines must not be gathered into one string.
    static let messageLimit = ChatLineReader.lineLimit

    private let source: Source
    private let path: String
    private let options: ChatReadOptions
    private let byteOffsetBase: Int64?
    private var pending: Pending?
    /// The pending message's lines, joined with LF; reused between messages.
    private var original: [UInt8] = []
    private var messageIndex = 0

    /// Bytes of the file consumed so far, for progress.
    public var bytesRead: Int64 {
        switch source {
        case .text(let reader): reader.bytesRead
        case .csv(let reader, _): reader.bytesRead
        }
    }

    /// Opens `path` as a chat export of `format`.
    /// - Throws: `SalonError(.io)` if the file cannot be read, `.decoding` if its encoding has no
    ///   decoder, `.configuration` if a `wechat-csv` file has neither known header.
    public convenience init(path: String, format: ChatFormat, options: ChatReadOptions) throws {
        try self.init(path: path, format: format, options: options, chunkSize: 1 << 20)
    }

    /// - Parameter chunkSize: bytes per read; tests pass tiny sizes to cut lines at chunk boundaries.
    init(path: String, format: ChatFormat, options: ChatReadOptions, chunkSize: Int) throws {
        self.path = path
        self.format = format
        self.options = options
        switch format {
        case .wechatTXT, .whatsappTXT:
            dateOrder = format == .whatsappTXT
                ? try options.dateOrder ?? WhatsAppDateOrder.infer(path: path, encoding: options.encoding) : nil
            let reader = try ChatLineReader(path: path, encoding: options.encoding, chunkSize: chunkSize)
            let detection = reader.detection
            byteOffsetBase = detection.encoding == .utf8 ? Int64(detection.hasBOM ? 3 : 0) : nil
            source = .text(reader)
            original.reserveCapacity(4096)
        case .wechatCSV:
            dateOrder = nil
            let reader = try CSVRecordReader(
                path: path, options: CSVReadOptions(sourceID: options.sourceID, encoding: options.encoding))
            guard let layout = WeChatCSVLayout.detect(RecordSchema(columns: reader.layout.columns)) else {
                throw SalonError(
                    .configuration,
                    "the CSV header is neither a MemoTrace nor a PyWxDump chat export; found: "
                        + reader.layout.columns.joined(separator: ","),
                    location: path,
                    fix: "export with MemoTrace (Type, CreateTime, StrContent) or PyWxDump (type_name, msg, CreateTime), or read the file as format: csv")
            }
            byteOffsetBase = nil
            source = .csv(reader, layout)
        }
    }

    public func next() throws -> ReaderEvent? {
        switch source {
        case .text(let reader): try nextText(reader)
        case .csv(let reader, let layout): try nextCSV(reader, layout)
        }
    }

    // MARK: Text layouts

    private func nextText(_ reader: ChatLineReader) throws -> ReaderEvent? {
        while let line = try reader.nextLine() {
            if let header = header(line.bytes) {
                let finished = finishPending()
                original.removeAll(keepingCapacity: true)
                original.append(contentsOf: line.bytes)
                pending = Pending(
                    header: header, line: line.number, decodedOffset: line.decodedOffset,
                    textStart: header.textStart == line.bytes.count ? line.bytes.count + 1 : header.textStart,
                    contentEnd: line.bytes.count, undecodable: line.undecodable, overlong: line.overlong)
                if let finished { return finished }
                continue
            }
            if pending != nil {
                if line.overlong || original.count + line.bytes.count >= Self.messageLimit {
                    pending!.overlong = true
                }
                if pending!.overlong { continue }
                original.append(0x0A)
                let lineStart = original.count
                original.append(contentsOf: line.bytes)
                if !ChatBytes.isBlank(line.bytes) {
                    pending!.contentEnd = original.count
                } else if pending!.textStart == lineStart {
                    pending!.textStart = original.count + 1  // blank lines before the text are no text
                }
                if line.undecodable { pending!.undecodable = true }
                continue
            }
            if ChatBytes.isBlank(line.bytes) { continue }
            // Orphans come before message 1, so they carry record index 0 and leave the
            // message numbering to the messages.
            let provenance = makeProvenance(line: line.number, decodedOffset: line.decodedOffset)
            return .reject(
                Reject(
                    code: .chatOrphanLine, message: "the line comes before the first message header and belongs to no message",
                    stage: .read, provenance: provenance, originalText: String(decoding: line.bytes, as: UTF8.self)))
        }
        return finishPending()
    }

    private func header(_ line: UnsafeBufferPointer<UInt8>) -> ChatHeader? {
        switch format {
        case .wechatTXT: WeChatTXTLayout.header(line)
        case .whatsappTXT: WhatsAppLayout.header(line)?.resolved(dateOrder ?? .dayFirst)
        case .wechatCSV: nil
        }
    }

    /// The record of the pending message, if any; clears it.
    private func finishPending() -> ReaderEvent? {
        guard let message = pending else { return nil }
        pending = nil
        messageIndex += 1
        let provenance = makeProvenance(line: message.line, decodedOffset: message.decodedOffset)
        if message.overlong {
            return .reject(
                Reject(
                    code: .chatMessageTooLong,
                    message: "the message is longer than \(Self.messageLimit) bytes (no line break, or no further message header); only its first \(ChatLineReader.overlongHead) bytes are kept",
                    stage: .read, provenance: provenance,
                    originalText: String(decoding: original.prefix(ChatLineReader.overlongHead), as: UTF8.self)))
        }
        if message.undecodable {
            let encoding = reader.map { $0.detection.encoding.rawValue } ?? "the file's encoding"
            return .reject(
                Reject(
                    code: .chatUndecodableBytes, message: "the message has bytes that are not valid \(encoding)",
                    stage: .read, provenance: provenance,
                    originalText: String(decoding: original[0..<message.contentEnd], as: UTF8.self)))
        }
        return original.withUnsafeBufferPointer { bytes -> ReaderEvent in
            let textStart = min(message.textStart, message.contentEnd)
            let text = UnsafeBufferPointer(rebasing: bytes[textStart..<message.contentEnd])
            let sender = message.header.sender.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
            let kind: ChatMessageKind
            let senderText: String
            let textString: String
            switch format {
            case .whatsappTXT:
                let cleanText = ChatBytes.removingLeftToRightMarks(text)
                kind = cleanText.utf8.withContiguousStorageIfAvailable {
                    WhatsAppLayout.kind(text: $0, isSystem: sender == nil)
                } ?? .text
                senderText = sender.map(ChatBytes.removingLeftToRightMarks) ?? ""
                textString = cleanText
            default:
                let senderBytes = sender ?? UnsafeBufferPointer(start: nil, count: 0)
                kind = WeChatTXTLayout.kind(text: text, sender: senderBytes)
                senderText = String(decoding: senderBytes, as: UTF8.self)
                textString = String(decoding: text, as: UTF8.self)
            }
            let record = Record(
                schema: Self.schema, values: [message.header.time, senderText, textString, kind.rawValue],
                provenance: provenance,
                originalText: String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<message.contentEnd]), as: UTF8.self))
            return .record(record)
        }
    }

    private func makeProvenance(line: Int, decodedOffset: Int64?) -> Provenance {
        Provenance(
            sourceID: options.sourceID, file: path, line: line, recordIndex: messageIndex,
            byteOffset: byteOffsetBase.flatMap { base in decodedOffset.map { base + $0 } })
    }

    /// Bytes held by the line buffer and the message being gathered; tests check they stay bounded.
    var bufferCapacity: Int { (reader?.bufferCapacity ?? 0) + original.capacity }

    private var reader: ChatLineReader? {
        if case .text(let reader) = source { return reader }
        return nil
    }

    // MARK: CSV layouts

    private func nextCSV(_ reader: CSVRecordReader, _ layout: WeChatCSVLayout) throws -> ReaderEvent? {
        guard let event = try reader.next() else { return nil }
        guard case .record(let row) = event else { return event }
        let message = layout.message(row.values)
        guard let time = message.time else {
            return .reject(
                Reject(
                    code: .chatInvalidTime, message: "the message's CreateTime is neither Unix seconds nor YYYY-MM-DD HH:MM:SS",
                    stage: .read, provenance: row.provenance, column: "CreateTime", originalText: row.originalText))
        }
        return .record(
            Record(
                schema: Self.schema, values: [time, message.sender, message.text, message.kind.rawValue],
                provenance: row.provenance, originalText: row.originalText))
    }
}

import SalonValidation
import SalonReaders

/// Chat exports, read again as rows of `time`, `sender`, `text`.
///
/// Text exports (`wechat-txt`, `whatsapp-txt`) through `ChatTextLocator`: the first line holds the
/// time and the sender, the rest is the text. WeChat `yyyy-MM-dd HH:mm:ss 王姐` then the text on
/// the following lines; WhatsApp `[d/m/yyyy, HH:mm:ss] 王姐: text` or `d/m/yy, HH:mm - 王姐: text`.
/// CSV exports through the CSV cursor, by column name: the text (`StrContent`, `msg`), the time
/// (`CreateTime`, else `StrTime`), and the sender `我` when `IsSender`/`is_sender` is 1, else the
/// first non-empty of `NickName`, `Remark`, `Sender`, `TalkerId`, `talker`.
struct ChatSampleRereader: SampleRereading {
    static let columns = ["time", "sender", "text"]

    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        let encoding = source.read.encoding.flatMap(TextEncoding.init(name:))
        var rows: [Int: [String]] = [:]
        let lines = locations.map(\.line).sorted()
        if source.read.format == .wechatCSV {
            let layout = try CSVSniffer.sniff(path: path, options: CSVReadOptions(sourceID: source.id, encoding: encoding))
            let read = try CSVSampleRereader.rows(path: path, layout: layout, locations: locations)
            for (line, cells) in read.rows { rows[line] = Self.message(csv: cells, columns: read.columns) }
            return (Self.columns, rows)
        }
        let locator = try ChatTextLocator(path: path, encoding: encoding)
        for line in lines {
            guard let message = try locator.message(line: line) else { continue }
            rows[line] = source.read.format == .whatsappTXT ? Self.whatsApp(message) : Self.weChat(message)
        }
        return (Self.columns, rows)
    }

    /// `2024-03-01 09:05:40 王姐`: the first two space-separated parts are the time.
    static func weChat(_ lines: [String]) -> [String] {
        let parts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        let time = parts.prefix(2).joined(separator: " ")
        let sender = parts.count > 2 ? String(parts[2]) : ""
        return [time, sender, lines.dropFirst().joined(separator: "\n")]
    }

    /// `[01/03/2024, 09:02:11] 王姐: text` or `01/03/2024, 09:02 - 王姐: text`.
    static func whatsApp(_ lines: [String]) -> [String] {
        let first = lines[0]
        let time: Substring
        var rest: Substring
        if first.hasPrefix("["), let close = first.firstIndex(of: "]") {
            time = first[first.index(after: first.startIndex)..<close]
            rest = first[first.index(after: close)...].drop(while: { $0 == " " })
        } else if let dash = first.range(of: " - ") {
            time = first[..<dash.lowerBound]
            rest = first[dash.upperBound...]
        } else {
            return [first, "", lines.dropFirst().joined(separator: "\n")]
        }
        var sender = ""
        if let colon = rest.range(of: ": ") {
            sender = String(rest[..<colon.lowerBound])
            rest = rest[colon.upperBound...]
        }
        return [String(time), sender, ([String(rest)] + lines.dropFirst()).joined(separator: "\n")]
    }

    static func message(csv cells: [String], columns: [String]) -> [String] {
        func cell(_ names: String...) -> String {
            for name in names {
                if let index = columns.firstIndex(of: name), index < cells.count, !cells[index].isEmpty { return cells[index] }
            }
            return ""
        }
        let sender = cell("IsSender", "is_sender") == "1" ? "我" : cell("NickName", "Remark", "Sender", "TalkerId", "talker")
        return [cell("CreateTime", "StrTime"), sender, cell("StrContent", "msg")]
    }
}

extension ChatSampleRereader {
    /// The message as the sign-off sheet shows it: the sender in the customer column, the time and
    /// text as notes.
    static func sampleRecord(
        key: SampleKey, line: Int, source: ChatSampleComparator.SourceMessage?, staged: ChatSampleComparator.StagedMessage
    ) -> SampleRecord {
        SampleRecord(
            key: key, line: line, customerKey: "消息 \(staged.sender)", merged: false,
            source: source.map { SampleRecord.SourceCells(cells: [:], notes: [("time", $0.time), ("text", $0.text)]) },
            staged: SampleRecord.StagedValues())
    }
}

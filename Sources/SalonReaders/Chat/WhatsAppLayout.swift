/// WhatsApp "Export chat" text. Every locale renders the header differently:
/// `12/31/20, 11:59 PM - Name: text` and `31/12/2020, 23:59 - Name: text` (Android),
/// `[31/12/2020, 23:59:59] Name: text` (iOS), `13.06.18 21.25.15: `, `13.6.2018 klo 21.25.15 - `,
/// `13. 6. 2018. 21:25:15 `, `2018/06/13, 21:25:15`, Spanish `p. m.`, with U+00A0/U+202F spaces
/// and U+200E marks. One tolerant parser reads them all; the day/month order is a per-file
/// decision (`WhatsAppDateOrder`).
enum WhatsAppLayout {
    /// The numbers of a header before the day/month order is known.
    struct Header {
        /// The two date fields that are not the year, in the order written.
        var first: Int
        var second: Int
        var year: Int
        /// `2018/06/13`: ISO order, month then day, whatever the file's order.
        var yearFirst: Bool
        var hour: Int
        var minute: Int
        var second_: Int
        var sender: Range<Int>?
        var textStart: Int

        /// The header with its date resolved, or nil when the date does not exist in that order.
        func resolved(_ order: ChatDateOrder) -> ChatHeader? {
            let dayFirst = !yearFirst && order == .dayFirst
            let month = dayFirst ? second : first
            let day = dayFirst ? first : second
            guard let time = ChatTime.iso(year: year, month: month, day: day, hour: hour, minute: minute, second: second_)
            else { return nil }
            return ChatHeader(time: time, sender: sender, textStart: textStart)
        }
    }

    /// Parses the header at the start of `line`, or nil for a line of message text. A header
    /// must have text after it, so a bare `2016-04-29 10:30:00` inside a message stays text.
    static func header(_ line: UnsafeBufferPointer<UInt8>) -> Header? {
        var cursor = Cursor(bytes: line)
        while cursor.skip("\u{200E}") {}
        let bracketed = cursor.skip("[")
        guard let a = cursor.number(maxDigits: 4), let separator = cursor.peek,
              separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "-")
        else { return nil }
        cursor.index += 1
        cursor.skipSpaces()
        guard let b = cursor.number(maxDigits: 4), cursor.peek == separator else { return nil }
        cursor.index += 1
        cursor.skipSpaces()
        guard let c = cursor.number(maxDigits: 4) else { return nil }
        _ = cursor.skip(".")
        _ = cursor.skip(",")
        guard cursor.skipSpaces() || cursor.bytesBefore(","), !cursor.atEnd else { return nil }
        if cursor.skip("klo") { cursor.skipSpaces() }
        guard let hour12 = cursor.number(maxDigits: 2)?.value, let timeSeparator = cursor.peek,
              timeSeparator == UInt8(ascii: ":") || timeSeparator == UInt8(ascii: ".")
        else { return nil }
        cursor.index += 1
        guard let minute = cursor.number(exactDigits: 2) else { return nil }
        var second = 0
        if cursor.peek == timeSeparator, let parsed = cursor.number(exactDigits: 2, after: 1) { second = parsed }
        let beforeMeridiem = cursor.index
        cursor.skipSpaces()
        var hour = hour12
        if let isPM = cursor.meridiem() {
            guard hour12 <= 12 else { return nil }  // `00:08 a. m.` occurs
            hour = hour12 % 12 + (isPM ? 12 : 0)
        } else {
            cursor.index = beforeMeridiem
        }
        if bracketed {
            cursor.skipSpaces()
            guard cursor.skip("]") else { return nil }
            guard cursor.skipSpaces() else { return nil }
        } else if cursor.skipSpaces() {
            if cursor.skip("-") { guard cursor.skipSpaces() else { return nil } }
        } else if cursor.skip(":") {
            guard cursor.skipSpaces() else { return nil }
        } else {
            return nil
        }
        while cursor.skip("\u{200E}") {}
        guard !cursor.atEnd else { return nil }
        let (first, middle, last) = (a.value, b.value, c.value)
        var header = Header(
            first: 0, second: 0, year: 0, yearFirst: false, hour: hour, minute: minute.value, second_: second,
            sender: nil, textStart: cursor.index)
        if a.digits == 4 {
            (header.year, header.first, header.second, header.yearFirst) = (first, middle, last, true)
        } else if b.digits == 4 {
            (header.year, header.first, header.second) = (middle, first, last)
        } else {
            (header.year, header.first, header.second) = (c.digits <= 2 ? 2000 + last : last, first, middle)
        }
        let rest = cursor.index
        var index = rest
        while index + 1 < line.count {
            if line[index] == UInt8(ascii: ":"), line[index + 1] == 0x20, index > rest {
                header.sender = rest..<index
                header.textStart = index + 2
                break
            }
            index += 1
        }
        if header.sender == nil, line.count - rest >= 2, line[line.count - 1] == UInt8(ascii: ":"),
           line[line.count - 2] != 0x20 {
            // `Luke:` with the trailing space trimmed by an editor: an empty user message.
            header.sender = rest..<(line.count - 1)
            header.textStart = line.count
        }
        return header
    }

    /// The kind of a message from its text: attachments are written as markers.
    static func kind(text: UnsafeBufferPointer<UInt8>, isSystem: Bool) -> ChatMessageKind {
        if isSystem { return .system }
        if ChatBytes.equals(text, "<Media omitted>") || ChatBytes.equals(text, "<Medien ausgeschlossen>") { return .media }
        if ChatBytes.equals(text, "This message was deleted") || ChatBytes.equals(text, "You deleted this message") {
            return .recalled
        }
        if ChatBytes.hasPrefix(text, "image omitted") { return .image }
        if ChatBytes.hasPrefix(text, "video omitted") || ChatBytes.hasPrefix(text, "GIF omitted") { return .video }
        if ChatBytes.hasPrefix(text, "audio omitted") { return .voice }
        if ChatBytes.hasPrefix(text, "sticker omitted") { return .sticker }
        if ChatBytes.hasPrefix(text, "document omitted") { return .file }
        if let name = attachmentName(text) { return attachmentKind(name) }
        return .text
    }

    /// The file name of an attachment marker: `<attached: NAME>`, `NAME (file attached)`,
    /// `NAME <attached>`, `NAME (Datei angehängt)`; nil for a message that is no attachment.
    static func attachmentName(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        let firstLineEnd = text.firstIndex(of: 0x0A) ?? text.count
        let line = ChatBytes.removingLeftToRightMarks(UnsafeBufferPointer(rebasing: text[0..<firstLineEnd]))
        let trimmed = line.trimmingSpaces()
        if trimmed.hasPrefix("<"), trimmed.hasSuffix(">"), let colon = trimmed.firstIndex(of: ":") {
            let label = trimmed[trimmed.index(after: trimmed.startIndex)..<colon].trimmingSpaces()
            if label == "attached" {
                let name = trimmed[trimmed.index(after: colon)..<trimmed.index(before: trimmed.endIndex)]
                return name.trimmingSpaces()
            }
        }
        for marker in [" (file attached)", " <attached>", " (Datei angehängt)"] where trimmed.hasSuffix(marker) {
            return String(trimmed.dropLast(marker.count)).trimmingSpaces()
        }
        return nil
    }

    private static func attachmentKind(_ name: String) -> ChatMessageKind {
        let upper = name.uppercased()
        if upper.contains("STICKER") || upper.hasSuffix(".WEBP") { return .sticker }
        for ext in [".JPG", ".JPEG", ".PNG", ".HEIC", ".GIF"] where upper.hasSuffix(ext) { return .image }
        for ext in [".MP4", ".MOV", ".3GP"] where upper.hasSuffix(ext) { return .video }
        for ext in [".OPUS", ".OGG", ".M4A", ".AAC", ".MP3"] where upper.hasSuffix(ext) { return .voice }
        return .file
    }

    /// A read position in a header line with the few token matchers the layouts need.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
            index += count
            return true
        }

        func bytesBefore(_ literal: StaticString) -> Bool {
            index > 0 && bytes[index - 1] == literal.utf8Start[0]
        }

        /// Skips spaces, U+00A0 and U+202F; true when at least one was skipped.
        @discardableResult
        mutating func skipSpaces() -> Bool {
            let start = index
            while true {
                if skip(" ") || skip("\u{00A0}") || skip("\u{202F}") || skip("\t") { continue }
                break
            }
            return index > start
        }

        mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
            var value = 0
            var digits = 0
            while index < bytes.count, digits < maxDigits, bytes[index] &- 0x30 < 10 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0, index >= bytes.count || bytes[index] &- 0x30 >= 10 else { return nil }
            return (value, digits)
        }

        mutating func number(exactDigits: Int) -> (value: Int, digits: Int)? {
            guard let parsed = number(maxDigits: exactDigits), parsed.digits == exactDigits else { return nil }
            return parsed
        }

        /// Reads `:ss` after a separator of `offset` bytes; leaves the cursor unchanged on failure.
        mutating func number(exactDigits: Int, after offset: Int) -> Int? {
            let start = index
            index += offset
            if let parsed = number(exactDigits: exactDigits) { return parsed.value }
            index = start
            return nil
        }

        /// `AM`, `pm`, `a.m.`, `p. m.` (any spaces, U+00A0 inside); true for PM. The marker must
        /// not run on into a word, so `a: m` (author `a`) is no marker.
        mutating func meridiem() -> Bool? {
            let start = index
            guard let letter = peek.map({ $0 | 0x20 }), letter == UInt8(ascii: "a") || letter == UInt8(ascii: "p") else {
                return nil
            }
            index += 1
            _ = skip(".")
            skipSpaces()
            guard let m = peek, m | 0x20 == UInt8(ascii: "m") else {
                index = start
                return nil
            }
            index += 1
            _ = skip(".")
            if let next = peek, (next | 0x20) >= UInt8(ascii: "a"), (next | 0x20) <= UInt8(ascii: "z") {
                index = start
                return nil
            }
            return letter == UInt8(ascii: "p")
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces, U+00A0 and U+200E.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{200E}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

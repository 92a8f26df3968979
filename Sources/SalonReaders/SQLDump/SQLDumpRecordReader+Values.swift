/// The value lexer: one parenthesized row of an INSERT, strings with MySQL escapes, NULL,
/// numbers, hex literals and charset introducers. Works on the input's bytes; a value that lies
/// whole in the buffer becomes a String straight from it, others are gathered in `scratch`.
extension SQLDumpRecordReader {
    enum TupleOutcome {
        case complete
        case tooLong
        case unterminated
        case syntax(String)
    }

    private enum StringOutcome { case complete, tooLong, unterminated }

    private static let comma = UInt8(ascii: ",")
    private static let closing = UInt8(ascii: ")")
    private static let backslash = UInt8(ascii: "\\")
    private static let singleQuote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")

    /// Reads `( value, … )` at the position into `values` and `rowNulls`.
    func parseTuple() throws -> TupleOutcome {
        input.position += 1
        let expected = max(values.count, 4)
        values = []
        values.reserveCapacity(expected)
        rowNulls.removeAll(keepingCapacity: true)
        var tooLong = false
        while true {
            switch fastValues() {
            case .closed: return tooLong ? .tooLong : .complete
            case .needSeparator: break
            case .needValue:
                guard try skipSpaces() else { return .syntax("the file ends inside a row") }
                let byte = input.buffer[input.position]
                if byte == Self.closing, values.isEmpty {
                    input.position += 1
                    return .complete
                }
                if byte == Self.singleQuote || byte == Self.doubleQuote {
                    switch try readString(binary: false) {
                    case .complete: break
                    case .tooLong: tooLong = true
                    case .unterminated: return .unterminated
                    }
                } else if byte == UInt8(ascii: "_") {
                    // _binary'…', _utf8mb4'…', _latin1 0x…: the introducer names a charset.
                    let introducer = try readWord()
                    guard try skipSpaces() else { return .syntax("the file ends inside a row") }
                    let next = input.buffer[input.position]
                    if next == Self.singleQuote || next == Self.doubleQuote {
                        switch try readString(binary: introducer.lowercased() == "_binary") {
                        case .complete: break
                        case .tooLong: tooLong = true
                        case .unterminated: return .unterminated
                        }
                    } else {
                        let token = try readToken()
                        guard !token.isEmpty else { return .syntax("\(introducer) is followed by no value") }
                        values.append(token)
                    }
                } else {
                    let token = try readToken()
                    guard !token.isEmpty else {
                        return .syntax("unexpected \"\(String(decoding: [byte], as: UTF8.self))\" where a value should be")
                    }
                    if token.utf8.count == 4, token.uppercased() == "NULL" {
                        rowNulls.append(values.count)
                        values.append("")
                    } else {
                        values.append(token)
                    }
                }
            }
            guard try skipSpaces() else { return .syntax("the file ends inside a row") }
            let separator = input.buffer[input.position]
            input.position += 1
            if separator == Self.comma { continue }
            if separator == Self.closing { return tooLong ? .tooLong : .complete }
            return .syntax("expected \",\" or \")\" after value \(values.count)")
        }
    }

    private enum FastOutcome {
        /// The row's `)` was consumed.
        case closed
        /// The position is at a value the fast path does not take (escapes, introducers, the
        /// buffer's end): the general code reads it.
        case needValue
        /// A value was read; its separator lies past the buffer's end.
        case needSeparator
    }

    /// Reads the plain values that lie whole in the buffer (strings without escapes, numbers,
    /// NULL) and their separators with local copies of the buffer state: most rows of a dump are
    /// only such values, and going through the input object per byte cost a third of the time.
    private func fastValues() -> FastOutcome {
        let bytes = input.buffer
        let end = input.count
        var index = input.position
        // The row's arrays are moved into locals (and back on return): appending to the stored
        // properties directly paid a dynamic exclusivity check per value.
        var values = self.values
        var rowNulls = self.rowNulls
        self.values = []
        self.rowNulls = []
        defer {
            input.position = index
            self.values = values
            self.rowNulls = rowNulls
        }
        let limit = maxValueBytes
        while true {
            while index < end, SQLDumpLexing.isSpace(bytes[index]) { index += 1 }
            guard index < end else { return .needValue }
            let start = index
            let first = bytes[start]
            if first == Self.singleQuote {
                var cursor = start + 1
                while cursor < end {
                    let byte = bytes[cursor]
                    if byte == Self.singleQuote || byte == Self.backslash { break }
                    cursor += 1
                }
                guard cursor + 1 < end, bytes[cursor] == Self.singleQuote, bytes[cursor + 1] != Self.singleQuote,
                    cursor - start - 1 <= limit
                else { return .needValue }
                values.append(String(decoding: UnsafeBufferPointer(start: bytes + start + 1, count: cursor - start - 1), as: UTF8.self))
                index = cursor + 1
            } else if first &- UInt8(ascii: "0") < 10 || first == UInt8(ascii: "-") || first == UInt8(ascii: "N") {
                var cursor = start
                while cursor < end {
                    let byte = bytes[cursor]
                    if byte == Self.comma || byte == Self.closing || SQLDumpLexing.isSpace(byte) { break }
                    if byte == Self.singleQuote || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ";") { return .needValue }
                    cursor += 1
                }
                guard cursor < end, cursor > start else { return .needValue }
                if cursor - start == 4, first == UInt8(ascii: "N"), bytes[start + 1] == UInt8(ascii: "U"),
                    bytes[start + 2] == UInt8(ascii: "L"), bytes[start + 3] == UInt8(ascii: "L")
                {
                    rowNulls.append(values.count)
                    values.append("")
                } else {
                    values.append(String(decoding: UnsafeBufferPointer(start: bytes + start, count: cursor - start), as: UTF8.self))
                }
                index = cursor
            } else if first == Self.closing, values.isEmpty {
                index += 1
                return .closed
            } else {
                return .needValue
            }
            while index < end, SQLDumpLexing.isSpace(bytes[index]) { index += 1 }
            guard index < end else { return .needSeparator }
            let separator = bytes[index]
            if separator == Self.comma {
                index += 1
            } else if separator == Self.closing {
                index += 1
                return .closed
            } else {
                return .needSeparator
            }
        }
    }

    /// Reads a quoted string at the position (the quote included) and appends its value: escapes
    /// resolved, doubled quotes made single. A value past `maxValueBytes` is read to its end but
    /// not kept (`""` is appended and `.tooLong` returned).
    private func readString(binary: Bool) throws -> StringOutcome {
        let quote = input.buffer[input.position]
        input.position += 1
        scratch.removeAll(keepingCapacity: true)
        var inScratch = false
        var length = 0
        var tooLong = false
        while true {
            let bytes = input.buffer
            let end = input.count
            let start = input.position
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == quote || byte == Self.backslash { break }
                index += 1
            }
            let segment = UnsafeBufferPointer(start: bytes + start, count: index - start)
            length += segment.count
            if length > maxValueBytes { tooLong = true }
            if index == end {
                if !tooLong { scratch.append(contentsOf: segment) }
                inScratch = true
                input.position = index
                guard try more() else { return .unterminated }
                continue
            }
            if bytes[index] == Self.backslash {
                if !tooLong { scratch.append(contentsOf: segment) }
                inScratch = true
                input.position = index
                guard try available(2) else { return .unterminated }
                let (value, keepBackslash) = SQLDumpLexing.unescape(input.buffer[input.position + 1])
                length += keepBackslash ? 2 : 1
                if length > maxValueBytes { tooLong = true }
                if !tooLong {
                    if keepBackslash { scratch.append(Self.backslash) }
                    scratch.append(value)
                }
                input.position += 2
                continue
            }
            // A quote: doubled means a literal quote, else the string ends. Peeking past the
            // buffer's end refills, so the segment is saved first.
            var segmentSaved = false
            if index + 1 >= end {
                if !tooLong { scratch.append(contentsOf: segment) }
                inScratch = true
                segmentSaved = true
                input.position = index
                _ = try more()
            } else {
                input.position = index
            }
            if input.position + 1 < input.count, input.buffer[input.position + 1] == quote {
                if !segmentSaved, !tooLong { scratch.append(contentsOf: segment) }
                inScratch = true
                length += 1
                if length > maxValueBytes { tooLong = true }
                if !tooLong { scratch.append(quote) }
                input.position += 2
                continue
            }
            input.position += 1
            if tooLong {
                values.append("")
                return .tooLong
            }
            if inScratch {
                if !segmentSaved { scratch.append(contentsOf: segment) }
                values.append(scratch.withUnsafeBufferPointer { Self.text($0, binary: binary) })
            } else {
                values.append(Self.text(segment, binary: binary))
            }
            return .complete
        }
    }

    /// Text of a string value. A `_binary` value that is not valid UTF-8 (an image, a hash) comes
    /// back as a `0x…` hex literal rather than with its bytes replaced by U+FFFD.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, binary: Bool) -> String {
        if binary, let valid = String(validating: bytes, as: UTF8.self) { return valid }
        if !binary { return String(decoding: bytes, as: UTF8.self) }
        let digits = Array("0123456789ABCDEF".utf8)
        var hex: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        hex.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// An unquoted value as written: a number (`-12.5`, `1e3`), `0x4142`, `NULL`, or `X'41'`.
    func readToken() throws -> String {
        // Fast path: a plain token (number, NULL) that ends inside the buffer.
        let bytes = input.buffer
        let start = input.position
        var index = start
        while index < input.count {
            let byte = bytes[index]
            if byte == Self.comma || byte == Self.closing || SQLDumpLexing.isSpace(byte) {
                input.position = index
                return String(decoding: UnsafeBufferPointer(start: bytes + start, count: index - start), as: UTF8.self)
            }
            if byte == Self.singleQuote || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ";") { break }
            index += 1
        }
        return try readRun { byte, soFar in
            // X'41' and B'01' keep their quotes: inside them every byte belongs to the token.
            let quote = Self.singleQuote
            if soFar.count >= 2, soFar[1] == quote, soFar.count == 2 || soFar.last != quote { return true }
            if byte == quote { return soFar.count == 1 && "xXbB".utf8.contains(soFar[0]) }
            return !(byte == Self.comma || byte == Self.closing || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ";")
                || SQLDumpLexing.isSpace(byte))
        }
    }

    /// A bare word (letters, digits, `_`, `$`), e.g. a keyword or an introducer.
    func readWord() throws -> String {
        try readRun { byte, _ in SQLDumpLexing.isWordByte(byte) }
    }

    /// A backquoted or double-quoted identifier (doubled quotes inside), or a bare word; nil
    /// when neither is at the position.
    func readIdentifier() throws -> String? {
        guard try skipSpaces() else { return nil }
        let quote = input.buffer[input.position]
        guard quote == UInt8(ascii: "`") || quote == Self.doubleQuote else {
            let word = try readWord()
            return word.isEmpty ? nil : word
        }
        input.position += 1
        var name: [UInt8] = []
        while try available(1) {
            let byte = input.buffer[input.position]
            input.position += 1
            if byte == quote {
                guard try available(1), input.buffer[input.position] == quote else { break }
                input.position += 1
            }
            name.append(byte)
            if name.count > 1024 { break }
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// The bytes from the position while `accept(byte, bytesSoFar)` holds (at most 1 MiB).
    private func readRun(_ accept: (UInt8, [UInt8]) -> Bool) throws -> String {
        scratch.removeAll(keepingCapacity: true)
        while try available(1), scratch.count < 1 << 20 {
            let byte = input.buffer[input.position]
            guard accept(byte, scratch) else { break }
            scratch.append(byte)
            input.position += 1
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}

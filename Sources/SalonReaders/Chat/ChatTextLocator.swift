#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-reads messages of a text chat export (`wechat-txt`, `whatsapp-txt`) for the validators'
/// sample re-check, in one forward pass and independently of `ChatRecordReader`: physical lines
/// are read plainly, and a message is its first line plus the lines up to the next line that
/// starts like a message header (a date). Ask for messages in line order.
public final class ChatTextLocator {
    private let file: UnsafeMutablePointer<FILE>
    private var stream: CSVRecordLocator.DecodedStream
    /// The physical line number of `lookahead`.
    private var line = 0
    private var lookahead: String?

    /// - Throws: `SalonError(.io)` if the file cannot be opened, `.decoding` if its encoding is unknown.
    public init(path: String, encoding: TextEncoding?) throws {
        file = try CSVInputFile.open(path)
        let detection = CSVInputFile.settleEncoding(file, given: encoding)
        do {
            stream = try CSVRecordLocator.DecodedStream(file: file, decoder: TextDecoder(encoding: detection.encoding))
        } catch {
            fclose(file)
            throw error
        }
    }

    deinit { fclose(file) }

    /// The lines of the message whose first line is physical line `target`, trailing blank lines
    /// dropped; nil when the file has no such line.
    public func message(line target: Int) throws -> [String]? {
        while line < target {
            guard try advance() else { return nil }
        }
        guard line == target, let first = lookahead else { return nil }
        var lines = [first]
        while try advance(), let next = lookahead, !Self.looksLikeHeader(next) {
            lines.append(next)
        }
        while let last = lines.last, lines.count > 1, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines
    }

    /// Reads the next physical line into `lookahead`; false at the end of the file.
    private func advance() throws -> Bool {
        var bytes: [UInt8] = []
        var sawAny = false
        while let byte = try stream.next() {
            sawAny = true
            if byte == 0x0A { break }
            if byte == 0x0D {
                if try stream.peek() == 0x0A { _ = try stream.next() }
                break
            }
            bytes.append(byte)
        }
        guard sawAny else {
            lookahead = nil
            line += 1
            return false
        }
        line += 1
        lookahead = String(decoding: bytes, as: UTF8.self)
        return true
    }

    /// A line that opens with a date and a time: digits, a separator (- / .), digits, a
    /// separator, digits, then (after spaces or a comma) digits, `:`, digits; optionally inside
    /// `[` as WhatsApp writes it.
    static func looksLikeHeader(_ line: String) -> Bool {
        var scalars = Substring(line).unicodeScalars[...]
        if scalars.first == "[" { scalars = scalars.dropFirst() }
        func digits() -> Bool {
            let count = scalars.prefix(while: { ("0"..."9").contains($0) }).count
            scalars = scalars.dropFirst(count)
            return count > 0
        }
        func separator() -> Bool {
            guard let first = scalars.first, first == "-" || first == "/" || first == "." else { return false }
            scalars = scalars.dropFirst()
            return true
        }
        guard digits() && separator() && digits() && separator() && digits() else { return false }
        scalars = scalars.drop(while: { $0 == " " || $0 == "," || $0 == "\u{202F}" })
        guard digits(), scalars.first == ":" else { return false }
        scalars = scalars.dropFirst()
        return digits()
    }
}

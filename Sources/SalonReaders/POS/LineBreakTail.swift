#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks at the last bytes of a file to tell whether it ends with a line break, in the file's
/// encoding, without reading the rest. Anything after the last break, even spaces, is a line the
/// CSV reader would turn into a record, so it counts as a cut line.
enum LineBreakTail {
    /// - Returns: true for a file that ends with CR or LF (or is empty, or holds only a byte
    ///   order mark); false when its last line has no terminator.
    static func endsWithLineBreak(path: String, encoding: TextEncoding, bomLength: Int) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        fseeko(file, 0, SEEK_END)
        let size = Int64(ftello(file))
        let unit = encoding.codeUnitSize
        let tailLength = Int(min(max(size - Int64(bomLength), 0), 4)) / unit * unit
        guard tailLength > 0 else { return true }
        fseeko(file, off_t(size - Int64(tailLength)), SEEK_SET)
        var tail = [UInt8](repeating: 0, count: tailLength)
        guard tail.withUnsafeMutableBytes({ fread($0.baseAddress, 1, tailLength, file) }) == tailLength else { return false }
        let last = encoding.codeUnit(tail, at: tailLength - unit)
        return last == 0x0A || last == 0x0D
    }
}

extension TextEncoding {
    /// Bytes per code unit: line breaks are one unit in every encoding we read.
    var codeUnitSize: Int {
        switch self {
        case .utf16LE, .utf16BE: 2
        case .utf32LE, .utf32BE: 4
        case .utf8, .gb18030, .big5, .windows1252: 1
        }
    }

    /// The code unit starting at `offset` as an integer. In GB18030 and Big5, CR, LF, space and
    /// tab are never trail bytes, so a single byte is enough there.
    func codeUnit(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        switch self {
        case .utf16LE: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
        case .utf16BE: UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1])
        case .utf32LE:
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        case .utf32BE:
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        case .utf8, .gb18030, .big5, .windows1252: UInt32(bytes[offset])
        }
    }
}

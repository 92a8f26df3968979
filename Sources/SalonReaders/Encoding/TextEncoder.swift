import CSalonICU

/// Encodes text into one of the supported encodings. The pipeline only reads legacy encodings;
/// this exists for `generate` and tests, which must write GB18030, Big5 and UTF-16 files.
public enum TextEncoder {
    /// Converts `text` (`salon_encode_utf8`, ICU `ucnv_convert`). No byte order mark is added.
    /// - Throws: `SalonError(.decoding)` when ICU cannot convert.
    public static func encode(_ text: String, as encoding: TextEncoding) throws -> [UInt8] {
        let utf8 = Array(text.utf8)
        if encoding == .utf8 { return utf8 }
        let name = encoding.converterName
        var capacity = utf8.count * 2 + 16
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = 0
            let status = output.withUnsafeMutableBufferPointer { out in
                salon_encode_utf8(name, utf8, utf8.count, out.baseAddress, capacity, &length)
            }
            if status == SALON_DECODER_OK, length <= capacity {
                output.removeSubrange(length...)
                return output
            }
            guard length > capacity else {
                throw SalonError(.decoding, "cannot encode text as \(encoding.rawValue) (code \(status))")
            }
            capacity = length
        }
    }
}

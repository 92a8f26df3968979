import CSalonICU

/// Owns one `salon_decoder` (ICU converter or UTF-8 validator) and frees it in deinit. Decodes a
/// stream chunk by chunk to UTF-8, keeping characters cut by chunk boundaries intact.
final class TextDecoder {
    private let handle: OpaquePointer
    let encoding: TextEncoding

    /// Opens a decoder (`salon_decoder_open`).
    /// - Throws: `SalonError(.decoding)` when ICU does not know the converter.
    init(encoding: TextEncoding) throws {
        var error: Int32 = 0
        guard let handle = salon_decoder_open(encoding.converterName, &error) else {
            throw SalonError(.decoding, "cannot open a decoder for \(encoding.rawValue) (code \(error))")
        }
        self.handle = handle
        self.encoding = encoding
    }

    deinit { salon_decoder_close(handle) }

    /// Decodes one chunk (`salon_decoder_decode`) and hands the UTF-8 output and the offsets of
    /// illegal sequences in it to `body`; both are valid only during the call.
    /// - Throws: `SalonError(.decoding)` on an ICU failure other than an illegal sequence.
    func decode<R>(
        _ input: UnsafeRawBufferPointer, flush: Bool,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) throws -> R
    ) throws -> R {
        var out: UnsafePointer<UInt8>?
        var outLength = 0
        var icuError: Int32 = 0
        let status = salon_decoder_decode(
            handle, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, flush ? 1 : 0,
            &out, &outLength, &icuError)
        guard status == SALON_DECODER_OK else {
            throw SalonError(.decoding, "decoding \(encoding.rawValue) failed (code \(status), ICU \(icuError))")
        }
        let errorCount = salon_decoder_error_count(handle)
        let offsets = salon_decoder_error_offsets(handle)
        return try body(
            UnsafeBufferPointer(start: out, count: outLength),
            UnsafeBufferPointer(start: errorCount > 0 ? offsets : nil, count: errorCount))
    }

    /// Decodes a whole small byte array; for detection, tests and the record locator.
    func decodeAll(_ bytes: [UInt8]) throws -> (text: [UInt8], errors: [Int]) {
        var text: [UInt8] = []
        var errors: [Int] = []
        for (chunk, flush) in [(bytes, false), ([], true)] {
            try chunk.withUnsafeBytes { raw in
                try decode(raw, flush: flush) { out, errs in
                    errors.append(contentsOf: errs.map { $0 + text.count })
                    text.append(contentsOf: out)
                }
            }
        }
        return (text, errors)
    }
}

import CSalonXML

/// Walks a small XML part held in memory (`salon_xlsx_part_*`): elements, their ends and texts.
/// Owns the C handle and frees it in `deinit`.
final class XLSXPartReader {
    enum Event {
        case element(name: String, depth: Int)
        case end(name: String, depth: Int)
        case text(String)
    }

    let part: String
    private let bytes: [UInt8]
    private let handle: OpaquePointer

    /// Opens the part (`salon_xlsx_part_open`).
    init(part: String, bytes: [UInt8]) throws {
        self.part = part
        self.bytes = bytes
        let opened = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    salon_xlsx_part_open($0, Int32(clamping: buffer.count))
                }
            } ?? salon_xlsx_part_open("", 0)
        }
        guard let opened else { throw SalonError(.internalError, "out of memory reading \(part)") }
        handle = opened
    }

    deinit {
        salon_xlsx_part_close(handle)
    }

    /// The next node, nil at the end of the part (`salon_xlsx_part_next`).
    /// - Throws: `SpreadsheetMLFailure` for a DOCTYPE or malformed XML, naming the part.
    func next() throws -> Event? {
        // `bytes` stays alive as long as the reader: libxml2 reads it in place.
        let status = withExtendedLifetime(bytes) { salon_xlsx_part_next(handle) }
        switch status {
        case Int32(SALON_XLSX_END): return nil
        case Int32(SALON_XLSX_ELEMENT):
            return .element(name: String(cString: salon_xlsx_part_name(handle)), depth: Int(salon_xlsx_part_depth(handle)))
        case Int32(SALON_XLSX_ELEMENT_END):
            return .end(name: String(cString: salon_xlsx_part_name(handle)), depth: Int(salon_xlsx_part_depth(handle)))
        case Int32(SALON_XLSX_TEXT): return .text(String(cString: salon_xlsx_part_text(handle)))
        case Int32(SALON_XLSX_DOCTYPE):
            return try fail(.doctypeForbidden)
        default:
            return try fail(.malformed)
        }
    }

    /// An attribute of the element just returned, by local name (`salon_xlsx_part_attribute`).
    func attribute(_ name: String) -> String? {
        salon_xlsx_part_attribute(handle, name).map { String(cString: $0) }
    }

    private func fail(_ kind: SpreadsheetMLFailure.Kind) throws -> Event? {
        let detail = PIIMask.text(String(cString: salon_xlsx_part_error_message(handle)))
        throw SpreadsheetMLFailure(kind: kind, detail: "\(part): \(detail)", line: Int(salon_xlsx_part_error_line(handle)))
    }
}

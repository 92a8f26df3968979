import CSalonXML
import Foundation
import ZIPFoundation

/// One zip entry inflated on a producer thread as the parser asks for bytes, under the file's
/// inflation budget. The producer opens its own `Archive` (its own file handle), so nothing
/// non-Sendable crosses threads.
final class XLSXEntryStream {
    let part: String
    private let channel = XLSXChunkChannel()
    private var chunk = Data()
    private var chunkOffset = 0
    /// Inflated bytes handed to the parser so far.
    private(set) var bytesDelivered: Int64 = 0
    /// Why the stream failed, once it has.
    private(set) var failure: (any Error)?

    init(url: URL, part: String, compressedSize: Int64, budget: XLSXInflationBudget) {
        self.part = part
        let channel = self.channel
        let thread = Thread {
            do {
                let archive = try Archive(url: url, accessMode: .read)
                guard let entry = archive[part] else { throw XLSXFailure.missingPart(part) }
                var inflated: Int64 = 0
                _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
                    inflated += Int64(data.count)
                    try budget.consume(data.count, entryInflated: inflated, compressedSize: compressedSize, part: part)
                    try channel.put(data)
                }
                channel.finish(nil)
            } catch let failure as XLSXFailure {
                channel.finish(failure)
            } catch is CancellationError {
                channel.finish(nil)
            } catch {
                channel.finish(XLSXFailure.corrupt(part, cause: error))
            }
        }
        thread.name = "xlsx-inflate"
        thread.start()
    }

    deinit {
        channel.cancel()
    }

    /// Copies up to `length` bytes into `buffer` for libxml2; 0 at the end, -1 on failure.
    func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
        if failure != nil { return -1 }
        while chunkOffset >= chunk.count {
            do {
                guard let next = try channel.take() else { return 0 }
                chunk = next
                chunkOffset = 0
            } catch {
                failure = error
                return -1
            }
        }
        let count = min(length, chunk.count - chunkOffset)
        chunk.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + chunkOffset, byteCount: count)
        }
        chunkOffset += count
        bytesDelivered += Int64(count)
        return Int32(count)
    }

    /// The C callback handed to `salon_xlsx_sheet_open`; its context is an unretained stream.
    static let readCallback: salon_xlsx_read_fn = { context, buffer, length in
        guard let context, let buffer else { return -1 }
        return Unmanaged<XLSXEntryStream>.fromOpaque(context).takeUnretainedValue().read(into: buffer, length: Int(length))
    }
}

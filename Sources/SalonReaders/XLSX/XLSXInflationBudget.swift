import Foundation

/// Counts the bytes inflated from one workbook file and stops inflation past the limits. Sheets
/// inflate on a producer thread while the main thread may inflate other parts, so it locks.
final class XLSXInflationBudget: @unchecked Sendable {
    let limits: XLSXLimits
    private let lock = NSLock()
    private var total: Int64 = 0

    init(limits: XLSXLimits) {
        self.limits = limits
    }

    /// Adds `count` freshly inflated bytes of one entry.
    /// - Parameters:
    ///   - entryInflated: the entry's inflated bytes so far, including `count`.
    ///   - compressedSize: the entry's compressed size, which bounds what the inflater can read.
    /// - Throws: `XLSXFailure.zipBomb` past the total or the ratio limit.
    func consume(_ count: Int, entryInflated: Int64, compressedSize: Int64, part: String) throws {
        lock.lock()
        total += Int64(count)
        let sum = total
        lock.unlock()
        if sum > limits.maxTotalBytes {
            throw XLSXFailure.zipBomb("inflating \(part) passed \(limits.maxTotalBytes) uncompressed bytes for the file")
        }
        if entryInflated > limits.ratioGraceBytes,
            entryInflated / max(compressedSize, 1) > limits.maxCompressionRatio
        {
            throw XLSXFailure.zipBomb(
                "\(part) inflated \(entryInflated) bytes from \(compressedSize) compressed bytes, more than "
                    + "\(limits.maxCompressionRatio) times")
        }
    }
}

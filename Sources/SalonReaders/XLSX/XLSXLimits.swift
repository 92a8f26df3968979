/// Bounds on what reading one workbook may inflate. They are checked against the bytes actually
/// inflated, never against the sizes the archive declares (a hostile archive can lie about those).
public struct XLSXLimits: Sendable {
    /// Uncompressed bytes over all entries read from the file.
    public var maxTotalBytes: Int64
    /// Inflated bytes per compressed byte of one entry. Sheet XML compresses 5–30×; a zip bomb
    /// compresses hundreds or thousands of times.
    public var maxCompressionRatio: Int64
    /// An entry may exceed the ratio while it is this small (tiny parts compress oddly well).
    public var ratioGraceBytes: Int64
    /// Entries in the archive.
    public var maxEntries: Int
    /// Uncompressed size of the shared strings part, the one table held in memory.
    public var maxSharedStringsBytes: Int64

    public init(
        maxTotalBytes: Int64 = 2 << 30, maxCompressionRatio: Int64 = 200, ratioGraceBytes: Int64 = 1 << 20,
        maxEntries: Int = 10_000, maxSharedStringsBytes: Int64 = 256 << 20
    ) {
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maxEntries = maxEntries
        self.maxSharedStringsBytes = maxSharedStringsBytes
    }
}

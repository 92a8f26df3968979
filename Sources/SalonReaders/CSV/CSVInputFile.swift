#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a CSV source and settling its encoding: shared by the streaming reader and the record
/// locator so both decode a file the same way.
enum CSVInputFile {
    /// Opens `path` for reading (`fopen`).
    /// - Throws: `SalonError(.io)` when the file cannot be opened.
    static func open(_ path: String) throws -> UnsafeMutablePointer<FILE> {
        guard let file = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw SalonError(.io, "cannot open the file: \(reason)", location: path, fix: "check the path in the pipeline file")
        }
        return file
    }

    /// The file's size in bytes (`fseeko`/`ftello`); leaves the position at the start.
    static func size(_ file: UnsafeMutablePointer<FILE>) -> Int64 {
        fseeko(file, 0, SEEK_END)
        let size = Int64(ftello(file))
        fseeko(file, 0, SEEK_SET)
        return max(size, 0)
    }

    /// Reads the detection sample from the start, decides the encoding (given or detected), and
    /// leaves `file` positioned after the byte order mark, if any.
    static func settleEncoding(_ file: UnsafeMutablePointer<FILE>, given: TextEncoding?) -> EncodingDetection {
        var sample = [UInt8](repeating: 0, count: EncodingDetector.sampleSize)
        let sampleCount = sample.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        sample.removeSubrange(sampleCount...)
        var detection: EncodingDetection
        if let given {
            let bom = given.byteOrderMark
            let hasBOM = !bom.isEmpty && sample.starts(with: bom)
            detection = EncodingDetection(encoding: given, confidence: 1, hasBOM: hasBOM, reason: "given by the pipeline")
        } else {
            detection = EncodingDetector.detect(sample: sample)
        }
        fseeko(file, off_t(detection.hasBOM ? detection.encoding.byteOrderMark.count : 0), SEEK_SET)
        return detection
    }
}

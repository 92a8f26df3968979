import Foundation
import ZIPFoundation

/// The zip container of an xlsx file, read with ZIPFoundation: checked for what it is (zip,
/// encrypted OLE file, something else) and for the entry count, with small parts read whole under
/// the inflation budget.
final class XLSXArchive {
    let url: URL
    let budget: XLSXInflationBudget
    private let archive: Archive

    /// First bytes of a zip file (a local file header).
    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// First bytes of an OLE compound file: password-protected xlsx files and legacy .xls files.
    static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// - Throws: `XLSXFailure` when the file is not a zip, is encrypted, is truncated or holds too
    ///   many entries; `SalonError.io` when it cannot be read at all.
    init(path: String, budget: XLSXInflationBudget) throws {
        url = URL(fileURLWithPath: path)
        self.budget = budget
        let head = try Self.head(path: path, count: 8)
        if head.starts(with: Self.compoundFileMagic) {
            throw Self.compoundFileFailure(path: path)
        }
        guard head.starts(with: Self.zipMagic) else {
            throw XLSXFailure.notAWorkbook("the file is not a zip archive, so it is not an .xlsx workbook")
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw XLSXFailure.notAWorkbook("the zip archive is truncated or damaged (its central directory is unreadable)")
        }
        var count = 0
        for _ in archive {
            count += 1
            if count > budget.limits.maxEntries {
                throw XLSXFailure(
                    code: .xlsxTooManyEntries,
                    message: "the archive holds more than \(budget.limits.maxEntries) entries; no workbook has that many",
                    fix: "check where the file came from")
            }
        }
    }

    /// Whether the archive holds this entry.
    func contains(_ part: String) -> Bool { archive[part] != nil }

    /// Compressed and declared uncompressed size of an entry.
    func sizes(of part: String) -> (compressed: Int64, uncompressed: Int64)? {
        guard let entry = archive[part] else { return nil }
        return (Int64(clamping: entry.compressedSize), Int64(clamping: entry.uncompressedSize))
    }

    /// Inflates a small part whole (workbook, relationships, styles, shared strings).
    /// - Parameter maxBytes: a cap below the budget's for this part; past it `tooLarge` is thrown.
    /// - Returns: nil when the archive has no such entry.
    func read(_ part: String, maxBytes: Int64, tooLarge: @autoclosure () -> XLSXFailure) throws -> [UInt8]? {
        guard let entry = archive[part], entry.type == .file else { return nil }
        let compressed = Int64(clamping: entry.compressedSize)
        if Int64(clamping: entry.uncompressedSize) > maxBytes { throw tooLarge() }
        var bytes: [UInt8] = []
        var inflated: Int64 = 0
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
                inflated += Int64(data.count)
                if inflated > maxBytes { throw tooLarge() }
                try budget.consume(data.count, entryInflated: inflated, compressedSize: compressed, part: part)
                bytes.append(contentsOf: data)
            }
        } catch let failure as XLSXFailure {
            throw failure
        } catch {
            throw XLSXFailure.corrupt(part, cause: error)
        }
        return bytes
    }

    private static func head(path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SalonError(.io, "cannot open the workbook", location: path, fix: "check that the file exists and is readable")
        }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }

    /// An OLE compound file is either a password-protected xlsx (its directory names an
    /// "EncryptedPackage" stream) or a legacy .xls; the directory is searched in the first 8 MiB.
    private static func compoundFileFailure(path: String) -> XLSXFailure {
        let marker = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            let bytes = [UInt8]((try? handle.read(upToCount: 8 << 20)) ?? Data())
            if bytes.count >= marker.count,
                (0...(bytes.count - marker.count)).contains(where: { bytes[$0] == marker[0] && bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
            {
                return XLSXFailure(
                    code: .xlsxEncrypted, message: "the workbook is password-protected (encrypted); it cannot be read",
                    fix: "open it in Excel with the password, remove the password (File > Info > Protect Workbook) and save again")
            }
        }
        return XLSXFailure.notAWorkbook("this is a legacy Excel 97–2003 .xls file (an OLE compound file), not .xlsx")
    }
}

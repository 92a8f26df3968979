import Foundation
import SalonCore
import SalonReaders

/// `salon-etl inspect FILE`: sniffs a file and prints a `sources:` entry ready to paste into a
/// pipeline file.
public enum Inspector {
    /// - Parameters:
    ///   - path: the file to inspect.
    ///   - pipelineDirectory: the folder of the pipeline the entry will be pasted into; the entry's
    ///     path is written relative to it, since pipelines resolve paths against their own folder.
    public static func describe(path: String, pipelineDirectory: String) throws -> String {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SalonError(.io, "cannot read the file", location: path, fix: "check the path")
        }
        let relative = SourceFiles.displayPath(URL(fileURLWithPath: path).standardized.path, base: pipelineDirectory)
        let store = guessStore(path: path)
        let baseID = sourceID(for: path, store: store)
        var lines: [String] = []
        if XLSXSniffer.isXLSX(path: path) {
            let layout = try XLSXSniffer.sniff(path: path, options: XLSXReadOptions(sourceID: baseID))
            lines += workbookEntries(
                layout, kind: "Excel workbook (xlsx)", format: "xlsx", relative: relative, id: baseID, store: store)
        } else if SpreadsheetMLSniffer.isSpreadsheetML(path: path) {
            let layout = try SpreadsheetMLSniffer.sniff(path: path, options: SpreadsheetMLReadOptions(sourceID: baseID))
            lines += workbookEntries(
                layout, kind: "Excel 2003 XML (SpreadsheetML)", format: "spreadsheetml", relative: relative, id: baseID,
                store: store)
        } else if let chat = ChatSniffer.detect(path: path) {
            lines += chatEntry(format: chat, relative: relative, id: baseID, store: store)
        } else if SQLDumpSniffer.looksLikeSQLDump(path: path) {
            lines += try sqlDumpEntries(path: path, relative: relative, id: baseID, store: store)
        } else if startsWith(path: path, text: "微信支付账单明细") {
            lines += wechatPayEntry(relative: relative, id: baseID, store: store)
        } else if looksLikeXML(path: path) {
            throw SalonError(
                .unsupported, "this is an XML file but not Excel 2003 XML (SpreadsheetML), or it declares a DOCTYPE, which is refused",
                location: relative,
                fix: "save the workbook from Excel as \"XML Spreadsheet 2003\" or as CSV; DTDs and entities are never read")
        } else {
            let layout = try CSVSniffer.sniff(path: path, options: CSVReadOptions(sourceID: baseID))
            if ReceiptColumnGuesser.looksLikeReceipts(columns: layout.columns) {
                return (lines + posEntry(layout: layout, relative: relative, id: baseID, store: store)).joined(separator: "\n") + "\n"
            }
            // A filled `salon-etl template paper-intake` file: its own headers, so no columns needed.
            if layout.columns.contains(PaperIntakeLayout.paperCardHeader), layout.columns.contains(PaperIntakeLayout.enteredByHeader) {
                lines.append("# \(relative): keyed-in paper cards (salon-etl template paper-intake), \(layout.columns.count) columns; "
                    + "suspected keying errors go to the review queue")
                lines.append("sources:")
                lines.append("  - id: \(baseID)")
                lines.append("    entity: customers")
                lines.append("    store: \(store)")
                lines.append("    read: { format: paper-intake, path: \(yamlQuote(relative)) }")
                return lines.joined(separator: "\n") + "\n"
            }
            let confidence = Int((layout.encoding.confidence * 100).rounded())
            lines.append("# \(relative): CSV, \(layout.encoding.encoding.rawValue) (\(confidence)% sure: \(layout.encoding.reason)), "
                + "delimiter \(DelimiterName.name(layout.delimiter))\(layout.hasSepLine ? " (from a sep= line)" : ""), "
                + "header on line \(layout.headerLine), \(layout.columns.count) columns")
            lines.append("sources:")
            let read = "{ format: csv, path: \(yamlQuote(relative)), encoding: \(layout.encoding.encoding.rawValue), "
                + "delimiter: \(DelimiterName.name(layout.delimiter)), header_row: \(layout.headerLine - (layout.hasSepLine ? 1 : 0)) }"
            lines += entry(id: baseID, store: store, read: read, columns: layout.columns, samples: layout.sampleRows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comment line and `sources:` entries for a workbook; sheets with the same columns (one
    /// per year, say) share one entry.
    static func workbookEntries(
        _ layout: SpreadsheetMLLayout, kind: String, format: String, relative: String, id baseID: String, store: String
    ) -> [String] {
        var lines = ["# \(relative): \(kind), \(layout.sheets.count) sheet(s): "
            + layout.sheets.map { "\($0.name) (header row \($0.headerRow), \($0.columns.count) columns)" }.joined(separator: ", ")]
        lines.append("sources:")
        var groups: [[SheetLayout]] = []
        for sheet in layout.sheets where !sheet.columns.isEmpty {
            if let index = groups.firstIndex(where: { $0[0].columns == sheet.columns }) {
                groups[index].append(sheet)
            } else {
                groups.append([sheet])
            }
        }
        for (offset, group) in groups.enumerated() {
            let id = groups.count > 1 ? "\(baseID)-\(offset + 1)" : baseID
            let sheets = group.map { yamlQuote($0.name) }.joined(separator: ", ")
            // One header_row applies to every listed sheet, so it is printed only when they agree;
            // otherwise each sheet's header is detected on its own, as inspect just did.
            let headerRows = Set(group.map(\.headerRow))
            let headerRow = headerRows.count == 1 ? ", header_row: \(group[0].headerRow)" : ""
            let read = "{ format: \(format), path: \(yamlQuote(relative)), sheets: [\(sheets)]\(headerRow) }"
            lines += entry(id: id, store: store, read: read, columns: group[0].columns, samples: group[0].sampleRows)
        }
        return lines
    }

    /// The file's first 64 bytes, without a UTF-8 byte order mark.
    static func head(of path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 64))
        return head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
    }

    /// Whether the file's first bytes (after a UTF-8 byte order mark) are `text`.
    static func startsWith(path: String, text: String) -> Bool {
        head(of: path).starts(with: Array(text.utf8))
    }

    /// Whether the file starts (after a byte order mark and blanks) with `<`.
    static func looksLikeXML(path: String) -> Bool {
        head(of: path).first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } == UInt8(ascii: "<")
    }

    static func entry(id: String, store: String, read: String, columns: [String], samples: [[String]]) -> [String] {
        let guess = ColumnGuesser.guess(columns: columns)
        var lines = [
            "  - id: \(id)",
            "    entity: customers",
            "    store: \(yamlQuote(store))\(store == "STORE" ? "          # set the store code" : "")",
            "    read: \(read)",
            "    columns:",
        ]
        for (field, headers) in guess.mapped {
            lines.append("      \(field.rawValue): [\(headers.map(yamlQuote).joined(separator: ", "))]")
        }
        if !guess.unmapped.isEmpty {
            lines.append("      # not mapped: \(guess.unmapped.joined(separator: ", "))")
        }
        if let sample = samples.first {
            // Masked: the entry may be pasted into tickets or chats.
            lines.append("    # first row: \(PIIMask.text(sample.joined(separator: " | ")))")
        }
        return lines
    }

    /// A store code from the folder name when it looks like one (SH01, BJ-02), else a placeholder.
    static func guessStore(path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        let looksLikeCode = !folder.isEmpty && folder.count <= 12
            && folder.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }
            && folder.unicodeScalars.contains { ("0"..."9").contains($0) }
        return looksLikeCode ? folder : "STORE"
    }

    static func sourceID(for path: String, store: String) -> String {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let ascii = stem.lowercased().unicodeScalars.map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" }
        var slug = String(ascii).split(separator: "-").joined(separator: "-")
        if slug.isEmpty { slug = "customers" }
        return store == "STORE" ? slug : "\(store.lowercased())-\(slug)"
    }

    /// Quotes a YAML scalar when it has characters YAML would read specially.
    static func yamlQuote(_ text: String) -> String {
        let special = CharacterSet(charactersIn: ":#{}[],&*?|<>=!%@`'\"\\")
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { special.contains($0) }
            || text.first == " " || text.last == " " || text.first == "-"
            || ["true", "false", "yes", "no", "null", "on", "off", "~"].contains(text.lowercased())
            || Double(text) != nil
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// The guesses that turn a file's first rows into a layout: Excel's `sep=` line, the delimiter,
/// the header row among title rows, and unique column names.
enum CSVLayoutDetector {
    static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]

    /// The delimiter named by an Excel `sep=X` first line, if the text starts with one.
    static func sepLineDelimiter(_ text: UnsafeBufferPointer<UInt8>) -> UInt8? {
        let marker = Array("sep=".utf8)
        guard text.count >= 5, zip(marker, text).allSatisfy({ $0 == ($1 | 0x20) || $0 == $1 }) else { return nil }
        let delimiter = text[4]
        guard delimiter != CSVScanner.cr, delimiter != CSVScanner.lf, delimiter != CSVScanner.quote else { return nil }
        guard text.count == 5 || text[5] == CSVScanner.cr || text[5] == CSVScanner.lf else { return nil }
        return delimiter
    }

    /// Picks the candidate that splits the first lines into the most consistent number of cells
    /// (more than one), counting only delimiters outside quotes; comma when none does.
    static func sniffDelimiter(_ text: UnsafeBufferPointer<UInt8>, maxRows: Int = 50) -> UInt8 {
        var best = (delimiter: candidateDelimiters[0], score: 0.0)
        for delimiter in candidateDelimiters {
            let counts = fieldCounts(text, delimiter: delimiter, maxRows: maxRows)
            guard !counts.isEmpty else { continue }
            var frequency: [Int: Int] = [:]
            for count in counts { frequency[count, default: 0] += 1 }
            guard let mode = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), mode.key > 1 else { continue }
            // Consistency first; the cell count breaks ties.
            let score = Double(mode.value) / Double(counts.count) * 1000 + Double(min(mode.key, 999))
            if score > best.score { best = (delimiter, score) }
        }
        return best.delimiter
    }

    /// Cells per non-blank row for the first `maxRows` rows, quote-aware.
    private static func fieldCounts(_ text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, maxRows: Int) -> [Int] {
        var counts: [Int] = []
        var fields = 1
        var rowLength = 0
        var inQuotes = false
        var previous: UInt8 = CSVScanner.lf
        for byte in text {
            defer { previous = byte }
            if inQuotes {
                if byte == CSVScanner.quote { inQuotes = false }
                continue
            }
            if byte == CSVScanner.quote, previous == delimiter || previous == CSVScanner.lf || previous == CSVScanner.cr {
                inQuotes = true
                rowLength += 1
            } else if byte == CSVScanner.lf || byte == CSVScanner.cr {
                if rowLength > 0 { counts.append(fields) }
                if counts.count == maxRows { return counts }
                fields = 1
                rowLength = 0
            } else {
                if byte == delimiter { fields += 1 }
                rowLength += 1
            }
        }
        // A last row without a terminator may be cut by the end of the prefix; it counts only
        // when it is the only row (a one-line file).
        if rowLength > 0, counts.isEmpty { counts.append(fields) }
        return counts
    }

    /// Index of the header among `rows`: the first non-blank row whose distinct non-empty cells
    /// number at least half the usual row width. Title rows ("2023年客户档案 导出时间…") have one
    /// or two filled cells and are passed over.
    static func headerIndex(_ rows: [CSVScanner.Row]) -> Int? {
        let candidates = rows.indices.filter { !rows[$0].isBlank }
        guard let first = candidates.first else { return nil }
        var frequency: [Int: Int] = [:]
        for index in candidates {
            let width = (rows[index].fields.lastIndex { !$0.isEmpty } ?? -1) + 1
            frequency[width, default: 0] += 1
        }
        let usualWidth = frequency.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? 1
        let threshold = max(1, (usualWidth + 1) / 2)
        for index in candidates.prefix(20) {
            let distinct = Set(rows[index].fields.filter { !$0.isEmpty })
            if distinct.count >= threshold { return index }
        }
        return first
    }

    /// Trimmed header cells; empty ones become `column_N` (1-based position) and repeats get
    /// `_2`, `_3`, … so every column can be addressed by name.
    /// The next suffix to try is remembered per name: probing from `_2` every time made a header
    /// of thousands of repeated names quadratic (a hang the fuzzer found).
    static func uniqueColumnNames(_ cells: [String]) -> [String] {
        var used = Set<String>()
        var nextSuffix: [String: Int] = [:]
        var names: [String] = []
        names.reserveCapacity(cells.count)
        for (index, cell) in cells.enumerated() {
            var name = trimmed(cell)
            if name.isEmpty { name = "column_\(index + 1)" }
            if used.contains(name) {
                var suffix = nextSuffix[name, default: 2]
                while used.contains("\(name)_\(suffix)") { suffix += 1 }
                nextSuffix[name] = suffix + 1
                name = "\(name)_\(suffix)"
            }
            used.insert(name)
            names.append(name)
        }
        return names
    }

    private static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }
}

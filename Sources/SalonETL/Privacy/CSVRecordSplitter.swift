/// Splits CSV text as this tool writes it (RFC 4180 quoting, CRLF or LF) into records, keeping
/// each record's raw text so records can be dropped without rewriting the others.
enum CSVRecordSplitter {
    struct Record {
        /// The record without its line ending.
        var text: String
        /// The record as written, with its line ending.
        var raw: String
    }

    static func records(in text: String) -> [Record] {
        var records: [Record] = []
        var current = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pendingEnd = ""
        func flush() {
            records.append(Record(text: current, raw: current + pendingEnd))
            current = ""
            pendingEnd = ""
        }
        while let scalar = iterator.next() {
            if scalar == "\"" { quoted.toggle() }
            if !quoted && (scalar == "\n") {
                if current.unicodeScalars.last == "\r" {
                    current.unicodeScalars.removeLast()
                    pendingEnd = "\r\n"
                } else {
                    pendingEnd = "\n"
                }
                flush()
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { flush() }
        return records
    }

    /// The cells of one record, unquoted.
    static func cells(of record: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var previousQuote = false
        for scalar in record.unicodeScalars {
            if quoted {
                if scalar == "\"" { quoted = false; previousQuote = true; continue }
                cell.unicodeScalars.append(scalar)
            } else if scalar == "\"" {
                if previousQuote { cell.unicodeScalars.append("\"") }
                quoted = true
            } else if scalar == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.unicodeScalars.append(scalar)
            }
            if scalar != "\"" { previousQuote = false }
        }
        cells.append(cell)
        return cells
    }
}

import Foundation
import Testing
@testable import SalonReaders

/// csv-encodings-phpspreadsheet: the expectations of PhpSpreadsheet's CSV tests (expected.json).
/// Cells are A1 references into the grid "header row, then records". Values are compared as raw
/// strings (numbers in the JSON become their text), and line breaks inside cells are normalised to
/// LF as the file's caveat says PhpSpreadsheet does.
@Suite struct CSVPhpSpreadsheetConformanceTests {
    struct Case {
        var file: String
        var sourceTest: String
        var expect: [String: Any]
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: CSVTestSupport.corpus("csv-encodings-phpspreadsheet/expected.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (root["cases"] as! [[String: Any]]).map {
            Case(file: $0["file"] as! String, sourceTest: $0["source_test"] as! String, expect: $0["expect"] as! [String: Any])
        }
    }

    static func text(_ value: Any) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func normalisedLineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// "B3" -> (row 2, column 1), zero-based.
    static func reference(_ a1: String) -> (row: Int, column: Int) {
        let letters = a1.prefix { $0.isLetter }
        let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return (Int(a1.dropFirst(letters.count))! - 1, column)
    }

    static func cell(_ grid: [[String]], _ a1: String) -> String? {
        let (row, column) = reference(a1)
        guard row < grid.count, column < grid[row].count else { return nil }
        return grid[row][column]
    }

    @Test func everyCaseHolds() throws {
        let cases = try Self.cases()
        #expect(cases.count == 33)
        for testCase in cases {
            let path = CSVTestSupport.corpus("csv-encodings-phpspreadsheet/\(testCase.file)").path
            let result = try CSVTestSupport.readAll(path)
            let grid = result.grid
            #expect(result.rejects.isEmpty, "\(testCase.file): \(result.rejects.map(\.code))")
            if let delimiter = testCase.expect["delimiter"] as? String {
                #expect(result.layout.delimiter == UInt8(ascii: Unicode.Scalar(delimiter)!), "\(testCase.file) delimiter")
            }
            if let rows = testCase.expect["total_rows"] as? Int { #expect(grid.count == rows, "\(testCase.file) rows") }
            if let columns = testCase.expect["total_columns"] as? Int {
                #expect(grid.map(\.count).max() == columns, "\(testCase.file) columns")
            }
            if let rows = testCase.expect["rows"] as? [[String]] { #expect(grid == rows, "\(testCase.file) rows") }
            let cells = testCase.expect["cells"] as? [String: Any] ?? [:]
            for (a1, value) in cells.sorted(by: { $0.key < $1.key }) {
                let got = Self.cell(grid, a1).map(Self.normalisedLineBreaks)
                if testCase.sourceTest.contains("DefltIso2") {
                    // PhpSpreadsheet configured to fall back to ISO-8859-2 shows that a wrong legacy
                    // fallback makes mojibake; our fallback is Windows-1252, which reads these bytes
                    // correctly, so the correct text must come out instead.
                    #expect(got != Self.text(value), "\(testCase.file) \(a1)")
                    #expect(got?.contains("è") == true, "\(testCase.file) \(a1)")
                } else if testCase.sourceTest.contains("testSurrogate"), a1 != "A3" {
                    // U+FFFE and U+FFFF are noncharacters but valid scalar values, so a correct
                    // UTF-16 decoder keeps them; PhpSpreadsheet replaces them with U+FFFD.
                    #expect(got == (a1 == "B3" ? "\u{FFFE}" : "\u{FFFF}"), "\(testCase.file) \(a1)")
                } else if value is NSNull {
                    #expect(got == nil, "\(testCase.file) \(a1)")
                } else {
                    #expect(got == Self.text(value), "\(testCase.file) \(a1)")
                }
            }
        }
    }

    @Test func detectsTheTrueEncodingOfEachFile() throws {
        let expected: [String: (TextEncoding, Bool)] = [
            "encoding.iso88591.csv": (.windows1252, false), "encoding.utf8.csv": (.utf8, false),
            "encoding.utf8bom.csv": (.utf8, true), "encoding.utf16be.csv": (.utf16BE, false),
            "encoding.utf16le.csv": (.utf16LE, false), "encoding.utf32be.csv": (.utf32BE, false),
            "encoding.utf32le.csv": (.utf32LE, false), "premiere.utf16lebom.csv": (.utf16LE, true),
            "premiere.utf16bebom.csv": (.utf16BE, true), "premiere.utf32lebom.csv": (.utf32LE, true),
            "premiere.utf32bebom.csv": (.utf32BE, true), "premiere.win1252.csv": (.windows1252, false),
            "line_break_escaped_32le.csv": (.utf32LE, false), "utf16be.line_break_in_enclosure.csv": (.utf16BE, true),
        ]
        for (file, (encoding, bom)) in expected {
            let layout = try CSVSniffer.sniff(
                path: CSVTestSupport.corpus("csv-encodings-phpspreadsheet/\(file)").path, options: CSVReadOptions(sourceID: "t"))
            #expect(layout.encoding.encoding == encoding, "\(file): \(layout.encoding.reason)")
            #expect(layout.encoding.hasBOM == bom, "\(file)")
        }
    }
}

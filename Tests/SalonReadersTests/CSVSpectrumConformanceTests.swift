import Foundation
import Testing
@testable import SalonReaders

/// csv-spectrum: each csvs/X.csv must parse to json/X.json (rows as objects keyed by the header).
@Suite struct CSVSpectrumConformanceTests {
    static let names = [
        "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf",
        "quotes_and_newlines", "simple", "simple_crlf", "utf8",
    ]

    @Test(arguments: names) func matchesExpectedJSON(name: String) throws {
        let csv = CSVTestSupport.corpus("csv-spectrum/csvs/\(name).csv").path
        let json = try Data(contentsOf: CSVTestSupport.corpus("csv-spectrum/json/\(name).json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: String]])
        // Small chunks too, so rows and quoted fields straddle chunk boundaries.
        for chunkSize in [1 << 20, 3] {
            let result = try CSVTestSupport.readAll(csv, chunkSize: chunkSize)
            #expect(result.rejects.isEmpty && result.warnings.isEmpty)
            let got = result.records.map { record in
                Dictionary(uniqueKeysWithValues: zip(record.schema.columns, record.values))
            }
            #expect(got == expected, "\(name) with chunk size \(chunkSize)")
        }
    }
}

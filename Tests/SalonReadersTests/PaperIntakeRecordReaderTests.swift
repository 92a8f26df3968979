import Foundation
import Testing
@testable import SalonReaders

@Suite struct PaperIntakeRecordReaderTests {
    func readAll(_ path: String) throws -> (reader: PaperIntakeRecordReader, records: [Record], other: [ReaderEvent]) {
        let reader = try PaperIntakeRecordReader(path: path, options: CSVReadOptions(sourceID: "paper"))
        var records: [Record] = []
        var other: [ReaderEvent] = []
        while let event = try reader.next() {
            if case .record(let record) = event { records.append(record) } else { other.append(event) }
        }
        return (reader, records, other)
    }

    @Test func theSampleSkipsTheInstructionAndExampleRowsAndKeepsLines() throws {
        let (reader, records, other) = try readAll(CSVTestSupport.packageRoot.appendingPathComponent("samples/paper/纸质档案录入.csv").path)
        #expect(other.isEmpty)
        #expect(reader.templateRowsSkipped == 2)
        #expect(reader.layout.encoding.encoding == .utf8)
        #expect(reader.layout.columns == PaperIntakeLayout.columns(.hair).map(\.header))
        #expect(records.count == 12)
        #expect(records.first?["纸卡编号"] == "P0001")
        #expect(records.first?.provenance.line == 4)
        #expect(records.last?["纸卡编号"] == "P0012")
        #expect(records.last?.provenance.line == 15)
    }

    @Test func markedRowsAreSkippedWhereverStaffLeaveThem() throws {
        let text = "\u{FEFF}纸卡编号,姓名,手机\r\n# 说明：照抄,照写,11位\r\nP1,王芳,13800138000\r\n示例,李四,13900139000\r\n#12,赵六,13700137000\r\n"
        let (reader, records, _) = try readAll(try CSVTestSupport.makeFile(text))
        #expect(reader.templateRowsSkipped == 2)
        // "#12" is a card number written with a hash, not a marked row.
        #expect(records.map { $0["纸卡编号"] } == ["P1", "#12"])
    }

    @Test func everyVocabularyMapsToTheDefaultColumns() {
        for vocabulary in PaperIntakeLayout.Vocabulary.allCases {
            let headers = Set(PaperIntakeLayout.columns(vocabulary).map(\.header))
            for (field, candidates) in PaperIntakeLayout.defaultColumns where field != .notes {
                #expect(candidates.contains(where: headers.contains), "\(vocabulary): \(field)")
            }
            #expect(PaperIntakeLayout.columns(vocabulary).first?.example == PaperIntakeLayout.exampleMarker)
            #expect(PaperIntakeLayout.isTemplateRow(firstCell: PaperIntakeLayout.columns(vocabulary)[0].instruction))
        }
    }
}

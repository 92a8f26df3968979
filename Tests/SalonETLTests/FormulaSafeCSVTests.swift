import Foundation
import Testing
import SalonReaders
@testable import SalonETL

/// Source cells that start with = + - @ come back out in rejects.csv, the file people open in
/// Excel; there they must be text, never a formula.
@Suite struct FormulaSafeCSVTests {
    @Test("rejects.csv: every cell that would start with = + - @ is prefixed with an apostrophe")
    func rejectsCSVIsFormulaSafe() throws {
        let dir = try TestSupport.makeDirectory("formula")
        try """
        姓名,手机,备注
        =cmd|' /C calc'!A0,,,x
        @SUM(1+1),+8613,-2+3
        周丽,13800138201,ok,+1+1

        """.write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        try """
        name: formula
        target: { sqlite: crm.sqlite }
        workspace: runs
        sources:
          - id: formula
            entity: customers
            store: SH01
            read: { format: csv, path: customers.csv }
            columns: { name: 姓名, phone: 手机, notes: 备注 }
        validate: { max_reject_rate: 1.0 }

        """.write(toFile: "\(dir)/pipeline.yaml", atomically: true, encoding: .utf8)
        let run = try TestSupport.runCLI(["run", "\(dir)/pipeline.yaml", "--report-json", "\(dir)/report.json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))

        let reader = try CSVRecordReader(path: report.files.rejectsCSV, options: .init(sourceID: "rejects"))
        var texts: [String] = []
        while let event = try reader.next() {
            guard case .record(let row) = event else { continue }
            for cell in row.values {
                #expect(!(cell.first.map { "=+-@\t\r".contains($0) } ?? false), "\(cell) would run as a formula")
            }
            texts.append(row["original_text"] ?? "")
        }
        #expect(texts.contains("'=cmd|' /C calc'!A0,,,x"))
        #expect(texts.contains("'+8613"))
        #expect(texts.contains("周丽,138****8201,ok,+1+1"))
    }
}

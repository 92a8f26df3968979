import Foundation
import Testing
@testable import SalonETL

@Suite struct PipelineLoaderTests {
    let minimal = """
        name: t
        target: { sqlite: out/crm.sqlite }
        sources:
          - id: a
            entity: customers
            store: SH01
            read: { format: csv, path: data/*.csv }
            columns: { name: 姓名, phone: [手机, 联系电话] }
        """

    func makeError(_ yaml: String) -> SalonError? {
        do {
            _ = try PipelineLoader.parse(yaml, file: "/p/pipelines/x.yaml")
            return nil
        } catch let error as SalonError {
            return error
        } catch {
            return nil
        }
    }

    @Test func decodesAMinimalPipelineResolvingPathsAgainstItsFolder() throws {
        let spec = try PipelineLoader.parse(minimal, file: "/p/pipelines/x.yaml")
        #expect(spec.name == "t")
        #expect(spec.target == .sqlite(path: "/p/pipelines/out/crm.sqlite"))
        #expect(spec.workspace == "/p/runs")
        #expect(spec.sources[0].read.path == "/p/pipelines/data/*.csv")
        #expect(spec.sources[0].columns[.phone] == ["手机", "联系电话"])
        #expect(spec.validate.maxRejectRate == 0.05)
    }

    @Test func anUnknownKeyNamesTheLineAndTheNearestValidKey() throws {
        let yaml = minimal.replacingOccurrences(of: "    store: SH01", with: "    stroe: SH01")
        let error = try #require(makeError(yaml))
        #expect(error.code == .configuration)
        #expect(error.location == "/p/pipelines/x.yaml:6 (sources[0].stroe)")
        #expect(error.message == "unknown key 'stroe'")
        #expect(error.fix?.hasPrefix("did you mean 'store'?") == true)
    }

    @Test func anUnknownColumnFieldAndFormatAreRefused() throws {
        let field = try #require(makeError(minimal.replacingOccurrences(of: "phone: [", with: "phnoe: [")))
        #expect(field.fix?.contains("did you mean 'phone'?") == true)
        let format = try #require(makeError(minimal.replacingOccurrences(of: "format: csv", with: "format: xls")))
        #expect(format.message.contains("'xls' is not one of"))
    }

    @Test func aPostgresURLParsesButOtherTargetsAreRefused() throws {
        let spec = try PipelineLoader.parse(
            minimal.replacingOccurrences(of: "{ sqlite: out/crm.sqlite }", with: "{ postgres: \"postgresql://crm@db:5432/crm\" }"),
            file: "/p/x.yaml")
        #expect(spec.target == .postgres(url: "postgresql://crm@db:5432/crm"))
        #expect(makeError(minimal.replacingOccurrences(of: "{ sqlite: out/crm.sqlite }", with: "{ mysql: x }")) != nil)
    }

    @Test func badValuesAreRefusedWithTheirKey() throws {
        let rate = try #require(makeError(minimal + "\nvalidate: { max_reject_rate: 5 }"))
        #expect(rate.location?.hasSuffix("(validate.max_reject_rate)") == true)
        let encoding = try #require(makeError(minimal.replacingOccurrences(of: "format: csv,", with: "format: csv, encoding: klingon,")))
        #expect(encoding.message == "unknown encoding 'klingon'")
        let duplicate = try #require(makeError(minimal + """

              - id: a
                entity: customers
                store: SH02
                read: { format: csv, path: b.csv }
                columns: { name: 姓名 }
            """))
        #expect(duplicate.message == "source id 'a' is used twice")
    }

    @Test func theShippedPipelinesLoad() throws {
        for name in ["sample-migration.yaml", "template.yaml"] {
            let spec = try PipelineLoader.load(path: TestSupport.path("pipelines/\(name)"))
            #expect(!spec.sources.isEmpty)
        }
    }
}

@Suite struct PipelineLoaderResolveTests {
    let base = PipelineLoaderTests().minimal

    @Test func autoMergeAtDefaultsToPointNineAndIsCheckedStrictly() throws {
        #expect(try PipelineLoader.parse(base, file: "/p/x.yaml").resolve.autoMergeAt == 0.9)
        #expect(try PipelineLoader.parse(base + "\nresolve: { auto_merge_at: 0.75 }", file: "/p/x.yaml").resolve.autoMergeAt == 0.75)
        for bad in ["0", "1.5", "-0.2", "high", "nan"] {
            do {
                _ = try PipelineLoader.parse(base + "\nresolve: { auto_merge_at: \(bad) }", file: "/p/x.yaml")
                Issue.record("auto_merge_at: \(bad) was accepted")
            } catch let error as SalonError {
                #expect(error.code == .configuration)
                #expect(error.location?.contains("resolve.auto_merge_at") == true, "\(error)")
            }
        }
    }
}

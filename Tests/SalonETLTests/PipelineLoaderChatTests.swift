import Foundation
import Testing
@testable import SalonETL

@Suite struct PipelineLoaderChatTests {
    func makeYAML(_ source: String) -> String {
        "name: t\ntarget: { sqlite: out/crm.sqlite }\nsources:\n" + source
    }

    func makeError(_ yaml: String) -> SalonError? {
        do {
            _ = try PipelineLoader.parse(yaml, file: "/p/pipelines/x.yaml")
            return nil
        } catch {
            return error as? SalonError
        }
    }

    @Test func aChatSourceNeedsNoStoreOrColumns() throws {
        let spec = try PipelineLoader.parse(makeYAML("""
              - id: c
                entity: chat
                read: { format: wechat-csv, path: chat/*.csv, group: false }
            """), file: "/p/pipelines/x.yaml")
        #expect(spec.sources[0].entity == .chat)
        #expect(spec.sources[0].read.format == .wechatCSV)
        #expect(spec.sources[0].read.group == false)
        #expect(spec.sources[0].store == "")
    }

    @Test func chatKeysAreCheckedStrictly() throws {
        let columns = try #require(makeError(makeYAML("""
              - id: c
                entity: chat
                read: { format: wechat-txt, path: a.txt }
                columns: { name: 姓名 }
            """)))
        #expect(columns.message.contains("a chat source has no columns"))
        let format = try #require(makeError(makeYAML("""
              - id: c
                entity: chat
                read: { format: csv, path: a.txt }
            """)))
        #expect(format.location?.contains("sources[0].read.format") == true)
        let delimiter = try #require(makeError(makeYAML("""
              - id: c
                entity: chat
                read: { format: whatsapp-txt, path: a.txt, delimiter: tab }
            """)))
        #expect(delimiter.message.contains("unknown key 'delimiter'"))
        let group = try #require(makeError(makeYAML("""
              - id: c
                entity: chat
                read: { format: wechat-txt, path: a.txt, group: maybe }
            """)))
        #expect(group.location?.contains("read.group") == true)
        // A chat format under a customer source is refused with the fix.
        let customers = try #require(makeError(makeYAML("""
              - id: c
                entity: customers
                store: SH01
                read: { format: wechat-txt, path: a.txt }
                columns: { name: 姓名 }
            """)))
        #expect(customers.fix?.contains("entity: chat") == true)
    }
}

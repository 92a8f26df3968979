import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// End to end: the sample pipeline's three chat exports (samples/chat/), beside the customer files
/// whose customers the chats talk about. The expected figures were checked by hand against the
/// messages: see the comments.
@Suite(.serialized) struct ChatMigrationTests {
    func makeRun(database: String? = nil) throws -> (report: RunReport, database: String) {
        let dir = try TestSupport.makeDirectory()
        let db = database ?? "\(dir)/crm.sqlite"
        let result = try TestSupport.runCLI(
            ["run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", db, "--workspace", "\(dir)/runs",
             "--report-json", "\(dir)/report.json"])
        #expect(result.status == 0, "\(result.stderr)")
        return (try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json"))), db)
    }

    @Test func everyMessageIsAccountedForAndKeptVerbatim() throws {
        let run = try makeRun()
        let chats = run.report.sources.filter { $0.id.contains("-chat-") }
        // wechat-group.txt: 38 messages plus the export's title line, which belongs to no message.
        #expect(chats.map { [$0.recordsIn, $0.loaded, $0.merged, $0.rejected] } == [[39, 38, 0, 1], [15, 15, 0, 0], [10, 10, 0, 0]])
        #expect(run.report.rejectsByReason["chat.orphan_line"] == 1)
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM chat_messages") == 63)
        let wangjie = try db.query("""
            SELECT sender, sent_at, kind, text, record_key FROM chat_messages
            WHERE source_id = 'sh01-chat-wangjie' ORDER BY message_index LIMIT 3
            """).map { $0.map(\.text) }
        #expect(wangjie[2] == ["王姐", "2024-03-02T10:02:30", "text", "还是Tony吧\n顺便修个刘海", "line 4"])
        let chat = try #require(run.report.chat)
        #expect(chat.messagesRead == 63)
        #expect(chat.factsByKind == ["phone": 7, "correction": 3, "booking": 10, "note": 9])
        #expect(chat.factsUnattached == 11)
    }

    @Test func aChatAboutAKnownPhoneEnrichesThatCustomer() throws {
        let run = try makeRun()
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        // 王姐 gives 138 0013 8001, 王小红's number in SH01: her booking joins 王小红, whose name stays.
        let booking = try db.query("""
            SELECT c.name, c.source_id, a.service, a.stylist, a.starts_at, a.time_text, a.status, m.text
            FROM appointments a JOIN customers c ON c.id = a.customer_id JOIN chat_messages m ON m.id = a.message_id
            JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = '+8613800138001'
            """).map { $0.map(\.text) }
        #expect(booking == [["王小红", "sh01-customers", "剪发", "Tony", "2024-03-02T15:00:00", "周六下午三点", "from_chat",
                             "周六下午三点想约个剪发，找Tony\n我电话 138 0013 8001"]])
        // 赵女士 in the BJ02 group gives 马丽's number: no new customer, 马丽 keeps her name.
        #expect(try db.query("SELECT c.name FROM chat_facts f JOIN customers c ON c.id = f.customer_id WHERE f.e164 = '+8613900139021'")
            .map { $0[0].text } == ["马丽"])
        // Five: 王小红, 张丽, 赵强, 马丽, and the old till's O'Brien 李, who holds 13900139002, the number
        // a correction in the group gives for 王姐.
        #expect(run.report.chat?.customersEnriched == 5)
    }

    @Test func newCustomersComeOnlyFromValidPhonesAndTheCorrectionWins() throws {
        let run = try makeRun()
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        let created = try db.query("""
            SELECT c.customer_key, c.name, c.form_of_address, p.e164 FROM customers c JOIN customer_phones p ON p.customer_id = c.id
            WHERE c.source_id LIKE '%chat%' ORDER BY c.id
            """).map { $0.map(\.text) }
        // 13900139004 → 13900139005 (更正：郑女士…), 13800138011 → 13900139011 in the one-to-one chat,
        // named after its other party. (13800138002 → 13900139002, 号码打错了, is a number the old
        // till's dump already holds, so that customer is enriched, not created.)
        #expect(created == [
            ["tel:+8613900139005", "郑", "女士", "+8613900139005"], ["tel:+8613900139011", "王", "姐", "+8613900139011"],
        ])
        #expect(run.report.chat?.customersCreated == 2)
        // The corrected numbers gain nothing: 郑雪 (13800138011 in SH01) gets no note from the chat.
        #expect(try db.scalarInt("""
            SELECT COUNT(*) FROM notes n JOIN customer_phones p ON p.customer_id = n.customer_id
            WHERE p.e164 = '+8613800138011' AND n.column_name LIKE 'chat%'
            """) == 0)
        #expect(try db.query("SELECT e164 FROM chat_facts WHERE superseded = 1 ORDER BY e164").map { $0[0].text } == [
            "+8613800138002", "+8613800138011", "+8613900139004",
        ])
        // The booking written with the wrong number follows the correction.
        #expect(try db.query("""
            SELECT a.service, a.starts_at FROM appointments a JOIN customer_phones p ON p.customer_id = a.customer_id
            WHERE p.e164 = '+8613900139002'
            """).map { $0.map(\.text) } == [["护理", "2024-03-02T10:00:00"]])
        // Notes without a phone of their sender stay on the message only: 李小姐's allergy makes no customer.
        #expect(try db.scalarInt("SELECT COUNT(*) FROM chat_facts WHERE kind = 'note' AND customer_id IS NULL AND text = '我对双氧水过敏'") == 1)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers WHERE name LIKE '李%' AND source_id LIKE '%chat%'") == 0)
    }

    @Test func oneToOneChatsAttachEarlierBookingsAndNotesToTheNumberGivenLater() throws {
        let run = try makeRun()
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        let customer = "(SELECT customer_id FROM customer_phones WHERE e164 = '+8613900139011')"
        // 在吗？想约明天下午三点剪发 (2024-03-02 10:00) comes before the number (10:06) and its correction (10:07).
        #expect(try db.query("SELECT service, starts_at, time_text FROM appointments WHERE customer_id = \(customer)")
            .map { $0.map(\.text) } == [["剪发", "2024-03-03T15:00:00", "明天下午三点"]])
        #expect(try db.query("SELECT text, column_name FROM notes WHERE customer_id = \(customer) ORDER BY id").map { $0.map(\.text) }
            == [["我头皮敏感", "chat.note.1"], ["洗发水别用太凉的", "chat.note.2"]])
        #expect(try db.query("SELECT code FROM customer_tags WHERE customer_id = \(customer)").map { $0[0].text } == ["scalp.sensitive"])
        #expect(run.report.chat?.appointments == 6)
    }

    @Test func aRerunInsertsNothingNew() throws {
        let first = try makeRun()
        let second = try makeRun(database: first.database)
        #expect(second.report.publish?.chat == ChatPublishSummary.unchanged(enriched: 7))
        #expect(second.report.unchangedRerun == true)
        let db = try SQLiteConnection(path: first.database, readOnly: true)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM chat_messages") == 63)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM appointments") == 6)
    }
}

extension ChatPublishSummary {
    /// A publish that changed nothing; `enriched` customers were talked about all the same.
    static func unchanged(enriched: Int64) -> ChatPublishSummary {
        var summary = ChatPublishSummary()
        summary.customersEnriched = enriched
        return summary
    }
}

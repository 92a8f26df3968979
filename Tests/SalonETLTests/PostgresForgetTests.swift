import Foundation
import Testing
import SalonCore
@testable import SalonETL
import SalonStore

/// `salon-etl forget --postgres` against a real server (SALON_TEST_POSTGRES_URL): the sample
/// migration is published, one customer is erased by phone, and nothing in the database opens to
/// their phone or name any more.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresForgetTests {
    /// Every text value of every table, opened with the test keys: (table, column, text).
    static func openedTexts(_ db: PostgresConnection, keys: KeyRing) throws -> [(String, String, String)] {
        let columns = try db.query("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type = 'text'
            """)
        var texts: [(String, String, String)] = []
        for row in columns {
            guard let table = row[0], let column = row[1] else { continue }
            for value in try db.query("SELECT \"\(column)\" FROM \"\(table)\" WHERE \"\(column)\" IS NOT NULL") {
                texts.append((table, column, try keys.open(value[0] ?? "")))
            }
        }
        return texts
    }

    @Test func forgetErasesACustomerFoundThroughTheBlindIndexAndRefusesASharedPhone() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let run = try PostgresPublishTests().runInWorkspace(into: .postgres(url: url))
        #expect(run.outcome.exitCode == 0, "\(run.outcome.report.error ?? "")")
        let workspace = URL(fileURLWithPath: run.folder).deletingLastPathComponent().path
        let keys = try PostgresPublishTests.keys()
        let db = try PostgresConnection(url: url)

        // A customer with a card balance and a phone of their own (the first such, as the database
        // holds only blind indexes: the phone is opened here).
        let holders = try db.query("""
            SELECT p.customer_id, p.e164_sealed FROM customer_phones p
            WHERE p.customer_id IN (SELECT customer_id FROM member_cards WHERE balance_fen > 0)
              AND (SELECT COUNT(DISTINCT o.customer_id) FROM customer_phones o WHERE o.e164 = p.e164) = 1
            ORDER BY p.customer_id IN (SELECT customer_id FROM receipts WHERE customer_id IS NOT NULL) DESC, p.customer_id LIMIT 1
            """)
        try #require(holders.count == 1)
        let id = try #require(holders[0][0])
        let phone = try keys.open(try #require(holders[0][1]))
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE e164 = $1", [keys.blindIndex(phone)]) == 1)
        let name = try #require(try db.query("SELECT name FROM customers WHERE id = $1::bigint", [id]).first?.first ?? nil)
        let balance = try db.scalarInt("SELECT COALESCE(SUM(balance_fen), 0) FROM member_cards WHERE customer_id = $1::bigint", [id]) ?? 0
        let receipts = try db.scalarInt("SELECT COUNT(*) FROM receipts") ?? 0
        let theirReceipts = try db.scalarInt("SELECT COUNT(*) FROM receipts WHERE customer_id = $1::bigint", [id]) ?? 0
        let customers = try db.scalarInt("SELECT COUNT(*) FROM customers") ?? 0
        #expect(balance > 0)
        #expect(theirReceipts > 0, "a customer with receipts is chosen first")
        let unlinked = try db.scalarInt("SELECT COUNT(*) FROM receipts WHERE customer_id IS NULL") ?? 0
        var tokens = ErasureTokens()
        tokens.addPhone(phone)
        tokens.addName(name)
        #expect(try Self.openedTexts(db, keys: keys).contains { tokens.matches($0.2) }, "the customer is there before")

        // Mentions elsewhere: another customer's plain note and a sealed chat message name them.
        let national = phone.dropFirst(3)
        let spaced = "\(national.prefix(3)) \(national.dropFirst(3).prefix(4)) \(national.suffix(4))"
        let note = try #require(try db.query("SELECT id FROM notes WHERE customer_id <> $1::bigint ORDER BY id LIMIT 1", [id]).first?[0])
        try db.execute("UPDATE notes SET text = text || $2 WHERE id = $1::bigint", [note, "（介绍人\(name)，\(spaced)）"])
        let message = try #require(try db.query("""
            SELECT id, text FROM chat_messages
            WHERE id NOT IN (SELECT message_id FROM chat_facts WHERE customer_id = $1::bigint
                               OR e164 IN (SELECT e164 FROM customer_phones WHERE customer_id = $1::bigint))
              AND id NOT IN (SELECT message_id FROM appointments WHERE customer_id = $1::bigint)
            ORDER BY id LIMIT 1
            """, [id]).first)
        let messageText = try keys.open(try #require(message[1]))
        try db.execute("UPDATE chat_messages SET text = $2 WHERE id = $1::bigint", [message[0], keys.seal(messageText + " 电话+86 " + spaced)])

        // A phone two customers share is refused, naming both.
        let shared = try TestSupport.runCLI(["forget", "138 0013 8001", "--postgres", url, "--workspace", workspace, "--yes"])
        #expect(shared.status == 2)
        #expect(shared.stderr.contains("2 customers hold +86138****8001: customer:"))
        #expect(!shared.stderr.contains("13800138001"))
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers") == customers)

        let forget = try TestSupport.runCLI(["forget", phone, "--postgres", url, "--workspace", workspace, "--yes"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.contains("erased customer \(id)"))
        #expect(forget.stdout.contains("database  customers: 1"))
        #expect(!forget.stdout.contains(String(phone.suffix(11))))

        // No row of the customer remains, in any table with a customer id column.
        for row in try db.query("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name LIKE '%customer_id'
            """)
        {
            let table = row[0] ?? "", column = row[1] ?? ""
            #expect(try db.scalarInt("SELECT COUNT(*) FROM \"\(table)\" WHERE \"\(column)\" = $1::bigint", [id]) == 0, "\(table).\(column)")
        }
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers WHERE id = $1::bigint", [id]) == 0)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers") == customers - 1)
        // Nothing opens to their phone, and only other customers' own names may equal theirs.
        var phoneOnly = ErasureTokens()
        phoneOnly.addPhone(phone)
        for (table, column, text) in try Self.openedTexts(db, keys: keys) {
            let mentions = table == "customers" ? phoneOnly.matches(text) : tokens.matches(text)
            #expect(!mentions, "\(table).\(column) still mentions the customer")
        }
        #expect(forget.stdout.contains("notes (mentions): 1"))
        #expect(forget.stdout.contains("chat_messages (mentions): 1"))
        #expect(try db.query("SELECT text FROM notes WHERE id = $1::bigint", [note]).first?[0]?
            .hasSuffix("（介绍人\(ErasureTokens.placeholder)，\(ErasureTokens.placeholder)）") == true)
        let resealed = try #require(try db.query("SELECT text FROM chat_messages WHERE id = $1::bigint", [message[0]]).first?[0])
        #expect(resealed.hasPrefix(KeyRing.sealedPrefix), "a redacted sealed value is sealed again")
        #expect(try keys.open(resealed) == messageText + " 电话" + ErasureTokens.placeholder)
        // Receipts keep their money without the person; the balance owed stays as a per-store sum.
        #expect(try db.scalarInt("SELECT COUNT(*) FROM receipts") == receipts)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM receipts WHERE customer_id IS NULL") == unlinked + theirReceipts)
        #expect(try db.scalarInt("SELECT COALESCE(SUM(balance_fen), 0) FROM erased_card_balances") == balance)
        let audit = try db.query("SELECT subject, detail FROM audit_log WHERE action = 'customer.erase' ORDER BY id")
        #expect(audit.count == 2, "the database erasure and the workspace scrub")
        #expect(audit.first?[0] == "customer:\(id)")
        #expect(audit.first?[1]?.contains("customers=1") == true)
        #expect(audit.allSatisfy { !($0[1] ?? "").contains(String(phone.suffix(4))) && !($0[1] ?? "").contains(name) })
        // The workspace the run wrote was scrubbed too.
        #expect(forget.stdout.contains("workspace "))
    }
}

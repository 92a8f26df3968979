import Foundation
import Testing
@testable import SalonReaders

/// WhatsApp exports against ../shared/corpus: chat-miner's five locale renderings of one chat
/// with its target.json, and whatsapp-chat-parser's cases.json.
@Suite("Chat reader: WhatsApp conformance")
struct ChatWhatsAppConformanceTests {
    static let minerFiles = [
        "test_ddmmyy_24hrs.txt", "test_mmddyy_24hrs.txt", "test_mmddyyyy_12hrs.txt", "test_yyyymmdd_24hrs.txt",
        "test_brackets_mmddyy_24hrs.txt",
    ]

    static func parserCases() throws -> [String: Any] {
        let data = try Data(contentsOf: CSVTestSupport.corpus("whatsapp-chat-parser/cases.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func readText(_ text: String, dateOrder: ChatDateOrder? = nil) throws -> ChatTestSupport.Result {
        try ChatTestSupport.readAll(try ChatTestSupport.makeFile(text), format: .whatsappTXT, dateOrder: dateOrder)
    }

    /// chat-miner drops system lines (ours have kind `system`; `John Doe:.` has no `Name: ` and is
    /// one), joins continuation lines with a space and lists newest first.
    @Test("chat-miner: every locale rendering yields target.json", arguments: minerFiles)
    func chatMiner(file: String) throws {
        let data = try Data(contentsOf: CSVTestSupport.corpus("whatsapp-chat-miner/target.json"))
        let target = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: String]])
        let result = try ChatTestSupport.readAll(
            CSVTestSupport.corpus("whatsapp-chat-miner/\(file)").path, format: .whatsappTXT)
        #expect(result.rejects.isEmpty)
        #expect(result.records.count == 9)
        #expect(result.rows.filter { $0[3] == "system" }.count == 3)
        let userMessages = result.rows.filter { $0[3] != "system" }.reversed().map {
            ["timestamp": $0[0], "author": $0[1], "message": $0[2].replacingOccurrences(of: "\n", with: " ")]
        }
        #expect(userMessages == target)
        // The third and the last message span two lines each.
        #expect(result.records.map(\.provenance.line) == [1, 2, 3, 5, 6, 7, 8, 9, 10])
    }

    @Test("whatsapp-chat-parser: the twelve single-line header formats")
    func singleLineFormats() throws {
        let cases = try #require(try Self.parserCases()["single_line_formats"] as? [[String: Any]])
        #expect(cases.count == 12)
        for item in cases {
            let line = try #require(item["line"] as? String)
            let expected = try #require(item["expected"] as? [String: String])
            let result = try Self.readText(line)
            #expect(result.rows == [[expected["datetime"]!, expected["author"]!, expected["message"]!, "text"]], "\(item["id"]!)")
        }
    }

    @Test("whatsapp-chat-parser: a given day/month order overrides inference")
    func dayMonthOption() throws {
        let cases = try #require(try Self.parserCases()["day_month_option"] as? [[String: Any]])
        for item in cases {
            let daysFirst = try #require(item["daysFirst"] as? Bool)
            let expected = try #require((item["expected"] as? [String: String])?["date"])
            let result = try Self.readText(try #require(item["line"] as? String), dateOrder: daysFirst ? .dayFirst : .monthFirst)
            #expect(result.rows.first?[0].hasPrefix(expected + "T") == true)
            #expect(result.dateOrder == (daysFirst ? .dayFirst : .monthFirst))
        }
    }

    @Test("whatsapp-chat-parser: user and system messages")
    func normalAndSystem() throws {
        let cases = try #require(try Self.parserCases()["normal_and_system"] as? [[String: Any]])
        for item in cases {
            let expected = try #require(item["expected"] as? [String: Any])
            let result = try Self.readText(try #require(item["line"] as? String))
            let row = try #require(result.rows.first)
            #expect(row[0] == expected["datetime"] as? String)
            #expect(row[1] == (expected["author"] as? String ?? ""))
            #expect(row[2] == expected["message"] as? String)
            #expect((row[3] == "system") == (expected["system"] as? Bool))
        }
    }

    @Test("whatsapp-chat-parser: continuation lines, even date-like ones, stay in their message")
    func lineGrouping() throws {
        let cases = try #require(try Self.parserCases()["line_grouping"] as? [[String: Any]])
        for item in cases {
            let lines = try #require(item["lines"] as? [String])
            let expected = try #require(item["expected"] as? [[String: Any]])
            let result = try Self.readText(lines.joined(separator: "\n"))
            #expect(result.records.count == expected.count)
            for (record, want) in zip(result.records, expected) {
                if let raw = want["raw"] as? String { #expect(record.originalText == raw) }
                if let system = want["system"] as? Bool { #expect((record["kind"] == "system") == system) }
            }
        }
    }

    @Test("whatsapp-chat-parser: attachment markers name the file and set the kind")
    func attachments() throws {
        let cases = try #require(try Self.parserCases()["attachments"] as? [[String: Any]])
        for item in cases {
            let result = try Self.readText(try #require(item["line"] as? String))
            let text = try #require(result.records.first?["text"])
            let name = Array(text.utf8).withUnsafeBufferPointer { WhatsAppLayout.attachmentName($0) }
            #expect(name == item["expected_fileName"] as? String)
            #expect(result.records.first?["kind"] == (name == nil ? "text" : "image"))
        }
    }

    /// Upstream splits on `\n` and so keeps the empty string after the file's last newline as a
    /// trailing `\n` of the last message; trailing blank lines end a message here, so the
    /// expectation is compared without it.
    @Test("whatsapp-chat-parser: whole files")
    func wholeFiles() throws {
        let cases = try #require(try Self.parserCases()["whole_file"] as? [[String: Any]])
        for item in cases {
            let result = try Self.readText(try #require(item["text"] as? String))
            #expect(result.rejects.isEmpty)
            if let count = item["expected_message_count"] as? Int { #expect(result.records.count == count) }
            if let last = item["expected_last_message"] as? String {
                var expected = last
                while expected.hasSuffix("\n") { expected.removeLast() }
                #expect(result.records.last?["text"] == expected)
            }
            if let times = item["expected_datetimes"] as? [String] { #expect(result.rows.map { $0[0] } == times) }
        }
        let whole = try Self.readText(try #require((cases[0]["text"] as? String)))
        #expect(whole.rows.map { $0[1] } == ["", "", "Sample User", "TestBot", "+410123456789"])
        #expect(whole.rows.map { $0[3] } == ["system", "system", "text", "text", "text"])
    }

    @Test("whatsapp-chat-parser: day/month order from values above 12, then from dates that go down")
    func dayFirstInference() throws {
        let helpers = try #require(try Self.parserCases()["helper_functions"] as? [String: Any])
        let inference = try #require(helpers["day_first_inference"] as? [String: Any])
        var checked = 0
        for key in ["checkAbove12", "checkDecreasing"] {
            for item in try #require(inference[key] as? [[String: Any]]) {
                let raw = try #require((item["dates_dmy_or_mdy"] ?? item["dates"]) as? [[Int]])
                let dates = raw.map { (first: $0[0], second: $0[1], year: $0[2]) }
                let expected: ChatDateOrder? = (item["daysFirst"] as? Bool).map { $0 ? .dayFirst : .monthFirst }
                #expect(WhatsAppDateOrder.infer(dates) == expected, "\(key) \(raw)")
                checked += 1
            }
        }
        #expect(checked == 9)
    }

    @Test("whatsapp-chat-parser: 12-hour clock conversion")
    func twelveHourClock() throws {
        let cases = try #require(
            (try Self.parserCases()["helper_functions"] as? [String: Any])?["convertTime12to24"] as? [[String]])
        for item in cases {
            let result = try Self.readText("13/1/18, \(item[0]) \(item[1]) - a: m")
            let time = try #require(result.rows.first?[0])
            let expected = item[2].count == 5 ? item[2] + ":00" : item[2]
            #expect(time == "2018-01-13T" + expected, "\(item)")
        }
    }

    @Test("Media placeholders, deleted messages and U+200E marks")
    func mediaAndMarks() throws {
        let text = """
            [31/12/2020, 23:59:59] Anna: \u{200E}image omitted
            [31/12/2020, 23:59:59] Anna: \u{200E}<attached: 00000012-AUDIO-2020-12-31-23-59-59.opus>
            31/12/2020, 23:59 - Ben: <Media omitted>
            31/12/2020, 23:59 - Ben: This message was deleted
            \u{200E}[01/01/2021, 00:00:01] \u{200E}Anna: 新年快乐
            """
        let result = try Self.readText(text)
        #expect(result.rows == [
            ["2020-12-31T23:59:59", "Anna", "image omitted", "image"],
            ["2020-12-31T23:59:59", "Anna", "<attached: 00000012-AUDIO-2020-12-31-23-59-59.opus>", "voice"],
            ["2020-12-31T23:59:00", "Ben", "<Media omitted>", "media"],
            ["2020-12-31T23:59:00", "Ben", "This message was deleted", "recalled"],
            ["2021-01-01T00:00:01", "Anna", "新年快乐", "text"],
        ])
    }

    @Test("Garbage before the first header is an orphan line")
    func orphanLine() throws {
        let result = try Self.readText("Chat with Anna\n\n31/12/2020, 23:59 - Anna: hi\n")
        #expect(result.rejects.map(\.code) == ["chat.orphan_line"])
        #expect(result.rejects.first?.provenance.line == 1)
        #expect(result.rows == [["2020-12-31T23:59:00", "Anna", "hi", "text"]])
        #expect(result.records.first?.provenance.line == 3)
    }
}

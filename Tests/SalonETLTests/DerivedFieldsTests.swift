import Foundation
import SalonETL
import SalonStore
import Testing

/// Segments, derived member levels and next birthdays, end to end through a pipeline run: on the
/// sample estate, and on a small built estate whose customers sit on each rule's boundary.
@Suite struct DerivedFieldsTests {
    /// One built customer: a name, a phone, and what the source says.
    struct Person {
        var name: String
        var phone: String
        var level = ""
        var birthday = ""
        var profiling = "是"
    }

    /// Customers on each boundary as of 2024-03-31 (visits as (date, yuan); negative = refund).
    static let people: [(Person, [(String, String)])] = [
        // seg.new: first visit exactly 30 days before → new; 31 days → not new (nor dormant).
        (Person(name: "陈新三十", phone: "13911110001", birthday: "农历三月初五"), [("2024-03-01", "68.00")]),
        (Person(name: "林三十一", phone: "13911110002", birthday: "2000-02-29"), [("2024-02-29", "68.00")]),
        // seg.dormant: last visit 90 days before → not dormant; 91 days → dormant.
        (Person(name: "周九十", phone: "13911110003"), [("2024-01-01", "120.00")]),
        (Person(name: "吴九十一", phone: "13911110004"), [("2023-12-31", "120.00")]),
        // seg.potential: two visits within 90 days; the first 90 days back.
        (Person(name: "郑潜力", phone: "13911110005", profiling: "否"), [("2024-01-01", "50.00"), ("2024-03-30", "50.00")]),
        // Ranked by spend: 6000 (first visit 21 days back; 2 visits: too few for high value), 3000 and 3000 tied at the
        // 20% cut of ten spenders (both in), 2000 (out; exactly 银卡).
        (Person(name: "王六千", phone: "13911110006"), [("2024-03-10", "3000.00"), ("2024-03-20", "3000.00")]),
        (Person(name: "李三千甲", phone: "13911110007"),
         [("2023-06-01", "1000.00"), ("2024-02-01", "1000.00"), ("2024-03-15", "1000.00")]),
        (Person(name: "张三千乙", phone: "13911110008", level: "VIP"),
         [("2023-07-01", "1000.00"), ("2024-02-02", "1000.00"), ("2024-03-16", "1000.00")]),
        (Person(name: "赵两千", phone: "13911110009"),
         [("2024-02-10", "700.00"), ("2024-02-20", "700.00"), ("2024-03-05", "600.00")]),
        // Lifetime 1999.99 yuan → 普通; long gone → dormant.
        (Person(name: "孙旧客", phone: "13911110010"), [("2023-06-01", "1999.99")]),
        // Bought and returned: no spend, one visit.
        (Person(name: "钱退款", phone: "13911110011"), [("2024-03-20", "300.00"), ("2024-03-21", "-300.00")]),
        // No receipts: no segments, no derived level.
        (Person(name: "冯无单", phone: "13911110012"), []),
    ]

    /// Writes the built estate and a pipeline over it; `derive` is the pipeline's derive block.
    static func makeEstate(derive: String, consent: Bool = false) throws -> String {
        let dir = try TestSupport.makeDirectory("derived")
        var customers = "姓名,手机,会员等级,生日,同意画像\n"
        var receipts = "小票号,消费时间,门店,手机,服务项目,数量,单价,金额,支付方式,状态\n"
        var number = 0
        for (person, visits) in people {
            customers += "\(person.name),\(person.phone),\(person.level),\(person.birthday),\(person.profiling)\n"
            for (date, yuan) in visits {
                number += 1
                let refund = yuan.hasPrefix("-")
                receipts += "R\(number),\(date) 10:00:00,SH01,\(person.phone),\(refund ? "退款" : "剪发"),\(refund ? -1 : 1),"
                    + "\(yuan.replacingOccurrences(of: "-", with: "")),\(yuan),微信,\(refund ? "退款" : "正常")\n"
            }
        }
        try customers.write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        try receipts.write(toFile: "\(dir)/receipts.csv", atomically: true, encoding: .utf8)
        let pipeline = """
            name: derived-boundaries
            target: { sqlite: crm.sqlite }
            workspace: runs
            sources:
              - id: customers
                entity: customers
                store: SH01
                read: { format: csv, path: customers.csv }
                columns: { name: 姓名, phone: 手机, member_level: 会员等级, birthday: 生日, profiling_consent: 同意画像 }
              - id: till
                entity: receipts
                store: SH01
                read: { format: pos-csv, path: receipts.csv }
                columns: { receipt_number: 小票号, time: 消费时间, store: 门店, phone: 手机, item: 服务项目, quantity: 数量,
                           unit_price: 单价, amount: 金额, payment: 支付方式, status: 状态 }
            normalize: { consent: { require_for_profiling: \(consent) } }
            \(derive)
            """
        try pipeline.write(toFile: "\(dir)/pipeline.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    static func run(_ dir: String) throws -> RunOutcome {
        let spec = try PipelineLoader.load(path: "\(dir)/pipeline.yaml")
        return try PipelineRunner(spec: spec, options: RunOptions(showProgress: false)).run()
    }

    /// Segment codes per customer name.
    static func segments(_ dir: String) throws -> [String: [String]] {
        let connection = try SQLiteConnection(path: "\(dir)/crm.sqlite", readOnly: true)
        var result: [String: [String]] = [:]
        for row in try connection.query("""
            SELECT c.name, s.code FROM customer_segments s JOIN customers c ON c.id = s.customer_id ORDER BY c.name, s.code
            """) {
            result[row[0].text ?? "", default: []].append(row[1].text ?? "")
        }
        return result
    }

    static func column(_ dir: String, _ sql: String) throws -> [String: String] {
        let connection = try SQLiteConnection(path: "\(dir)/crm.sqlite", readOnly: true)
        var result: [String: String] = [:]
        for row in try connection.query(sql) { result[row[0].text ?? ""] = row[1].text ?? "NULL" }
        return result
    }

    static let asOf = "derive: { as_of: 2024-03-31 }"

    @Test func segmentBoundaries() throws {
        let dir = try Self.makeEstate(derive: Self.asOf)
        let outcome = try Self.run(dir)
        #expect(outcome.exitCode == 0)
        #expect(try Self.segments(dir) == [
            "陈新三十": ["seg.new"],
            "周九十": [],
            "吴九十一": ["seg.dormant"],
            "郑潜力": ["seg.potential"],
            "王六千": ["seg.new", "seg.potential"],
            "李三千甲": ["seg.high_value"],
            "张三千乙": ["seg.high_value"],
            "赵两千": ["seg.potential"],
            "孙旧客": ["seg.dormant"],
            "钱退款": ["seg.new"],
        ].filter { !$0.value.isEmpty })
        let derived = try #require(outcome.report.publish?.derived)
        #expect(derived.asOf == "2024-03-31")
        #expect(derived.segments == ["seg.dormant": 2, "seg.high_value": 2, "seg.new": 3, "seg.potential": 3])
    }

    @Test func levelsAreDerivedOnlyWhereTheSourceHasNone() throws {
        let dir = try Self.makeEstate(derive: Self.asOf)
        _ = try Self.run(dir)
        let levels = try Self.column(dir, "SELECT name, COALESCE(member_level, 'NULL') || '/' || member_level_derived FROM customers")
        #expect(levels["王六千"] == "金卡/1")
        #expect(levels["李三千甲"] == "银卡/1")
        #expect(levels["赵两千"] == "银卡/1")
        #expect(levels["孙旧客"] == "普通/1")
        #expect(levels["钱退款"] == "普通/1")
        #expect(levels["张三千乙"] == "VIP/0")
        #expect(levels["冯无单"] == "NULL/0")
    }

    @Test func nextBirthdaysAndRerunChangesNothing() throws {
        let dir = try Self.makeEstate(derive: Self.asOf)
        let first = try Self.run(dir)
        // New customers are written with their next birthday; they still count as set by the run.
        #expect(first.report.publish?.derived?.birthdaysUpdated == 2)
        let next = try Self.column(dir, "SELECT name, birthday_next FROM customers WHERE birthday IS NOT NULL")
        // 农历三月初五 of lunar 2024 is 13 April; 29 Feb falls on 28 Feb in 2025, a common year.
        #expect(next == ["陈新三十": "2024-04-13", "林三十一": "2025-02-28"])
        let before = try Self.column(dir, "SELECT customer_id || code, as_of || run_id FROM customer_segments")
        let rerun = try Self.run(dir)
        #expect(rerun.report.publish?.changedRows == 0)
        #expect(rerun.report.publish?.derived?.customersRefreshed == 12)
        #expect(rerun.report.publish?.derived?.birthdaysUpdated == 0)
        #expect(try Self.column(dir, "SELECT customer_id || code, as_of || run_id FROM customer_segments") == before)
    }

    @Test func customersWithoutProfilingConsentGetNoSegments() throws {
        let dir = try Self.makeEstate(derive: Self.asOf, consent: true)
        let outcome = try Self.run(dir)
        let segments = try Self.segments(dir)
        #expect(segments["郑潜力"] == nil)
        #expect(segments["王六千"] == ["seg.new", "seg.potential"])
        #expect(outcome.report.publish?.derived?.withoutProfilingConsent == 1)
    }

    @Test func overriddenThresholdsAndLatestAsOf() throws {
        let dir = try Self.makeEstate(derive: """
            derive:
              as_of: latest
              segments: { new_days: 31, high_value_top: 0.1, high_value_min_visits: 2 }
              member_levels: false
            """)
        let outcome = try Self.run(dir)
        // The latest receipt is 2024-03-30, so every window is one day shorter in the past.
        #expect(outcome.report.publish?.derived?.asOf == "2024-03-30")
        let segments = try Self.segments(dir)
        #expect(segments["林三十一"] == ["seg.new"])
        #expect(segments["陈新三十"] == ["seg.new"])
        #expect(segments["周九十"] == nil)
        // Top 10% of ten spenders is one customer, who now needs only two visits.
        #expect(segments["王六千"] == ["seg.high_value", "seg.new"])
        #expect(segments["李三千甲"] == ["seg.potential"])
        #expect(try Self.column(dir, "SELECT name, member_level_derived FROM customers WHERE member_level_derived = 1").isEmpty)
    }

    /// The sample estate's till (samples/pos) as of its latest day, 2024-03-02. By hand: five
    /// linked customers, all first seen within 30 days → seg.new; 王芳 has two visits → also
    /// seg.potential (top 20% of four spenders is 王芳 alone, 456 yuan, but with two visits, not
    /// three). O'Brien李 bought and returned 380 yuan: one visit, no spend. Only 赵强 has a level
    /// from the source (金卡), kept; the other four spent under 2000 yuan → 普通, derived.
    @Test func sampleEstate() throws {
        let dir = try TestSupport.makeDirectory("derived-sample")
        let result = try TestSupport.runCLI([
            "run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", "\(dir)/crm.sqlite", "--workspace",
            "\(dir)/runs", "--report-json", "\(dir)/report.json", "--no-progress",
        ])
        #expect(result.status == 0)
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))
        let derived = try #require(report.publish?.derived)
        #expect(derived.asOf == "2024-03-02")
        #expect(derived.segments == ["seg.new": 5, "seg.potential": 1])
        #expect(derived.derivedLevels == ["普通": 4])
        #expect(try Self.segments(dir)["王芳"] == ["seg.new", "seg.potential"])
        let levels = try Self.column(dir, "SELECT name, member_level || '/' || member_level_derived FROM customers WHERE name = '赵强'")
        #expect(levels["赵强"] == "金卡/0")
        let json = try String(contentsOfFile: "\(dir)/report.json", encoding: .utf8)
        #expect(json.contains("\"derived_levels\""))
        let html = try String(contentsOfFile: report.files.reportHTML, encoding: .utf8)
        #expect(html.contains("seg.potential"))

        let birthdays = try TestSupport.runCLI(["birthdays", "--db", "\(dir)/crm.sqlite", "--from", "2024-04-10", "--days", "7"])
        #expect(birthdays.status == 0)
        let lines = birthdays.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("2024-04-13  +3d") && $0.contains("农历 --03-05") })
        // Phones only masked: no run of eleven digits anywhere.
        #expect(birthdays.stdout.contains("****"))
        #expect(birthdays.stdout.firstMatch(of: /\d{11}/) == nil)
    }
}

import Foundation
import SalonStore
import Testing
@testable import SalonETL

/// `derive:` in a pipeline file: defaults, overrides, `false`, and strict refusal of the rest.
@Suite struct PipelineLoaderDeriveTests {
    let minimal = """
        name: t
        target: { sqlite: out/crm.sqlite }
        sources:
          - id: a
            entity: customers
            store: SH01
            read: { format: csv, path: data/*.csv }
            columns: { name: 姓名 }
        """

    func parse(_ extra: String) throws -> PipelineSpec {
        try PipelineLoader.parse(minimal + "\n" + extra, file: "/p/x.yaml")
    }

    func error(_ extra: String) -> SalonError? {
        do {
            _ = try parse(extra)
            return nil
        } catch {
            return error as? SalonError
        }
    }

    @Test func defaultsApplyWithoutADeriveBlock() throws {
        let rules = try #require(try parse("").derive)
        #expect(rules.asOf == nil)
        #expect(rules.segments == DerivedFieldRules.SegmentRules())
        #expect(rules.memberLevels == DerivedFieldRules.MemberLevelThreshold.defaults)
        #expect(rules.requireProfilingConsent == false)
    }

    @Test func overridesFalseAndConsent() throws {
        let spec = try parse("""
            normalize: { consent: { require_for_profiling: true } }
            derive:
              as_of: 2024-03-31
              segments: { new_days: 14, high_value_top: 0.1 }
              member_levels: { 会员: 0, 黄金: 3000.50 }
            """)
        let rules = try #require(spec.derive)
        #expect(rules.asOf == "2024-03-31")
        #expect(rules.segments?.newDays == 14)
        #expect(rules.segments?.highValueTop == 0.1)
        #expect(rules.segments?.dormantDays == 90)
        #expect(rules.memberLevels == [.init(level: "会员", fromFen: 0), .init(level: "黄金", fromFen: 300_050)])
        #expect(rules.requireProfilingConsent)
        #expect(try parse("derive: false").derive == nil)
        let noLevels = try #require(try parse("derive: { segments: false, member_levels: false }").derive)
        #expect(noLevels.segments == nil && noLevels.memberLevels == nil)
        // Without a level from 0, spend below every threshold is 普通.
        let implicit = try #require(try parse("derive: { member_levels: { 银卡: 2000 } }").derive)
        #expect(implicit.memberLevels?.first == .init(level: "普通", fromFen: 0))
    }

    @Test func badValuesNameTheirKey() throws {
        let typo = try #require(error("derive: { segments: { new_dayz: 3 } }"))
        #expect(typo.fix?.hasPrefix("did you mean 'new_days'?") == true)
        let date = try #require(error("derive: { as_of: 2024-02-30 }"))
        #expect(date.location?.hasSuffix("(derive.as_of)") == true)
        let share = try #require(error("derive: { segments: { high_value_top: 20 } }"))
        #expect(share.location?.hasSuffix("(derive.segments.high_value_top)") == true)
        let money = try #require(error("derive: { member_levels: { 银卡: 两千 } }"))
        #expect(money.location?.hasSuffix("(derive.member_levels.银卡)") == true)
        #expect(error("derive: true") != nil)
        #expect(error("derive: { member_levels: { 银卡: 2000, 金卡: 2000 } }") != nil)
    }
}

import Testing
@testable import SalonValidation

@Suite struct SampleSelectorTests {
    /// 5,000 records in one big store and 3 in a small one, across two sources.
    func makeKeys() -> [SampleKey] {
        (1...5000).map { SampleKey(sourceID: "sh01", store: "SH01", file: "a.csv", recordKey: "line \($0 + 1)") }
            + (1...3).map { SampleKey(sourceID: "bj02", store: "BJ02", file: "b.xml", recordKey: "2023!\($0 + 3)") }
    }

    func draw(_ keys: [SampleKey], _ spec: SampleSpec) -> [SampleKey] {
        var selector = SampleSelector<Int>(spec: spec)
        for (index, key) in keys.enumerated() { selector.offer(key, index) }
        return selector.sample().map(\.key)
    }

    @Test func theSameInputsGiveTheSameSampleInAnyOrder() {
        let keys = makeKeys()
        let first = draw(keys, SampleSpec(fraction: 0.1, seed: 42))
        let again = draw(keys, SampleSpec(fraction: 0.1, seed: 42))
        let reversed = draw(keys.reversed(), SampleSpec(fraction: 0.1, seed: 42))
        #expect(first == again)
        #expect(Set(first) == Set(reversed))
        #expect(Set(first) != Set(draw(keys, SampleSpec(fraction: 0.1, seed: 43))))
    }

    @Test func theFractionIsMetAndEveryStratumIsCovered() {
        let sample = draw(makeKeys(), SampleSpec(fraction: 0.1, seed: 42))
        let big = sample.filter { $0.store == "SH01" }.count
        #expect((400...600).contains(big), "drew \(big) of 5000")
        #expect(sample.contains { $0.store == "BJ02" })
        // A tiny fraction still draws one record per (source, store).
        let tiny = draw(makeKeys(), SampleSpec(fraction: 0.00001, seed: 42))
        #expect(Set(tiny.map(\.store)) == ["SH01", "BJ02"])
        #expect(tiny.count == 2)
    }

    @Test func fractionZeroDrawsNothingAndOneDrawsAll() {
        #expect(draw(makeKeys(), SampleSpec(fraction: 0, seed: 42)).isEmpty)
        #expect(draw(makeKeys(), SampleSpec(fraction: 1, seed: 42)).count == 5003)
    }
}

import Foundation
import Testing

/// Every reader, fed mutants of its seeds from samples/ and the corpus for a bounded time
/// (`SALON_FUZZ_SECONDS`, default 15 s across all readers; `scripts/fuzz` runs it longer).
@Suite(.serialized) struct ReaderFuzzTests {
    @Test(
        "mutants end in records, rejects with a reason, warnings or a refusal: no crash, hang or memory growth",
        arguments: FuzzSettings.current.targets)
    func readerSurvivesMutants(target: FuzzTarget) async throws {
        let settings = FuzzSettings.current
        #expect(!target.seedFiles().isEmpty, "no seed files for \(target.name): is ../shared/corpus there?")
        let summary = try await ReaderFuzzer(target: target, settings: settings).run()
        print(
            "fuzz \(target.name): \(summary.mutants) mutants, \(summary.records) records, \(summary.rejects) rejects, "
                + "\(summary.warnings) warnings, \(summary.refusals) refusals; "
                + "replay with SALON_FUZZ_SEED=\(settings.seed) SALON_FUZZ_TARGET=\(target.name)")
        for finding in summary.findings {
            Issue.record("fuzz \(target.name) (SALON_FUZZ_SEED=\(settings.seed)): \(finding)")
        }
        #expect(summary.mutants > 0)
    }
}

import Foundation

/// The fuzzer's knobs, from the environment so CI and `scripts/fuzz` share one harness.
/// - `SALON_FUZZ_SECONDS`: total budget across the selected readers (default 15).
/// - `SALON_FUZZ_SEED`: run seed, printed so a failure can be replayed. The test suite's default is
///   fixed, so CI is repeatable; `scripts/fuzz` draws a fresh seed for every round.
/// - `SALON_FUZZ_TARGET`: comma-separated reader names to fuzz (default: all).
/// - `SALON_FUZZ_DEADLINE`: seconds one mutant may take before it counts as a hang (default 10).
/// - `SALON_FUZZ_RSS_MB`: how far resident memory may grow during a reader's run (default 512).
struct FuzzSettings: Sendable {
    var totalSeconds: Double
    var seed: UInt64
    var targets: [FuzzTarget]
    var mutantDeadline: Double
    var maxRSSGrowth: Int
    var outputDirectory: String

    static let current: FuzzSettings = {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["SALON_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_128
        let names = environment["SALON_FUZZ_TARGET"].flatMap { $0.isEmpty ? nil : Set($0.split(separator: ",").map(String.init)) }
        return FuzzSettings(
            totalSeconds: environment["SALON_FUZZ_SECONDS"].flatMap(Double.init) ?? 15,
            seed: seed,
            targets: FuzzTarget.all.filter { names?.contains($0.name) ?? true },
            mutantDeadline: environment["SALON_FUZZ_DEADLINE"].flatMap(Double.init) ?? 10,
            maxRSSGrowth: (environment["SALON_FUZZ_RSS_MB"].flatMap(Int.init) ?? 512) << 20,
            outputDirectory: NSTemporaryDirectory() + "salon-fuzz-\(seed)")
    }()

    /// Each selected reader's share of the budget.
    var secondsPerTarget: Double { max(0.5, totalSeconds / Double(max(targets.count, 1))) }
}

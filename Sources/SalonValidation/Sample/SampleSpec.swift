/// How much of a run the sample re-check reads again (`validate.sample` in a pipeline file).
public struct SampleSpec: Sendable, Equatable, Codable {
    /// Share of staged records drawn (0...1); 0 turns the re-check off.
    public var fraction: Double
    /// Changes which records are drawn; the same seed over the same inputs draws the same sample.
    public var seed: UInt64

    public init(fraction: Double = 0.10, seed: UInt64 = 42) {
        self.fraction = fraction
        self.seed = seed
    }

    public var isEnabled: Bool { fraction > 0 }
}

/// Draws the re-check sample: reproducible and stratified.
///
/// A record is drawn when a hash of (seed, source id, file, record key) falls below the fraction,
/// so the draw depends only on what a record is, never on how many records came before it or on a
/// random generator's state: the same inputs give the same sample, and adding a file does not
/// reshuffle the others. Every (source, store) stratum that has records gets at least one: the
/// one with the smallest hash when the fraction drew none. Memory grows with the sample, not the run.
public struct SampleSelector<Payload> {
    public let spec: SampleSpec
    private var drawn: [(key: SampleKey, payload: Payload)] = []
    private var strata: [Stratum: Stratum.State] = [:]

    private struct Stratum: Hashable {
        var sourceID: String
        var store: String

        struct State {
            var drawn = 0
            var best: (score: UInt64, key: SampleKey, payload: Payload)?
        }
    }

    public init(spec: SampleSpec) { self.spec = spec }

    /// Offers one staged record.
    public mutating func offer(_ key: SampleKey, _ payload: Payload) {
        guard spec.isEnabled else { return }
        let score = Self.score(key, seed: spec.seed)
        let stratum = Stratum(sourceID: key.sourceID, store: key.store)
        var state = strata[stratum] ?? Stratum.State()
        if Double(score >> 11) / Double(UInt64(1) << 53) < spec.fraction {
            drawn.append((key, payload))
            state.drawn += 1
        } else if state.drawn == 0, state.best.map({ score < $0.score }) ?? true {
            state.best = (score, key, payload)
        }
        strata[stratum] = state
    }

    /// The drawn records, plus one per stratum the fraction left empty.
    public func sample() -> [(key: SampleKey, payload: Payload)] {
        var result = drawn
        for (_, state) in strata where state.drawn == 0 {
            if let best = state.best { result.append((best.key, best.payload)) }
        }
        return result
    }

    /// FNV-1a over the key's parts (separated so "a"+"bc" differs from "ab"+"c"), then the
    /// SplitMix64 finalizer so nearby keys spread over the whole range.
    static func score(_ key: SampleKey, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        mix(key.sourceID)
        mix(key.file)
        mix(key.recordKey)
        var z = hash &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What identifies a staged record for the draw, and the stratum it belongs to.
public struct SampleKey: Sendable, Hashable, Codable {
    public var sourceID: String
    public var store: String
    /// The file as provenance records it (relative to the pipeline's folder).
    public var file: String
    /// `line 12` or `Sheet!12`.
    public var recordKey: String

    public init(sourceID: String, store: String, file: String, recordKey: String) {
        self.sourceID = sourceID
        self.store = store
        self.file = file
        self.recordKey = recordKey
    }
}

/// SplitMix64: tiny, fast and the same on every platform, so `SALON_FUZZ_SEED` replays a run.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Turns seed files into mutants: byte flips, inserts, deletes, chunk duplication, splices
/// between seeds and format-aware tokens. Mutants stay under `maxSize` so a run tries many.
struct FuzzMutator {
    var seeds: [[UInt8]]
    var tokens: [[UInt8]]
    var maxSize = 1 << 20

    /// A mutant of seed `seedIndex`, with one to six mutations applied.
    func mutate(_ seedIndex: Int, using random: inout FuzzRandom) -> [UInt8] {
        var bytes = seeds[seedIndex]
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            apply(to: &bytes, using: &random)
            if bytes.count > maxSize { bytes.removeSubrange(maxSize...) }
        }
        return bytes
    }

    private func position(in bytes: [UInt8], using random: inout FuzzRandom) -> Int {
        Int.random(in: 0...bytes.count, using: &random)
    }

    private func apply(to bytes: inout [UInt8], using random: inout FuzzRandom) {
        switch Int.random(in: 0..<9, using: &random) {
        case 0 where !bytes.isEmpty:  // flip one bit
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1 where !bytes.isEmpty:  // replace a byte
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        case 2:  // insert random bytes
            let count = Int.random(in: 1...16, using: &random)
            let inserted = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes.insert(contentsOf: inserted, at: position(in: bytes, using: &random))
        case 3 where !bytes.isEmpty:  // delete a range
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let length = Int.random(in: 1...min(bytes.count - start, 256), using: &random)
            bytes.removeSubrange(start..<start + length)
        case 4 where !bytes.isEmpty:  // duplicate a chunk, sometimes many times
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let chunk = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...512, using: &random))])
            let times = Bool.random(using: &random) ? 1 : Int.random(in: 2...200, using: &random)
            let repeated = Array([[UInt8]](repeating: chunk, count: times).joined())
            bytes.insert(contentsOf: repeated, at: position(in: bytes, using: &random))
        case 5 where seeds.count > 1:  // splice: our head, another seed's tail
            let other = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            let cut = position(in: bytes, using: &random)
            let from = Int.random(in: 0...other.count, using: &random)
            bytes = Array(bytes[..<cut]) + other[from...]
        case 6:  // truncate
            bytes.removeSubrange(position(in: bytes, using: &random)...)
        case 7:  // a token repeated (an open quote, an entity, a NUL run)
            let token = tokens[Int.random(in: 0..<tokens.count, using: &random)]
            let times = Int.random(in: 1...64, using: &random)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: token, count: times).joined()), at: position(in: bytes, using: &random))
        default:  // a token, once
            let token = tokens[Int.random(in: 0..<tokens.count, using: &random)]
            bytes.insert(contentsOf: token, at: position(in: bytes, using: &random))
        }
    }
}

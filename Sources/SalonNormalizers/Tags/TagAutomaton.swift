/// An Aho–Corasick automaton over every phrase of a vocabulary (synonyms, cues, no-allergy
/// phrases), so a note is matched in one pass whatever the vocabulary's size.
///
/// Normalization is folded into the alphabet: a 64K table maps each BMP scalar straight to its
/// symbol, with Traditional, full-width and upper-case forms sharing the symbol of the folded
/// character. Text outside every phrase gets symbol 0 and sends the automaton back to the root.
final class TagAutomaton: Sendable {
    enum Kind: UInt8, Sendable {
        case synonym, noAllergy, negation, suspected, pseudoNegation
    }

    struct Pattern: Sendable {
        var kind: Kind
        /// Index into the vocabulary's tags for synonyms; unused otherwise.
        var tag: Int32
        /// Length in non-space scalars.
        var length: Int32
    }

    static let unknownSymbol: UInt16 = 0
    static let spaceSymbol: UInt16 = 1
    static let separatorSymbol: UInt16 = 2
    private static let firstTextSymbol: UInt16 = 3

    let patterns: [Pattern]
    /// Symbol of every BMP scalar.
    let symbols: [UInt16]
    /// Root transitions, dense by symbol (0 = stay at root).
    private let rootNext: [Int32]
    /// Sparse transitions of other states: `childSymbols/childTargets[childStart[s]..<childStart[s+1]]`.
    private let childStart: [Int32]
    private let childSymbols: [UInt16]
    private let childTargets: [Int32]
    private let failure: [Int32]
    /// Patterns ending at a state, including those of its suffix states.
    private let outputStart: [Int32]
    private let outputs: [Int32]

    /// Builds the automaton from folded phrases; duplicates of one pattern kind and tag collapse.
    init(phrases: [(kind: Kind, tag: Int32, scalars: [UInt32])], characterMap: [UInt32: UInt32]) {
        var symbolOfScalar: [UInt32: UInt16] = [:]
        var nextSymbol = Self.firstTextSymbol
        var trie: [[UInt16: Int32]] = [[:]]
        var terminal: [[Int32]] = [[]]
        var patterns: [Pattern] = []
        var seen: Set<[UInt32]> = []
        for phrase in phrases {
            // A phrase listed twice (or in Simplified and Traditional) is one pattern.
            guard seen.insert([UInt32(phrase.kind.rawValue), UInt32(bitPattern: phrase.tag)] + phrase.scalars).inserted
            else { continue }
            var state: Int32 = 0
            for scalar in phrase.scalars {
                let symbol: UInt16
                if let known = symbolOfScalar[scalar] {
                    symbol = known
                } else {
                    symbol = nextSymbol
                    symbolOfScalar[scalar] = symbol
                    nextSymbol += 1
                }
                if let next = trie[Int(state)][symbol] {
                    state = next
                } else {
                    let next = Int32(trie.count)
                    trie.append([:])
                    terminal.append([])
                    trie[Int(state)][symbol] = next
                    state = next
                }
            }
            terminal[Int(state)].append(Int32(patterns.count))
            patterns.append(Pattern(kind: phrase.kind, tag: phrase.tag, length: Int32(phrase.scalars.count)))
        }
        self.patterns = patterns

        var symbols = [UInt16](repeating: Self.unknownSymbol, count: 0x10000)
        for scalar in 0..<UInt32(0x10000) {
            let folded = TagTextFolding.fold(scalar, characterMap: characterMap)
            switch TagTextFolding.role(of: folded) {
            case .space: symbols[Int(scalar)] = Self.spaceSymbol
            case .separator: symbols[Int(scalar)] = Self.separatorSymbol
            case .text: symbols[Int(scalar)] = symbolOfScalar[folded] ?? Self.unknownSymbol
            }
        }
        self.symbols = symbols

        // Flatten the trie and compute failure links breadth-first.
        let stateCount = trie.count
        var rootNext = [Int32](repeating: 0, count: Int(nextSymbol))
        for (symbol, target) in trie[0] { rootNext[Int(symbol)] = target }
        var childStart = [Int32](repeating: 0, count: stateCount + 1)
        var childSymbols: [UInt16] = []
        var childTargets: [Int32] = []
        for state in 0..<stateCount {
            childStart[state] = Int32(childSymbols.count)
            for (symbol, target) in trie[state].sorted(by: { $0.key < $1.key }) {
                childSymbols.append(symbol)
                childTargets.append(target)
            }
        }
        childStart[stateCount] = Int32(childSymbols.count)

        var failure = [Int32](repeating: 0, count: stateCount)
        var order: [Int32] = [0]
        var cursor = 0
        while cursor < order.count {
            let state = order[cursor]
            cursor += 1
            for (symbol, target) in trie[Int(state)] {
                order.append(target)
                guard state != 0 else { continue }
                var fallback = failure[Int(state)]
                while true {
                    if let next = trie[Int(fallback)][symbol] {
                        failure[Int(target)] = next
                        break
                    }
                    if fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
            }
        }
        var collected = [[Int32]](repeating: [], count: stateCount)
        for state in order {
            collected[Int(state)] = terminal[Int(state)] + (state == 0 ? [] : collected[Int(failure[Int(state)])])
        }
        var outputStart = [Int32](repeating: 0, count: stateCount + 1)
        var outputs: [Int32] = []
        for state in 0..<stateCount {
            outputStart[state] = Int32(outputs.count)
            outputs += collected[state]
        }
        outputStart[stateCount] = Int32(outputs.count)

        self.rootNext = rootNext
        self.childStart = childStart
        self.childSymbols = childSymbols
        self.childTargets = childTargets
        self.failure = failure
        self.outputStart = outputStart
        self.outputs = outputs
    }

    /// The state after reading a text symbol (never a space or separator).
    @inline(__always)
    func step(_ state: Int32, _ symbol: UInt16) -> Int32 {
        var current = state
        while current != 0 {
            var index = Int(childStart[Int(current)])
            let end = Int(childStart[Int(current) + 1])
            while index < end {
                if childSymbols[index] == symbol { return childTargets[index] }
                index += 1
            }
            current = failure[Int(current)]
        }
        return symbol < UInt16(rootNext.count) ? rootNext[Int(symbol)] : 0
    }

    /// Patterns that end in a state.
    @inline(__always)
    func outputs(of state: Int32) -> ArraySlice<Int32> {
        outputs[Int(outputStart[Int(state)])..<Int(outputStart[Int(state) + 1])]
    }

    @inline(__always)
    func hasOutputs(_ state: Int32) -> Bool {
        outputStart[Int(state)] != outputStart[Int(state) + 1]
    }
}

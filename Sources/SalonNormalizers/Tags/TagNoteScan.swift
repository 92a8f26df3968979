/// One pass over a note's UTF-8: decodes scalars, records where each sits in the original text
/// (UTF-8 and UTF-16 offsets), which clause and phrase it belongs to, and runs the automaton.
///
/// The tables point into a caller-owned temporary allocation and must not outlive it.
struct TagNoteScan {
    /// A vocabulary phrase found in the note, in scalar positions `start..<end`.
    struct Occurrence {
        var pattern: Int32
        var start: Int32
        var end: Int32
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Offsets of scalar `i` (and, at `scalarCount`, of the note's end).
    let utf8Offsets: UnsafeMutableBufferPointer<Int32>
    let utf16Offsets: UnsafeMutableBufferPointer<Int32>
    /// Clause id of each scalar; a space or punctuation mark closes its clause.
    let clauses: UnsafeMutableBufferPointer<Int32>
    /// Phrase id of each scalar; only punctuation closes a phrase.
    let phrases: UnsafeMutableBufferPointer<Int32>
    /// Automaton symbol of each scalar (space and separator symbols mark boundaries).
    let symbols: UnsafeMutableBufferPointer<Int32>
    /// Scratch flags for the resolver: which scalars some tag, cue or phrase accounts for.
    let covered: UnsafeMutableBufferPointer<Int32>
    private(set) var scalarCount = 0
    /// Scalars that are neither spaces nor punctuation.
    private(set) var textScalarCount = 0
    /// Found phrases; the resolver narrows them to the ones it keeps, in place.
    var occurrences: [Occurrence] = []

    init(bytes: UnsafeBufferPointer<UInt8>, storage: UnsafeMutableBufferPointer<Int32>, capacity: Int, automaton: TagAutomaton) {
        self.bytes = bytes
        func region(_ index: Int) -> UnsafeMutableBufferPointer<Int32> {
            UnsafeMutableBufferPointer(rebasing: storage[(index * capacity)..<((index + 1) * capacity)])
        }
        utf8Offsets = region(0)
        utf16Offsets = region(1)
        clauses = region(2)
        phrases = region(3)
        symbols = region(4)
        let nonSpaceScalars = region(5)
        covered = region(6)
        scan(automaton: automaton, nonSpaceScalars: nonSpaceScalars)
    }

    private mutating func scan(automaton: TagAutomaton, nonSpaceScalars: UnsafeMutableBufferPointer<Int32>) {
        let space = Int32(TagAutomaton.spaceSymbol)
        let separator = Int32(TagAutomaton.separatorSymbol)
        let unknown = Int32(TagAutomaton.unknownSymbol)
        automaton.symbols.withUnsafeBufferPointer { table in
            var offset = 0
            var utf16 = 0
            var scalarIndex = 0
            var nonSpaceCount = 0
            var clause: Int32 = 0
            var phrase: Int32 = 0
            var state: Int32 = 0
            var textCount = 0
            let count = bytes.count
            while offset < count {
                let lead = UInt32(bytes[offset])
                var scalar: UInt32
                var length: Int
                if lead < 0x80 {
                    scalar = lead
                    length = 1
                } else if lead < 0xE0 {
                    scalar = (lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F)
                    length = 2
                } else if lead < 0xF0 {
                    scalar = (lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F)
                    length = 3
                } else {
                    scalar = (lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
                        | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F)
                    length = 4
                }
                let symbol = scalar < 0x10000 ? Int32(table[Int(scalar)]) : unknown
                utf8Offsets[scalarIndex] = Int32(offset)
                utf16Offsets[scalarIndex] = Int32(utf16)
                clauses[scalarIndex] = clause
                phrases[scalarIndex] = phrase
                symbols[scalarIndex] = symbol
                offset += length
                utf16 += length == 4 ? 2 : 1
                if symbol == space {
                    clause += 1
                    scalarIndex += 1
                    continue
                }
                nonSpaceScalars[nonSpaceCount] = Int32(scalarIndex)
                nonSpaceCount += 1
                if symbol == separator {
                    clause += 1
                    phrase += 1
                    state = 0
                } else {
                    textCount += 1
                    if symbol == unknown {
                        state = 0
                    } else {
                        state = automaton.step(state, UInt16(symbol))
                        if automaton.hasOutputs(state) {
                            for pattern in automaton.outputs(of: state) {
                                let first = nonSpaceScalars[nonSpaceCount - Int(automaton.patterns[Int(pattern)].length)]
                                if occurrences.isEmpty { occurrences.reserveCapacity(8) }
                                occurrences.append(Occurrence(pattern: pattern, start: first, end: Int32(scalarIndex + 1)))
                            }
                        }
                    }
                }
                scalarIndex += 1
            }
            utf8Offsets[scalarIndex] = Int32(offset)
            utf16Offsets[scalarIndex] = Int32(utf16)
            scalarCount = scalarIndex
            textScalarCount = textCount
        }
    }

    /// The original note text of scalars `start..<end`.
    func text(_ start: Int32, _ end: Int32) -> String {
        let from = Int(utf8Offsets[Int(start)])
        let to = Int(utf8Offsets[Int(end)])
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    /// UTF-16 span of scalars `start..<end` in the original note.
    func utf16Span(_ start: Int32, _ end: Int32) -> Range<Int> {
        Int(utf16Offsets[Int(start)])..<Int(utf16Offsets[Int(end)])
    }

    func isBoundary(_ index: Int32) -> Bool {
        let symbol = symbols[Int(index)]
        return symbol == Int32(TagAutomaton.spaceSymbol) || symbol == Int32(TagAutomaton.separatorSymbol)
    }

    func isSeparator(_ index: Int32) -> Bool {
        symbols[Int(index)] == Int32(TagAutomaton.separatorSymbol)
    }

    /// Start of the phrase containing scalar `index` (just after the previous punctuation).
    func phraseStart(_ index: Int32) -> Int32 {
        var cursor = index
        while cursor > 0 && !isSeparator(cursor - 1) { cursor -= 1 }
        return cursor
    }

    /// End of the phrase containing the scalar before `index` (the next punctuation or the end).
    func phraseEnd(from index: Int32) -> Int32 {
        var cursor = index
        while Int(cursor) < scalarCount && !isSeparator(cursor) { cursor += 1 }
        return cursor
    }

    /// End of the clause containing the scalar before `index` (the next space, punctuation or end).
    func clauseEnd(from index: Int32) -> Int32 {
        var cursor = index
        while Int(cursor) < scalarCount && !isBoundary(cursor) { cursor += 1 }
        return cursor
    }

    /// Whether only spaces lie between scalar positions `from` and `to`.
    func onlySpaces(from: Int32, to: Int32) -> Bool {
        var cursor = from
        while cursor < to {
            if symbols[Int(cursor)] != Int32(TagAutomaton.spaceSymbol) { return false }
            cursor += 1
        }
        return true
    }
}

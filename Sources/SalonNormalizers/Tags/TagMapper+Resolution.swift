extension TagMapper {
    /// A tag about to be emitted, with the scalars it covers in the note.
    private struct Candidate {
        var tag: Int
        var start: Int32
        var end: Int32
        var mentionStart: Int32
        var value: String?
        var confidence: Double
        var needsReview: Bool
    }

    /// Applies the negation, suspicion, no-allergy and fallback rules to the phrases found in a note.
    func resolve(_ scan: TagNoteScan, note: String) -> TagMapping {
        let patterns = automaton.patterns
        let tags = vocabulary.tags
        let mentions = Self.leftmostLongest(scan.occurrences.filter {
            let kind = patterns[Int($0.pattern)].kind
            return kind == .synonym || kind == .noAllergy
        }, patterns: patterns)
        let cues = Self.leftmostLongest(scan.occurrences.filter {
            let kind = patterns[Int($0.pattern)].kind
            return kind != .synonym && kind != .noAllergy
        }, patterns: patterns)

        var covered = [Bool](repeating: false, count: scan.scalarCount)
        func cover(_ start: Int32, _ end: Int32) {
            for index in Int(start)..<Int(end) { covered[index] = true }
        }
        for occurrence in mentions where patterns[Int(occurrence.pattern)].kind == .noAllergy {
            cover(occurrence.start, occurrence.end)
        }
        for cue in cues { cover(cue.start, cue.end) }
        let synonyms = mentions.filter { patterns[Int($0.pattern)].kind == .synonym }
        let noAllergy = mentions.filter { patterns[Int($0.pattern)].kind == .noAllergy }
        // A negation cue inside another phrase (别 of 别打电话, 无 of 无过敏) negates nothing.
        let negations = cues.filter { cue in
            patterns[Int(cue.pattern)].kind == .negation
                && !noAllergy.contains { $0.start < cue.end && cue.start < $0.end }
        }
        let suspicions = cues.filter { patterns[Int($0.pattern)].kind == .suspected }

        var candidates: [Candidate] = []
        for mention in synonyms {
            let mentioned = Int(patterns[Int(mention.pattern)].tag)
            var tag = mentioned
            var start = mention.start
            if let cue = negatingCue(for: mention, in: synonyms, negations: negations, scan: scan) {
                cover(mention.start, mention.end)
                guard let yielded = tags[mentioned].negationYields,
                    let index = tags.firstIndex(where: { $0.code == yielded })
                else { continue }
                tag = index
                start = cue.start
            }
            let definition = tags[tag]
            let suspected = suspicions.contains {
                scan.clauses[Int($0.start)] == scan.clauses[Int(mention.start)]
                    || (definition.safety && scan.phrases[Int($0.start)] == scan.phrases[Int(mention.start)])
            }
            let confidence = suspected ? TagMatch.suspectedConfidence : TagMatch.exactConfidence
            var value: String?
            var end = mention.end
            if definition.isFallback {
                value = Substring(scan.text(scan.phraseStart(mention.start), scan.clauseEnd(from: mention.end)))
                    .trimmingSpaces()
            } else if let pattern = valuePatterns[tag] {
                let rest = TagTextFolding.halfWidth(
                    Substring(scan.text(mention.end, scan.phraseEnd(from: mention.end))))
                guard let found = pattern.value(atStartOf: rest) else { continue }
                value = found.value
                end = mention.end + Int32(found.scalarLength)
            }
            cover(mention.start, end)
            candidates.append(
                Candidate(
                    tag: tag, start: start, end: end, mentionStart: mention.start, value: value,
                    confidence: confidence, needsReview: suspected))
        }

        // A fallback (bare 过敏) gives way to a specific tag of its category in the same phrase,
        // and to a later mention of itself there, whose value reaches further.
        let found = candidates
        candidates.removeAll { candidate in
            let definition = tags[candidate.tag]
            guard definition.isFallback else { return false }
            let phrase = scan.phrases[Int(candidate.mentionStart)]
            return found.contains { other in
                guard scan.phrases[Int(other.mentionStart)] == phrase else { return false }
                if other.tag == candidate.tag { return other.mentionStart > candidate.mentionStart }
                return !tags[other.tag].isFallback && tags[other.tag].category == definition.category
            }
        }

        var result: [TagMatch] = []
        var positions: [String: Int] = [:]
        for candidate in candidates {
            let definition = tags[candidate.tag]
            let match = TagMatch(
                code: definition.code, value: candidate.value, confidence: candidate.confidence,
                needsReview: candidate.needsReview, noteSpan: scan.utf16Span(candidate.start, candidate.end),
                matchedText: scan.text(candidate.start, candidate.end), isSafety: definition.safety)
            // The same tag twice keeps its most certain mention.
            let key = definition.code + "\u{0}" + (candidate.value ?? "")
            if let position = positions[key] {
                if match.confidence > result[position].confidence { result[position] = match }
            } else {
                positions[key] = result.count
                result.append(match)
            }
        }
        result.sort { $0.noteSpan.lowerBound < $1.noteSpan.lowerBound }
        var unmatched = false
        for index in 0..<scan.scalarCount where !covered[index] && !scan.isBoundary(Int32(index)) {
            unmatched = true
            break
        }
        return TagMapping(tags: result, unmatchedText: unmatched)
    }

    /// The cue that negates a mention: the last negation cue that starts before it in the same
    /// clause (or directly before it across spaces), with no mention of another category between.
    private func negatingCue(
        for mention: TagNoteScan.Occurrence, in synonyms: [TagNoteScan.Occurrence],
        negations: [TagNoteScan.Occurrence], scan: TagNoteScan
    ) -> TagNoteScan.Occurrence? {
        let patterns = automaton.patterns
        let category = vocabulary.tags[Int(patterns[Int(mention.pattern)].tag)].category
        for cue in negations.reversed() where cue.start < mention.start {
            let inScope =
                scan.clauses[Int(cue.start)] == scan.clauses[Int(mention.start)]
                || scan.onlySpaces(from: cue.end, to: mention.start)
            guard inScope else { continue }
            var blocked = false
            for other in synonyms where other.start != mention.start {
                // The cue is part of another phrase (别 of 别打电话), or a mention of another
                // category stands between the cue and this one.
                if other.start <= cue.start && cue.end <= other.end
                    || (other.end > cue.start && other.start < mention.start
                        && vocabulary.tags[Int(patterns[Int(other.pattern)].tag)].category != category)
                {
                    blocked = true
                    break
                }
            }
            if !blocked { return cue }
        }
        return nil
    }

    /// Keeps the leftmost, then longest, of overlapping occurrences; on an exact tie the phrase
    /// listed first in the vocabulary wins (no-allergy phrases before synonyms, pseudo-negations
    /// and hedges before negation cues).
    static func leftmostLongest(
        _ occurrences: [TagNoteScan.Occurrence], patterns: [TagAutomaton.Pattern]
    ) -> [TagNoteScan.Occurrence] {
        func rank(_ kind: TagAutomaton.Kind) -> Int {
            switch kind {
            case .noAllergy, .pseudoNegation: return 0
            case .suspected: return 1
            case .synonym, .negation: return 2
            }
        }
        let sorted = occurrences.sorted {
            if $0.start != $1.start { return $0.start < $1.start }
            if $0.end != $1.end { return $0.end > $1.end }
            let left = rank(patterns[Int($0.pattern)].kind)
            let right = rank(patterns[Int($1.pattern)].kind)
            return left != right ? left < right : $0.pattern < $1.pattern
        }
        var kept: [TagNoteScan.Occurrence] = []
        var reach: Int32 = 0
        for occurrence in sorted where occurrence.start >= reach {
            kept.append(occurrence)
            reach = occurrence.end
        }
        return kept
    }
}

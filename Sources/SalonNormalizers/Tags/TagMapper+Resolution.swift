extension TagMapper {
    /// A tag about to be emitted, with the scalars it covers in the note.
    private struct Candidate {
        var tag: Int32
        var start: Int32
        var end: Int32
        var mentionStart: Int32
        var value: String?
        var needsReview: Bool
    }

    /// Applies the negation, suspicion, no-allergy and fallback rules to the phrases found in a note.
    ///
    /// Runs only for notes with matches; it works on scalar indices and precomputed `TagRule`s and
    /// builds strings only for the tags it returns, because it runs for most notes of a migration.
    func resolve(_ scan: inout TagNoteScan) -> TagMapping {
        selectOccurrences(&scan.occurrences)
        let selected = scan.occurrences
        let covered = scan.covered
        covered.update(repeating: 0)
        func cover(_ start: Int32, _ end: Int32) {
            for index in Int(start)..<Int(end) { covered[index] = 1 }
        }
        for occurrence in selected where kind(occurrence) != .synonym { cover(occurrence.start, occurrence.end) }

        var candidates: [Candidate] = []
        candidates.reserveCapacity(selected.count)
        for mention in selected where kind(mention) == .synonym {
            var tag = automaton.patterns[Int(mention.pattern)].tag
            var start = mention.start
            if let cue = negatingCue(for: mention, in: selected, scan: scan) {
                cover(mention.start, mention.end)
                tag = rules[Int(tag)].negationYields
                guard tag >= 0 else { continue }
                start = cue.start
            }
            let rule = rules[Int(tag)]
            let clause = scan.clauses[Int(mention.start)]
            let phrase = scan.phrases[Int(mention.start)]
            let suspected = selected.contains {
                kind($0) == .suspected
                    && (scan.clauses[Int($0.start)] == clause || (rule.safety && scan.phrases[Int($0.start)] == phrase))
            }
            var value: String?
            var end = mention.end
            if rule.isFallback {
                value = Substring(scan.text(scan.phraseStart(mention.start), scan.clauseEnd(from: mention.end)))
                    .trimmingSpaces()
            } else if let pattern = valuePatterns[Int(tag)] {
                let rest = TagTextFolding.halfWidth(Substring(scan.text(mention.end, scan.phraseEnd(from: mention.end))))
                guard let found = pattern.value(atStartOf: rest) else { continue }
                value = found.value
                end = mention.end + Int32(found.scalarLength)
            }
            cover(mention.start, end)
            candidates.append(
                Candidate(tag: tag, start: start, end: end, mentionStart: mention.start, value: value, needsReview: suspected))
        }

        var result: [TagMatch] = []
        result.reserveCapacity(candidates.count)
        for (index, candidate) in candidates.enumerated()
        where !isSuperseded(candidate, among: candidates, scan: scan) && !isRepeated(index, in: candidates) {
            let rule = rules[Int(candidate.tag)]
            result.append(
                TagMatch(
                    code: rule.code, value: candidate.value,
                    confidence: candidate.needsReview ? TagMatch.suspectedConfidence : TagMatch.exactConfidence,
                    needsReview: candidate.needsReview, noteSpan: scan.utf16Span(candidate.start, candidate.end),
                    matchedText: scan.text(candidate.start, candidate.end), isSafety: rule.safety))
        }
        result.sort { $0.noteSpan.lowerBound < $1.noteSpan.lowerBound }
        var unmatched = false
        for index in 0..<scan.scalarCount where covered[index] == 0 && !scan.isBoundary(Int32(index)) {
            unmatched = true
            break
        }
        return TagMapping(tags: result, unmatchedText: unmatched)
    }

    /// A fallback (bare 过敏) gives way to a specific tag of its category in the same phrase, and
    /// to a later mention of itself there, whose value reaches further.
    private func isSuperseded(_ candidate: Candidate, among candidates: [Candidate], scan: TagNoteScan) -> Bool {
        let rule = rules[Int(candidate.tag)]
        guard rule.isFallback else { return false }
        let phrase = scan.phrases[Int(candidate.mentionStart)]
        return candidates.contains { other in
            guard scan.phrases[Int(other.mentionStart)] == phrase else { return false }
            if other.tag == candidate.tag { return other.mentionStart > candidate.mentionStart }
            return !rules[Int(other.tag)].isFallback && rules[Int(other.tag)].category == rule.category
        }
    }

    /// The same tag with the same value said twice is reported once: by its first unhedged
    /// mention, or its first mention when all are hedged.
    private func isRepeated(_ index: Int, in candidates: [Candidate]) -> Bool {
        let candidate = candidates[index]
        for (otherIndex, other) in candidates.enumerated()
        where otherIndex != index && other.tag == candidate.tag && other.value == candidate.value {
            if other.needsReview == candidate.needsReview ? otherIndex < index : !other.needsReview { return true }
        }
        return false
    }

    @inline(__always)
    private func kind(_ occurrence: TagNoteScan.Occurrence) -> TagAutomaton.Kind {
        automaton.patterns[Int(occurrence.pattern)].kind
    }

    /// The cue that negates a mention: the last negation cue that starts before it in the same
    /// clause (or directly before it across spaces) and is not part of another phrase (别 of
    /// 别打电话, 无 of 无过敏), with no mention of another category between the two.
    private func negatingCue(
        for mention: TagNoteScan.Occurrence, in selected: [TagNoteScan.Occurrence], scan: TagNoteScan
    ) -> TagNoteScan.Occurrence? {
        let category = rules[Int(automaton.patterns[Int(mention.pattern)].tag)].category
        for cue in selected.reversed() where kind(cue) == .negation && cue.start < mention.start {
            let inScope =
                scan.clauses[Int(cue.start)] == scan.clauses[Int(mention.start)]
                || scan.onlySpaces(from: cue.end, to: mention.start)
            guard inScope else { continue }
            let blocked = selected.contains { other in
                let otherKind = kind(other)
                guard otherKind == .synonym || otherKind == .noAllergy, other.start != mention.start else { return false }
                if other.start <= cue.start && cue.end <= other.end { return true }
                return otherKind == .synonym && other.end > cue.start && other.start < mention.start
                    && rules[Int(automaton.patterns[Int(other.pattern)].tag)].category != category
            }
            if !blocked { return cue }
        }
        return nil
    }

    /// Keeps the leftmost, then longest, of overlapping occurrences, separately for mentions
    /// (synonyms and no-allergy phrases) and cues, since a cue may overlap the mention it negates
    /// (不想 / 想烫). On an exact tie no-allergy phrases beat synonyms, and pseudo-negations and
    /// hedges beat negation cues; then the phrase listed first wins.
    private func selectOccurrences(_ occurrences: inout [TagNoteScan.Occurrence]) {
        let patterns = automaton.patterns
        func rank(_ kind: TagAutomaton.Kind) -> Int {
            switch kind {
            case .noAllergy, .pseudoNegation: return 0
            case .suspected: return 1
            case .synonym, .negation: return 2
            }
        }
        func precedes(_ left: TagNoteScan.Occurrence, _ right: TagNoteScan.Occurrence) -> Bool {
            if left.start != right.start { return left.start < right.start }
            if left.end != right.end { return left.end > right.end }
            let leftRank = rank(patterns[Int(left.pattern)].kind)
            let rightRank = rank(patterns[Int(right.pattern)].kind)
            return leftRank != rightRank ? leftRank < rightRank : left.pattern < right.pattern
        }
        // Insertion sort: a note has a handful of occurrences, already nearly in order.
        var sorted = 1
        while sorted < occurrences.count {
            let item = occurrences[sorted]
            var slot = sorted
            while slot > 0 && precedes(item, occurrences[slot - 1]) {
                occurrences[slot] = occurrences[slot - 1]
                slot -= 1
            }
            occurrences[slot] = item
            sorted += 1
        }
        var mentionReach: Int32 = 0
        var cueReach: Int32 = 0
        var kept = 0
        for occurrence in occurrences {
            let kind = patterns[Int(occurrence.pattern)].kind
            if kind == .synonym || kind == .noAllergy {
                guard occurrence.start >= mentionReach else { continue }
                mentionReach = occurrence.end
            } else {
                guard occurrence.start >= cueReach else { continue }
                cueReach = occurrence.end
            }
            occurrences[kept] = occurrence
            kept += 1
        }
        occurrences.removeLast(occurrences.count - kept)
    }
}

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
    func resolve(_ scan: TagNoteScan) -> TagMapping {
        let selected = selectOccurrences(scan.occurrences)
        let covered = scan.covered
        covered.update(repeating: 0)
        func cover(_ start: Int32, _ end: Int32) {
            for index in Int(start)..<Int(end) { covered[index] = 1 }
        }
        for occurrence in selected where kind(occurrence) != .synonym { cover(occurrence.start, occurrence.end) }

        var candidates: [Candidate] = []
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
        var kept: [Int32] = []
        kept.reserveCapacity(candidates.count)
        for candidate in candidates where !isSuperseded(candidate, among: candidates, scan: scan) {
            let rule = rules[Int(candidate.tag)]
            let match = TagMatch(
                code: rule.code, value: candidate.value,
                confidence: candidate.needsReview ? TagMatch.suspectedConfidence : TagMatch.exactConfidence,
                needsReview: candidate.needsReview, noteSpan: scan.utf16Span(candidate.start, candidate.end),
                matchedText: scan.text(candidate.start, candidate.end), isSafety: rule.safety)
            // The same tag twice keeps its most certain mention.
            if let position = kept.indices.first(where: { kept[$0] == candidate.tag && result[$0].value == candidate.value }) {
                if match.confidence > result[position].confidence { result[position] = match }
            } else {
                kept.append(candidate.tag)
                result.append(match)
            }
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
    private func selectOccurrences(_ occurrences: [TagNoteScan.Occurrence]) -> [TagNoteScan.Occurrence] {
        let patterns = automaton.patterns
        func rank(_ kind: TagAutomaton.Kind) -> Int {
            switch kind {
            case .noAllergy, .pseudoNegation: return 0
            case .suspected: return 1
            case .synonym, .negation: return 2
            }
        }
        var sorted = occurrences
        sorted.sort {
            if $0.start != $1.start { return $0.start < $1.start }
            if $0.end != $1.end { return $0.end > $1.end }
            let left = rank(patterns[Int($0.pattern)].kind)
            let right = rank(patterns[Int($1.pattern)].kind)
            return left != right ? left < right : $0.pattern < $1.pattern
        }
        var mentionReach: Int32 = 0
        var cueReach: Int32 = 0
        var kept = 0
        for occurrence in sorted {
            let kind = patterns[Int(occurrence.pattern)].kind
            if kind == .synonym || kind == .noAllergy {
                guard occurrence.start >= mentionReach else { continue }
                mentionReach = occurrence.end
            } else {
                guard occurrence.start >= cueReach else { continue }
                cueReach = occurrence.end
            }
            sorted[kept] = occurrence
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }
}

/// The byte-level scanner behind `PhoneNormalizer.parse`.
///
/// It reads the cell's UTF-8 once, folding full-width forms on the fly, and cuts it into runs:
/// digit groups joined by the separators people put inside a number (spaces, dashes, dots,
/// parentheses). Anything else (slashes, semicolons, Han text such as 或/座机, letters) ends a run.
/// A run is then split into the longest valid numbers it contains, so "138 0013 8000 139 0013 9000"
/// yields two mobiles while "0755 1234 5678" stays one landline.
struct PhoneScanner {
    /// One stretch of digits (or mask characters) inside a run.
    struct Group {
        var digits = DigitString()
        var start: Int
        var end: Int
        var masks = 0
        /// The separator byte before this group and how many separators there were.
        var joiner: UInt8 = 0
        var joinerCount = 0
    }

    let defaultRegion: PhoneRegion
    /// The current run's closed groups: caller-provided (stack) storage, so scanning a cell does
    /// not allocate. A run longer than its capacity is cut, which no real phone needs.
    private let groupStorage: UnsafeMutableBufferPointer<Group>
    private var groupCount = 0
    private var openGroup: Group?
    private var runStart: Int?
    private var runInternational = false
    private var runScientific = false
    private var pendingJoiner: UInt8 = 0
    private var pendingJoinerCount = 0
    /// The next run is an extension (after 转, 分机 or ext) and not a number of its own.
    private var nextRunIsExtension = false
    private var sawDigits = false

    private var phones: [NormalizedPhone] = []
    private var issues: [FieldIssue] = []
    /// Issues for short digit fragments, kept only when the cell yields no number at all.
    private var fragmentIssues: [FieldIssue] = []

    /// How many digit groups one run may hold.
    static let groupCapacity = 12

    init(defaultRegion: PhoneRegion, groupStorage: UnsafeMutableBufferPointer<Group>) {
        self.defaultRegion = defaultRegion
        self.groupStorage = groupStorage
    }

    private var groups: UnsafeMutableBufferPointer<Group> {
        UnsafeMutableBufferPointer(rebasing: groupStorage[0..<groupCount])
    }

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> PhoneParseResult {
        var index = 0
        var sawContent = false
        while index < bytes.count {
            let (ascii, width) = Self.unit(bytes, at: index)
            switch ascii {
            case 0x30...0x39:
                sawContent = true
                appendToGroup(ascii - 0x30, at: index, width: width)
            case 0x2A:  // *
                sawContent = true
                appendMask(at: index, width: width)
            case 0x78 where openGroup != nil, 0x58 where openGroup != nil:  // x/X inside 138xxxx5678
                appendMask(at: index, width: width)
            case 0x20, 0x2D, 0x2E, 0x28, 0x29:  // space - . ( )
                if ascii != 0x20 { sawContent = true }
                closeGroup()
                if groupCount == Self.groupCapacity { finishRun(bytes) }
                if runStart == nil, ascii == 0x28 { runStart = index }
                pendingJoiner = ascii
                pendingJoinerCount += 1
            case 0x2B:  // +
                sawContent = true
                finishRun(bytes)
                runStart = index
                runInternational = true
            case 0x45 where openGroup != nil, 0x65 where openGroup != nil:  // E in 1.38E+10
                if let exponentEnd = Self.exponentEnd(bytes, after: index + width) {
                    runScientific = true
                    openGroup?.end = exponentEnd
                    index = exponentEnd
                    finishRun(bytes)
                    continue
                }
                sawContent = true
                finishRun(bytes)
            default:
                if ascii != 0x09, ascii != 0x0A, ascii != 0x0D { sawContent = true }
                finishRun(bytes)
                if Self.startsExtensionMarker(bytes, at: index) { nextRunIsExtension = true }
            }
            index += width
        }
        finishRun(bytes)
        if phones.isEmpty { issues.append(contentsOf: fragmentIssues) }
        if !sawDigits, sawContent {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[...]), as: UTF8.self)
            issues.append(PhoneIssues.notANumber(text))
        }
        return PhoneParseResult(phones: phones, issues: issues)
    }

    // MARK: - Runs and groups

    private mutating func appendToGroup(_ digit: UInt8, at index: Int, width: Int) {
        if openGroup == nil { openGroup = startGroup(at: index) }
        openGroup!.digits.append(digit)
        openGroup!.end = index + width
        sawDigits = true
    }

    private mutating func appendMask(at index: Int, width: Int) {
        if openGroup == nil { openGroup = startGroup(at: index) }
        openGroup!.masks += 1
        openGroup!.end = index + width
    }

    private mutating func startGroup(at index: Int) -> Group {
        if runStart == nil { runStart = index }
        let group = Group(start: index, end: index, joiner: pendingJoiner, joinerCount: groupCount == 0 ? 0 : pendingJoinerCount)
        pendingJoiner = 0
        pendingJoinerCount = 0
        return group
    }

    private mutating func closeGroup() {
        if let group = openGroup, groupCount < Self.groupCapacity {
            groupStorage.initializeElement(at: groupCount, to: group)
            groupCount += 1
        }
        openGroup = nil
        if groupCount == 0 { pendingJoinerCount = 0 }
    }

    private mutating func resetRun() {
        _ = groups.deinitialize()
        groupCount = 0
        openGroup = nil
        runStart = nil
        runInternational = false
        runScientific = false
        pendingJoiner = 0
        pendingJoinerCount = 0
    }

    private mutating func finishRun(_ bytes: UnsafeBufferPointer<UInt8>) {
        closeGroup()
        guard groupCount > 0, let start = runStart else {
            resetRun()
            return
        }
        defer { resetRun() }
        if nextRunIsExtension {
            nextRunIsExtension = false
            return
        }
        let runText = Self.text(bytes, start, groups[groupCount - 1].end)
        if runScientific {
            issues.append(PhoneIssues.excelScientific(runText))
            return
        }
        if groups.contains(where: { $0.masks > 0 }) {
            issues.append(PhoneIssues.masked(runText))
            return
        }
        // Excel exported a numeric cell as a float: 13800138000.0
        if groupCount == 2, groups[1].joiner == 0x2E, groups[1].joinerCount == 1, groups[1].digits.value == 0,
            groups[1].digits.count <= 2
        {
            groupCount -= 1
        }
        split(bytes, runStart: start)
    }

    /// Splits the run's groups into the longest valid numbers, reporting what lies between them.
    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, runStart: Int) {
        var first = 0
        var unusedFrom: Int?
        while first < groupCount {
            if let (end, match) = longestMatch(from: first) {
                if let unused = unusedFrom {
                    reportUnused(bytes, from: unused, to: first, runStart: runStart)
                    unusedFrom = nil
                }
                let start = first == 0 ? runStart : groups[first].start
                let originalEnd = groups[end - 1].end
                add(match, original: Self.text(bytes, start, originalEnd))
                first = end
            } else {
                if unusedFrom == nil { unusedFrom = first }
                first += 1
            }
        }
        if let unused = unusedFrom { reportUnused(bytes, from: unused, to: groupCount, runStart: runStart) }
    }

    private func longestMatch(from first: Int) -> (end: Int, match: PhoneNumberPlan.Match)? {
        // Concatenate as many groups as fit in 19 digits; shorter candidates are its prefixes.
        var concatenated = DigitString()
        var lastEnd = first
        var lengths = 0
        for end in (first + 1)...groupCount {
            lengths += groups[end - 1].digits.count
            if groups[end - 1].digits.overflow || lengths > DigitString.maxDigits { break }
            concatenated.append(groups[end - 1].digits)
            lastEnd = end
        }
        let international = first == 0 && runInternational
        var end = lastEnd
        var length = concatenated.count
        while end > first {
            let candidate = concatenated.truncated(to: length)
            if case .success(let match) = PhoneNumberPlan.classify(candidate, international: international, defaultRegion: defaultRegion) {
                return (end, match)
            }
            length -= groups[end - 1].digits.count
            end -= 1
        }
        return nil
    }

    private mutating func reportUnused(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, runStart: Int) {
        var digits = DigitString()
        for index in from..<to { digits.append(groups[index].digits) }
        let international = from == 0 && runInternational
        let start = from == 0 ? runStart : groups[from].start
        let text = Self.text(bytes, start, groups[to - 1].end)
        guard case .failure(let failure) = PhoneNumberPlan.classify(
            digits, international: international, defaultRegion: defaultRegion)
        else { return }
        let issue = PhoneIssues.issue(for: failure, digits: digits, text: text)
        if digits.count < 7, !international {
            fragmentIssues.append(issue)
        } else {
            issues.append(issue)
        }
    }

    private mutating func add(_ match: PhoneNumberPlan.Match, original: @autoclosure () -> String) {
        var e164Digits = DigitString(match.region.callingCodeValue, count: match.region.callingCode.utf8.count)
        e164Digits.append(match.national)
        let key = e164Digits.value
        if phones.contains(where: { $0.numericKey == key }) { return }
        let e164 = e164Digits.text(prefixedWith: 0x2B)
        phones.append(NormalizedPhone(e164: e164, kind: match.kind, region: match.region, original: original(), numericKey: key))
    }

    // MARK: - Bytes

    /// The ASCII meaning and byte width of the character at `index`: full-width forms, U+3000,
    /// no-break space and en/em dashes fold to ASCII; other non-ASCII characters map to 0.
    @inline(__always)
    static func unit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int) {
        let byte = bytes[index]
        if byte < 0x80 { return (byte, 1) }
        if let ascii = WidthFolding.foldedASCII(bytes, at: index) { return (ascii, 3) }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { return (0x20, 2) }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94 {
            return (0x2D, 3)
        }
        let width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return (0, min(width, bytes.count - index))
    }

    /// When `E` at some index is followed by an exponent (`+10`, `10`), the index after it.
    private static func exponentEnd(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int? {
        var cursor = index
        if cursor < bytes.count {
            let (sign, width) = unit(bytes, at: cursor)
            if sign == 0x2B || sign == 0x2D { cursor += width }
        }
        let digitsStart = cursor
        while cursor < bytes.count {
            let (digit, width) = unit(bytes, at: cursor)
            guard WidthFolding.isDigit(digit) else { break }
            cursor += width
        }
        return cursor > digitsStart ? cursor : nil
    }

    private static let extensionMarkers: [[UInt8]] = [Array("转".utf8), Array("分机".utf8), Array("ext".utf8), Array("EXT".utf8), Array("Ext".utf8)]

    private static func startsExtensionMarker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        guard byte == 0xE8 || byte == 0xE5 || byte == 0x65 || byte == 0x45 else { return false }
        return extensionMarkers.contains { marker in
            index + marker.count <= bytes.count && marker.indices.allSatisfy { bytes[index + $0] == marker[$0] }
        }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

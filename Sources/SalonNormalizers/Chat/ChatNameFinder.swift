/// Name-like tokens in a message: customers (`王姐`, `李小姐`, `张先生`, `客户：王小红`) and
/// stylists (`找Tony`, `Amy老师`, `指定小李`).
enum ChatNameFinder {
    struct Name: Equatable {
        var name: String
        /// Index just past the token: the phone rule takes the nearest token ending before it.
        var end: Int
    }

    /// Forms of address after a surname; longer first so 李小姐 is not read as 小 + 姐.
    static let honorifics = ["小姐", "先生", "女士", "太太", "阿姨", "姐", "哥", "总"]
    static let labels = ["客户", "顾客", "姓名", "会员", "名字"]

    /// Customer names in text order.
    static func names(in chars: [Character]) -> [Name] {
        var names: [Name] = []
        var index = 0
        while index < chars.count {
            if let labelled = labelledName(chars, at: index) {
                names.append(labelled)
                index = labelled.end
                continue
            }
            if SurnameTable.singleSet.contains(chars[index]),
               let honorific = honorifics.first(where: { ChatTimeExpression.has(chars, $0, at: index + 1) }),
               index == 0 || !isHan(chars[index - 1]) || !SurnameTable.singleSet.contains(chars[index - 1])
                || ChatTimeExpression.has(chars, "是", at: index - 1) {
                let end = index + 1 + honorific.count
                names.append(Name(name: String(chars[index..<end]), end: end))
                index = end
                continue
            }
            index += 1
        }
        return names
    }

    /// First-person phone cues: what follows is the sender's own number.
    static let selfCues = ["我的电话", "我的手机", "我的号码", "我电话", "我手机", "我号码", "本人电话", "本人手机"]

    /// End indices of first-person phone cues (`我电话`, `我的手机`), in text order.
    static func selfReferences(in chars: [Character]) -> [Int] {
        var ends: [Int] = []
        for index in chars.indices {
            if let cue = selfCues.first(where: { ChatTimeExpression.has(chars, $0, at: index) }) { ends.append(index + cue.count) }
        }
        return ends
    }

    /// `客户：王小红`: 2 to 4 Han characters after a label and a colon.
    private static func labelledName(_ chars: [Character], at index: Int) -> Name? {
        guard let label = labels.first(where: { ChatTimeExpression.has(chars, $0, at: index) }) else { return nil }
        var cursor = index + label.count
        guard cursor < chars.count, chars[cursor] == "：" || chars[cursor] == ":" else { return nil }
        cursor += 1
        while cursor < chars.count, chars[cursor] == " " { cursor += 1 }
        let start = cursor
        while cursor < chars.count, cursor - start < 4, isHan(chars[cursor]) { cursor += 1 }
        guard cursor - start >= 2 else { return nil }
        return Name(name: String(chars[start..<cursor]), end: cursor)
    }

    /// The stylist asked for: after 找 or 指定 (a Latin name, 小X, or X老师), or a Latin or
    /// one-character name before 老师.
    static func stylist(in chars: [Character]) -> String? {
        for index in chars.indices {
            for cue in ["找", "指定"] where ChatTimeExpression.has(chars, cue, at: index) {
                let start = index + cue.count
                if let latin = latinWord(chars, at: start) { return latin }
                if ChatTimeExpression.has(chars, "小", at: start), start + 1 < chars.count, isHan(chars[start + 1]) {
                    return String(chars[start...(start + 1)])
                }
                if start + 2 < chars.count, isHan(chars[start]), ChatTimeExpression.has(chars, "老师", at: start + 1) {
                    return String(chars[start...(start + 2)])
                }
            }
            if ChatTimeExpression.has(chars, "老师", at: index), index > 0 {
                var start = index
                while start > 0, chars[start - 1].isASCII, chars[start - 1].isLetter { start -= 1 }
                if start < index { return String(chars[start..<index]) }
                if SurnameTable.singleSet.contains(chars[index - 1]) { return String(chars[(index - 1)...(index + 1)]) }
            }
        }
        return nil
    }

    private static func latinWord(_ chars: [Character], at index: Int) -> String? {
        var end = index
        while end < chars.count, chars[end].isASCII, chars[end].isLetter { end += 1 }
        return end - index >= 2 ? String(chars[index..<end]) : nil
    }

    static func isHan(_ char: Character) -> Bool {
        guard let scalar = char.unicodeScalars.first else { return false }
        return NameNormalizer.isHan(scalar)
    }
}

import SalonCore

/// Splits a customer name as salons write it ("王女士", "王 小 红", "欧阳娜娜", "小王", "Ms Wang")
/// into name, surname, given name and the honorific, so identity resolution compares names and
/// not the way the receptionist addressed the customer.
public enum NameNormalizer {
    public static let notANameCode: ReasonCode = "name.not_a_name"

    public static func normalize(_ text: String) -> NormalizedName {
        let display = TextNormalizer.clean(text)
        let hasHan = display.unicodeScalars.contains { isHan($0) }
        return hasHan ? normalizeHan(display) : normalizeLatin(display)
    }

    /// An issue when the cell is clearly not a name: placeholders (无, 未知, N/A, -), only digits
    /// or punctuation, or a phone number typed into the name column. Empty text is no issue
    /// (a missing name is reported by the record's own checks).
    public static func validate(_ text: String) -> FieldIssue? {
        let cleaned = TextNormalizer.clean(text)
        guard !cleaned.isEmpty else { return nil }
        var digitCount = 0
        var hasLetter = false
        for scalar in cleaned.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                digitCount += 1
            } else if !hasLetter, scalar.properties.isAlphabetic {
                hasLetter = true
            }
        }
        let lowered = cleaned.utf8.count <= 12 ? cleaned.lowercased() : ""
        let reason: String
        if placeholders.contains(lowered) {
            reason = "is a placeholder, not a name"
        } else if digitCount >= 7 {
            reason = "contains a number (a phone typed into the name column?)"
        } else if !hasLetter {
            reason = "has no letters"
        } else {
            return nil
        }
        return FieldIssue(code: notANameCode, message: "\"\(PIIMask.text(cleaned))\" \(reason)", text: text)
    }

    private static let placeholders: Set<String> = [
        "无", "无名", "没有", "未知", "不详", "暂无", "空", "匿名", "未填", "n/a", "na", "null", "none", "nil", "unknown",
        "-", "--", "—", "/", "?", "??", "？", ".", "。",
    ]

    // MARK: - Han names

    private static func normalizeHan(_ display: String) -> NormalizedName {
        // `display` is cleaned, so ASCII space is its only whitespace. Han names carry no combining
        // marks, so comparing scalars is comparing characters, and much cheaper than Character
        // equality, which normalizes.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(display.utf8.count / 3 + 2)
        for scalar in display.unicodeScalars where scalar != " " { scalars.append(scalar) }
        var formOfAddress: String?
        var gender: Gender?
        for honorific in Honorific.suffixes where scalars.count >= honorific.scalars.count {
            if scalars.suffix(honorific.scalars.count).elementsEqual(honorific.scalars) {
                scalars.removeLast(honorific.scalars.count)
                formOfAddress = honorific.text
                gender = honorific.gender
                break
            }
        }
        var surname: String?
        var givenName: String?
        if formOfAddress == nil, scalars.count == 2, Honorific.addressPrefixScalars.contains(scalars[0]) {
            // 小王/老李: a surname after the prefix; 阿芳: a given-name character. 小红 stays a name.
            let rest = scalars[1]
            if SurnameTable.addressableScalars.contains(rest) {
                formOfAddress = String(Character(scalars[0]))
                surname = String(Character(rest))
                scalars = [rest]
            } else if scalars[0] == "阿" {
                formOfAddress = "阿"
                givenName = String(Character(rest))
                scalars = [rest]
            }
        }
        let name = string(scalars[...])
        if surname == nil, givenName == nil {
            if formOfAddress != nil, SurnameTable.compoundSet.contains(name)
                || (scalars.count == 1 && SurnameTable.singleScalarSet.contains(scalars[0]))
            {
                surname = name  // 王女士, 欧阳先生
            } else if scalars.count >= 2, scalars.count <= 4, let length = SurnameTable.surnameLength(of: scalars) {
                surname = string(scalars[..<length])
                givenName = string(scalars[length...])
            } else if !scalars.isEmpty {
                givenName = name
            }
        }
        let hasLatin = scalars.contains { $0.isASCII }
        return NormalizedName(
            display: display, name: name, surname: surname, givenName: givenName,
            formOfAddress: formOfAddress, genderHint: gender, matchKey: hasLatin ? matchKey(name) : name)
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    // MARK: - Latin names

    private static func normalizeLatin(_ display: String) -> NormalizedName {
        var words = display.split(separator: " ").map(String.init)
        var formOfAddress: String?
        var gender: Gender?
        if words.count >= 1, let first = words.first {
            let bare = first.hasSuffix(".") ? String(first.dropLast()) : first
            if let honorific = Honorific.latinPrefixes.first(where: { $0.text.lowercased() == bare.lowercased() }) {
                formOfAddress = honorific.text
                gender = honorific.gender
                words.removeFirst()
            }
        }
        let name = words.joined(separator: " ")
        // "Mr Wang": the one word after a title is the surname; otherwise the order is unknown.
        let surname = formOfAddress != nil && words.count == 1 ? words[0] : nil
        return NormalizedName(
            display: display, name: name, surname: surname, givenName: nil,
            formOfAddress: formOfAddress, genderHint: gender, matchKey: matchKey(name))
    }

    private static func matchKey(_ name: String) -> String {
        String(name.lowercased().filter { !$0.isWhitespace })
    }

    /// CJK unified ideographs (basic block and extension A), the script of Chinese names.
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}

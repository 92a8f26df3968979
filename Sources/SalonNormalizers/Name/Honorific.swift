/// Honorifics and forms of address salons write after (or, in Latin script, before) a name.
struct Honorific: Sendable {
    let text: String
    let gender: Gender?
    /// The text's scalars, so suffix checks compare code points without building strings.
    let scalars: [Unicode.Scalar]

    init(text: String, gender: Gender?) {
        self.text = text
        self.gender = gender
        self.scalars = Array(text.unicodeScalars)
    }

    /// Suffixes, longest first so 大姐 wins over 姐 and 小姐 over 姐.
    static let suffixes: [Honorific] = [
        Honorific(text: "大姐", gender: .female), Honorific(text: "大哥", gender: .male),
        Honorific(text: "女士", gender: .female), Honorific(text: "小姐", gender: .female),
        Honorific(text: "太太", gender: .female), Honorific(text: "阿姨", gender: .female),
        Honorific(text: "美女", gender: .female), Honorific(text: "先生", gender: .male),
        Honorific(text: "帅哥", gender: .male), Honorific(text: "老师", gender: nil),
        Honorific(text: "宝宝", gender: nil),
        Honorific(text: "姐", gender: .female), Honorific(text: "哥", gender: .male), Honorific(text: "叔", gender: .male),
    ]

    /// Latin-script prefixes, matched case-insensitively with an optional dot.
    static let latinPrefixes: [Honorific] = [
        Honorific(text: "Miss", gender: .female), Honorific(text: "Mrs", gender: .female),
        Honorific(text: "Ms", gender: .female), Honorific(text: "Mr", gender: .male),
    ]

    /// Prefixes of address before a single surname or given-name character (小王, 老李, 阿芳).
    static let addressPrefixes: [Character] = ["小", "老", "阿"]
    static let addressPrefixScalars: Set<Unicode.Scalar> = ["小", "老", "阿"]
}

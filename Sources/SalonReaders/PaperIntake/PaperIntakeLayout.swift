/// The paper-intake template: the columns staff key paper cards into, the instruction under the
/// header, and one example row. The template writer and the reader share it, so the reader knows
/// the headers (a pipeline need not list `columns:`) and which rows are template furniture.
public enum PaperIntakeLayout {
    /// Whose cards the template is for: hair/beauty clients, or pet owners and their pets.
    public enum Vocabulary: String, Sendable, CaseIterable {
        case hair, pet
    }

    /// One template column: its header, what to write in it, and the example row's value.
    public struct Column: Sendable, Equatable {
        public var header: String
        public var instruction: String
        public var example: String
    }

    /// First cells that mark the instruction and example rows, which the reader skips.
    public static let instructionMarker = "说明"
    public static let exampleMarker = "示例"

    public static let paperCardHeader = "纸卡编号"
    public static let calendarHeader = "生日历法"
    public static let enteredByHeader = "录入人"

    /// The columns of the template for a vocabulary, in order. The first is the paper card's own
    /// number, so the instruction and example rows are marked in it.
    public static func columns(_ vocabulary: Vocabulary) -> [Column] {
        let head: [Column] = [
            Column(header: paperCardHeader, instruction: "说明：纸卡右上角的编号，没有就留空", example: "示例"),
        ]
        let person: [Column]
        switch vocabulary {
        case .hair:
            person = [
                Column(header: "姓名", instruction: "照纸卡写，看不清的字用？代替", example: "王小红"),
                Column(header: "手机", instruction: "11位手机号；先把本列设为「文本」格式，看不清的位写？", example: "13800138000"),
                Column(header: "性别", instruction: "男/女", example: "女"),
                Column(header: "生日", instruction: "照写：1990/3/5、3月5日、农历三月初五都可以", example: "1990/3/5"),
                Column(header: calendarHeader, instruction: "公历 或 农历；留空按公历", example: "公历"),
            ]
        case .pet:
            person = [
                Column(header: "主人姓名", instruction: "照纸卡写，看不清的字用？代替", example: "王小红"),
                Column(header: "手机", instruction: "主人11位手机号；先把本列设为「文本」格式，看不清的位写？", example: "13800138000"),
                Column(header: "性别", instruction: "主人性别：男/女", example: "女"),
                Column(header: "生日", instruction: "主人生日，照写：1990/3/5、3月5日、农历三月初五都可以", example: "1990/3/5"),
                Column(header: calendarHeader, instruction: "公历 或 农历；留空按公历", example: "公历"),
                Column(header: "宠物名", instruction: "几只宠物就用；隔开", example: "豆豆"),
                Column(header: "品种", instruction: "如 泰迪、比熊、英短", example: "泰迪"),
                Column(header: "体重", instruction: "公斤，如 4.5", example: "4.5"),
            ]
        }
        let card: [Column] = [
            Column(header: "会员卡号", instruction: "照卡上印的写，字母数字分清（O和0、I和1）", example: "HZ06-0001"),
            Column(header: "储值余额", instruction: "元，如 1280 或 1280.50", example: "1280"),
            Column(header: "开卡日期", instruction: "如 2021/5/1", example: "2021/5/1"),
            Column(header: "门店", instruction: "门店编码；整张表同一家店可留空", example: ""),
        ]
        let notes: [Column]
        switch vocabulary {
        case .hair:
            notes = [
                Column(header: "发质", instruction: "如 细软、粗硬、易出油", example: "细软"),
                Column(header: "备注", instruction: "纸卡上的其他内容原样照抄，过敏、禁忌一定写上", example: "对染发剂过敏"),
            ]
        case .pet:
            notes = [
                Column(header: "备注", instruction: "纸卡上的其他内容原样照抄，过敏、怕吹风、会咬人一定写上", example: "怕吹风机"),
            ]
        }
        let tail: [Column] = [Column(header: enteredByHeader, instruction: "录入的员工", example: "小李")]
        return head + person + card + notes + tail
    }

    /// The pipeline `columns:` mapping the template implies, for both vocabularies: a paper-intake
    /// source may leave `columns:` out.
    public static let defaultColumns: [CustomerField: [String]] = [
        .name: ["姓名", "主人姓名"],
        .phone: ["手机"],
        .gender: ["性别"],
        .birthday: ["生日"],
        .cardNumber: ["会员卡号"],
        .balance: ["储值余额"],
        .joinDate: ["开卡日期"],
        .store: ["门店"],
        .notes: ["备注", "发质", "宠物名", "品种", "体重"],
    ]

    /// True for the template's instruction and example rows (by their first cell).
    public static func isTemplateRow(firstCell: String) -> Bool {
        var text = Substring(firstCell)
        while let first = text.first, first == " " || first == "\u{3000}" || first == "#" { text = text.dropFirst() }
        return text.hasPrefix(instructionMarker) || text.hasPrefix(exampleMarker)
    }
}

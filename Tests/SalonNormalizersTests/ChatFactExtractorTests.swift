import Testing
@testable import SalonNormalizers

@Suite("Chat fact extraction")
struct ChatFactExtractorTests {
    /// Friday 1 March 2024, 10:00, the time most messages below were sent.
    static let friday = ChatTimestamp(year: 2024, month: 3, day: 1, hour: 10)

    static func phone(_ e164: String, _ original: String, name: String? = nil, corrects: Bool = false, _ confidence: Double = 0.9) -> ChatFact {
        .phone(ChatPhoneFact(e164: e164, original: original, name: name, corrects: corrects, confidence: confidence))
    }

    static func booking(
        _ service: String?, stylist: String? = nil, _ time: String?, _ timeText: String?, _ confidence: Double = 0.9
    ) -> ChatFact {
        .booking(
            ChatBookingFact(
                service: service, stylist: stylist, time: time.flatMap(ChatTimestamp.init(iso:)), timeText: timeText,
                confidence: confidence))
    }

    static func note(_ text: String, _ cue: String, _ confidence: Double) -> ChatFact {
        .note(ChatNoteFact(text: text, cue: cue, confidence: confidence))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var message: String
        var sentAt: ChatTimestamp = ChatFactExtractorTests.friday
        var sender = "群成员"
        var expected: [ChatFact]
        var testDescription: String { message }
    }

    /// Messages from a salon's WeChat group, with the exact facts each must yield.
    static let groupMessages: [Case] = [
        Case(message: "周六下午三点想约个剪发，找Tony\n我电话 138 0013 8001", sender: "王姐", expected: [
            phone("+8613800138001", "138 0013 8001", name: "王姐"),
            booking("剪发", stylist: "Tony", "2024-03-02T15:00:00", "周六下午三点"),
        ]),
        Case(message: "好的王姐，周六15点Tony给您留着", expected: []),
        Case(message: "这个颜色能染吗？\n我对染发剂有点过敏，之前头皮起过疹子", expected: [note("我对染发剂有点过敏", "过敏", 0.9)]),
        Case(message: "可以的，我们有植物染，过敏的话先做皮试", expected: []),
        Case(message: "客户：王小红 手机13800138002 明天上午10点做护理", expected: [
            phone("+8613800138002", "13800138002", name: "王小红"),
            booking("护理", "2024-03-02T10:00:00", "明天上午10点"),
        ]),
        Case(message: "号码打错了 应该是 139-0013-9002", expected: [
            phone("+8613900139002", "139-0013-9002", corrects: true, 0.8)
        ]),
        Case(message: "后天14:30洗吹，指定小李", expected: [booking("洗吹", stylist: "小李", "2024-03-03T14:30:00", "后天14:30")]),
        Case(message: "收到👌", expected: []),
        Case(message: "你们几点关门呀", expected: []),
        Case(message: "晚上九点半，节假日也营业", expected: []),
        Case(message: "下周二晚上7点半烫发，Amy老师有空吗\n电话：１３９００１３９００３", expected: [
            phone("+8613900139003", "１３９００１３９００３"),
            booking("烫发", stylist: "Amy", "2024-03-05T19:30:00", "下周二晚上7点半"),
        ]),
        Case(message: "「刘先生：下周二晚上7点半烫发，Amy老师有空吗」\n有空的，给您排上", expected: []),
        Case(message: "3月8号下午两点美甲\n我不要亮片，喜欢哑光的", expected: [
            booking("美甲", "2024-03-08T14:00:00", "3月8号下午两点"),
            note("我不要亮片", "不要", 0.6),
            note("喜欢哑光的", "喜欢", 0.6),
        ]),
        Case(message: "今天下午4点做脸可以吗？\n皮肤比较敏感，别用酒精类的", expected: [
            booking("做脸", "2024-03-01T16:00:00", "今天下午4点"),
            note("皮肤比较敏感", "敏感", 0.9),
            note("别用酒精类的", "别用", 0.6),
        ]),
        Case(message: "哈哈哈今天人好多", expected: []),
        Case(message: "美睫，周日上午十点半\n手机号 13900139004\n麻烦了", expected: [
            phone("+8613900139004", "13900139004"),
            booking("美睫", "2024-03-03T10:30:00", "周日上午十点半"),
        ]),
        Case(message: "更正：郑女士电话是13900139005", expected: [
            phone("+8613900139005", "13900139005", name: "郑女士", corrects: true, 0.8)
        ]),
        Case(message: "谢谢小美～", expected: []),
        Case(message: "想问下染发多少钱？\n长发的", expected: []),
        Case(message: "长发染发298起，会员8折", expected: []),
        Case(message: "孕期可以烫发吗，我怀孕4个月了", expected: [note("我怀孕4个月了", "怀孕", 0.9)]),
        Case(message: "孕期不建议烫染哦，可以做个护理", expected: []),
        Case(
            message: "好的那周五下午3点来做护理\n我是许姐 13800138006",
            sentAt: ChatTimestamp(year: 2024, month: 2, day: 27, hour: 15, minute: 30),
            expected: [
                phone("+8613800138006", "13800138006", name: "许姐"),
                booking("护理", "2024-03-01T15:00:00", "周五下午3点"),
            ]),
        Case(message: "明天见", expected: []),
        Case(message: "今天的预约都满了，明天请早", expected: []),
        Case(message: "帮我约一下烫发，时间你们定", expected: [booking("烫发", nil, nil, 0.5)]),
        Case(message: "大后天中午1点剪头，找小王", expected: [booking("剪头", stylist: "小王", "2024-03-04T13:00:00", "大后天中午1点")]),
        Case(message: "王老师明早9点有空吗？想约个染发", expected: [
            booking("染发", stylist: "王老师", "2024-03-02T09:00:00", "明早9点")
        ]),
        Case(message: "我老公电话13800138007，他下周六下午要剪头", expected: [phone("+8613800138007", "13800138007")]),
        Case(message: "李小姐 13800138008 / 座机 021-6543-2100", expected: [
            phone("+8613800138008", "13800138008", name: "李小姐"),
            phone("+862165432100", "021-6543-2100", name: "李小姐", 0.7),
        ]),
        Case(message: "我对精油敏感，不喜欢太烫的水", expected: [
            note("我对精油敏感", "敏感", 0.9), note("不喜欢太烫的水", "不喜欢", 0.6),
        ]),
        Case(message: "2024-03-01的单子已经对好了，共3单", expected: []),
        Case(message: "周六三点找Tony", expected: [booking(nil, stylist: "Tony", "2024-03-02T15:00:00", "周六三点", 0.7)]),
        Case(message: "[图片]", expected: []),
        Case(message: "我的手机是13900139010，李小姐介绍来的", sender: "周小姐", expected: [
            phone("+8613900139010", "13900139010", name: "周小姐")
        ]),
        Case(message: "我电话13800138000", sender: "我", expected: [phone("+8613800138000", "13800138000")]),
    ]

    @Test("Salon group messages yield exactly their facts", arguments: groupMessages)
    func groupMessage(_ item: Case) {
        #expect(ChatFactExtractor.extract(message: item.message, sentAt: item.sentAt, sender: item.sender) == item.expected)
    }

    /// (expression, resolved time) for a message sent on Friday 2024-03-01 at 10:00.
    static let expressions: [(String, String)] = [
        ("周六下午三点", "2024-03-02T15:00:00"),
        ("明天上午10点", "2024-03-02T10:00:00"),
        ("后天14:30", "2024-03-03T14:30:00"),
        ("下周二晚上7点半", "2024-03-05T19:30:00"),
        ("3月8号下午两点", "2024-03-08T14:00:00"),
        ("今天下午4点", "2024-03-01T16:00:00"),
        ("周五下午3点", "2024-03-01T15:00:00"),
        ("下周五上午11点", "2024-03-08T11:00:00"),
        ("星期天晚上八点", "2024-03-03T20:00:00"),
        ("礼拜一中午12点", "2024-03-04T12:00:00"),
        ("12月31号晚上十一点", "2024-12-31T23:00:00"),
        ("2月3号上午10点", "2025-02-03T10:00:00"),
        ("5号下午3点", "2024-03-05T15:00:00"),
        ("三点一刻", "2024-03-01T15:15:00"),
        ("十点", "2024-03-01T10:00:00"),
        ("下午2点20分", "2024-03-01T14:20:00"),
        ("今晚7：45", "2024-03-01T19:45:00"),
    ]

    @Test("Time expressions resolve against the message's own time", arguments: expressions)
    func timeExpression(_ expression: String, _ expected: String) throws {
        let facts = ChatFactExtractor.extract(message: expression + "剪发", sentAt: Self.friday, sender: "王姐")
        guard case .booking(let booking)? = facts.first else {
            Issue.record("no booking in \(facts)")
            return
        }
        #expect(booking.time?.description == expected)
        #expect(booking.timeText == expression)
    }

    @Test("Month and year roll over; weekdays follow the calendar")
    func calendar() {
        let newYearsEve = ChatTimestamp(year: 2024, month: 12, day: 31, hour: 9)
        #expect(newYearsEve.weekday == 2)
        #expect(Self.friday.weekday == 5)
        let facts = ChatFactExtractor.extract(message: "3号下午两点剪发", sentAt: newYearsEve, sender: "王姐")
        #expect(facts == [Self.booking("剪发", "2025-01-03T14:00:00", "3号下午两点")])
        let nextWeek = ChatFactExtractor.extract(message: "下周一上午10点染发", sentAt: newYearsEve, sender: "王姐")
        #expect(nextWeek == [Self.booking("染发", "2025-01-06T10:00:00", "下周一上午10点")])
    }

    @Test("Confidence is exposed on every fact and stays in 0...1")
    func confidence() {
        let facts = Self.groupMessages.flatMap { $0.expected }
        #expect(!facts.isEmpty)
        #expect(facts.allSatisfy { (0...1).contains($0.confidence) })
        #expect(Self.phone("+8613800138000", "13800138000").confidence == 0.9)
    }
}

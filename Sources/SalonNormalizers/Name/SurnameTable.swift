/// Chinese surnames, embedded as data so splitting a name needs no lookup service.
enum SurnameTable {
    /// About 370 common single-character surnames, most frequent first (the first hundred cover
    /// roughly 85% of the population).
    static let single: [Character] = Array(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    )

    /// Compound (two-character) surnames, checked before single ones so 欧阳娜娜 is 欧阳 + 娜娜.
    static let compound: [String] = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
        "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "赫连",
        "万俟", "濮阳", "单于", "东郭", "拓跋", "左丘", "第五", "梁丘", "司空", "乐正", "谷梁", "宗政",
    ]

    /// Surnames people are called by in 小王/老李/阿陈: only the most common ones, and not the
    /// characters that are just as often a nickname (小明, 小华, 小文, 阿强 are given names).
    static let addressable: Set<Character> = {
        let nicknameCharacters: Set<Character> = ["文", "华", "明", "平", "云", "国", "海", "强", "玉", "兰", "梅", "金", "龙", "成", "安", "春"]
        return Set(single.prefix(120)).subtracting(nicknameCharacters)
    }()

    static let singleSet: Set<Character> = Set(single)
    static let singleScalarSet: Set<Unicode.Scalar> = Set(single.compactMap(\.unicodeScalars.first))
    static let addressableScalars: Set<Unicode.Scalar> = Set(addressable.compactMap(\.unicodeScalars.first))
    /// Compound surnames as pairs of scalars, so a lookup builds no string.
    static let compoundPairs: Set<UInt64> = Set(compound.map { pairKey(Array($0.unicodeScalars)) })

    static func pairKey(_ scalars: [Unicode.Scalar]) -> UInt64 {
        UInt64(scalars[0].value) << 32 | UInt64(scalars[1].value)
    }

    /// How many leading scalars of a Han name are its surname (2 for 欧阳娜娜, 1 for 王小红), if any.
    static func surnameLength(of name: [Unicode.Scalar]) -> Int? {
        if name.count >= 3, compoundPairs.contains(UInt64(name[0].value) << 32 | UInt64(name[1].value)) { return 2 }
        if let first = name.first, singleScalarSet.contains(first) { return 1 }
        return nil
    }
    static let compoundSet: Set<String> = Set(compound)

    /// The surname a Han name starts with, if any.
    static func surname(of name: [Character]) -> String? {
        if name.count >= 3, compoundSet.contains(String(name[0..<2])) { return String(name[0..<2]) }
        if name.count >= 1, singleSet.contains(name[0]) { return String(name[0]) }
        return nil
    }
}

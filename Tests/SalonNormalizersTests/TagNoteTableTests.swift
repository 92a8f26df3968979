import SalonNormalizers
import Testing

/// Realistic notes as staff type them, with every tag they must yield (code=value@text, ? = review).
/// A code repeated with the same value in one note is reported once (拒绝染发…也不染).
@Suite("Tag mapper note table")
struct TagNoteTableTests {
    static let table: [(note: String, tags: [String])] = [
        ("喜欢自然卷，对染发剂过敏", ["style.natural_curl@自然卷", "allergy.hair_dye@对染发剂过敏"]),
        ("不要烫发 上次烫坏了", ["avoid.perm@不要烫发", "hair.damaged@烫坏"]),
        ("只加微信 别打电话", ["contact.wechat_only@只加微信", "contact.no_call@别打电话"]),
        ("頭皮敏感，喜歡短髮", ["scalp.sensitive@頭皮敏感", "style.short@短髮"]),
        ("找Tony剪", ["stylist.preferred=Tony@找Tony"]),
        ("无过敏", []),
        ("染完头皮痒 疑似过敏", ["allergy.hair_dye@染完头皮痒?"]),
        ("可能对香精过敏", ["allergy.fragrance@对香精过敏?"]),
        ("指定Amy老师，每月补染一次", ["stylist.preferred=Amy@指定Amy", "pref.color@补染"]),
        ("固定发型师：阿杰", ["stylist.preferred=阿杰@固定发型师：阿杰"]),
        ("只找小李", ["stylist.preferred=小李@只找小李"]),
        ("ＴＯＮＹ老师的老客，找ＴＯＮＹ", ["stylist.preferred=TONY@找ＴＯＮＹ"]),
        ("染膏过敏！！用植物染也不行", ["allergy.hair_dye@染膏过敏"]),
        ("PPD过敏，只能做护理", ["allergy.hair_dye@PPD过敏", "pref.care@做护理"]),
        ("对乳胶手套过敏，操作戴丁腈手套", ["allergy.latex@乳胶手套过敏"]),
        ("冷烫精过敏 头皮红肿", ["allergy.perm_lotion@冷烫精过敏"]),
        ("香水过敏，洗护用无香型", ["allergy.fragrance@香水过敏"]),
        ("对芒果过敏", ["allergy.other=对芒果过敏@过敏"]),
        ("没有过敏史，喜欢大波浪", ["style.big_wave@大波浪"]),
        ("無過敏 喜歡燙髮", ["pref.perm@喜歡燙髮"]),
        ("拒绝染发，白发也不染", ["avoid.color@拒绝染发", "hair.grey@白发"]),
        ("别给她烫，孩子头发细软", ["avoid.perm@别给她烫", "hair.fine@头发细"]),
        ("不喜欢烫发 喜欢直发", ["avoid.perm@不喜欢烫发", "style.straight@直发"]),
        ("发质受损 分叉严重 想做护理", ["hair.damaged@发质受损", "pref.care@做护理"]),
        ("头发油 两天不洗就塌", ["hair.oily@头发油"]),
        ("发尾干枯，建议发膜", ["hair.dry@发尾干", "pref.care@发膜"]),
        ("少白头，每次盖白", ["hair.grey@少白头"]),
        ("敏感肌 做脸只用温和产品", ["skin.sensitive@敏感肌", "pref.facial@做脸"]),
        ("油皮 夏天容易爆痘", ["skin.oily@油皮"]),
        ("皮肤干燥缺水", ["skin.dry@皮肤干燥"]),
        ("怕贵，等活动再来", ["price.sensitive@怕贵"]),
        ("不要推销办卡", ["consent.no_marketing@不要推销"]),
        ("拒收短信 勿扰", ["consent.no_marketing@拒收短信"]),
        ("喜欢空气刘海，留长", ["style.bangs@空气刘海", "style.long@留长"]),
        ("美甲+美睫 一起做", ["pref.nails@美甲", "pref.makeup@美睫"]),
        ("精油开背 力度大一点", ["pref.body@精油开背"]),
        ("头疗 每周一次", ["pref.scalp@头疗"]),
        ("新娘妆 盘发", ["pref.makeup@新娘妆", "pref.styling@盘发"]),
        ("不过喜欢数码烫", ["pref.perm@数码烫"]),
        ("好像对染发剂过敏，不确定", ["allergy.hair_dye@对染发剂过敏?"]),
        ("不要剪短 只修发尾", ["pref.cut@修发尾"]),
        ("过敏体质 换季容易过敏", ["allergy.other=过敏体质 换季容易过敏@易过敏"]),
        ("顾客很好说话", []),
    ]

    @Test(arguments: table)
    func mapsNote(note: String, tags: [String]) {
        #expect(TagTestSupport.summary(TagTestSupport.salonMapper.map(note)) == tags)
    }
}

import Foundation
import SalonNormalizers
import Testing

/// The pet-grooming vocabulary runs on the same mapper with no code of its own.
@Suite("Tag mapper pet grooming")
struct TagPetGroomingTests {
    static let mapper: TagMapper = {
        do {
            return try TagMapper(vocabulary: TagTestSupport.loadVocabulary("tags-pet-grooming.yaml"))
        } catch {
            fatalError("schemas/tags-pet-grooming.yaml does not load: \(error)")
        }
    }()

    /// Expected tags of each row's 备注, by 宠物名.
    static let expected: [String: [String]] = [
        "豆豆": ["coat.curly@卷毛", "temperament.fear_dryer@怕吹风"],
        "旺财": ["coat.double@双层毛", "pref.no_shave@不要剃毛"],
        "球球": ["size.small@小型犬", "temperament.anxious@胆小"],
        "大黄": ["size.large@大型犬", "coat.long@长毛"],
        "咪咪": ["coat.short@短毛", "temperament.bites@咬过人"],
        "来福": ["skin.allergy@皮肤过敏"],
        "奶糖": ["coat.double@双层毛", "pref.no_shave@别剃光"],
        "小黑": ["health.elderly@老年犬"],
        "花花": ["coat.long@长毛", "temperament.fear_dryer@怕吹風機", "skin.allergy@皮肤过敏?"],
        "阿福": ["size.medium@中型犬", "temperament.bites@会咬人"],
        "团子": ["pref.shave@剃短"],
        "可乐": ["temperament.anxious@容易应激"],
        "雪球": ["health.elderly@老狗", "coat.long@长毛", "skin.allergy@皮炎?"],
        "毛毛": [],
        "Lucky": ["size.large@大型", "coat.double@双层毛", "pref.no_shave@不用剃毛"],
    ]

    /// Rows of the sample file as (pet name, note); the sample has no quoted fields.
    static func sampleRows() throws -> [(name: String, note: String)] {
        let url = TagTestSupport.packageRoot.appendingPathComponent("samples/pet-grooming/宠物档案.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "宠物名,品种,主人,手机,备注")
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (fields[0], fields[4])
        }
    }

    @Test func mapsEveryNoteOfTheSample() throws {
        let rows = try Self.sampleRows()
        #expect(rows.count == 15)
        #expect(Set(rows.map(\.name)) == Set(Self.expected.keys))
        for row in rows {
            #expect(TagTestSupport.summary(Self.mapper.map(row.note)) == Self.expected[row.name], "\(row.name): \(row.note)")
        }
    }

    @Test func bitingIsSafetyCritical() {
        let tags = Self.mapper.map("会咬人，剪指甲要小心")
        #expect(tags.map(\.code) == ["temperament.bites"])
        #expect(tags.first?.isSafety == true)
        #expect(Self.mapper.map("不咬人").isEmpty)
    }
}

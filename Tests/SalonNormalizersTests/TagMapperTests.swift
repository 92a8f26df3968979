import SalonNormalizers
import Testing

@Suite("Tag mapper rules")
struct TagMapperTests {
    let mapper = TagTestSupport.salonMapper

    private func tag(_ code: String, _ span: Range<Int>, _ text: String, value: String? = nil, review: Bool = false, safety: Bool = false)
        -> TagMatch
    {
        TagMatch(
            code: code, value: value, confidence: review ? TagMatch.suspectedConfidence : TagMatch.exactConfidence,
            needsReview: review, noteSpan: span, matchedText: text, isSafety: safety)
    }

    @Test func oneNoteYieldsSeveralTagsWithSpansIntoTheOriginal() {
        let note = "喜欢自然卷，对染发剂过敏"
        #expect(
            mapper.map(note) == [
                tag("style.natural_curl", 2..<5, "自然卷"),
                tag("allergy.hair_dye", 6..<12, "对染发剂过敏", safety: true),
            ])
        let mapping = mapper.mapNote(note)
        #expect(mapping.unmatchedText)  // 喜欢 is not a tag: the verbatim note keeps it
    }

    @Test func traditionalFullWidthAndSpacedFormsMapAlike() {
        let simplified = mapper.map("对染发剂过敏")
        let traditional = mapper.map("對染髮劑過敏")
        #expect(traditional.map(\.code) == simplified.map(\.code))
        #expect(traditional == [tag("allergy.hair_dye", 0..<6, "對染髮劑過敏", safety: true)])
        #expect(mapper.map("對 染髮劑 過敏") == [tag("allergy.hair_dye", 0..<8, "對 染髮劑 過敏", safety: true)])
        #expect(mapper.map("ＰＰＤ過敏") == [tag("allergy.hair_dye", 0..<5, "ＰＰＤ過敏", safety: true)])
        #expect(mapper.map("頭皮敏感，喜歡短髮") == [tag("scalp.sensitive", 0..<4, "頭皮敏感"), tag("style.short", 7..<9, "短髮")])
        #expect(mapper.map("找ＴＯＮＹ") == [tag("stylist.preferred", 0..<5, "找ＴＯＮＹ", value: "TONY")])
    }

    @Test func spansCountUTF16UnitsOfTheOriginalNote() {
        // The emoji is two UTF-16 units; the span still points at the words as written.
        let note = "😀顾客：可能对香精过敏"
        #expect(mapper.map(note) == [tag("allergy.fragrance", 7..<12, "对香精过敏", review: true, safety: true)])
        let utf16 = Array(note.utf16)
        #expect(String(decoding: utf16[7..<12], as: UTF16.self) == "对香精过敏")
    }

    @Test func explicitRefusalsYieldAvoidCodes() {
        #expect(mapper.map("不要烫发 上次烫坏了") == [tag("avoid.perm", 0..<4, "不要烫发"), tag("hair.damaged", 7..<9, "烫坏")])
        #expect(mapper.map("拒绝染发") == [tag("avoid.color", 0..<4, "拒绝染发")])
        #expect(mapper.map("别给她烫") == [tag("avoid.perm", 0..<4, "别给她烫")])
        #expect(mapper.map("不染") == [tag("avoid.color", 0..<2, "不染")])
        #expect(mapper.map("不想烫") == [tag("avoid.perm", 0..<3, "不想烫")])
        #expect(mapper.map("不要 烫发") == [tag("avoid.perm", 0..<5, "不要 烫发")])
    }

    @Test func negationStaysInsideItsClause() {
        #expect(mapper.map("不要烫发，喜欢染发") == [tag("avoid.perm", 0..<4, "不要烫发"), tag("pref.color", 5..<9, "喜欢染发")])
        #expect(mapper.map("无过敏 喜欢烫发") == [tag("pref.perm", 4..<8, "喜欢烫发")])
        // A cue does not reach past a mention of another category: the allergy stays.
        #expect(
            mapper.map("不要烫发对染发剂过敏") == [
                tag("avoid.perm", 0..<4, "不要烫发"), tag("allergy.hair_dye", 4..<10, "对染发剂过敏", safety: true),
            ])
        // …but does reach the next service of its own category.
        #expect(mapper.map("不要烫发和染发").map(\.code) == ["avoid.perm", "avoid.color"])
    }

    @Test func negatedMentionNeverYieldsThePositiveTag() {
        #expect(mapper.map("不要短发").isEmpty)
        #expect(mapper.map("没有白发").isEmpty)
        #expect(mapper.map("无香精过敏").isEmpty)
        #expect(mapper.mapNote("不要短发").unmatchedText == false)
    }

    @Test func cuesInsideOtherWordsDoNotNegate() {
        #expect(mapper.map("不过喜欢烫发") == [tag("pref.perm", 2..<6, "喜欢烫发")])
        #expect(mapper.map("只加微信别打电话喜欢烫发").map(\.code) == ["contact.wechat_only", "contact.no_call", "pref.perm"])
        #expect(mapper.map("效果不错，喜欢大波浪") == [tag("style.big_wave", 7..<10, "大波浪")])
    }

    @Test func noAllergyPhrasesYieldNothing() {
        for note in ["无过敏", "没有过敏史", "無過敏", "无过敏史", "不过敏", "过敏：无", "都不过敏。"] {
            let mapping = mapper.mapNote(note)
            #expect(mapping.tags.isEmpty, "\(note)")
            #expect(mapping.unmatchedText == false, "\(note)")
        }
        #expect(mapper.map("对染发剂不过敏").isEmpty)
    }

    @Test func suspectedAllergiesNeedReview() {
        #expect(mapper.map("染完头皮痒 疑似过敏") == [tag("allergy.hair_dye", 0..<5, "染完头皮痒", review: true, safety: true)])
        #expect(mapper.map("可能对香精过敏") == [tag("allergy.fragrance", 2..<7, "对香精过敏", review: true, safety: true)])
        #expect(mapper.map("好像乳胶过敏") == [tag("allergy.latex", 2..<6, "乳胶过敏", review: true, safety: true)])
        // A hedge on an allergy does not spill onto a preference in another clause.
        #expect(mapper.map("喜欢短发 可能对香精过敏").first == tag("style.short", 2..<4, "短发"))
        #expect(TagMatch.suspectedConfidence < TagMatch.exactConfidence)
    }

    @Test func genericAllergyKeepsItsClauseAsValue() {
        #expect(mapper.map("对芒果过敏") == [tag("allergy.other", 3..<5, "过敏", value: "对芒果过敏", safety: true)])
        #expect(
            mapper.map("喜欢短发，对花粉和海鲜过敏 怕痒") == [
                tag("style.short", 2..<4, "短发"), tag("allergy.other", 11..<13, "过敏", value: "对花粉和海鲜过敏", safety: true),
            ])
        #expect(mapper.map("疑似过敏").first?.needsReview == true)
        // A known allergen in the phrase wins over the bare word.
        #expect(mapper.map("香水过敏，其他过敏不清楚").map(\.code) == ["allergy.fragrance", "allergy.other"])
        #expect(mapper.map("染完头皮痒 过敏").map(\.code) == ["allergy.hair_dye"])
    }

    @Test func stylistNameIsTheValue() {
        #expect(mapper.map("找Tony剪") == [tag("stylist.preferred", 0..<5, "找Tony", value: "Tony")])
        #expect(mapper.map("指定Amy老师") == [tag("stylist.preferred", 0..<5, "指定Amy", value: "Amy")])
        #expect(mapper.map("只找小李") == [tag("stylist.preferred", 0..<4, "只找小李", value: "小李")])
        #expect(mapper.map("固定发型师：阿杰") == [tag("stylist.preferred", 0..<8, "固定发型师：阿杰", value: "阿杰")])
        #expect(mapper.map("找不到停车位").isEmpty)
    }

    @Test func unmatchedTextIsReported() {
        #expect(mapper.mapNote("只加微信 别打电话") == TagMapping(
            tags: [tag("contact.wechat_only", 0..<4, "只加微信"), tag("contact.no_call", 5..<9, "别打电话")], unmatchedText: false))
        #expect(mapper.mapNote("周末来得多") == TagMapping(tags: [], unmatchedText: true))
        #expect(mapper.mapNote("") == TagMapping(tags: [], unmatchedText: false))
        #expect(mapper.mapNote("，。 ") == TagMapping(tags: [], unmatchedText: false))
    }

    @Test func repeatedTagKeepsItsMostCertainMention() {
        #expect(mapper.map("可能香精过敏。确定香精过敏") == [tag("allergy.fragrance", 9..<13, "香精过敏", safety: true)])
        #expect(mapper.map("短发，短发").count == 1)
    }

    @Test func mapperIsSafeToShareAcrossTasks() async {
        let notes = ["喜欢自然卷，对染发剂过敏", "找Tony剪", "染完头皮痒 疑似过敏", "不要烫发 上次烫坏了"]
        let shared = mapper
        let expected = notes.map { shared.map($0) }
        let results = await withTaskGroup(of: [[TagMatch]].self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<200).flatMap { _ in notes.map { shared.map($0) } } }
            }
            var all: [[[TagMatch]]] = []
            for await result in group { all.append(result) }
            return all
        }
        for result in results {
            #expect(result == Array((0..<200).flatMap { _ in expected }))
        }
    }
}

import Foundation
import SalonNormalizers
import Testing
import Yams

@Suite("Tag vocabulary")
struct TagVocabularyTests {
    @Test func shipsExactlyTheStandardCodes() throws {
        let vocabulary = try TagTestSupport.loadVocabulary("tags.yaml")
        let expected: Set<String> = [
            "pref.cut", "pref.perm", "pref.color", "pref.care", "pref.scalp", "pref.styling", "pref.facial",
            "pref.body", "pref.nails", "pref.makeup", "avoid.perm", "avoid.color", "style.natural_curl",
            "style.big_wave", "style.straight", "style.short", "style.long", "style.bangs", "hair.damaged",
            "hair.oily", "hair.dry", "hair.fine", "hair.grey", "skin.sensitive", "skin.dry", "skin.oily",
            "scalp.sensitive", "allergy.hair_dye", "allergy.perm_lotion", "allergy.fragrance", "allergy.latex",
            "allergy.other", "contact.wechat_only", "contact.no_call", "consent.no_marketing", "price.sensitive",
            "stylist.preferred",
        ]
        #expect(vocabulary.tags.count == 37)
        #expect(Set(vocabulary.tags.map(\.code)) == expected)
        try vocabulary.validate()
    }

    @Test func allergyCodesAndOnlyThoseAreSafetyCritical() throws {
        let vocabulary = try TagTestSupport.loadVocabulary("tags.yaml")
        let safety = vocabulary.tags.filter(\.safety).map(\.code)
        #expect(Set(safety) == Set(vocabulary.tags.map(\.code).filter { $0.hasPrefix("allergy.") }))
        #expect(safety.count == 5)
        let categories: Set<String> = [
            "preference", "avoid", "style", "hair", "skin", "scalp", "allergy", "contact", "consent", "price", "stylist",
        ]
        #expect(Set(vocabulary.tags.map(\.category)) == categories)
    }

    @Test func languageIsData() throws {
        let vocabulary = try TagTestSupport.loadVocabulary("tags.yaml")
        #expect(vocabulary.definition(for: "pref.perm")?.negationYields == "avoid.perm")
        #expect(vocabulary.definition(for: "pref.color")?.negationYields == "avoid.color")
        #expect(vocabulary.definition(for: "allergy.hair_dye")?.synonyms.contains("染髮劑過敏") == true)
        #expect(vocabulary.definition(for: "stylist.preferred")?.valuePattern != nil)
        for cue in ["不", "不要", "不喜欢", "拒绝", "别", "没有", "无", "無", "不想", "不能", "不再", "禁止", "免"] {
            #expect(vocabulary.negationCues.contains(cue), "negation cue \(cue)")
        }
        for phrase in ["无过敏", "没有过敏史", "無過敏", "无过敏史", "不过敏"] {
            #expect(vocabulary.noAllergyPhrases.contains(phrase), "no-allergy phrase \(phrase)")
        }
        #expect(Set(["疑似", "可能", "好像", "怀疑", "似乎", "不确定"]).isSubset(of: vocabulary.suspectedCues))
    }

    @Test func decodesSnakeCaseKeysWithDefaults() throws {
        let yaml = """
            name: mini
            version: 3
            negation_cues: [不要]
            no_allergy_phrases: [无过敏]
            suspected_cues: [疑似]
            pseudo_negations: [不过]
            traditional_to_simplified: { 燙: 烫, 髮: 发 }
            tags:
              - { code: pref.perm, label: 烫发, category: preference, synonyms: [烫发], negation_yields: avoid.perm }
              - { code: avoid.perm, label: 不烫, category: avoid, synonyms: [不烫] }
              - { code: stylist.preferred, label: 发型师, category: stylist, synonyms: [找], value_pattern: '(?<value>\\w+)' }
            """
        let vocabulary = try YAMLDecoder().decode(TagVocabulary.self, from: yaml)
        #expect(vocabulary.version == 3)
        #expect(vocabulary.pseudoNegations == ["不过"])
        #expect(vocabulary.traditionalToSimplified == ["燙": "烫", "髮": "发"])
        #expect(vocabulary.tags[0].negationYields == "avoid.perm")
        #expect(vocabulary.tags[0].safety == false)
        #expect(vocabulary.tags[2].valuePattern == "(?<value>\\w+)")
        let mapper = try TagMapper(vocabulary: vocabulary)
        #expect(mapper.map("不要燙髮").map(\.code) == ["avoid.perm"])
        #expect(mapper.map("找Amy").first?.value == "Amy")
    }

    private func brokenVocabularyError(_ tags: [TagDefinition], map: [String: String]? = nil) -> TagVocabularyError? {
        var vocabulary = TagTestSupport.makeVocabulary(tags: tags)
        vocabulary.traditionalToSimplified = map
        do {
            _ = try TagMapper(vocabulary: vocabulary)
            return nil
        } catch let error as TagVocabularyError {
            return error
        } catch {
            return nil
        }
    }

    @Test func rejectsDuplicateCode() {
        let error = brokenVocabularyError([
            TagDefinition(code: "pref.cut", label: "剪发", category: "preference", synonyms: ["剪发"]),
            TagDefinition(code: "pref.cut", label: "理发", category: "preference", synonyms: ["理发"]),
        ])
        #expect(error?.kind == .duplicateCode)
        #expect(error?.key == "pref.cut")
        #expect(error?.description.contains("defined twice") == true)
    }

    @Test func rejectsDanglingNegationYields() {
        let error = brokenVocabularyError([
            TagDefinition(code: "pref.perm", label: "烫发", category: "preference", synonyms: ["烫发"], negationYields: "avoid.perm")
        ])
        #expect(error?.kind == .danglingNegationYields)
        #expect(error?.key == "pref.perm")
        #expect(error?.message.contains("avoid.perm") == true)
    }

    @Test func rejectsEmptySynonym() {
        let error = brokenVocabularyError([
            TagDefinition(code: "pref.cut", label: "剪发", category: "preference", synonyms: ["剪发", "  "])
        ])
        #expect(error?.kind == .emptySynonym)
        #expect(error?.key == "pref.cut")
    }

    @Test func rejectsSynonymSharedByTwoCodesAfterNormalization() {
        let error = brokenVocabularyError(
            [
                TagDefinition(code: "style.short", label: "短发", category: "style", synonyms: ["短发"]),
                TagDefinition(code: "style.bob", label: "波波头", category: "style", synonyms: ["短髮"]),
            ], map: ["髮": "发"])
        #expect(error?.kind == .ambiguousSynonym)
        #expect(error?.key == "style.bob")
    }

    @Test func rejectsBadPatternsMapsAndPunctuation() {
        let badPattern = brokenVocabularyError([
            TagDefinition(code: "stylist.preferred", label: "发型师", category: "stylist", synonyms: ["找"], valuePattern: "(?<value>[")
        ])
        #expect(badPattern?.kind == .invalidValuePattern)
        let badMap = brokenVocabularyError(
            [TagDefinition(code: "pref.cut", label: "剪发", category: "preference", synonyms: ["剪发"])], map: ["頭髮": "头发"])
        #expect(badMap?.kind == .invalidCharacterMap)
        let punctuation = brokenVocabularyError([
            TagDefinition(code: "pref.cut", label: "剪发", category: "preference", synonyms: ["剪，发"])
        ])
        #expect(punctuation?.kind == .separatorInPhrase)
    }
}

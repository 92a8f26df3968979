import Testing

@testable import SalonNormalizers

@Suite struct NameNormalizerTests {
    private func makeName(
        _ display: String, _ name: String, surname: String? = nil, given: String? = nil,
        address: String? = nil, gender: Gender? = nil, key: String? = nil
    ) -> NormalizedName {
        NormalizedName(
            display: display, name: name, surname: surname, givenName: given, formOfAddress: address,
            genderHint: gender, matchKey: key ?? name)
    }

    @Test func plainHanNames() {
        #expect(NameNormalizer.normalize("王小红") == makeName("王小红", "王小红", surname: "王", given: "小红"))
        #expect(NameNormalizer.normalize(" 王 小 红 ") == makeName("王 小 红", "王小红", surname: "王", given: "小红"))
        #expect(NameNormalizer.normalize("王\u{3000}小红") == makeName("王 小红", "王小红", surname: "王", given: "小红"))
        #expect(NameNormalizer.normalize("欧阳娜娜") == makeName("欧阳娜娜", "欧阳娜娜", surname: "欧阳", given: "娜娜"))
        #expect(NameNormalizer.normalize("诸葛亮") == makeName("诸葛亮", "诸葛亮", surname: "诸葛", given: "亮"))
        #expect(NameNormalizer.normalize("李娜") == makeName("李娜", "李娜", surname: "李", given: "娜"))
        #expect(NameNormalizer.normalize("小红") == makeName("小红", "小红", given: "小红"))
        #expect(NameNormalizer.normalize("娜娜") == makeName("娜娜", "娜娜", given: "娜娜"))
    }

    @Test func honorificsAreSplitOffWithGenderHints() {
        #expect(NameNormalizer.normalize("王女士") == makeName("王女士", "王", surname: "王", address: "女士", gender: .female))
        #expect(NameNormalizer.normalize("王小红女士") == makeName("王小红女士", "王小红", surname: "王", given: "小红", address: "女士", gender: .female))
        #expect(NameNormalizer.normalize("张先生") == makeName("张先生", "张", surname: "张", address: "先生", gender: .male))
        #expect(NameNormalizer.normalize("刘小姐") == makeName("刘小姐", "刘", surname: "刘", address: "小姐", gender: .female))
        #expect(NameNormalizer.normalize("陈太太") == makeName("陈太太", "陈", surname: "陈", address: "太太", gender: .female))
        #expect(NameNormalizer.normalize("赵姐") == makeName("赵姐", "赵", surname: "赵", address: "姐", gender: .female))
        #expect(NameNormalizer.normalize("李大姐") == makeName("李大姐", "李", surname: "李", address: "大姐", gender: .female))
        #expect(NameNormalizer.normalize("孙哥") == makeName("孙哥", "孙", surname: "孙", address: "哥", gender: .male))
        #expect(NameNormalizer.normalize("周大哥") == makeName("周大哥", "周", surname: "周", address: "大哥", gender: .male))
        #expect(NameNormalizer.normalize("吴叔") == makeName("吴叔", "吴", surname: "吴", address: "叔", gender: .male))
        #expect(NameNormalizer.normalize("郑老师") == makeName("郑老师", "郑", surname: "郑", address: "老师"))
        #expect(NameNormalizer.normalize("黄阿姨") == makeName("黄阿姨", "黄", surname: "黄", address: "阿姨", gender: .female))
        #expect(NameNormalizer.normalize("林美女") == makeName("林美女", "林", surname: "林", address: "美女", gender: .female))
        #expect(NameNormalizer.normalize("何帅哥") == makeName("何帅哥", "何", surname: "何", address: "帅哥", gender: .male))
        #expect(NameNormalizer.normalize("豆豆宝宝") == makeName("豆豆宝宝", "豆豆", surname: "豆", given: "豆", address: "宝宝"))
        #expect(NameNormalizer.normalize("欧阳先生") == makeName("欧阳先生", "欧阳", surname: "欧阳", address: "先生", gender: .male))
        #expect(NameNormalizer.normalize("王 女士") == makeName("王 女士", "王", surname: "王", address: "女士", gender: .female))
    }

    @Test func prefixesOfAddress() {
        #expect(NameNormalizer.normalize("小王") == makeName("小王", "王", surname: "王", address: "小"))
        #expect(NameNormalizer.normalize("老李") == makeName("老李", "李", surname: "李", address: "老"))
        #expect(NameNormalizer.normalize("阿芳") == makeName("阿芳", "芳", given: "芳", address: "阿"))
        #expect(NameNormalizer.normalize("阿陈") == makeName("阿陈", "陈", surname: "陈", address: "阿"))
        // Nicknames that only look like 小 + surname stay given names.
        #expect(NameNormalizer.normalize("小明") == makeName("小明", "小明", given: "小明"))
        #expect(NameNormalizer.normalize("小红") == makeName("小红", "小红", given: "小红"))
    }

    @Test func latinNames() {
        #expect(NameNormalizer.normalize("Ms Wang") == makeName("Ms Wang", "Wang", surname: "Wang", address: "Ms", gender: .female, key: "wang"))
        #expect(NameNormalizer.normalize("mr. Zhang") == makeName("mr. Zhang", "Zhang", surname: "Zhang", address: "Mr", gender: .male, key: "zhang"))
        #expect(NameNormalizer.normalize("Miss  Lily Chen") == makeName("Miss Lily Chen", "Lily Chen", address: "Miss", gender: .female, key: "lilychen"))
        #expect(NameNormalizer.normalize("ＬＩＬＹ") == makeName("LILY", "LILY", key: "lily"))
        #expect(NameNormalizer.normalize("  Anna   Li ") == makeName("Anna Li", "Anna Li", key: "annali"))
    }

    @Test(arguments: ["无", "-", "未知", "N/A", "n/a", "13800138000", "138 0013 8000", "12345", "？", "NULL", "不详"])
    func notANames(text: String) throws {
        let issue = try #require(NameNormalizer.validate(text))
        #expect(issue.code == "name.not_a_name")
        #expect(issue.text == text)
        #expect(!issue.message.contains("13800138000"))
    }

    @Test(arguments: ["王小红", "王女士", "Anna Li", "小明2号", "", "  "])
    func realNamesPass(text: String) {
        #expect(NameNormalizer.validate(text) == nil)
    }

    @Test func surnameTablesAreClean() {
        #expect(Set(SurnameTable.single).count == SurnameTable.single.count)
        #expect(SurnameTable.single.count >= 300)
        #expect(SurnameTable.single.allSatisfy { $0.unicodeScalars.allSatisfy(NameNormalizer.isHan) })
        #expect(Set(SurnameTable.compound).count == SurnameTable.compound.count)
        #expect(SurnameTable.compound.allSatisfy { $0.count == 2 })
        for required in ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里"] {
            #expect(SurnameTable.compoundSet.contains(required), "\(required)")
        }
    }
}

@Suite struct GenderNormalizerTests {
    @Test(arguments: [
        ("男", Gender.male), ("女", .female), ("M", .male), ("f", .female), ("Male", .male), ("FEMALE", .female),
        ("先生", .male), ("女士", .female), (" 女 ", .female), ("男性", .male), ("ｍ", .male),
    ])
    func explicitWords(text: String, expected: Gender) {
        #expect(GenderNormalizer.parse(text) == expected)
        #expect(GenderNormalizer.validate(text) == nil)
    }

    @Test(arguments: ["1", "0", "2", "未知", "公", "x"])
    func codesAreNotGuessed(text: String) {
        #expect(GenderNormalizer.parse(text) == nil)
        #expect(GenderNormalizer.validate(text)?.code == "gender.unrecognized")
    }

    @Test func emptyIsNoIssue() {
        #expect(GenderNormalizer.parse("") == nil)
        #expect(GenderNormalizer.validate(" ") == nil)
    }
}

import Testing
@testable import SalonCore

@Suite struct MaskingTests {
    @Test func masksMobileKeepingHeadAndTail() {
        #expect(PIIMask.phone("13800138000") == "138****8000")
        #expect(PIIMask.phone("+8613800138000") == "+86138****8000")
        #expect(PIIMask.localPhone("+8613800138000") == "138****8000")
        #expect(PIIMask.localPhone("+85261234567") == "+852612*4567")
    }

    @Test func masksResidentID() {
        #expect(PIIMask.residentID("11010519491231002X") == "1101**********002X")
    }

    @Test func masksNumbersInsideFreeText() {
        #expect(PIIMask.text("王姐 138 1234 5678 周六") == "王姐 138 **** 5678 周六")
        #expect(PIIMask.text("会员卡 2023") == "会员卡 2023")
        #expect(PIIMask.text("生日 1990-04-31, 手机 138-0013-8000") == "生日 1990-04-31, 手机 138-****-8000")
        #expect(PIIMask.text("身份证11010519491231002X") == "身份证1101**********002X")
    }
}

import Foundation
import Testing
@testable import SalonNormalizers

@Suite struct ReceiptLineNormalizerTests {
    static let mapping: [ReceiptField: [String]] = [
        .receiptNumber: ["单号", "小票号"], .time: ["时间", "消费时间"], .store: ["门店"], .cardNumber: ["会员卡号"],
        .phone: ["手机"], .item: ["项目", "服务项目"], .quantity: ["数量"], .unitPrice: ["单价"], .amount: ["金额"],
        .payment: ["支付方式"], .status: ["状态"], .originalReceipt: ["原单号"], .technician: ["技师", "发型师"],
    ]
    static let header = "小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师"

    /// Records from comma-separated lines (the fixtures have no quoted cells).
    static func makeRecords(_ lines: [String], header: String = header) -> [Record] {
        let schema = RecordSchema(columns: header.components(separatedBy: ","))
        return lines.enumerated().map { index, line in
            Record(
                schema: schema, values: line.components(separatedBy: ","),
                provenance: Provenance(sourceID: "pos", file: "pos.csv", line: index + 2, recordIndex: index + 1), originalText: line)
        }
    }

    static func makeBinding(_ schema: RecordSchema) throws -> ReceiptColumnBinding {
        try ReceiptColumnBinding.bind(mapping: mapping, schema: schema).get()
    }

    static func normalize(_ line: String) throws -> ReceiptLineNormalizer.Output {
        let record = makeRecords([line])[0]
        return ReceiptLineNormalizer(storeCode: "SH01").normalize(record, binding: try makeBinding(record.schema))
    }

    @Test func dayOneSampleBecomesFiveReceiptsWithTotals() throws {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { dir = dir.deletingLastPathComponent() }
        let text = try String(contentsOf: dir.appendingPathComponent("samples/pos/SH01_20240301.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let records = Self.makeRecords(Array(lines.dropFirst()), header: lines[0])
        let binding = try Self.makeBinding(records[0].schema)
        let normalizer = ReceiptLineNormalizer(storeCode: "SH01")
        var assembler = ReceiptAssembler()
        var receipts: [Receipt] = []
        var rejects: [Reject] = []
        for record in records {
            let output = normalizer.normalize(record, binding: binding)
            rejects += output.rejects
            if let receipt = assembler.add(try #require(output.candidate)) { receipts.append(receipt) }
        }
        if let last = assembler.finish() { receipts.append(last) }
        #expect(receipts.map(\.receiptNumber) == ["R20240301001", "R20240301002", "R20240301003", "R20240301004", "R20240301005"])
        #expect(receipts.map(\.totalFen) == [9800, 38000, 37800, 3800, 15000])
        #expect(receipts.map(\.lines.count) == [2, 1, 2, 1, 1])
        #expect(receipts[0].time == "2024-03-01T10:05:12+08:00")
        #expect(receipts[0].totalsByPayment == [.wechat: 9800])
        #expect(receipts[2].totalsByPayment == [.storedValue: 37800])
        #expect(receipts[4].totalsByPayment == [.card: 15000])
        #expect(receipts[2].lines[1].quantity == 2)
        #expect(receipts[1].phoneE164 == "+8613900139002")
        #expect(receipts[0].cardNumber == "VIP0001")
        // 158.00 × 1 charged 150.00: a discount the check reports, the amount kept.
        #expect(rejects.map(\.code) == [ReceiptLineNormalizer.amountMismatchCode])
        #expect(rejects.first?.provenance.line == 8)
        #expect(rejects.first?.wholeRecord == false)
    }

    @Test func refundLineIsNegativeAndLinkedToItsOriginal() throws {
        let output = try Self.normalize("R20240302002,2024-03-02 10:30:00,SH01,,13900139002,烫发,-1,380.00,-380.00,支付宝,退款,R20240301002,阿杰")
        let line = try #require(output.candidate)
        #expect(output.rejects.isEmpty)
        #expect(line.isRefund)
        #expect(line.amountFen == -38000)
        #expect(line.quantityMilli == -1000)
        #expect(line.unitPriceFen == 38000)
        #expect(line.originalReceiptNumber == "R20240301002")
        #expect(line.payment == .alipay)
        #expect(line.technician == "阿杰")
        // The same refund written with a positive amount is still negative.
        let positiveOutput = try Self.normalize("R9,2024-03-02 10:30,SH01,,,烫发,1,380,380,支付宝,已退款,R1,")
        let positive = try #require(positiveOutput.candidate)
        #expect(positive.amountFen == -38000 && positive.isRefund)
        #expect(positive.time == "2024-03-02T10:30:00+08:00")
        #expect(Receipt(lines: [positive]).isRefund)
    }

    @Test func maskedPhoneIsKeptAsMaskNotRejected() throws {
        let output = try Self.normalize("R20240302001,2024-03-02 09:50:00,SH01,VIP0001,138****8001,洗剪吹,1,68.00,68.00,微信支付,正常,,Tony")
        let line = try #require(output.candidate)
        #expect(output.rejects.isEmpty)
        #expect(line.phoneE164 == nil)
        #expect(line.maskedPhone == MaskedPhone(prefix: "138", suffix: "8001"))
        #expect(line.maskedPhone?.text == "138****8001")
        #expect(line.payment == .wechat)
    }

    @Test func missingNumberAndMissingAmountRejectTheLine() throws {
        let noNumber = try Self.normalize(",2024-03-02 09:50:00,SH01,,,洗剪吹,1,68.00,68.00,现金,正常,,")
        #expect(noNumber.candidate == nil)
        #expect(noNumber.rejects.map(\.code) == [ReceiptLineNormalizer.missingNumberCode])
        #expect(noNumber.rejects.first?.wholeRecord == true)
        let noAmount = try Self.normalize("R1,2024-03-02 09:50:00,SH01,,,洗剪吹,1,abc,,现金,正常,,")
        #expect(noAmount.candidate == nil)
        #expect(noAmount.rejects.map(\.code) == [MoneyNormalizer.unrecognizedCode, ReceiptLineNormalizer.noAmountCode])
    }

    @Test func fieldProblemsAreFieldRejects() throws {
        let output = try Self.normalize("R1,2024-02-30 09:50,SH01,,1380013,洗剪吹,两,68.00,¥68.00,美团,挂单,,")
        let line = try #require(output.candidate)
        #expect(line.amountFen == 6800)
        #expect(line.time == nil)
        #expect(line.payment == .other)
        #expect(line.quantityMilli == 1000)
        let codes = Set(output.rejects.map(\.code))
        #expect(codes.contains(DateNormalizer.impossibleCode))
        #expect(codes.contains(ReceiptLineNormalizer.quantityCode))
        #expect(codes.contains(ReceiptLineNormalizer.statusCode))
        #expect(codes.contains { $0.rawValue.hasPrefix("phone.") })
        #expect(output.rejects.allSatisfy { !$0.wholeRecord })
    }

    @Test func amountFromQuantityAndPriceAndOneFenTolerance() throws {
        let derivedOutput = try Self.normalize("R1,2024-03-01 10:00,SH01,,,发膜,0.5,99.99,,现金,正常,,")
        let derived = try #require(derivedOutput.candidate)
        #expect(derived.quantityMilli == 500)
        #expect(derived.quantity == nil)
        #expect(derived.amountFen == 4999)
        let rounded = try Self.normalize("R1,2024-03-01 10:00,SH01,,,发膜,0.5,99.99,50.00,现金,正常,,")
        #expect(rounded.rejects.isEmpty)
        let off = try Self.normalize("R1,2024-03-01 10:00,SH01,,,发膜,3,10.00,30.02,现金,正常,,")
        #expect(off.rejects.map(\.code) == [ReceiptLineNormalizer.amountMismatchCode])
    }

    @Test func paymentNames() {
        #expect(PaymentMethod.parse("现金") == .cash)
        #expect(PaymentMethod.parse("微信") == .wechat)
        #expect(PaymentMethod.parse("支付宝") == .alipay)
        #expect(PaymentMethod.parse("银行卡") == .card)
        #expect(PaymentMethod.parse("刷卡") == .card)
        #expect(PaymentMethod.parse("储值卡") == .storedValue)
        #expect(PaymentMethod.parse("会员卡") == .storedValue)
        #expect(PaymentMethod.parse("余额") == .storedValue)
        #expect(PaymentMethod.parse("团购券") == .other)
        #expect(PaymentMethod.parse("  ") == nil)
    }

    @Test func missingMappedColumnIsReported() {
        let schema = RecordSchema(columns: ["小票号", "金额"])
        guard case .failure(let missing) = ReceiptColumnBinding.bind(mapping: [.receiptNumber: ["小票号"], .time: ["时间", "消费时间"]], schema: schema)
        else {
            Issue.record("expected the time column to be missing")
            return
        }
        #expect(missing.fields.map(\.0) == [.time])
    }
}

@Suite struct ReceiptLinePointsTests {
    static let header = ReceiptLineNormalizerTests.header + ",积分"

    static func normalize(_ line: String) throws -> ReceiptLineNormalizer.Output {
        let record = ReceiptLineNormalizerTests.makeRecords([line], header: header)[0]
        var mapping = ReceiptLineNormalizerTests.mapping
        mapping[.points] = ["积分"]
        let binding = try ReceiptColumnBinding.bind(mapping: mapping, schema: record.schema).get()
        return ReceiptLineNormalizer(storeCode: "SH01").normalize(record, binding: binding)
    }

    static let line = "SH0304001,2024-03-04 11:00:00,SH01,VIP0001,13800138001,剪发,1,58.00,58.00,微信,正常,,Tony,"

    @Test("points are read signed and whole, as tills print them", arguments: [
        ("58", Int64?.some(58)), ("+20", 20), ("-200", -200), ("20.0", 20), ("", nil), ("－50", -50),
    ])
    func readsPoints(cell: String, expected: Int64?) throws {
        let output = try Self.normalize(Self.line + cell)
        #expect(output.candidate?.points == expected)
        #expect(output.rejects.isEmpty)
    }

    @Test("unreadable points are rejected from the field while the line loads")
    func rejectsUnreadablePoints() throws {
        for cell in ["12.5", "五十", "1e3"] {
            let output = try Self.normalize(Self.line + cell)
            let candidate = try #require(output.candidate)
            #expect(candidate.points == nil)
            #expect(candidate.amountFen == 5800)
            #expect(output.rejects.map(\.code) == [ReceiptLineNormalizer.pointsCode])
            #expect(output.rejects.first?.column == "积分")
            #expect(output.rejects.first?.originalText == cell)
        }
    }
}

/// A binding looks fields up by their position among all fields; a new field must take the next one.
@Suite struct ReceiptColumnBindingTests {
    @Test func everyFieldsOrdinalIsItsPositionAndLookUpsAgreeWithTheMapping() {
        #expect(ReceiptField.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        var binding = ReceiptColumnBinding(columns: [.receiptNumber: 0, .amount: 3, .points: 7])
        #expect(binding.index(of: .receiptNumber) == 0)
        #expect(binding.index(of: .amount) == 3)
        #expect(binding.index(of: .points) == 7)
        #expect(binding.index(of: .phone) == nil)
        binding.columns[.phone] = 5
        binding.columns[.amount] = nil
        #expect(binding.index(of: .phone) == 5)
        #expect(binding.index(of: .amount) == nil)
    }
}

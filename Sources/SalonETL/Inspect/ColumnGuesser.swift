import Foundation
import SalonCore

/// Guesses which CRM field a header names, from the headers salons' exports commonly use.
enum ColumnGuesser {
    static let synonyms: [(CustomerField, [String])] = [
        (.name, ["姓名", "客户姓名", "顾客姓名", "会员姓名", "客户名称", "客户", "名字", "顧客姓名", "客戶姓名", "name", "customer"]),
        (.phone, ["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "電話", "手機", "手機號碼", "mobile", "phone", "tel"]),
        (.gender, ["性别", "性別", "gender", "sex"]),
        (.birthday, ["生日", "出生日期", "出生年月", "生辰", "birthday", "birth", "dob"]),
        (.memberLevel, ["会员等级", "等级", "会员级别", "卡类型", "卡种", "會員等級", "level"]),
        (.balance, ["余额", "储值余额", "卡内余额", "储值", "剩余金额", "餘額", "balance"]),
        (.cardNumber, ["卡号", "会员卡号", "卡號", "card", "card_no"]),
        (.joinDate, ["入会日期", "开卡日期", "注册日期", "办卡日期", "入会时间", "开卡时间", "join_date"]),
        (.notes, ["备注", "偏好", "偏好说明", "说明", "客户备注", "顾客备注", "備註", "notes", "note", "remark", "memo"]),
        (.store, ["门店", "店铺", "门店编号", "所属门店", "門店", "store"]),
    ]

    /// Field → headers of this file that look like it (all note-like headers; one for the rest).
    static func guess(columns: [String]) -> (mapped: [(CustomerField, [String])], unmapped: [String]) {
        var used = Set<String>()
        var mapped: [(CustomerField, [String])] = []
        for (field, names) in synonyms {
            let normalized = names.map { $0.lowercased() }
            var hits = columns.filter { column in
                !used.contains(column) && normalized.contains(column.trimmingCharacters(in: .whitespaces).lowercased())
            }
            if hits.isEmpty {
                hits = columns.filter { column in
                    !used.contains(column) && normalized.contains { name in name.count >= 2 && column.lowercased().contains(name) }
                }
            }
            if field != .notes { hits = Array(hits.prefix(1)) }
            guard !hits.isEmpty else { continue }
            hits.forEach { used.insert($0) }
            mapped.append((field, hits))
        }
        return (mapped, columns.filter { !used.contains($0) })
    }
}

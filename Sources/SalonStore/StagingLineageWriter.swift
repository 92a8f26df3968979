import SalonCore

/// Writes merge lineage into staging (`stg_merge_lineage`): the merged record's own values, and
/// the survivor's values before its first merge. Only records involved in a merge get a row.
final class StagingLineageWriter {
    private let insertMerged: SQLiteStatement
    private let snapshotSurvivor: SQLiteStatement
    /// Survivors whose pre-merge row is already kept (grows with merges, not with records).
    private var snapshotted = Set<Int64>()

    /// Separators inside the `phones` column: unit separator between fields, record separator
    /// between phones (neither occurs in a phone cell).
    static let fieldSeparator = "\u{1F}"
    static let phoneSeparator = "\u{1E}"

    init(connection: SQLiteConnection) throws {
        insertMerged = try connection.prepare("""
            INSERT INTO stg_merge_lineage (role, survivor_staging_id, name, name_original, surname, given_name,
              form_of_address, gender, birthday, birthday_calendar, birthday_leap_month, member_level, join_date,
              store_code, phones, card_balance_fen, file_id, line)
            VALUES ('merged', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            """)
        snapshotSurvivor = try connection.prepare("""
            INSERT INTO stg_merge_lineage (role, survivor_staging_id, name, name_original, surname, given_name,
              form_of_address, gender, birthday, birthday_calendar, birthday_leap_month, member_level, join_date,
              store_code, phones, card_balance_fen, file_id, line)
            SELECT 'survivor', staging_id, name, name_original, surname, given_name, form_of_address, gender, birthday,
              birthday_calendar, birthday_leap_month, member_level, join_date, store_code, '',
              (SELECT balance_fen FROM stg_card_rows WHERE rowid = ?2),
              file_id, line
            FROM stg_customer_rows WHERE staging_id = ?1
            """)
    }

    /// Call before survivorship overwrites the survivor's staged row. `survivorCard` gives the
    /// staged row of the survivor's card without a number; it is asked only before the first merge,
    /// when every such card still belongs to the survivor's own record.
    func recordMerge(
        of candidate: CustomerCandidate, into survivor: Int64, fileID: Int64, survivorCard: () -> Int64?,
        bindFields: (SQLiteStatement, Int32) throws -> Void
    ) throws {
        if snapshotted.insert(survivor).inserted {
            try snapshotSurvivor.run([.int(survivor), survivorCard().map(SQLiteValue.int) ?? .null])
        }
        let s = insertMerged
        s.reset()
        try s.bind(survivor, at: 1)
        try bindFields(s, 2)
        try s.bind(candidate.storeCode, at: 13)
        try s.bind(Self.phonesText(candidate.phones), at: 14)
        try s.bind(candidate.card.flatMap { $0.cardNumber == nil ? $0.balanceFen : nil }, at: 15)
        try s.bind(fileID, at: 16)
        try s.bind(Int64(candidate.provenance.line), at: 17)
        try s.step()
    }

    static func phonesText(_ phones: [CustomerCandidate.Phone]) -> String {
        phones.map { [$0.e164, $0.kind, $0.original].joined(separator: fieldSeparator) }.joined(separator: phoneSeparator)
    }

    /// Reads `phonesText` back as (e164, kind, original).
    static func phones(fromText text: String) -> [(e164: String, kind: String, original: String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: Character(phoneSeparator), omittingEmptySubsequences: false).compactMap { item in
            let parts = item.split(separator: Character(fieldSeparator), omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return (String(parts[0]), String(parts[1]), String(parts[2]))
        }
    }
}

import SalonCore

extension StagingStore {
    /// Folds a record's consent flags into its staged customer. An opt-out from any record wins
    /// (MAX), and so does a refusal of profiling (MIN): consent must be given without a
    /// contradiction. Only records that say something pay for the statement.
    public func recordConsent(of candidate: CustomerCandidate, stagingID: Int64) throws {
        guard candidate.marketingOptOut != nil || candidate.profilingConsent != nil else { return }
        func flag(_ value: Bool?) -> SQLiteValue { value.map { .int($0 ? 1 : 0) } ?? .null }
        try connection.execute("""
            UPDATE stg_customer_rows SET
              marketing_opt_out = CASE WHEN ?2 IS NULL THEN marketing_opt_out ELSE MAX(COALESCE(marketing_opt_out, 0), ?2) END,
              profiling_consent = CASE WHEN ?3 IS NULL THEN profiling_consent ELSE MIN(COALESCE(profiling_consent, 1), ?3) END
            WHERE staging_id = ?1
            """, [.int(stagingID), flag(candidate.marketingOptOut), flag(candidate.profilingConsent)])
    }

    /// What `withholdProfilingTags()` kept out of the CRM.
    public struct WithheldTags: Sendable, Equatable {
        /// Preference tags from customer notes and from chats.
        public var tags: Int
        /// Customers who had at least one tag withheld.
        public var customers: Int
    }

    /// Removes preference and style tags (everything but safety tags such as allergies) of staged
    /// customers without profiling consent, before publishing; chat tags are kept only when the
    /// phone they are about belongs to a staged customer who consented. Call after staging is
    /// committed.
    public func withholdProfilingTags() throws -> WithheldTags {
        let withoutConsent = "SELECT staging_id FROM stg_customer_rows WHERE profiling_consent IS NOT 1"
        let customers = try connection.scalarInt(
            "SELECT COUNT(DISTINCT staging_id) FROM stg_tag_rows WHERE is_safety = 0 AND staging_id IN (\(withoutConsent))") ?? 0
        var tags: Int64 = 0
        try connection.transaction {
            try connection.execute("DELETE FROM stg_tag_rows WHERE is_safety = 0 AND staging_id IN (\(withoutConsent))")
            tags += connection.changes
            try connection.execute("""
                DELETE FROM stg_chat_tags WHERE is_safety = 0 AND NOT EXISTS (
                  SELECT 1 FROM stg_chat_facts f JOIN stg_chat_subjects s ON s.subject_id = f.subject_id
                  JOIN stg_phone_rows p ON p.e164 = s.e164 JOIN stg_customer_rows c ON c.staging_id = p.staging_id
                  WHERE f.message_id = stg_chat_tags.message_id AND f.ordinal = stg_chat_tags.ordinal AND c.profiling_consent = 1)
                """)
            tags += connection.changes
        }
        return WithheldTags(tags: Int(tags), customers: Int(customers))
    }
}

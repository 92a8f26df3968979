import SalonCore

extension CRMDatabase {
    /// Carries staged consent flags onto the CRM customers, inside the publish transaction while
    /// `temp.customer_map` maps staged to CRM customers. The same survivorship as in staging holds
    /// against earlier runs: an opt-out already recorded is never lifted by a later file, and a
    /// refusal of profiling is never turned into consent.
    /// - Parameter firstLoad: every staged customer is new (an empty database): the pass over
    ///   existing customers is skipped, as it could match none.
    /// - Returns: existing customers whose flags changed (new customers count as inserted).
    func publishConsent(run: SQLiteValue, firstLoad: Bool) throws -> Int64 {
        let staged = """
            stg.stg_customer_rows s JOIN temp.customer_map m ON m.staging_id = s.staging_id
            WHERE (s.marketing_opt_out IS NOT NULL OR s.profiling_consent IS NOT NULL) AND
            """
        var changedExisting: Int64 = 0
        if !firstLoad {
            // Several staged customers may land on one existing customer (matched in the database,
            // or sent to the survivor of a customer a person merged away, `is_new = 2`): their
            // flags are combined first, the strictest winning, so the result never depends on
            // which row the update meets first. A redirected record's values never overwrite the
            // survivor's, but an opt-out is the person's and holds all the same.
            try updateConsent(run: run, from: """
                SELECT m.customer_id, MAX(s.marketing_opt_out) AS marketing_opt_out, MIN(s.profiling_consent) AS profiling_consent
                FROM \(staged) m.is_new <> 1 GROUP BY m.customer_id
                """)
            changedExisting = connection.changes
        }
        // A new customer has exactly one staged customer.
        try updateConsent(run: run, from: "SELECT m.customer_id, s.marketing_opt_out, s.profiling_consent FROM \(staged) m.is_new = 1")
        return changedExisting
    }

    /// Applies the flags of `from` (customer_id, marketing_opt_out, profiling_consent; at most one
    /// row per customer) where they change the customer.
    private func updateConsent(run: SQLiteValue, from source: String) throws {
        try connection.execute("""
            UPDATE main.customers SET
              marketing_opt_out = CASE WHEN s.marketing_opt_out IS NULL THEN customers.marketing_opt_out
                ELSE MAX(COALESCE(customers.marketing_opt_out, 0), s.marketing_opt_out) END,
              profiling_consent = CASE WHEN s.profiling_consent IS NULL THEN customers.profiling_consent
                ELSE MIN(COALESCE(customers.profiling_consent, 1), s.profiling_consent) END,
              updated_run_id = ?1
            FROM (\(source)) s
            WHERE customers.id = s.customer_id
              AND (customers.marketing_opt_out IS NOT
                     (CASE WHEN s.marketing_opt_out IS NULL THEN customers.marketing_opt_out
                      ELSE MAX(COALESCE(customers.marketing_opt_out, 0), s.marketing_opt_out) END)
                OR customers.profiling_consent IS NOT
                     (CASE WHEN s.profiling_consent IS NULL THEN customers.profiling_consent
                      ELSE MIN(COALESCE(customers.profiling_consent, 1), s.profiling_consent) END))
            """, [run])
    }
}

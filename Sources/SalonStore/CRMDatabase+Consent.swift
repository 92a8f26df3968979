import SalonCore

extension CRMDatabase {
    /// Carries staged consent flags onto the CRM customers, inside the publish transaction while
    /// `temp.customer_map` maps staged to CRM customers. The same survivorship as in staging holds
    /// against earlier runs: an opt-out already recorded is never lifted by a later file, and a
    /// refusal of profiling is never turned into consent.
    /// - Returns: existing customers whose flags changed (new customers count as inserted).
    func publishConsent(run: SQLiteValue) throws -> Int64 {
        var changedExisting: Int64 = 0
        // 2: records sent to the survivor of a customer a person merged away. Their values never
        // overwrite the survivor's, but an opt-out is the person's and holds all the same.
        for isNew in [0, 2, 1] {
            try updateConsent(run: run, isNew: isNew)
            if isNew != 1 { changedExisting += connection.changes }
        }
        return changedExisting
    }

    private func updateConsent(run: SQLiteValue, isNew: Int) throws {
        try connection.execute("""
            UPDATE main.customers SET
              marketing_opt_out = CASE WHEN s.marketing_opt_out IS NULL THEN customers.marketing_opt_out
                ELSE MAX(COALESCE(customers.marketing_opt_out, 0), s.marketing_opt_out) END,
              profiling_consent = CASE WHEN s.profiling_consent IS NULL THEN customers.profiling_consent
                ELSE MIN(COALESCE(customers.profiling_consent, 1), s.profiling_consent) END,
              updated_run_id = ?1
            FROM stg.stg_customer_rows s JOIN temp.customer_map m ON m.staging_id = s.staging_id
            WHERE customers.id = m.customer_id AND m.is_new = ?2 AND (s.marketing_opt_out IS NOT NULL OR s.profiling_consent IS NOT NULL)
              AND (customers.marketing_opt_out IS NOT
                     (CASE WHEN s.marketing_opt_out IS NULL THEN customers.marketing_opt_out
                      ELSE MAX(COALESCE(customers.marketing_opt_out, 0), s.marketing_opt_out) END)
                OR customers.profiling_consent IS NOT
                     (CASE WHEN s.profiling_consent IS NULL THEN customers.profiling_consent
                      ELSE MIN(COALESCE(customers.profiling_consent, 1), s.profiling_consent) END))
            """, [run, .int(Int64(isNew))])
    }
}

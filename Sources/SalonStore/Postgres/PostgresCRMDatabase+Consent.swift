extension PostgresCRMDatabase {
    /// Carries staged consent flags onto the CRM customers, as `CRMDatabase.publishConsent`: an
    /// opt-out already recorded is never lifted by a later file, and a refusal of profiling is
    /// never turned into consent. The flags of several staged customers landing on one customer
    /// are combined first, the strictest winning; existing customers include those receiving the
    /// records of a customer a person merged away (`redirected`).
    /// - Returns: existing customers whose flags changed (new customers count as inserted).
    func publishConsent(run: String) throws -> Int64 {
        var changedExisting: Int64 = 0
        for isNew in [false, true] {
            let changed = try connection.execute("""
                UPDATE customers c SET marketing_opt_out = v.marketing_opt_out, profiling_consent = v.profiling_consent,
                  updated_run_id = $1
                FROM (SELECT s.customer_id,
                        CASE WHEN s.marketing_opt_out IS NULL THEN x.marketing_opt_out
                             ELSE GREATEST(COALESCE(x.marketing_opt_out, 0), s.marketing_opt_out) END AS marketing_opt_out,
                        CASE WHEN s.profiling_consent IS NULL THEN x.profiling_consent
                             ELSE LEAST(COALESCE(x.profiling_consent, 1), s.profiling_consent) END AS profiling_consent
                      FROM (SELECT m.customer_id, MAX(s.marketing_opt_out) AS marketing_opt_out,
                              MIN(s.profiling_consent) AS profiling_consent
                            FROM stg_customers s JOIN customer_map m ON m.staging_id = s.staging_id
                            WHERE m.is_new = $2 AND (s.marketing_opt_out IS NOT NULL OR s.profiling_consent IS NOT NULL)
                            GROUP BY m.customer_id) s
                      JOIN customers x ON x.id = s.customer_id) v
                WHERE c.id = v.customer_id AND (c.marketing_opt_out IS DISTINCT FROM v.marketing_opt_out
                  OR c.profiling_consent IS DISTINCT FROM v.profiling_consent)
                """, [run, isNew ? "true" : "false"])
            if !isNew { changedExisting = changed }
        }
        return changedExisting
    }
}

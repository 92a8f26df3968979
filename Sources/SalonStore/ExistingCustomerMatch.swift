import SalonCore

/// How a staged customer joins a customer already in the CRM database, decided at publish with
/// the rule of the in-run resolver (`MatchScore.allowsAutoMerge(at:)`): the pair merges at or
/// above the pipeline's threshold unless the names clearly differ (a mother and daughter sharing
/// a phone); otherwise the staged customer is a new customer and the pair a review item.
///
/// A customer the staged customer's own first record created is never its candidate: on a re-run
/// the record is not compared with itself, and finds again the customer it was made last time.
///
/// Both targets find the candidate pairs with one set-based query in their dialect (rows of
/// `pairColumnCount` columns), score them here, and apply the decisions from a TEMP table
/// (`db_matches`), so SQLite and PostgreSQL decide alike.
///
/// Names are scored folded by the run's `MatchRule` (Simplified script, as within a run); the
/// block on name and birthday compares them as stored.
struct ExistingCustomerMatch: Equatable {
    var stagingID: Int64
    /// The customer merged into, or the one the review item pairs the new customer with.
    var customerID: Int64
    var merges: Bool
    /// "phone" or "name+birthday": the block that paired them.
    var matchedOn: String
    var score: MatchScore
    /// For a review item: what a person deciding it reads (no phone in it).
    var detail: String
    /// The staged customer's phones as merge lineage keeps them (`StagingLineageWriter.phonesText`),
    /// sealed when the database is encrypted: what an unmerge gives back to the record.
    var phones: String

    /// The merge reason, or the review reason as the in-run resolver words it.
    var reason: String { merges ? "existing_customer" : score.reviewReason }

    /// The columns of a candidate pair, in order: staging id, customer id, block, the staged
    /// customer's surname, given name, birthday, calendar, gender, store code, then the same six
    /// of the existing customer (store as its code), then the staged phones as lineage text, the
    /// staged record's file and record key.
    static let pairColumnCount = 18

    /// Scores every pair and decides each staged customer once: the best-scoring customer it may
    /// merge into (ties: the lowest id), else a review item with the best-scoring one. Pairs found
    /// by phone come before pairs found by name and birthday.
    static func decide(pairs rows: [[String?]], rule: MatchRule, keys: KeyRing?) -> [ExistingCustomerMatch] {
        var byStaged: [Int64: [(customer: Int64, phone: Bool, score: MatchScore, row: [String?])]] = [:]
        for row in rows where row.count == pairColumnCount {
            guard let staged = row[0].flatMap({ Int64($0) }), let customer = row[1].flatMap({ Int64($0) }) else { continue }
            let phone = row[2] == "phone"
            let stagedProfile = rule.profile(
                surname: row[3], givenName: row[4], birthday: row[5], calendar: row[6], gender: row[7], storeCode: row[8])
            let existing = rule.profile(
                surname: row[9], givenName: row[10], birthday: row[11], calendar: row[12], gender: row[13], storeCode: row[14])
            let score = MatchScore(phone: phone ? .agrees : .unknown, existing, stagedProfile)
            byStaged[staged, default: []].append((customer, phone, score, row))
        }
        return byStaged.keys.sorted().compactMap { staged in
            let all = byStaged[staged]!
            let hasPhonePair = all.contains { $0.phone }
            let pairs = all.filter { $0.phone == hasPhonePair }.sorted {
                $0.score.score != $1.score.score ? $0.score.score > $1.score.score : $0.customer < $1.customer
            }
            let merge = pairs.first { $0.score.allowsAutoMerge(at: rule.autoMergeAt) }
            guard let chosen = merge ?? pairs.first else { return nil }
            let row = chosen.row
            let place = "\(row[16] ?? ""):\(row[17] ?? "")"
            let detail = chosen.score.clearlyDifferentPeople
                ? "\(place): shares a phone with customer \(chosen.customer) already in the database but the names differ"
                : "\(place): matches customer \(chosen.customer) already in the database below the auto-merge score"
            let phones = row[15] ?? ""
            return ExistingCustomerMatch(
                stagingID: staged, customerID: chosen.customer, merges: merge != nil,
                matchedOn: chosen.phone ? "phone" : "name+birthday", score: chosen.score, detail: detail,
                phones: phones.isEmpty ? "" : keys?.seal(phones) ?? phones)
        }
    }

    /// The TEMP table the decisions are applied from (the same definition in both dialects).
    static let tableDefinition = """
        db_matches (staging_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, merges INTEGER NOT NULL,
          matched_on TEXT NOT NULL, reason TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, explanation TEXT NOT NULL,
          detail TEXT NOT NULL, phones TEXT NOT NULL)
        """

    /// The decision as the values of one `db_matches` row, in column order.
    var fields: [String?] {
        [String(stagingID), String(customerID), merges ? "1" : "0", matchedOn, reason, String(score.roundedScore),
         score.explanation, detail, phones]
    }

    /// Staged customers that must be compared with the database, as a condition on `m`
    /// (`customer_map` after the match by customer key) and `s` (`stg_customers`), in the SQL both
    /// dialects share: those that found no customer by key, and those whose key is only a phone
    /// or a name and birthday (not a record a person kept apart or one split off in the run) that
    /// found a customer another record created and that record was never merged into, since such
    /// a key says no more than the phone. `main` prefixes the CRM tables ("main." on SQLite).
    static func openCondition(main: String) -> String {
        """
        m.customer_id IS NULL OR (s.match_by_phone = 1
          AND (s.customer_key LIKE 'nb:%' OR (s.customer_key LIKE 'tel:%' AND s.customer_key NOT LIKE '%|%'))
          AND NOT EXISTS (SELECT 1 FROM \(main)customers c WHERE c.id = m.customer_id AND c.source_id = s.source_id
            AND c.source_file = s.source_file AND c.record_key = s.record_key)
          AND NOT EXISTS (SELECT 1 FROM \(main)merges g WHERE g.source_id = s.source_id AND g.source_file = s.source_file
            AND g.record_key = s.record_key AND g.status = 'active' AND g.survivor_customer_id = m.customer_id))
        """
    }

    /// The key a staged customer sent to review takes when its own key already names the
    /// customer it was compared with: its record, as the in-run resolver keys a record split off.
    static let recordKeySQL = "'rec:' || s.source_id || ':' || s.source_file || ':' || s.record_key"
}

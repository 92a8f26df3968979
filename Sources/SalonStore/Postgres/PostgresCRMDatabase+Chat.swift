import SalonCore

extension PostgresCRMDatabase {
    /// Publishes the staged chat sources with the rules of `CRMDatabase.publishChat`, inside the
    /// publish transaction and after the run's customers are in place.
    /// - Returns: nil when the run staged no chat messages.
    func publishChat(run: String) throws -> ChatPublishSummary? {
        guard try connection.scalarInt("SELECT COUNT(*) FROM (SELECT 1 FROM stg_chat_messages LIMIT 1) x") == 1 else { return nil }
        var summary = ChatPublishSummary()
        try connection.execute("""
            INSERT INTO stores (code)
            SELECT store_code FROM stg_chat_messages WHERE store_code IS NOT NULL
            GROUP BY store_code ORDER BY MIN(message_id)
            ON CONFLICT DO NOTHING
            """, [])
        summary.messagesInserted = try connection.execute("""
            INSERT INTO chat_messages (source_id, message_key, store_id, sender, sent_at, kind, text, original_text,
              source_file, record_key, message_index, run_id)
            SELECT m.source_id, m.message_key, st.id, m.sender, m.sent_at, m.kind,
              m.text_sealed, m.original_text_sealed, m.source_file, m.record_key, m.message_index, $1
            FROM stg_chat_messages m LEFT JOIN stores st ON st.code = m.store_code
            ORDER BY m.message_id
            ON CONFLICT DO NOTHING
            """, [run])
        try connection.execute("""
            CREATE TEMP TABLE chat_message_map ON COMMIT DROP AS
            SELECT m.message_id, c.id AS crm_id FROM stg_chat_messages m
            JOIN chat_messages c ON c.source_id = m.source_id AND c.message_key = m.message_key
            """)
        try mapChatSubjects(run: run, summary: &summary)
        summary.factsInserted = try connection.execute("""
            INSERT INTO chat_facts (message_id, ordinal, kind, customer_id, e164, name, text, service, stylist,
              starts_at, time_text, confidence, superseded, run_id, e164_sealed)
            SELECT mm.crm_id, f.ordinal, f.kind, x.customer_id, f.e164_blind, f.name, f.text_sealed, f.service, f.stylist, f.starts_at,
              f.time_text, f.confidence, CASE WHEN f.e164 IS NOT NULL AND f.e164 IS DISTINCT FROM s.e164 THEN 1 ELSE 0 END, $1,
              f.e164_sealed
            FROM stg_chat_facts f JOIN chat_message_map mm ON mm.message_id = f.message_id
            LEFT JOIN stg_chat_subjects s ON s.subject_id = f.subject_id
            LEFT JOIN chat_subject_map x ON x.subject_id = f.subject_id
            ORDER BY f.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.notesInserted = try connection.execute("""
            INSERT INTO notes (customer_id, text, column_name, source_id, source_file, record_key, run_id)
            SELECT x.customer_id, f.text, 'chat.note.' || f.ordinal, m.source_id, m.source_file, m.record_key, $1
            FROM stg_chat_facts f JOIN chat_subject_map x ON x.subject_id = f.subject_id
            JOIN stg_chat_messages m ON m.message_id = f.message_id
            WHERE f.kind = 'note' ORDER BY f.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.tagsInserted = try connection.execute("""
            INSERT INTO customer_tags (customer_id, code, value, confidence, needs_review, is_safety,
              column_name, span_start, span_end, matched_text, source_id, source_file, record_key, run_id)
            SELECT x.customer_id, t.code, t.value, t.confidence, t.needs_review, t.is_safety, 'chat.note.' || t.ordinal,
              t.span_start, t.span_end, t.matched_text, m.source_id, m.source_file, m.record_key, $1
            FROM stg_chat_tags t
            JOIN stg_chat_facts f ON f.message_id = t.message_id AND f.ordinal = t.ordinal
            JOIN chat_subject_map x ON x.subject_id = f.subject_id
            JOIN stg_chat_messages m ON m.message_id = t.message_id
            ORDER BY t.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        try publishAppointments(run: run, summary: &summary)
        return summary
    }

    /// Maps every staged subject to a customer, creating customers for phones no one holds.
    private func mapChatSubjects(run: String, summary: inout ChatPublishSummary) throws {
        try connection.createSessionTable("""
            chat_subject_map (subject_id BIGINT PRIMARY KEY, customer_id BIGINT, existed BOOLEAN NOT NULL DEFAULT false)
            """)
        try connection.execute("""
            INSERT INTO chat_subject_map (subject_id, customer_id)
            SELECT s.subject_id, COALESCE(
              (SELECT MIN(p.customer_id) FROM customer_phones p WHERE p.e164 = s.e164_blind),
              (SELECT c.id FROM customers c WHERE c.customer_key = 'tel:' || s.e164_blind))
            FROM stg_chat_subjects s
            """, [])
        try connection.execute("UPDATE chat_subject_map SET existed = true WHERE customer_id IS NOT NULL", [])
        summary.customersEnriched = try connection.scalarInt(
            "SELECT COUNT(DISTINCT customer_id) FROM chat_subject_map WHERE existed") ?? 0
        summary.customersCreated = try connection.execute("""
            INSERT INTO customers (customer_key, name, name_original, surname, given_name, form_of_address, gender,
              home_store_id, source_id, source_file, record_key, created_run_id, updated_run_id)
            SELECT 'tel:' || s.e164_blind, s.name, s.name_original, s.surname, s.given_name, s.form_of_address, s.gender,
              st.id, m.source_id, m.source_file, m.record_key, $1, $1
            FROM stg_chat_subjects s JOIN stg_chat_messages m ON m.message_id = s.message_id
            LEFT JOIN stores st ON st.code = s.store_code
            WHERE s.subject_id IN (
              SELECT MIN(s2.subject_id) FROM stg_chat_subjects s2
              JOIN chat_subject_map x ON x.subject_id = s2.subject_id WHERE x.customer_id IS NULL GROUP BY s2.e164)
            ORDER BY s.subject_id
            """, [run])
        try connection.execute("""
            UPDATE chat_subject_map x SET customer_id = c.id
            FROM stg_chat_subjects s JOIN customers c ON c.customer_key = 'tel:' || s.e164_blind
            WHERE x.customer_id IS NULL AND s.subject_id = x.subject_id
            """, [])
        summary.phonesInserted = try connection.execute("""
            INSERT INTO customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id, e164_sealed)
            SELECT x.customer_id, s.e164_blind, s.kind, s.original_sealed, m.source_id, m.source_file, m.record_key, $1, s.e164_sealed
            FROM stg_chat_subjects s JOIN chat_subject_map x ON x.subject_id = s.subject_id
            JOIN stg_chat_messages m ON m.message_id = s.message_id
            WHERE NOT x.existed ORDER BY s.subject_id
            ON CONFLICT DO NOTHING
            """, [run])
        // The form of address fills an existing customer's empty name or gender, never replaces one.
        summary.customersUpdated = try connection.execute("""
            UPDATE customers c SET
              name = COALESCE(c.name, f.name), name_original = COALESCE(c.name_original, f.name_original),
              surname = CASE WHEN c.name IS NULL THEN f.surname ELSE c.surname END,
              given_name = CASE WHEN c.name IS NULL THEN f.given_name ELSE c.given_name END,
              form_of_address = CASE WHEN c.name IS NULL THEN f.form_of_address ELSE c.form_of_address END,
              gender = COALESCE(c.gender, f.gender), updated_run_id = $1
            FROM (
              SELECT DISTINCT ON (x.customer_id) x.customer_id, s.name, s.name_original, s.surname, s.given_name,
                s.form_of_address, s.gender
              FROM stg_chat_subjects s JOIN chat_subject_map x ON x.subject_id = s.subject_id
              WHERE x.existed AND (s.name IS NOT NULL OR s.gender IS NOT NULL)
              ORDER BY x.customer_id, s.subject_id) AS f
            WHERE c.id = f.customer_id
              AND ((c.name IS NULL AND f.name IS NOT NULL) OR (c.gender IS NULL AND f.gender IS NOT NULL))
            """, [run])
    }

    /// Bookings with a resolved time become appointments, one per customer and start time, as in
    /// `CRMDatabase.publishAppointments`.
    private func publishAppointments(run: String, summary: inout ChatPublishSummary) throws {
        try connection.execute("""
            CREATE TEMP TABLE chat_bookings ON COMMIT DROP AS
            SELECT x.customer_id, f.service, f.stylist, f.starts_at, f.time_text, f.confidence, f.row_order AS fact_order,
              mm.crm_id, m.store_code, m.source_id, m.source_file, m.record_key
            FROM stg_chat_facts f JOIN chat_subject_map x ON x.subject_id = f.subject_id
            JOIN chat_message_map mm ON mm.message_id = f.message_id
            JOIN stg_chat_messages m ON m.message_id = f.message_id
            WHERE f.kind = 'booking' AND f.starts_at IS NOT NULL
            """)
        // As on SQLite: the update below looks bookings up by customer and time, once per appointment
        // (without the index and statistics, 13 s of W2's 100,000 appointments).
        try connection.execute("CREATE INDEX chat_bookings_by_slot ON chat_bookings (customer_id, starts_at, fact_order)")
        try connection.execute("ANALYZE chat_bookings")
        summary.appointmentsInserted = try connection.execute("""
            INSERT INTO appointments (customer_id, store_id, service, stylist, starts_at, time_text, confidence,
              status, message_id, source_id, source_file, record_key, run_id)
            SELECT b.customer_id, st.id, b.service, b.stylist, b.starts_at,
              b.time_text, b.confidence, 'from_chat', b.crm_id, b.source_id, b.source_file, b.record_key, $1
            FROM chat_bookings b LEFT JOIN stores st ON st.code = b.store_code
            ORDER BY b.confidence DESC, b.fact_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.appointmentsUpdated = try connection.execute("""
            UPDATE appointments a SET
              service = COALESCE(a.service, (SELECT b.service FROM chat_bookings b
                WHERE b.customer_id = a.customer_id AND b.starts_at = a.starts_at AND b.service IS NOT NULL
                ORDER BY b.fact_order LIMIT 1)),
              stylist = COALESCE(a.stylist, (SELECT b.stylist FROM chat_bookings b
                WHERE b.customer_id = a.customer_id AND b.starts_at = a.starts_at AND b.stylist IS NOT NULL
                ORDER BY b.fact_order LIMIT 1)),
              run_id = $1
            WHERE (a.service IS NULL OR a.stylist IS NULL) AND EXISTS (
              SELECT 1 FROM chat_bookings b WHERE b.customer_id = a.customer_id AND b.starts_at = a.starts_at
                AND ((a.service IS NULL AND b.service IS NOT NULL) OR (a.stylist IS NULL AND b.stylist IS NOT NULL)))
            """, [run])
    }
}

import SalonCore

extension CRMDatabase {
    /// Publishes the staged chat sources, inside the caller's publish transaction and after the
    /// customers of the same run are in place, so a chat about a phone one of this run's customer
    /// files holds finds that customer like one from an earlier run.
    ///
    /// Messages are keyed by their identity (source, message key), so a re-run or an overlapping
    /// export inserts nothing. A subject's phone maps to the customer holding it; a phone no one
    /// holds yet creates a customer keyed `tel:+86…` with the name written near it. An existing
    /// customer's name and gender are filled from the chat only when empty. Notes, tags and
    /// appointments are inserted only when absent (one appointment per customer and start time).
    /// - Returns: nil when the run staged no chat messages.
    func publishChat(run: SQLiteValue) throws -> ChatPublishSummary? {
        guard try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM stg.stg_chat_message_rows)") == 1 else { return nil }
        var summary = ChatPublishSummary()
        try connection.execute(
            "INSERT OR IGNORE INTO main.stores (code) SELECT DISTINCT store_code FROM stg.stg_chat_message_rows WHERE store_code IS NOT NULL")
        try connection.execute("""
            INSERT OR IGNORE INTO main.chat_messages (source_id, message_key, store_id, sender, sent_at, kind, text, original_text,
              source_file, record_key, message_index, run_id)
            SELECT m.source_id, m.message_key, (SELECT id FROM main.stores WHERE code = m.store_code), m.sender, m.sent_at, m.kind,
              salon_seal(m.text), salon_seal(m.original_text), m.source_file, m.record_key, m.message_index, ?1
            FROM stg.stg_chat_messages m ORDER BY m.message_id
            """, [run])
        summary.messagesInserted = connection.changes
        try connection.execute("DROP TABLE IF EXISTS temp.chat_message_map")
        try connection.execute("CREATE TEMP TABLE chat_message_map (message_id INTEGER PRIMARY KEY, crm_id INTEGER NOT NULL)")
        try connection.execute("""
            INSERT INTO temp.chat_message_map (message_id, crm_id)
            SELECT m.message_id, c.id FROM stg.stg_chat_messages m
            JOIN main.chat_messages c ON c.source_id = m.source_id AND c.message_key = m.message_key
            """)
        try mapChatSubjects(run: run, summary: &summary)
        try connection.execute("""
            INSERT OR IGNORE INTO main.chat_facts (message_id, ordinal, kind, customer_id, e164, name, text, service, stylist,
              starts_at, time_text, confidence, superseded, run_id, e164_sealed)
            SELECT mm.crm_id, f.ordinal, f.kind, x.customer_id, salon_blind(f.e164), f.name, salon_seal(f.text), f.service, f.stylist,
              f.starts_at, f.time_text, f.confidence, CASE WHEN f.e164 IS NOT NULL AND f.e164 IS NOT s.e164 THEN 1 ELSE 0 END, ?1,
              salon_seal(f.e164)
            FROM stg.stg_chat_facts f JOIN temp.chat_message_map mm ON mm.message_id = f.message_id
            LEFT JOIN stg.stg_chat_subjects s ON s.subject_id = f.subject_id
            LEFT JOIN temp.chat_subject_map x ON x.subject_id = f.subject_id
            ORDER BY f.rowid
            """, [run])
        summary.factsInserted = connection.changes
        try connection.execute("""
            INSERT OR IGNORE INTO main.notes (customer_id, text, column_name, source_id, source_file, record_key, run_id)
            SELECT x.customer_id, f.text, 'chat.note.' || f.ordinal, m.source_id, m.source_file, m.record_key, ?1
            FROM stg.stg_chat_facts f JOIN temp.chat_subject_map x ON x.subject_id = f.subject_id
            JOIN stg.stg_chat_messages m ON m.message_id = f.message_id
            WHERE f.kind = 'note' ORDER BY f.rowid
            """, [run])
        summary.notesInserted = connection.changes
        try connection.execute("""
            INSERT OR IGNORE INTO main.customer_tags (customer_id, code, value, confidence, needs_review, is_safety,
              column_name, span_start, span_end, matched_text, source_id, source_file, record_key, run_id)
            SELECT x.customer_id, t.code, t.value, t.confidence, t.needs_review, t.is_safety, 'chat.note.' || t.ordinal,
              t.span_start, t.span_end, t.matched_text, m.source_id, m.source_file, m.record_key, ?1
            FROM stg.stg_chat_tags t
            JOIN stg.stg_chat_facts f ON f.message_id = t.message_id AND f.ordinal = t.ordinal
            JOIN temp.chat_subject_map x ON x.subject_id = f.subject_id
            JOIN stg.stg_chat_messages m ON m.message_id = t.message_id
            ORDER BY t.rowid
            """, [run])
        summary.tagsInserted = connection.changes
        try publishAppointments(run: run, summary: &summary)
        try connection.execute("DROP TABLE temp.chat_subject_map")
        try connection.execute("DROP TABLE temp.chat_message_map")
        return summary
    }

    /// Maps every staged subject to a customer, creating customers for phones no one holds.
    private func mapChatSubjects(run: SQLiteValue, summary: inout ChatPublishSummary) throws {
        try connection.execute("DROP TABLE IF EXISTS temp.chat_subject_map")
        try connection.execute("""
            CREATE TEMP TABLE chat_subject_map (subject_id INTEGER PRIMARY KEY, customer_id INTEGER, existed INTEGER NOT NULL DEFAULT 0)
            """)
        try connection.execute("""
            INSERT INTO temp.chat_subject_map (subject_id, customer_id)
            SELECT s.subject_id, COALESCE(
              (SELECT MIN(p.customer_id) FROM main.customer_phones p WHERE p.e164 = salon_blind(s.e164)),
              (SELECT c.id FROM main.customers c WHERE c.customer_key = 'tel:' || salon_blind(s.e164)))
            FROM stg.stg_chat_subjects s
            """)
        try connection.execute("UPDATE temp.chat_subject_map SET existed = 1 WHERE customer_id IS NOT NULL")
        summary.customersEnriched = try connection.scalarInt(
            "SELECT COUNT(DISTINCT customer_id) FROM temp.chat_subject_map WHERE existed = 1") ?? 0
        // One new customer per phone, from the first subject that gave it.
        try connection.execute("""
            INSERT INTO main.customers (customer_key, name, name_original, surname, given_name, form_of_address, gender,
              home_store_id, source_id, source_file, record_key, created_run_id, updated_run_id)
            SELECT 'tel:' || salon_blind(s.e164), s.name, s.name_original, s.surname, s.given_name, s.form_of_address, s.gender,
              (SELECT id FROM main.stores WHERE code = s.store_code), m.source_id, m.source_file, m.record_key, ?1, ?1
            FROM stg.stg_chat_subjects s JOIN stg.stg_chat_messages m ON m.message_id = s.message_id
            WHERE s.subject_id IN (
              SELECT MIN(s2.subject_id) FROM stg.stg_chat_subjects s2
              JOIN temp.chat_subject_map x ON x.subject_id = s2.subject_id WHERE x.customer_id IS NULL GROUP BY s2.e164)
            ORDER BY s.subject_id
            """, [run])
        summary.customersCreated = connection.changes
        try connection.execute("""
            UPDATE temp.chat_subject_map SET customer_id = (
              SELECT c.id FROM stg.stg_chat_subjects s JOIN main.customers c ON c.customer_key = 'tel:' || salon_blind(s.e164)
              WHERE s.subject_id = temp.chat_subject_map.subject_id)
            WHERE customer_id IS NULL
            """)
        try connection.execute("""
            INSERT OR IGNORE INTO main.customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id,
              e164_sealed)
            SELECT x.customer_id, salon_blind(s.e164), s.kind, salon_seal(s.original), m.source_id, m.source_file, m.record_key, ?1,
              salon_seal(s.e164)
            FROM stg.stg_chat_subjects s JOIN temp.chat_subject_map x ON x.subject_id = s.subject_id
            JOIN stg.stg_chat_messages m ON m.message_id = s.message_id
            WHERE x.existed = 0 ORDER BY s.subject_id
            """, [run])
        summary.phonesInserted = connection.changes
        // The form of address fills an existing customer's empty name or gender, never replaces one.
        try connection.execute("""
            UPDATE main.customers SET
              name = COALESCE(customers.name, f.name), name_original = COALESCE(customers.name_original, f.name_original),
              surname = CASE WHEN customers.name IS NULL THEN f.surname ELSE customers.surname END,
              given_name = CASE WHEN customers.name IS NULL THEN f.given_name ELSE customers.given_name END,
              form_of_address = CASE WHEN customers.name IS NULL THEN f.form_of_address ELSE customers.form_of_address END,
              gender = COALESCE(customers.gender, f.gender), updated_run_id = ?1
            FROM (
              SELECT x.customer_id, s.name, s.name_original, s.surname, s.given_name, s.form_of_address, s.gender, MIN(s.subject_id)
              FROM stg.stg_chat_subjects s JOIN temp.chat_subject_map x ON x.subject_id = s.subject_id
              WHERE x.existed = 1 AND (s.name IS NOT NULL OR s.gender IS NOT NULL) GROUP BY x.customer_id) AS f
            WHERE customers.id = f.customer_id
              AND ((customers.name IS NULL AND f.name IS NOT NULL) OR (customers.gender IS NULL AND f.gender IS NOT NULL))
            """, [run])
        summary.customersUpdated = connection.changes
    }

    /// Bookings with a resolved time become appointments, one per customer and start time: the
    /// most confident booking (the earliest among equals) wins, and the others of the same slot
    /// fill its missing service or stylist (a request names the service, the confirmation the
    /// stylist).
    private func publishAppointments(run: SQLiteValue, summary: inout ChatPublishSummary) throws {
        // The bookings once, as a table indexed by slot: the fill-in below looks up the other
        // bookings of each appointment's slot, which through the joined view was a scan per row.
        try connection.execute("DROP TABLE IF EXISTS temp.chat_bookings")
        try connection.execute("""
            CREATE TEMP TABLE chat_bookings AS
            SELECT x.customer_id, f.service, f.stylist, f.starts_at, f.time_text, f.confidence, f.rowid AS fact_order,
              mm.crm_id, m.store_code, m.source_id, m.source_file, m.record_key
            FROM stg.stg_chat_facts f JOIN temp.chat_subject_map x ON x.subject_id = f.subject_id
            JOIN temp.chat_message_map mm ON mm.message_id = f.message_id
            JOIN stg.stg_chat_messages m ON m.message_id = f.message_id
            WHERE f.kind = 'booking' AND f.starts_at IS NOT NULL
            """)
        defer { try? connection.execute("DROP TABLE IF EXISTS temp.chat_bookings") }
        try connection.execute("CREATE INDEX temp.chat_bookings_by_slot ON chat_bookings (customer_id, starts_at, fact_order)")
        try connection.execute("""
            INSERT OR IGNORE INTO main.appointments (customer_id, store_id, service, stylist, starts_at, time_text, confidence,
              status, message_id, source_id, source_file, record_key, run_id)
            SELECT b.customer_id, (SELECT id FROM main.stores WHERE code = b.store_code), b.service, b.stylist, b.starts_at,
              b.time_text, b.confidence, 'from_chat', b.crm_id, b.source_id, b.source_file, b.record_key, ?1
            FROM temp.chat_bookings AS b ORDER BY b.confidence DESC, b.fact_order
            """, [run])
        summary.appointmentsInserted = connection.changes
        try connection.execute("""
            UPDATE main.appointments SET
              service = COALESCE(appointments.service, (SELECT b.service FROM temp.chat_bookings AS b
                WHERE b.customer_id = appointments.customer_id AND b.starts_at = appointments.starts_at AND b.service IS NOT NULL
                ORDER BY b.fact_order LIMIT 1)),
              stylist = COALESCE(appointments.stylist, (SELECT b.stylist FROM temp.chat_bookings AS b
                WHERE b.customer_id = appointments.customer_id AND b.starts_at = appointments.starts_at AND b.stylist IS NOT NULL
                ORDER BY b.fact_order LIMIT 1)),
              run_id = ?1
            WHERE (appointments.service IS NULL OR appointments.stylist IS NULL) AND EXISTS (
              SELECT 1 FROM temp.chat_bookings AS b WHERE b.customer_id = appointments.customer_id AND b.starts_at = appointments.starts_at
                AND ((appointments.service IS NULL AND b.service IS NOT NULL) OR (appointments.stylist IS NULL AND b.stylist IS NOT NULL)))
            """, [run])
        summary.appointmentsUpdated = connection.changes
    }
}

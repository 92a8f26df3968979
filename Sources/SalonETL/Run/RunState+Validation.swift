import Foundation
import SalonCore
import SalonNormalizers
import SalonStore
import SalonValidation

/// The validators on staged data, before the gate: control totals and anomaly detectors.
extension RunState {
    /// Notes a customer record's balance cell for the balance totals (sources with a balance column).
    mutating func noteBalance(of record: Record, binding: CustomerColumnBinding, output: CustomerRecordNormalizer.Output, sourceID: String) {
        guard let column = binding.single[.balance] else { return }
        let store = output.candidate?.storeCode ?? storeOfSource(sourceID)
        validation.balanceRead(record, column: column, store: store, source: sourceID, stagedFen: output.candidate?.card?.balanceFen)
    }

    private func storeOfSource(_ id: String) -> String {
        spec.sources.first { $0.id == id }?.store ?? ""
    }

    /// The run's as-of date: the pipeline's, or today in Asia/Shanghai.
    var asOfDate: String {
        if let date = spec.validate.checks.asOf { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: startedAt)
    }

    /// Runs the detectors, applies the year corrections the pipeline asks for, compares control
    /// totals, and returns the `control_totals` and `anomalies` gate checks with the report section.
    mutating func runValidators() throws -> (checks: [GateCheck], summary: RunReport.ValidationSummary) {
        var settings = spec.validate.checks.anomalies
        settings.asOf = asOfDate
        settings.storeOpened = spec.storeOpened
        var findings: [AnomalyFinding] = []
        var corrections: [RunReport.YearCorrectionLine] = []
        var comparisons: [ControlTotalsComparison] = []
        if receiptStager != nil {
            findings = try receiptFindings(settings: settings)
            if spec.validate.checks.applyYearCorrections {
                for index in findings.indices {
                    guard let correction = findings[index].proposedCorrection else { continue }
                    corrections += try apply(correction)
                    findings[index].applied = true
                }
            }
            comparisons.append(ControlTotalsComparison.compare(
                measure: "receipt_amounts", source: validation.receiptSource, staged: try stagedReceiptTotals(),
                explanations: validation.receiptExplanations, toleranceFen: spec.validate.checks.toleranceFen))
        }
        if !validation.balanceSources.isEmpty {
            comparisons.append(try compareBalances())
        }
        findings += CustomerAnomalies.birthdays(try birthdays(settings: settings), settings: settings)
        let summary = RunReport.ValidationSummary(
            asOf: settings.asOf, controlTotals: comparisons, anomalies: findings, yearCorrections: corrections)
        return ([ValidationChecks.controlTotals(comparisons), ValidationChecks.anomalies(findings)], summary)
    }

    /// The receipt detectors, run store by store: every detector compares a store's receipts with
    /// each other only, so memory holds one store's lines rather than a chain's millions. Findings
    /// come out in the order one pass over all stores gives: by detector, then by store.
    private func receiptFindings(settings: AnomalySettings) throws -> [AnomalyFinding] {
        let stores = try staging.connection.query("SELECT DISTINCT store_code FROM stg_receipt_line_rows")
            .compactMap { $0.first?.text }.sorted()
        var found: [AnomalyFinding] = []
        for store in stores {
            found += ReceiptAnomalies.detect(try receiptFacts(store: store), settings: settings)
        }
        let order: [AnomalyKind] = [
            .yearKeyedWrong, .futureDate, .beforeOpening, .duplicateReceipt, .refundWithoutOriginal, .amountOutlier, .monthJump,
        ]
        func rank(_ kind: AnomalyKind) -> Int { order.firstIndex(of: kind) ?? order.count }
        return found.enumerated().sorted { (rank($0.element.kind), $0.offset) < (rank($1.element.kind), $1.offset) }.map(\.element)
    }

    private func receiptFacts(store: String) throws -> [ReceiptFact] {
        try staging.connection.query("""
            SELECT store_code, receipt_no, sold_at, amount_fen, item, status, original_receipt_no, source_file, line
            FROM stg_receipt_lines WHERE store_code = ?1 ORDER BY row_order
            """, [.text(store)]).map { row in
            ReceiptFact(
                store: row[0].text ?? "", receiptNumber: row[1].text ?? "", soldAt: row[2].text, amountFen: row[3].int ?? 0,
                item: row[4].text, status: row[5].text ?? "normal", originalReceiptNumber: row[6].text, file: row[7].text ?? "",
                line: Int(row[8].int ?? 0))
        }
    }

    private func stagedReceiptTotals() throws -> ControlTotals {
        var totals = ControlTotals()
        for row in try staging.connection.query("""
            SELECT store_code, COALESCE(substr(sold_at, 1, 7), 'unknown'), COUNT(*), SUM(amount_fen)
            FROM stg_receipt_line_rows GROUP BY 1, 2
            """) {
            totals.add(TotalsKey(store: row[0].text ?? "", period: row[1].text ?? "unknown"), TotalsCell(count: Int(row[2].int ?? 0), sumFen: row[3].int ?? 0))
        }
        return totals
    }

    /// Rewrites the year of one block's staged lines and records each line's before and after.
    private mutating func apply(_ correction: YearCorrection) throws -> [RunReport.YearCorrectionLine] {
        let connection = staging.connection
        var lines: [RunReport.YearCorrectionLine] = []
        let update = try connection.prepare("UPDATE stg_receipt_line_rows SET sold_at = ?1 WHERE rowid = ?2")
        let record = try connection.prepare("""
            INSERT INTO stg_receipt_year_corrections (store_code, receipt_no, sold_at_before, sold_at_after, reason, source_id,
              source_file, record_key) VALUES (?1, ?2, ?3, ?4, 'year_keyed_wrong', ?5, ?6, ?7)
            """)
        for number in correction.receiptNumbers {
            let rows = try connection.query("""
                SELECT row_order, sold_at, amount_fen, source_id, source_file, record_key FROM stg_receipt_lines
                WHERE store_code = ?1 AND receipt_no = ?2 AND substr(sold_at, 1, 4) = ?3
                """, [.text(correction.store), .text(number), .text(correction.fromYear)])
            for row in rows {
                let before = row[1].text ?? ""
                let after = correction.toYear + before.dropFirst(4)
                try update.run([.text(after), row[0]])
                try record.run([.text(correction.store), .text(number), .text(before), .text(after), row[3], row[4], row[5]])
                let location = "\(row[4].text ?? ""):\(row[5].text ?? "")"
                validation.receiptExplanations.move(
                    from: TotalsKey(store: correction.store, period: String(before.prefix(7))), sourceFen: row[2].int ?? 0,
                    to: TotalsKey(store: correction.store, period: String(after.prefix(7))), stagedFen: row[2].int ?? 0,
                    reason: "year_corrected", location: location, detail: "\(number) \(before) → \(after)")
                lines.append(.init(store: correction.store, receiptNumber: number, soldAtBefore: before, soldAtAfter: after, location: location))
            }
        }
        return lines
    }

    /// Card balances per store: the source's balance cells against the staged cards. A card listed
    /// twice keeps the later balance; the earlier records, which staging keeps aside, are read only
    /// when sums differ.
    private mutating func compareBalances() throws -> ControlTotalsComparison {
        let sources = validation.balanceSources
        var staged = ControlTotals()
        for row in try staging.connection.query("""
            SELECT store_code, source_id, COUNT(*), SUM(balance_fen) FROM stg_cards GROUP BY 1, 2
            """) where sources.contains(row[1].text ?? "") {
            staged.add(TotalsKey(store: row[0].text ?? "", period: ""), TotalsCell(count: Int(row[2].int ?? 0), sumFen: row[3].int ?? 0))
        }
        let tolerance = spec.validate.checks.toleranceFen
        var comparison = ControlTotalsComparison.compare(
            measure: "card_balances", source: validation.balanceSource, staged: staged, explanations: validation.balanceExplanations,
            toleranceFen: tolerance, byYear: false)
        guard !comparison.passed else { return comparison }
        // The records whose balance a later record of the same card replaced, as staging kept them.
        for row in try staging.connection.query("""
            SELECT s.store_code, s.balance_fen, f.source_id, f.source_file, f.sheet, s.line
            FROM stg_card_superseded_rows s JOIN stg_sources f ON f.file_id = s.file_id
            ORDER BY s.file_id, s.line
            """) where sources.contains(row[2].text ?? "") {
            let provenance = Provenance(
                sourceID: row[2].text ?? "", file: row[3].text ?? "", line: Int(row[5].int ?? 0), recordIndex: 0, sheet: row[4].text)
            validation.balanceExplanations.add(
                TotalsKey(store: row[0].text ?? "", period: ""), reason: "superseded", countDelta: -1,
                fenDelta: -(row[1].int ?? 0), location: provenance.location,
                detail: "a later record of the same card set its balance")
        }
        comparison = ControlTotalsComparison.compare(
            measure: "card_balances", source: validation.balanceSource, staged: staged, explanations: validation.balanceExplanations,
            toleranceFen: tolerance, byYear: false)
        return comparison
    }

    /// Staged birthdays near the edges of a plausible age; the detector decides exactly.
    private func birthdays(settings: AnomalySettings) throws -> [CustomerAnomalies.Birthday] {
        guard !settings.disabled.contains(.birthdayAge), let year = Int(settings.asOf.prefix(4)) else { return [] }
        let rest = settings.asOf.dropFirst(4)
        return try staging.connection.query("""
            SELECT store_code, birthday, birthday_calendar, source_file, record_key FROM stg_customers
            WHERE length(birthday) = 10 AND (birthday > ?1 OR birthday < ?2) ORDER BY staging_id
            """, [.text("\(year - settings.youngestAge - 1)\(rest)"), .text("\(year - settings.oldestAge)\(rest)")]).map { row in
            CustomerAnomalies.Birthday(
                store: row[0].text ?? "", date: row[1].text ?? "", isLunar: row[2].text == "lunar",
                location: "\(row[3].text ?? ""):\(row[4].text ?? "")")
        }
    }
}

import SalonCore

/// The `phone.*` issues and their messages. Every number quoted in a message goes through
/// `PIIMask.phone`; the issue's `text` stays raw (it is masked when written out).
enum PhoneIssues {
    static let invalidLength: ReasonCode = "phone.invalid_length"
    static let invalidSegment: ReasonCode = "phone.invalid_segment"
    static let excelScientificCode: ReasonCode = "phone.excel_scientific"
    static let noAreaCode: ReasonCode = "phone.no_area_code"
    static let unknownAreaCode: ReasonCode = "phone.unknown_area_code"
    static let unsupportedCountry: ReasonCode = "phone.unsupported_country"
    static let notANumberCode: ReasonCode = "phone.not_a_number"
    static let maskedCode: ReasonCode = "phone.masked"

    static func issue(for failure: PhoneNumberPlan.Failure, digits: DigitString, text: String) -> FieldIssue {
        let shown = PIIMask.phone(text)
        switch failure {
        case .invalidLength:
            return FieldIssue(
                code: invalidLength,
                message: "\(shown) has \(digits.count) digits, which fits no mobile (11), landline (area code + 7–8) or 400/800 number (10)",
                text: text)
        case .invalidSegment:
            return FieldIssue(
                code: invalidSegment,
                message: "\(shown) starts with \(digits.prefix(3)), which is not an allocated mobile prefix",
                text: text)
        case .noAreaCode:
            return FieldIssue(
                code: noAreaCode,
                message: "\(shown) is a local number without area code; add the area code (e.g. 021-) to make it dialable",
                text: text)
        case .unknownAreaCode:
            return FieldIssue(
                code: unknownAreaCode,
                message: "\(shown) does not start with a known mainland area code",
                text: text)
        case .unsupportedCountry:
            return FieldIssue(
                code: unsupportedCountry,
                message: "\(shown) has a country code other than +86, +852, +853 or +886",
                text: text)
        }
    }

    static func excelScientific(_ text: String) -> FieldIssue {
        FieldIssue(
            code: excelScientificCode,
            message: "\(PIIMask.phone(text)) is in Excel scientific notation, which lost the last digits of the number; "
                + "re-export the column formatted as text",
            text: text)
    }

    static func masked(_ text: String) -> FieldIssue {
        FieldIssue(code: maskedCode, message: "\(PIIMask.phone(text)) is masked in the source; no number can be recovered", text: text)
    }

    static func notANumber(_ text: String) -> FieldIssue {
        FieldIssue(code: notANumberCode, message: "\(PIIMask.text(text)) contains no phone number", text: text)
    }
}

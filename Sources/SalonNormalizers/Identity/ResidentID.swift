import SalonCore

/// Validates mainland resident ID numbers (GB 11643-1999): the ISO 7064 MOD 11-2 check character,
/// a real birthday, and the 15-digit legacy form, which is upgraded to 18 characters. A verified ID
/// is the strongest identity key a salon has, so a wrong one must not merge two customers.
public enum ResidentID {
    public static let checksumCode: ReasonCode = "id.checksum"
    public static let invalidLengthCode: ReasonCode = "id.invalid_length"
    public static let invalidBirthdayCode: ReasonCode = "id.invalid_birthday"

    /// Weights of the 17 body digits (GB 11643-1999 §5).
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character by weighted sum mod 11.
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    public static func parse(_ text: String) -> Result<ResidentIDInfo, FieldIssue> {
        var bytes = WidthFolding.foldedBytes(text)
        bytes.removeAll { $0 == 0x20 || $0 == 0x2D || $0 == 0x09 || $0 == 0x27 }  // spaces, dashes, Excel's '
        if bytes.last == 0x78 { bytes[bytes.count - 1] = 0x58 }  // x → X
        let digitsOnly = bytes.dropLast().allSatisfy(WidthFolding.isDigit)
            && (bytes.last.map { WidthFolding.isDigit($0) || $0 == 0x58 } ?? false)

        let body: [UInt8]
        let normalized: [UInt8]
        switch bytes.count {
        case 18 where digitsOnly:
            body = Array(bytes.prefix(17))
            guard checkCharacter(for: body) == bytes[17] else {
                return .failure(FieldIssue(
                    code: checksumCode,
                    message: "\(PIIMask.residentID(text)) fails the check character (ISO 7064 MOD 11-2): a digit is mistyped",
                    text: text))
            }
            normalized = bytes
        case 15 where digitsOnly && bytes.last != 0x58:
            // Legacy numbers (issued before 1999) have a two-digit year in the 1900s and no check.
            body = Array(bytes.prefix(6)) + Array("19".utf8) + Array(bytes.suffix(9))
            normalized = body + [checkCharacter(for: body)]
        default:
            return .failure(FieldIssue(
                code: invalidLengthCode,
                message: "\(PIIMask.residentID(text)) is no ID number: 18 characters (or 15 digits for old IDs) expected",
                text: text))
        }

        let year = number(body[6..<10]), month = number(body[10..<12]), day = number(body[12..<14])
        // Births from 1800 on: the standard's own example holder was born in 1880.
        guard (1800...2100).contains(year), (1...12).contains(month),
            (1...GregorianCalendarMath.daysInMonth(month, year: year)).contains(day)
        else {
            return .failure(FieldIssue(
                code: invalidBirthdayCode,
                message: "\(PIIMask.residentID(text)) has no real birthday in positions 7–14",
                text: text))
        }
        let sequenceLast = Int(body[16] - 0x30)
        return .success(ResidentIDInfo(
            normalized: String(decoding: normalized, as: UTF8.self),
            birthday: PartialDate(year: year, month: month, day: day),
            gender: sequenceLast % 2 == 1 ? .male : .female,
            regionCode: String(decoding: body.prefix(6), as: UTF8.self)))
    }

    /// The check character for 17 body digits.
    static func checkCharacter(for body: [UInt8]) -> UInt8 {
        var sum = 0
        for (digit, weight) in zip(body, weights) { sum += Int(digit - 0x30) * weight }
        return checkCharacters[sum % 11]
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}

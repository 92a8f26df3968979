/// Decides what one run of digits is: a mainland mobile, landline or 400/800 number, or a Hong
/// Kong, Macau or Taiwan number, or why it is none of them.
///
/// Works on `DigitString` (integer arithmetic, no Strings) because it runs for every phone cell of
/// a million-record migration, sometimes several times per cell while a run is split.
enum PhoneNumberPlan {
    /// A number that can be written in E.164.
    struct Match: Equatable {
        var region: PhoneRegion
        var kind: PhoneKind
        /// The national significant number (no country code, no trunk 0).
        var national: DigitString
    }

    /// Why a run of digits is no usable number; becomes a `phone.*` issue.
    enum Failure: Error, Equatable {
        case invalidLength
        case invalidSegment
        case noAreaCode
        case unknownAreaCode
        case unsupportedCountry
    }

    /// Carrier IP-dial prefixes people typed before a mobile to get cheaper long-distance rates.
    static let ipDialPrefixes: [UInt64] = [17951, 17911, 12593, 17901, 10193]

    /// Classifies digits as typed. `international` is true when the text carried a `+`.
    static func classify(_ digits: DigitString, international: Bool, defaultRegion: PhoneRegion) -> Result<Match, Failure> {
        if digits.overflow { return .failure(.invalidLength) }
        if international { return classifyInternational(digits) }
        let count = digits.count
        // 00 is the international prefix dialled from the mainland, HK, Macau and Taiwan alike.
        if count >= 10, digits.hasPrefix(0, length: 2) { return classifyInternational(digits.dropFirst(2)) }

        switch digits.digit(at: 0) {
        case 1:
            if count == 11 { return mobile(digits) }
            if count == 16, ipDialPrefixes.contains(digits.prefix(5)) {
                let rest = digits.dropFirst(5)
                if MobileNumberPlan.isMobile(rest) { return .success(Match(region: .cn, kind: .mobile, national: rest)) }
            }
            // Beijing 10-xxxxxxxx whose trunk 0 Excel dropped by storing the cell as a number.
            if count == 10, digits.hasPrefix(10, length: 2) { return landline(digits) }
            return .failure(count == 7 || count == 8 ? .noAreaCode : .invalidLength)
        case 0:
            return classifyWithTrunk(digits.dropFirst(1), defaultRegion: defaultRegion)
        default:
            return classifyLeadingTwoToNine(digits, defaultRegion: defaultRegion)
        }
    }

    /// Digits after a trunk 0: a mainland landline, a mobile with a needless 0, or a Taiwan number.
    private static func classifyWithTrunk(_ national: DigitString, defaultRegion: PhoneRegion) -> Result<Match, Failure> {
        guard national.count > 0 else { return .failure(.invalidLength) }
        if national.digit(at: 0) == 1, national.count == 11 { return mobile(national) }
        // Taiwan mobiles are 09 + 8 digits; no mainland number with trunk 0 has 10 digits.
        if national.count == 9, national.digit(at: 0) == 9 {
            return .success(Match(region: .tw, kind: .mobile, national: national))
        }
        if defaultRegion == .tw { return taiwan(national) }
        return landline(national)
    }

    private static func classifyLeadingTwoToNine(_ digits: DigitString, defaultRegion: PhoneRegion) -> Result<Match, Failure> {
        let count = digits.count
        if count == 10, digits.hasPrefix(400, length: 3) || digits.hasPrefix(800, length: 3) {
            return .success(Match(region: .cn, kind: .tollFree, national: digits))
        }
        switch defaultRegion {
        case .hk where count == 8: return hongKong(digits)
        case .mo where count == 8: return macau(digits)
        case .cn, .tw, .hk, .mo:
            break
        }
        if count == 7 || count == 8 { return .failure(.noAreaCode) }
        // 852/853/886 typed without + or 00 (or whose 00 Excel dropped).
        if count == 11, digits.hasPrefix(852, length: 3), case .success(let match) = hongKong(digits.dropFirst(3)) {
            return .success(match)
        }
        if count == 11, digits.hasPrefix(853, length: 3), case .success(let match) = macau(digits.dropFirst(3)) {
            return .success(match)
        }
        if count == 12, digits.hasPrefix(886, length: 3), digits.digit(at: 3) == 9 {
            return .success(Match(region: .tw, kind: .mobile, national: digits.dropFirst(3)))
        }
        // 86 + mobile without +.
        if count == 13, digits.hasPrefix(86, length: 2), case .success(let match) = mobile(digits.dropFirst(2)) {
            return .success(match)
        }
        // A landline whose trunk 0 Excel dropped (2161234567).
        if count == 10 || count == 11 { return landline(digits) }
        return .failure(.invalidLength)
    }

    /// Digits after + or 00: the country code decides.
    private static func classifyInternational(_ digits: DigitString) -> Result<Match, Failure> {
        if digits.hasPrefix(86, length: 2) { return classifyMainlandNational(digits.dropFirst(2)) }
        if digits.hasPrefix(852, length: 3) { return hongKong(digits.dropFirst(3)) }
        if digits.hasPrefix(853, length: 3) { return macau(digits.dropFirst(3)) }
        if digits.hasPrefix(886, length: 3) {
            var national = digits.dropFirst(3)
            // +886 (0)2 …: a trunk 0 kept after the country code.
            if national.count > 0, national.digit(at: 0) == 0 { national = national.dropFirst(1) }
            return taiwan(national)
        }
        return .failure(.unsupportedCountry)
    }

    /// A mainland national number after +86.
    private static func classifyMainlandNational(_ national: DigitString) -> Result<Match, Failure> {
        guard national.count > 0 else { return .failure(.invalidLength) }
        switch national.digit(at: 0) {
        case 0:
            // +86 (0)21 …: the trunk 0 written after the country code.
            let rest = national.dropFirst(1)
            return rest.count == 11 && rest.digit(at: 0) == 1 ? mobile(rest) : landline(rest)
        case 1 where national.count == 11:
            return mobile(national)
        default:
            if national.count == 10, national.hasPrefix(400, length: 3) || national.hasPrefix(800, length: 3) {
                return .success(Match(region: .cn, kind: .tollFree, national: national))
            }
            return landline(national)
        }
    }

    private static func mobile(_ national: DigitString) -> Result<Match, Failure> {
        MobileNumberPlan.isMobile(national)
            ? .success(Match(region: .cn, kind: .mobile, national: national))
            : .failure(.invalidSegment)
    }

    /// A mainland landline: area code from the table, then a 7- or 8-digit local number (8 after
    /// the two-digit codes of Beijing, Shanghai, Guangzhou and the other 2x cities).
    private static func landline(_ national: DigitString) -> Result<Match, Failure> {
        guard national.count >= 9, national.count <= 11 else { return .failure(.invalidLength) }
        guard let codeLength = AreaCodeTable.codeLength(of: national) else { return .failure(.unknownAreaCode) }
        let localLength = national.count - codeLength
        let localLengthValid = codeLength == 2 ? localLength == 8 : (localLength == 7 || localLength == 8)
        guard localLengthValid else { return .failure(.invalidLength) }
        guard national.digit(at: codeLength) != 0 else { return .failure(.invalidLength) }
        return .success(Match(region: .cn, kind: .landline, national: national))
    }

    /// Hong Kong: 8 digits; 2 and 3 fixed lines, 8 mostly fixed services, 4–7 and 9 mobiles.
    private static func hongKong(_ national: DigitString) -> Result<Match, Failure> {
        guard national.count == 8 else { return .failure(.invalidLength) }
        switch national.digit(at: 0) {
        case 2, 3, 8: return .success(Match(region: .hk, kind: .landline, national: national))
        case 5, 6, 7, 9: return .success(Match(region: .hk, kind: .mobile, national: national))
        default: return .failure(.invalidSegment)
        }
    }

    /// Macau: 8 digits; 6 mobiles, 2 fixed lines.
    private static func macau(_ national: DigitString) -> Result<Match, Failure> {
        guard national.count == 8 else { return .failure(.invalidLength) }
        switch national.digit(at: 0) {
        case 6: return .success(Match(region: .mo, kind: .mobile, national: national))
        case 2: return .success(Match(region: .mo, kind: .landline, national: national))
        default: return .failure(.invalidSegment)
        }
    }

    /// Taiwan national number without trunk 0: 9 + 8 digits mobile, 2–8 + 7 or 8 digits landline.
    private static func taiwan(_ national: DigitString) -> Result<Match, Failure> {
        guard national.count > 0 else { return .failure(.invalidLength) }
        let first = national.digit(at: 0)
        if first == 9 {
            return national.count == 9 ? .success(Match(region: .tw, kind: .mobile, national: national)) : .failure(.invalidLength)
        }
        guard first >= 2, first <= 8 else { return .failure(.invalidSegment) }
        guard national.count == 8 || national.count == 9 else {
            return .failure(.invalidLength)
        }
        return .success(Match(region: .tw, kind: .landline, national: national))
    }
}

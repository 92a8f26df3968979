/// Decides whether a WhatsApp file writes dates day-first or month-first, from the dates
/// themselves, the way whatsapp-chat-parser does:
/// 1. a first field above 12 means day-first; a second field above 12 means month-first;
/// 2. otherwise, between consecutive dates of the same year, a first field that goes down cannot
///    be the month (messages are in time order), so day-first; a second field that goes down
///    means month-first;
/// 3. otherwise undecided (nil); the reader then takes day-first, as most locales write it.
enum WhatsAppDateOrder {
    /// The dates are (first, second, year) as written, year-first dates left out.
    static func infer(_ dates: [(first: Int, second: Int, year: Int)]) -> ChatDateOrder? {
        for date in dates {
            if date.first > 12 { return .dayFirst }
            if date.second > 12 { return .monthFirst }
        }
        for (previous, current) in zip(dates, dates.dropFirst()) where previous.year == current.year {
            if current.first < previous.first { return .dayFirst }
            if current.second < previous.second { return .monthFirst }
        }
        return nil
    }

    /// Reads the headers of the file's first 64 KiB with a separate reader and infers the order.
    static func infer(path: String, encoding: TextEncoding?) throws -> ChatDateOrder {
        let reader = try ChatLineReader(path: path, encoding: encoding, chunkSize: 1 << 16)
        var dates: [(first: Int, second: Int, year: Int)] = []
        while let line = try reader.nextLine(), line.decodedOffset < Int64(EncodingDetector.sampleSize) {
            if let header = WhatsAppLayout.header(line.bytes), !header.yearFirst {
                dates.append((header.first, header.second, header.year))
            }
        }
        return infer(dates) ?? .dayFirst
    }
}

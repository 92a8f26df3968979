/// Which calendar a date is in. Many customers keep their birthday in the Chinese lunar calendar;
/// it stays lunar in the CRM (converting it would move the birthday every year).
public enum CalendarKind: String, Sendable, Codable {
    case gregorian, lunar
}

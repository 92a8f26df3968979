/// Which of the two leading numbers of a WhatsApp date is the day. Exports follow the phone's
/// locale and never say which, so the reader decides per file unless the pipeline does.
public enum ChatDateOrder: String, Sendable {
    case dayFirst = "day-first"
    case monthFirst = "month-first"
}

/// The first line of one message in a text export, as a layout's parser understood it.
struct ChatHeader {
    /// ISO local time, `2024-03-02T15:04:05`.
    var time: String
    /// Byte range of the sender in the line; nil for a system line.
    var sender: Range<Int>?
    /// Where the message text starts in the line; the line's length when it starts on the next line.
    var textStart: Int
}

/// What a chat message is, written to the record's `kind` column. Fact extraction reads only
/// `text` and `quote` messages; the rest are kept so message counts reconcile.
public enum ChatMessageKind: String, Sendable, CaseIterable {
    case text, image, voice, video, file, sticker, system, recalled, quote
    /// WeChat app message that is neither a file nor a quote (link, mini program, transfer).
    case app
    /// WhatsApp `<Media omitted>`: an attachment of unknown type.
    case media
    case location, card, call
    /// A WeChat type code this reader does not know; the text is kept as it was.
    case other
}

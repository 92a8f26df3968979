import SalonReaders

extension Inspector {
    /// A working `entity: chat` entry for a chat export. Whether it is a group chat cannot be told
    /// from the layout, so the entry says `group: true` (the cautious choice: facts attach only to
    /// their own sender's phone) and explains when to change it.
    static func chatEntry(format: ChatFormat, relative: String, id: String, store: String) -> [String] {
        [
            "# \(relative): chat export (format \(format.rawValue)); every message is one record.",
            "sources:",
            "  - id: \(id)",
            "    entity: chat",
            "    store: \(yamlQuote(store))\(store == "STORE" ? "          # set the store code, or remove the line" : "")",
            "    # group: false for a one-to-one chat with one customer (facts attach to the conversation's phone)",
            "    read: { format: \(format.rawValue), path: \(yamlQuote(relative)), group: true }",
        ]
    }
}

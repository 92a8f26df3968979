/// Text arrays passed as one bound parameter (`$1::text[]`), so values from data never become SQL.
enum PostgresArray {
    /// The array literal of `values`: every element double-quoted, with `"` and `\` escaped, so a
    /// comma, brace, space or the word NULL inside a value stays part of that value.
    static func literal(_ values: [String]) -> String {
        let elements = values.map { value in
            var quoted = "\""
            for character in value {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }
        return "{" + elements.joined(separator: ",") + "}"
    }
}

import Yams

/// How a text is written as a YAML scalar so that it reads back as exactly that text: plain where
/// YAML allows it, double-quoted (escaped by Yams) where a plain scalar would be read differently —
/// `no` (a boolean), `07` (a number), `a: b`, `x # y`, `[S1] …`, leading or trailing spaces, line breaks.
enum YAMLScalar {
    /// `typed`: the text may also read back as a number or a date (ages, `verified`), as long as its
    /// characters survive.
    static func render(_ text: String, typed: Bool = false) -> String {
        isPlain(text, typed: typed) ? text : doubleQuoted(text)
    }

    /// Asks the parser: written after a key, does the text come back as the same plain scalar?
    static func isPlain(_ text: String, typed: Bool) -> Bool {
        guard !text.isEmpty, !text.contains(where: \.isNewline),
              let node = try? Yams.compose(yaml: "key: " + text), let value = node["key"], let scalar = value.scalar else { return false }
        return scalar.string == text && scalar.style == .plain && (typed || value.tag.rawValue == Tag.Name.str.rawValue)
    }

    static func doubleQuoted(_ text: String) -> String {
        let node = Node.scalar(.init(text, Tag(.str), .doubleQuoted))
        // A single scalar cannot fail to serialise; width -1 keeps it on one line.
        let yaml = (try? Yams.serialize(node: node, width: -1, allowUnicode: true)) ?? ""
        return String(yaml.prefix { $0 != "\n" })
    }
}

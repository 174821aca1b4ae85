/// One entry of a message catalogue: a plain text, or plural forms chosen by a count.
public enum MessageTemplate: Sendable, Hashable {
    case text(String)
    case plural([PluralRules.Category: String])
}

/// Arguments of a message. `count` selects the plural form; the others fill `{name}` placeholders.
public typealias MessageArguments = KeyValuePairs<String, String>

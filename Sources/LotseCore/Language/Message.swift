/// One entry of a message catalogue: a plain text, or plural forms chosen by a count.
public enum MessageTemplate: Sendable, Hashable {
    case text(Template)
    case plural([PluralRules.Category: Template])
}

/// A message text split once, at load time, into literal parts and `{placeholder}` names, so that
/// rendering is concatenation.
public struct Template: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case placeholder(String)
    }

    public let parts: [Part]
    public let source: String

    public init(_ source: String) {
        self.source = source
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(source)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty && name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                literal += rest[..<open]
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.placeholder(String(name)))
            } else {
                literal += rest[...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    public var placeholders: [String] {
        parts.compactMap { if case .placeholder(let name) = $0 { return name } else { return nil } }
    }
}

/// Arguments of a message. `count` selects the plural form; the others fill `{name}` placeholders.
public typealias MessageArguments = KeyValuePairs<String, String>

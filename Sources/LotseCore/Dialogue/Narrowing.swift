/// Where the conversation stands with narrowing a list by one more fact (`knowledge/facts.yml`).
/// The offer comes with the list and is taken with «yes» or its button, so that a number typed
/// after the list still names an offer; the question then gets a screen of its own, where a number
/// picks an answer.
public enum Narrowing: Sendable, Codable, Equatable {
    /// The list says it could be narrowed by asking for this fact.
    case offered(fact: String)
    /// The question for this fact is on screen.
    case asked(fact: String)

    public var fact: String {
        switch self {
        case .offered(let fact), .asked(let fact): return fact
        }
    }

    /// «offered:status» / «asked:status», the form stores keep.
    var stored: String {
        switch self {
        case .offered(let fact): return "offered:" + fact
        case .asked(let fact): return "asked:" + fact
        }
    }

    init?(stored: String) {
        let parts = stored.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "offered": self = .offered(fact: parts[1])
        case "asked": self = .asked(fact: parts[1])
        default: return nil
        }
    }
}

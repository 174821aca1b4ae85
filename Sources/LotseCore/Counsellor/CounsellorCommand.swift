import Foundation

/// One line a counsellor types. Commands start with a slash so that anything else can be free
/// text («34, A1, wohnt in Parchim, sucht Deutschkurs»), read by the same NLU as the chat.
public enum CounsellorCommand: Equatable, Sendable {
    /// `/profile 34 A1 Parchim`: any of age, level and place, in any order.
    case profile(String)
    case age(String)
    case level(String)
    /// `/place Parchim`, or `/place 2` to pick from the options of an ambiguous name.
    case place(String)
    /// `/topic Schule`; without a name it clears the filter.
    case topic(String)
    /// `/why 3` or `/why integrationskurs`.
    case why(String)
    case excluded
    case list
    /// `/handout` for every fitting offer, `/handout 1 3` for some.
    case handout([String])
    /// `/lang ar`: the client's language, for the handout.
    case language(String)
    case newClient
    case help
    case quit
    case text(String)
    /// Any other `/name argument`: a fact of `facts.yml` (`/status recognised_protection`), or unknown.
    case other(name: String, argument: String)

    public init(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/") else {
            self = .text(trimmed)
            return
        }
        let name = String(trimmed.dropFirst().prefix { !$0.isWhitespace }).lowercased()
        let argument = String(trimmed.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        switch name {
        case "profile", "p": self = .profile(argument)
        case "age": self = .age(argument)
        case "level": self = .level(argument)
        case "place": self = .place(argument)
        case "topic": self = .topic(argument)
        case "why": self = .why(argument)
        case "excluded": self = .excluded
        case "list", "offers": self = .list
        case "handout": self = .handout(argument.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init))
        case "lang", "language": self = .language(argument.lowercased())
        case "new", "clear": self = .newClient
        case "help", "?": self = .help
        case "quit", "exit": self = .quit
        default: self = .other(name: name, argument: argument)
        }
    }
}

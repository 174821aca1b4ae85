import Foundation

/// Everything Lotse knows about one language, read from `knowledge/languages/<code>.yml`: adding a
/// language means adding files, not Swift code.
public struct LanguagePack: Sendable {
    public enum Direction: String, Sendable { case ltr, rtl }

    public var code: String
    /// The language's name in its own script, for language pickers.
    public var name: String
    public var englishName: String
    /// ISO 15924 script code of the language's usual writing (Latn, Cyrl, Arab).
    public var script: String
    public var direction: Direction
    /// ICU locale used to spell out numbers when building the number-word table.
    public var locale: String
    public var plural: PluralRules
    /// Extra number words beyond ICU's spell-out (colloquial forms, common misspellings).
    public var numberWords: [String: Int]
    /// Words that mark a number as an age ("Jahre", "years", "лет").
    public var ageWords: [String]
    /// Words before a place name ("in", "aus", "в", "في").
    public var placePrepositions: [String]
    /// Inflection endings that may be attached to a place name («Ростоке», «Mainz'da»).
    public var placeSuffixes: [String]
    /// Rules spelling German place names in this language's script, longest match first.
    public var transliteration: [(from: String, to: String)]
    public var messages: [String: MessageTemplate]
    public var file: String

    /// Renders a message. In right-to-left languages each inserted value (a place, a number, a
    /// phone number) is isolated with FSI…PDI so it keeps its own direction inside the sentence.
    public func render(_ key: String, _ arguments: MessageArguments = [:], fallback: LanguagePack? = nil) -> String {
        guard let entry = messages[key] ?? fallback?.messages[key] else { return key }
        let template: Template
        switch entry {
        case .text(let text):
            template = text
        case .plural(let forms):
            let count = arguments.first { $0.key == "count" }.flatMap { Int($0.value) } ?? 0
            guard let form = forms[plural.category(for: count)] ?? forms[.other] ?? forms.values.first else { return key }
            template = form
        }
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .placeholder(let name):
                guard let value = arguments.first(where: { $0.key == name })?.value else { text += "{\(name)}"; continue }
                if direction == .rtl { text += "\u{2068}" + value + "\u{2069}" } else { text += value }
            }
        }
        return text
    }

    public func has(_ key: String) -> Bool { messages[key] != nil }
}

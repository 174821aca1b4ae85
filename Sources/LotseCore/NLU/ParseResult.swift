/// What the NLU understood of one message, in the shape of Rasa's `/model/parse` answer.
public struct ParseResult: Sendable {
    /// The text that was read: entity offsets count its Unicode scalars.
    public var text: String
    /// The message as typed, when it was read in another script than it was written in
    /// («privet» read as «привет», `NLU.readInOwnScript`).
    public var writtenAs: String?
    /// ISO 639-1 code of the language the message is written in.
    public var language: String
    public var intent: Intent
    public var confidence: Float
    public var ranking: [(intent: Intent, confidence: Float)]
    public var entities: [Entity]
    /// Why this intent, when asked for (`NLU.parse(_:context:explaining:)`).
    public var explanation: ParseExplanation? = nil

    public func first(_ kind: Entity.Kind) -> Entity? { entities.first { $0.kind == kind } }
}

/// What the parser should know about the conversation.
public struct ParseContext: Sendable {
    public var expecting: Slot?
    public var language: String?
    /// True once the person has written in the conversation's language: a single word in the same
    /// script («egal», «ok») then does not switch it; two words or another script can.
    public var languageSettled: Bool

    public init(expecting: Slot? = nil, language: String? = nil, languageSettled: Bool = false) {
        self.expecting = expecting
        self.language = language
        self.languageSettled = languageSettled
    }
}

extension ParseResult {
    /// The text with every entity span blanked: the words a message says beside its facts, read again
    /// for a topic («7 Jahre, Rostock, Schule» reads as facts; «Schule» alone does not).
    public var residue: String { residue(keeping: []) }

    /// The residue with the entities of `kept` kinds left in: a language's name is part of the
    /// request in «курси німецької для мене», where an age or a place is not — also where the name
    /// was read as «no German» («میخوام آلمانی یادبگیرم هیچی بلدنیستم»: I want to learn German).
    public func residue(keeping kept: Set<Entity.Kind>) -> String {
        var scalars = Array(text.unicodeScalars)
        let keepsNames = kept.contains(.language)
        for entity in entities where !kept.contains(entity.kind) && !(keepsNames && entity.extractor == EntityExtractor.negatedLanguage)
            && entity.start >= 0 && entity.end <= scalars.count && entity.start < entity.end {
            for index in entity.start..<entity.end { scalars[index] = " " }
        }
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: scalars)
        return String(rest)
    }
}

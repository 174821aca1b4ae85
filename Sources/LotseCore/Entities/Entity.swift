/// An entity found in an utterance, in the shape Rasa's `/model/parse` uses, plus the resolved
/// place candidates for a residence.
public struct Entity: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case age
        case languageLevel = "language_level"
        case residence
        case language
        /// A fact of `facts.yml`, valued `name=value` («status=recognised_protection»).
        case fact
    }

    public var kind: Kind
    public var value: String
    public var start: Int
    public var end: Int
    public var text: String
    public var extractor: String
    /// For a residence: one place when resolved, several when the name is ambiguous.
    public var places: [Place]
    /// For an age: it follows a word for another person («meine Tochter ist 19», «he is 13»), so the
    /// offers may be for that person rather than for the one writing.
    public var aboutSomeoneElse = false
    /// For an age: a word of the writer stands beside it («I'm 35», «من خودم ۴۱ سالمه»), so it is
    /// the writer's own age, whoever the request is for.
    public var aboutWriter = false
    /// For an age: the message says it is one, with an age word, a unit or a person beside the
    /// number («34 Jahre», «30yo», «8 Monate», «мне 41»), or the number is a clause of its own
    /// («ой, 17, …»). A «3» inside a clause may be anything else too («in 3 Zimmern»).
    public var saidAsAge = false

    public init(kind: Kind, value: String, start: Int, end: Int, text: String, extractor: String, places: [Place] = []) {
        self.kind = kind
        self.value = value
        self.start = start
        self.end = end
        self.text = text
        self.extractor = extractor
        self.places = places
    }

    public var isAmbiguous: Bool { kind == .residence && places.count > 1 }
}

/// The state of one conversation. A value: the engine takes it, returns the next one, and a front
/// end may keep it in memory or in a database between turns.
public struct Conversation: Sendable, Codable, Equatable {
    public var language: String
    /// True once the person chose a language explicitly; then it is no longer guessed per message.
    public var languageChosen = false
    public var profile = Profile()
    /// The fact the last question asked for.
    public var expecting: Slot?
    /// Places to choose from after an ambiguous name («Neustadt»).
    public var placeOptions: [Place] = []
    /// Unanswered tries per question, so a question is never asked a third time.
    public var failures: [Slot: Int] = [:]
    /// Questions given up on; the referral goes ahead without them.
    public var skipped: Set<Slot> = []
    /// The fitting offers of the last referral, and how many of them were shown.
    public var offerIDs: [String] = []
    public var shown = 0
    /// The choices of the last answer, so typing «2» picks the second.
    public var lastButtons: [Button] = []
    public var turns = 0
    /// The intent of the last message, for metrics.
    public var lastIntent: Intent?
    /// True once the welcome was shown, so a «hello» does not repeat it.
    public var welcomed = false
    /// Narrowing the last list by one more fact: offered with the list, or its question on screen.
    public var narrowing: Narrowing?
    /// Facts asked about after a list, in order: at most `facts.maxQuestions` per conversation.
    public var askedFacts: [String] = []
    /// Facts the person did not know or would rather not say: never asked again, still «if …».
    public var declinedFacts: Set<String> = []
    /// The topic was read from a message that asked for it unclearly («Guten Tag, ich bin
    /// ehrenamtliche Helferin …» resembles a request for counselling): a later message that clearly
    /// asks for another one replaces it without saying it changes its mind.
    public var topicIsGuess = false
    /// The age in the profile is another person's («my father … he is 67», «How old is the child?»
    /// answered): the writer's own age given later («I'm 35 btw, but it's for him») does not replace it.
    public var ageIsAnotherPersons = false

    public init(language: String) { self.language = language }

    /// How many numbers come before the first button's: once offers were listed, «1» to «shown»
    /// name offers (outside a narrowing question, whose answers are numbered on their own), and the
    /// buttons continue after them.
    public var buttonNumberOffset: Int {
        if case .asked? = narrowing { return 0 }
        return expecting == nil ? shown : 0
    }

    /// A fresh conversation that keeps only the language.
    public func restarted() -> Conversation {
        var fresh = Conversation(language: language)
        fresh.languageChosen = languageChosen
        fresh.welcomed = welcomed
        return fresh
    }
}

/// The rule-based dialogue: reads one message in the context of the conversation and answers.
///
/// A turn goes: clean and check the input → resolve numbered choices → understand (NLU) → take the
/// language → take the facts given (age, level, place; corrections overwrite) → act on the intent →
/// ask for the next missing fact or refer. The engine is a pure function of (conversation, text):
/// it does no I/O, so the terminal and the webhook share it, and tests can drive it directly.
public struct DialogueEngine: Sendable {
    public let knowledge: KnowledgeBase
    public let referrals: ReferralEngine
    /// Longer messages are not parsed: a person does not type them, and they cost time.
    public var maxMessageLength = 1000

    /// Rendered once per language.
    private let buttons: [String: StaticButtons]

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        self.referrals = ReferralEngine(knowledge: knowledge)
        self.buttons = StaticButtons.all(knowledge)
    }

    /// The topic, level and language buttons in `language`.
    public func buttons(in language: String) -> StaticButtons {
        buttons[language] ?? StaticButtons(presenter: Presenter(knowledge: knowledge, language: language))
    }

    /// A new conversation and its welcome message.
    public func start(language: String? = nil) -> (Conversation, [BotMessage]) {
        var conversation = Conversation(language: knowledge.languages[language ?? ""] != nil ? language! : knowledge.defaultLanguage)
        let presenter = Presenter(knowledge: knowledge, language: conversation.language)
        let welcome = presenter.message("welcome", buttons: buttons(in: conversation.language).topics)
        conversation.lastButtons = welcome.buttons
        conversation.welcomed = true
        return (conversation, [welcome])
    }

    /// Answers one message. `languageHint` (from a messenger's user settings) is used until the
    /// messages themselves show a language.
    public func reply(to input: String, in conversation: inout Conversation, languageHint: String? = nil) -> Reply {
        conversation.turns += 1
        if conversation.turns == 1, let hint = languageHint, knowledge.languages[hint] != nil { conversation.language = hint }
        var turn = Turn(engine: self, conversation: conversation)
        var messages = turn.run(input)
        conversation = turn.conversation
        Self.gatherButtons(&messages, firstNumber: conversation.buttonNumberOffset + 1)
        conversation.lastButtons = messages.last(where: { !$0.buttons.isEmpty })?.buttons ?? []
        return Reply(messages: messages, enquiry: turn.enquiry)
    }

    /// One set of choices per answer, under its last message that has any, numbered after the
    /// offers on screen: «[1]» under a list and «[1]» under the question after it meant two things.
    static func gatherButtons(_ messages: inout [BotMessage], firstNumber: Int) {
        guard let last = messages.lastIndex(where: { !$0.buttons.isEmpty }) else { return }
        var gathered: [Button] = []
        for index in messages.indices where !messages[index].buttons.isEmpty {
            for button in messages[index].buttons where !gathered.contains(where: { $0.payload == button.payload }) { gathered.append(button) }
            if index != last { messages[index].buttons = [] }
        }
        messages[last].buttons = gathered
        messages[last].firstButtonNumber = firstNumber
    }

    /// The messages of `reply(to:in:languageHint:)`, for front ends that record no statistics.
    public func respond(to input: String, in conversation: inout Conversation, languageHint: String? = nil) -> [BotMessage] {
        reply(to: input, in: &conversation, languageHint: languageHint).messages
    }
}

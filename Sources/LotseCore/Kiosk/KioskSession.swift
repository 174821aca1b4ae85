/// The assistant at a public kiosk: a language picker first (every language named in its own
/// script, chosen by number), then the ordinary conversation with numbered choices, and a wipe back
/// to the picker when the person leaves, so the next one never sees the last one's data.
///
/// A value without I/O: the terminal decides when to wipe (idle timeout, Ctrl-C) and how to show
/// the screen it returns.
public struct KioskSession: Sendable {
    public let engine: DialogueEngine
    /// The conversation in progress; nil while the picker is shown.
    public private(set) var conversation: Conversation?

    /// What to show after an input.
    public struct Screen: Sendable {
        /// Clear the screen (and its scrollback) first.
        public var clear: Bool
        public var messages: [BotMessage]
        /// A short reminder below every answer: how to start again.
        public var footer: String?
        /// The language of the screen, for layout (right-to-left).
        public var language: String?
        /// The referral this input led to, for anonymous statistics.
        public var enquiry: Enquiry?
    }

    /// The typed line that leads back to the picker from anywhere.
    public static let restartKey = "0"

    public init(engine: DialogueEngine) { self.engine = engine }

    var knowledge: KnowledgeBase { engine.knowledge }

    /// Forgets the conversation and shows the picker on a clean screen.
    public mutating func reset() -> Screen {
        conversation = nil
        return Screen(clear: true, messages: [pickerMessage()])
    }

    public mutating func handle(_ line: String) -> Screen {
        guard var conversation else { return pick(line) }
        if line.trimmingCharacters(in: .whitespaces) == Self.restartKey { return reset() }
        let reply = engine.reply(to: line, in: &conversation)
        self.conversation = conversation
        var screen = screen(reply.messages, in: conversation.language)
        screen.enquiry = reply.enquiry
        return screen
    }

    /// In the picker a number chooses; a language name or «English please» works too. Anything
    /// else shows the picker again.
    private mutating func pick(_ line: String) -> Screen {
        let languages = knowledge.languageOrder
        let text = TextNormaliser.clean(line)
        var chosen: String?
        if let number = Int(text), languages.indices.contains(number - 1) {
            chosen = languages[number - 1]
        } else if !text.isEmpty, text.unicodeScalars.count <= engine.maxMessageLength {
            let parse = knowledge.nlu.parse(text)
            if parse.intent == .chooseLanguage || parse.intent == .inform { chosen = parse.first(.language)?.value }
        }
        guard let language = chosen, knowledge.languages[language] != nil else {
            return Screen(clear: false, messages: [pickerMessage()])
        }
        var (conversation, welcome) = engine.start(language: language)
        conversation.languageChosen = true
        self.conversation = conversation
        var screen = screen(welcome, in: language)
        screen.clear = true
        return screen
    }

    private func screen(_ messages: [BotMessage], in language: String) -> Screen {
        let footer = Presenter(knowledge: knowledge, language: language).text("kiosk_footer", ["key": Self.restartKey])
        return Screen(clear: false, messages: messages, footer: footer, language: language)
    }

    /// «Choose your language» in every language, and the languages as numbered choices.
    func pickerMessage() -> BotMessage {
        let prompts = knowledge.languageOrder.map { knowledge.language($0).render("kiosk_choose_language") }
        return BotMessage(text: prompts.joined(separator: "\n"), buttons: engine.buttons(in: knowledge.defaultLanguage).languages)
    }
}

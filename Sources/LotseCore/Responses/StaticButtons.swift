/// The rows of buttons that depend on nothing but the language — topics, language levels, the
/// language picker. They are rendered once per language when the engine is made, not on every
/// turn that shows them (a greeting, a restart, the level question).
public struct StaticButtons: Sendable {
    public let topics: [Button]
    public let levels: [Button]
    public let languages: [Button]

    public init(presenter: Presenter) {
        topics = presenter.topicButtons()
        levels = presenter.levelButtons()
        languages = presenter.languageButtons()
    }

    /// The buttons of every language of `knowledge`, by language code.
    static func all(_ knowledge: KnowledgeBase) -> [String: StaticButtons] {
        knowledge.languages.keys.reduce(into: [:]) { $0[$1] = StaticButtons(presenter: Presenter(knowledge: knowledge, language: $1)) }
    }
}

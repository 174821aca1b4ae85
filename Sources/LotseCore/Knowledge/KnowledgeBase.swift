/// Everything Lotse knows, loaded once at start-up and shared read-only by every conversation.
public struct KnowledgeBase: Sendable {
    public let offers: [Offer]
    public let gazetteer: Gazetteer
    public let languages: [String: LanguagePack]
    /// Language codes in the order of the language files' `order` field (the picker's order).
    public let languageOrder: [String]
    public let topics: TopicSettings
    public let nlu: NLU
    /// Training examples, for evaluation reports that exclude nothing.
    public let trainingExampleCount: Int
    /// Non-fatal findings of loading (stale verification dates and the like).
    public let warnings: [KnowledgeError]

    public let defaultLanguage: String

    public func language(_ code: String) -> LanguagePack {
        languages[code] ?? languages[defaultLanguage] ?? languages.values.first!
    }

    public func offer(id: String) -> Offer? { offers.first { $0.id == id } }

    /// The nationwide contact points named when no local office is known (`topics.yml`).
    public var fallbackContacts: [Offer] { topics.fallbackContacts.compactMap(offer(id:)) }
}

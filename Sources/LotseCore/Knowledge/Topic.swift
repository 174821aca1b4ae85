/// What an enquiry is about and which facts Lotse asks before it refers (`knowledge/topics.yml`).
public struct Topic: Sendable, Hashable {
    public var intent: Intent
    public var slots: [Slot]
}

/// The dialogue settings of `knowledge/topics.yml`.
public struct TopicSettings: Sendable {
    public var topics: [Intent: Topic]
    public var levelQuestionFromAge: Int
    /// The language whose level Lotse asks about (`level_language`): its name beside a negation is «no level».
    public var levelLanguage: String?
    public var pageSize: Int
    /// A list without a topic: at most this many offers on the first page, at most
    /// `overviewPerTopic` of each topic.
    public var overviewSize: Int
    public var overviewPerTopic: Int
    /// Offer ids of the nationwide contact points named when nothing local is known.
    public var fallbackContacts: [String]

    public func slots(for intent: Intent?) -> [Slot] {
        topics[intent ?? .askOffers]?.slots ?? [.age, .level, .residence]
    }
}

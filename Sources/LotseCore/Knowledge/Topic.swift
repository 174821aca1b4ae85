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
    /// Requests Lotse cannot answer itself, by need («work», «legal», …; «other»), and the kinds of
    /// counselling that can help, in order.
    public var needs: [String: [OfferCategory]] = [:]
    /// How many counselling contacts an out-of-scope answer names at most.
    public var needContacts = 3

    /// The need every out-of-scope request of several words has when it names none.
    public static let otherNeed = "other"

    public func slots(for intent: Intent?) -> [Slot] {
        topics[intent ?? .askOffers]?.slots ?? [.age, .level, .residence]
    }
}

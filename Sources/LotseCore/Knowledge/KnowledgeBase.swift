/// Everything Lotse knows, loaded once at start-up and shared read-only by every conversation.
/// A class: it is large and passed around on every turn, so it is shared, never copied.
public final class KnowledgeBase: Sendable {
    /// All offers, in referral order.
    public let offers: [Offer]
    public let gazetteer: Gazetteer
    public let languages: [String: LanguagePack]
    /// Language codes in the order of the language files' `order` field (the picker's order).
    public let languageOrder: [String]
    public let topics: TopicSettings
    /// The facts beyond age, level and place that decide eligibility (`facts.yml`).
    public let facts: FactSettings
    /// School entry and full-time school obligation by state key; `schoolFallback` elsewhere.
    public let schoolRules: [String: SchoolRule]
    public let schoolFallback: SchoolRule
    public let nlu: NLU
    /// Training examples, for evaluation reports that exclude nothing.
    public let trainingExampleCount: Int
    /// Non-fatal findings of loading (stale verification dates and the like).
    public let warnings: [KnowledgeError]

    public let defaultLanguage: String

    init(offers: [Offer], gazetteer: Gazetteer, languages: [String: LanguagePack], languageOrder: [String],
         topics: TopicSettings, facts: FactSettings, schoolRules: [String: SchoolRule], schoolFallback: SchoolRule,
         nlu: NLU, trainingExampleCount: Int, warnings: [KnowledgeError], defaultLanguage: String) {
        // Local before state before national; within a level the offers with the most rules are the
        // most specific fit. Sorted once here, so a referral only filters.
        self.offers = offers.sorted {
            ($0.scope, -$0.eligibility.specificity, $0.category.sortRank, $0.id)
                < ($1.scope, -$1.eligibility.specificity, $1.category.sortRank, $1.id)
        }
        self.gazetteer = gazetteer
        self.languages = languages
        self.languageOrder = languageOrder
        self.topics = topics
        self.facts = facts
        self.schoolRules = schoolRules
        self.schoolFallback = schoolFallback
        self.nlu = nlu
        self.trainingExampleCount = trainingExampleCount
        self.warnings = warnings
        self.defaultLanguage = defaultLanguage
        self.offersByID = Dictionary(offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private let offersByID: [String: Offer]

    public func language(_ code: String) -> LanguagePack {
        languages[code] ?? languages[defaultLanguage] ?? languages.values.first!
    }

    public func offer(id: String) -> Offer? { offersByID[id] }

    /// The school rule where the person lives (the general one when the place or its state is unknown).
    public func schoolRule(for place: Place?) -> SchoolRule {
        place.flatMap { schoolRules[$0.stateKey] } ?? schoolFallback
    }

    /// The nationwide contact points named when no local office is known (`topics.yml`).
    public var fallbackContacts: [Offer] { topics.fallbackContacts.compactMap(offer(id:)) }
}

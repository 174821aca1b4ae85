/// What Lotse knows about the person the offers are for (which may be the enquirer's child).
public struct Profile: Sendable, Codable, Equatable {
    public var age: Int?
    public var level: CEFRLevel?
    public var residence: Place?
    public var topic: Intent?
    /// Facts of `facts.yml` the person gave, by name («status» → «recognised_protection»). Some are
    /// sensitive: they stay in the conversation state and are never logged or counted.
    public var facts: [String: String]

    public init(age: Int? = nil, level: CEFRLevel? = nil, residence: Place? = nil, topic: Intent? = nil, facts: [String: String] = [:]) {
        self.age = age
        self.level = level
        self.residence = residence
        self.topic = topic
        self.facts = facts
    }

    public var isEmpty: Bool { age == nil && level == nil && residence == nil && topic == nil && facts.isEmpty }
}

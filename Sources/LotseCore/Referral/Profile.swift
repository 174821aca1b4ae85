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

    /// Whether a fact of this kind is known: an age, a level, a place; a fact of `facts.yml` by its name
    /// (`value` «name=value»). A language is no fact of the person.
    public func knows(_ entity: Entity) -> Bool {
        switch entity.kind {
        case .age: age != nil
        case .languageLevel: level != nil
        case .residence: residence != nil
        case .language: false
        case .fact: entity.value.split(separator: "=").first.map { facts[String($0)] != nil } ?? false
        }
    }
}

/// What Lotse knows about the person the offers are for (which may be the enquirer's child).
public struct Profile: Sendable, Codable, Equatable {
    public var age: Int?
    public var level: CEFRLevel?
    public var residence: Place?
    public var topic: Intent?

    public init(age: Int? = nil, level: CEFRLevel? = nil, residence: Place? = nil, topic: Intent? = nil) {
        self.age = age
        self.level = level
        self.residence = residence
        self.topic = topic
    }

    public var isEmpty: Bool { age == nil && level == nil && residence == nil && topic == nil }
}

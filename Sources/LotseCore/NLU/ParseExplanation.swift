/// Why the matcher chose an intent, for `lotse parse` and `/model/parse`: the phrases of
/// `intents/` most similar to the message, and the words and letter groups that weighed most for
/// the intent in the linear model. A wrong answer is traced to these and fixed by adding or
/// correcting phrases.
public struct ParseExplanation: Sendable, Codable, Equatable {
    public struct Phrase: Sendable, Codable, Equatable {
        public var intent: String
        public var language: String
        public var text: String
        /// Cosine similarity to the message (0…1), lowered for a phrase in another language.
        public var similarity: Float
    }

    public struct Feature: Sendable, Codable, Equatable {
        /// «kurs» a word, «kurs…» a prefix, «…urse…» letters inside a word, «deutsch kurs» a pair.
        public var feature: String
        public var kind: String
        /// Weight × value towards the intent: positive for it, negative against it.
        public var weight: Float
    }

    public var nearest: [Phrase]
    public var features: [Feature]
    /// The linear model's probability of the intent.
    public var probability: Float
}

import Foundation

/// A nearest-neighbour classifier over the examples of `intents/`: an utterance gets the intent of
/// the examples it is most similar to (cosine similarity of IDF-weighted sparse features).
///
/// Why not a trained model: the result must be deterministic, explainable («it looked like this
/// example») and fixable by adding a phrase, and it must run without a model file. An inverted
/// index keeps a parse in the order of microseconds even with thousands of examples.
struct IntentClassifier: Sendable {
    struct Posting: Sendable { var example: Int32; var weight: Float }

    private let featureIDs: [String: Int32]
    private let postings: [[Posting]]
    private let idf: [Float]
    private let exampleIntents: [Intent]
    /// Known words and how many examples use them, for correcting typos.
    let vocabulary: [String: Int]
    private let spelling: SpellingIndex

    init(examples: [(intent: Intent, units: [String])]) {
        var ids: [String: Int32] = [:]
        var vectors: [[Int32: Float]] = []
        var documentFrequency: [Int32: Int] = [:]
        var vocabulary: [String: Int] = [:]
        for example in examples {
            var vector: [Int32: Float] = [:]
            Featuriser.features(example.units) { kind, value in
                let key = Self.key(kind, value)
                let id = ids[key] ?? { let id = Int32(ids.count); ids[key] = id; return id }()
                vector[id] = max(vector[id] ?? 0, kind.weight)
            }
            for id in vector.keys { documentFrequency[id, default: 0] += 1 }
            for unit in Set(example.units) where !unit.hasPrefix("@") { vocabulary[unit, default: 0] += 1 }
            vectors.append(vector)
        }
        let count = Float(max(examples.count, 1))
        var idf = [Float](repeating: 0, count: ids.count)
        for (id, df) in documentFrequency { idf[Int(id)] = log((count + 1) / (Float(df) + 1)) + 1 }
        var postings = [[Posting]](repeating: [], count: ids.count)
        for (index, vector) in vectors.enumerated() {
            let weighted = vector.map { ($0.key, $0.value * idf[Int($0.key)]) }
            let norm = sqrt(weighted.reduce(0) { $0 + $1.1 * $1.1 })
            guard norm > 0 else { continue }
            for (id, weight) in weighted { postings[Int(id)].append(Posting(example: Int32(index), weight: weight / norm)) }
        }
        self.featureIDs = ids
        self.postings = postings
        self.idf = idf
        self.exampleIntents = examples.map(\.intent)
        self.vocabulary = vocabulary
        self.spelling = SpellingIndex(words: vocabulary.keys, minimumLength: 4)
    }

    private static func key(_ kind: Featuriser.Kind, _ value: String) -> String {
        "\(kind.rawValue)\u{1}\(value)"
    }

    /// Replaces unknown words by the most common known word one typo away.
    func corrected(_ units: [String]) -> [String] {
        units.map { unit in
            guard !unit.hasPrefix("@"), vocabulary[unit] == nil else { return unit }
            return spelling.corrections(for: unit).max { (vocabulary[$0] ?? 0, $1) < (vocabulary[$1] ?? 0, $0) } ?? unit
        }
    }

    /// Every intent with its best similarity to one of its examples, best first.
    func rank(_ units: [String]) -> [(intent: Intent, score: Float)] {
        var query: [Int32: Float] = [:]
        Featuriser.features(corrected(units)) { kind, value in
            guard let id = featureIDs[Self.key(kind, value)] else { return }
            query[id] = max(query[id] ?? 0, kind.weight * idf[Int(id)])
        }
        // Unknown words still count in the query's length, so a sentence of unknown words scores low.
        var unknown: Float = 0
        for unit in units where !unit.hasPrefix("@") && vocabulary[unit] == nil && featureIDs[Self.key(.word, unit)] == nil {
            unknown += 1
        }
        let norm = sqrt(query.values.reduce(0) { $0 + $1 * $1 } + unknown * unknown * 4)
        var best = [Float](repeating: 0, count: Intent.allCases.count)
        guard norm > 0 else { return Intent.allCases.map { ($0, 0) } }
        var scores: [Int32: Float] = [:]
        for (id, weight) in query {
            for posting in postings[Int(id)] { scores[posting.example, default: 0] += posting.weight * weight }
        }
        for (example, score) in scores {
            let slot = Self.intentIndex[exampleIntents[Int(example)]]!
            best[slot] = max(best[slot], score / norm)
        }
        return zip(Intent.allCases, best).map { ($0, $1) }.sorted { $0.score > $1.score || ($0.score == $1.score && $0.intent.rawValue < $1.intent.rawValue) }
    }

    private static let intentIndex: [Intent: Int] = Dictionary(uniqueKeysWithValues: Intent.allCases.enumerated().map { ($1, $0) })
}

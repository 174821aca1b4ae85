import Foundation

/// A nearest-neighbour classifier over the examples of `intents/`: an utterance gets the intent of
/// the examples it is most similar to (cosine similarity of IDF-weighted sparse features, the three
/// nearest examples of each intent).
///
/// Beside it a linear model trained from the same examples (`LinearIntentModel`, `linearShare`).
/// Both stay deterministic, explainable («it looked like this example», «the word ‹kurs› decided»)
/// and fixable by adding a phrase, and both are built from the phrase files alone (kept in the
/// training cache, never shipped as a model file). An inverted index keeps a parse in the order of
/// microseconds even with thousands of examples.
struct IntentClassifier: Sendable {
    private let featureIDs: FeatureTable
    /// Postings of feature `f` are at `postingStart[f] ..< postingStart[f + 1]` of the flat arrays:
    /// one allocation for all features instead of one array per feature.
    private let postingStart: [Int32]
    private let postingExample: [Int32]
    /// Weights are in 0…1 (normalised vectors), so 16-bit fixed point is plenty for similarity sums
    /// and halves the largest table of the NLU; unlike `Float16`, converting it back is one
    /// instruction on every x86 processor.
    private let postingWeight: [UInt16]
    private static let weightScale: Float = 65535
    private let idf: [Float]
    /// The IDF of each letter group (`Featuriser.letterGroups`, numbered after the matcher's
    /// features), for the linear model's values (`normalised`).
    private let letterIDF: [Float]
    private let exampleIntents: [UInt8]
    /// The language of each example, as an index into `languageCodes`.
    private let exampleLanguages: [UInt8]
    private let languageCodes: [String]
    /// Known words and how many examples use them, for correcting typos.
    let vocabulary: [String: Int]
    /// The longest vocabulary word in characters: no longer part of an unknown word can be known,
    /// so compound splitting looks at no longer heads and tails (linear in the message's length).
    private let longestWord: Int
    private let spelling: SpellingIndex
    private let buffers: ScoreBuffers
    /// The linear model read beside the nearest examples (`linearShare`).
    let linear: LinearIntentModel
    /// The examples' texts, for naming the nearest ones (`explain`): one buffer of UTF-8 with the
    /// end of each text, not 30,000 strings.
    private let textBytes: [UInt8]
    private let textEnds: [Int32]

    static let entropyFloor: Float = 0.3

    /// How much an unknown word lengthens the query, so a sentence of unknown words scores low.
    static let unknownWeight: Float = 1

    /// One example's features: hash and weight, one entry per feature.
    typealias FeatureVector = [(key: UInt64, weight: Float)]

    /// The features of examples; pure and independent per example, so it runs in parallel chunks.
    static func featurise(_ units: [String]) -> FeatureVector {
        var raw: FeatureVector = []
        Featuriser.features(units) { kind, key, _ in raw.append((key, kind.weight)) }
        raw.sort { $0.key < $1.key || ($0.key == $1.key && $0.weight > $1.weight) }
        var vector: FeatureVector = []
        vector.reserveCapacity(raw.count)
        for entry in raw where vector.last?.key != entry.key { vector.append(entry) }
        return vector
    }

    /// The letter groups of an example, for the linear model only (`Featuriser.letterGroups`).
    static func letterFeatures(_ units: [String]) -> FeatureVector {
        var vector: FeatureVector = []
        Featuriser.letterGroups(units) { kind, key, _ in vector.append((key, kind.weight)) }
        return vector
    }

    /// Known words of the examples and how many examples use each.
    static func vocabulary(_ examples: [(intent: Intent, units: [String])]) -> [String: Int] {
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(examples.count)
        for example in examples {
            // An example has a handful of words: a scan finds repeats faster than a set would.
            for (index, unit) in example.units.enumerated()
            where !unit.hasPrefix("@") && !example.units[..<index].contains(unit) {
                vocabulary[unit, default: 0] += 1
            }
        }
        return vocabulary
    }

    init(intents: [Intent], languages: [String], texts: [String], vectors: [FeatureVector], letters: [FeatureVector], vocabulary: [String: Int],
         spelling: SpellingIndex, linearSettings: LinearIntentModel.Settings = LinearIntentModel.Settings()) {
        var ids = FeatureTable()
        var documentFrequency: [Int] = []
        // How often each feature occurs in the examples of each intent: feature `f`'s counts are at
        // `f * intentCount ..< (f + 1) * intentCount` (one array, not one per feature).
        var byIntent: [Int32] = []
        let intentCount = Intent.allCases.count
        var numbered: [[(Int32, Float)]] = []
        numbered.reserveCapacity(vectors.count)
        for (index, vector) in vectors.enumerated() {
            let slot = Self.intentIndex[intents[index]]!
            numbered.append(vector.map { entry in
                let (id, isNew) = ids.insert(entry.key)
                if isNew {
                    documentFrequency.append(0)
                    byIntent.append(contentsOf: repeatElement(0, count: intentCount))
                }
                documentFrequency[Int(id)] += 1
                byIntent[Int(id) * intentCount + slot] += 1
                return (id, entry.weight)
            })
        }
        let count = Float(max(vectors.count, 1))
        // IDF alone punishes a word that is frequent because one intent uses it a lot («Schule»);
        // weighting by how concentrated a feature is on few intents (1 − normalised entropy) keeps
        // such words strong and makes words every intent uses («bitte», «ich») weak.
        let maxEntropy = log(Float(intentCount))
        let idf = documentFrequency.indices.map { feature -> Float in
            let frequency = Float(documentFrequency[feature])
            var entropy: Float = 0
            for occurrences in byIntent[(feature * intentCount)..<((feature + 1) * intentCount)] where occurrences > 0 {
                let p = Float(occurrences) / frequency
                entropy -= p * log(p)
            }
            let concentration = 1 - entropy / maxEntropy
            return (log((count + 1) / (frequency + 1)) + 1) * (Self.entropyFloor + concentration)
        }
        var start = [Int32](repeating: 0, count: ids.count + 1)
        for (feature, frequency) in documentFrequency.enumerated() { start[feature + 1] = start[feature] + Int32(frequency) }
        var next = start
        var examplesOf = [Int32](repeating: 0, count: Int(start[ids.count]))
        var weightsOf = [UInt16](repeating: 0, count: Int(start[ids.count]))
        for (index, vector) in numbered.enumerated() {
            let weighted = vector.map { ($0.0, $0.1 * idf[Int($0.0)]) }
            let norm = sqrt(weighted.reduce(0) { $0 + $1.1 * $1.1 })
            guard norm > 0 else { continue }
            for (id, weight) in weighted {
                let slot = Int(next[Int(id)])
                examplesOf[slot] = Int32(index)
                weightsOf[slot] = UInt16(max(1, (min(1, weight / norm) * Self.weightScale).rounded()))
                next[Int(id)] += 1
            }
        }
        // The linear model's own letter groups are numbered after the matcher's features.
        let linearRaw = numbered.indices.map { index in
            let own = letters[index].map { entry in (id: ids.insert(entry.key).value, weight: entry.weight) }
            return numbered[index].map { (id: $0.0, weight: $0.1) } + own
        }
        // A letter group's IDF (in how many examples it stands), for the linear model's values.
        let matcherFeatures = idf.count
        var letterFrequency = [Int32](repeating: 0, count: ids.count - matcherFeatures)
        var seenIn = [Int32](repeating: -1, count: ids.count - matcherFeatures)
        for (index, features) in linearRaw.enumerated() {
            for (id, _) in features where Int(id) >= matcherFeatures && seenIn[Int(id) - matcherFeatures] != Int32(index) {
                seenIn[Int(id) - matcherFeatures] = Int32(index)
                letterFrequency[Int(id) - matcherFeatures] += 1
            }
        }
        let letterIDF = letterFrequency.map { log((count + 1) / (Float($0) + 1)) + 1 }
        let linearExamples = linearRaw.indices.map { index in
            (Self.intentIndex[intents[index]]!, Self.normalised(linearRaw[index], unknownWords: 0, letterIDF: letterIDF, after: matcherFeatures))
        }
        self.featureIDs = ids
        self.postingStart = start
        self.postingExample = examplesOf
        self.postingWeight = weightsOf
        self.idf = idf
        self.letterIDF = letterIDF
        self.exampleIntents = intents.map { UInt8(Self.intentIndex[$0]!) }
        let codes = Array(Set(languages)).sorted()
        self.languageCodes = codes
        self.exampleLanguages = languages.map { UInt8(codes.firstIndex(of: $0) ?? 0) }
        self.vocabulary = vocabulary
        self.longestWord = vocabulary.keys.lazy.map(\.count).max() ?? 0
        self.spelling = spelling
        self.buffers = ScoreBuffers(size: intents.count)
        self.linear = LinearIntentModel(examples: linearExamples, featureCount: ids.count, settings: linearSettings)
        (self.textBytes, self.textEnds) = Self.packed(texts)
    }

    private static func packed(_ texts: [String]) -> ([UInt8], [Int32]) {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        ends.reserveCapacity(texts.count)
        for text in texts { bytes += text.utf8; ends.append(Int32(bytes.count)) }
        return (bytes, ends)
    }

    private func text(of example: Int) -> String {
        let end = Int(textEnds[example]), start = example == 0 ? 0 : Int(textEnds[example - 1])
        return String(decoding: textBytes[start..<end], as: UTF8.self)
    }

    /// The values the linear model reads, in two blocks of length 1 each, as the SVM of issue 11
    /// stacks its word and letter TF-IDF vectors: the matcher's features with their kind weights (an
    /// unknown word counted in the length as in the similarity, `unknownWeight`), and the letter
    /// groups weighted by their IDF (`letterIDF`, for the groups numbered from `after` on).
    /// Cross-validation (`LinearIntentModel.Settings`): one norm over both 91.5 %, a norm each
    /// 91.8, and the letters by IDF 91.9; the matcher's features by an IDF of their own as well 91.8.
    static func normalised(_ features: [(id: Int32, weight: Float)], unknownWords: Float, letterIDF: [Float], after matcherFeatures: Int) -> [(id: Int32, value: Float)] {
        var wordSum = unknownWords * unknownWeight, letterSum: Float = 0
        let values = features.map { feature -> (id: Int32, value: Float) in
            let letter = Int(feature.id) - matcherFeatures
            guard letter >= 0 else { wordSum += feature.weight * feature.weight; return (feature.id, feature.weight) }
            let value = feature.weight * letterIDF[letter]
            letterSum += value * value
            return (feature.id, value)
        }
        let wordScale = wordSum > 0 ? 1 / sqrt(wordSum) : 0
        let letterScale = letterSum > 0 ? 1 / sqrt(letterSum) : 0
        return values.map { ($0.id, $0.value * (Int($0.id) >= matcherFeatures ? letterScale : wordScale)) }
    }

    private func linearValues(_ query: Query) -> [(id: Int32, value: Float)] {
        Self.normalised(query.features, unknownWords: query.unknownWords, letterIDF: letterIDF, after: idf.count)
    }

    /// The built tables, for the training cache: a start with unchanged phrases reads them instead
    /// of featurising and indexing every example again (the largest part of a start).
    func write(to writer: inout BinaryWriter) {
        featureIDs.write(to: &writer)
        writer.array(postingStart)
        writer.array(postingExample)
        writer.array(postingWeight)
        writer.array(idf)
        writer.array(letterIDF)
        writer.array(exampleIntents)
        writer.array(exampleLanguages)
        writer.strings(languageCodes)
        let words = Array(vocabulary.keys)
        writer.strings(words)
        writer.array(words.map { Int32(vocabulary[$0]!) })
        spelling.write(to: &writer)
        linear.write(to: &writer)
        writer.array(textBytes)
        writer.array(textEnds)
    }

    init?(reading reader: inout BinaryReader) {
        guard let featureIDs = FeatureTable(reading: &reader), let postingStart = reader.array(of: Int32.self),
              let postingExample = reader.array(of: Int32.self), let postingWeight = reader.array(of: UInt16.self),
              let idf = reader.array(of: Float.self), let letterIDF = reader.array(of: Float.self), let exampleIntents = reader.array(of: UInt8.self),
              let exampleLanguages = reader.array(of: UInt8.self), let languageCodes = reader.strings(),
              let words = reader.strings(), let counts = reader.array(of: Int32.self), words.count == counts.count,
              let spelling = SpellingIndex(reading: &reader),
              let linear = LinearIntentModel(reading: &reader, featureCount: featureIDs.count),
              let textBytes = reader.array(of: UInt8.self), let textEnds = reader.array(of: Int32.self) else { return nil }
        // The tables must fit together, or a damaged cache could index out of bounds at parse time.
        guard postingStart.count == idf.count + 1, postingStart.first == 0, postingStart.last.map(Int.init) == postingExample.count,
              postingExample.count == postingWeight.count, exampleIntents.count == exampleLanguages.count,
              zip(postingStart, postingStart.dropFirst()).allSatisfy({ $0 <= $1 }),
              postingExample.allSatisfy({ $0 >= 0 && Int($0) < exampleIntents.count }),
              exampleIntents.allSatisfy({ Int($0) < Intent.allCases.count }),
              exampleLanguages.allSatisfy({ Int($0) < max(languageCodes.count, 1) }),
              featureIDs.count == idf.count + letterIDF.count, featureIDs.numbers(below: featureIDs.count),
              textEnds.count == exampleIntents.count, zip(textEnds, textEnds.dropFirst()).allSatisfy({ $0 <= $1 }),
              textEnds.allSatisfy({ $0 >= 0 && Int($0) <= textBytes.count }) else { return nil }
        self.featureIDs = featureIDs
        self.postingStart = postingStart
        self.postingExample = postingExample
        self.postingWeight = postingWeight
        self.idf = idf
        self.letterIDF = letterIDF
        self.exampleIntents = exampleIntents
        self.exampleLanguages = exampleLanguages
        self.languageCodes = languageCodes
        self.vocabulary = Dictionary(uniqueKeysWithValues: zip(words, counts.map(Int.init)))
        self.longestWord = words.lazy.map(\.count).max() ?? 0
        self.spelling = spelling
        self.buffers = ScoreBuffers(size: exampleIntents.count)
        self.linear = linear
        self.textBytes = textBytes
        self.textEnds = textEnds
    }

    /// Replaces unknown words by the most common known word one typo away, and splits unknown
    /// compounds into known parts («Ausbildungsplatz» → «ausbildung», «Grundschule» → «schule»).
    func corrected(_ units: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(units.count)
        for unit in units {
            guard !unit.hasPrefix("@"), vocabulary[unit] == nil else { result.append(unit); continue }
            if let plain = Self.withoutDigraphs(unit), vocabulary[plain] != nil {
                result.append(plain)
            } else if let fixed = spelling.corrections(for: unit).max(by: { (vocabulary[$0] ?? 0, $1) < (vocabulary[$1] ?? 0, $0) }) {
                result.append(fixed)
            } else {
                let parts = compoundParts(unit)
                result += parts.isEmpty ? [unit] : parts
            }
        }
        return result
    }

    /// «fuer» → «fur»: the folded form of «für» typed without umlauts (nil when nothing changes).
    static func withoutDigraphs(_ word: String) -> String? {
        guard word.contains("ae") || word.contains("oe") || word.contains("ue") else { return nil }
        return word.replacingOccurrences(of: "ae", with: "a").replacingOccurrences(of: "oe", with: "o")
            .replacingOccurrences(of: "ue", with: "u")
    }

    /// The longest known word at the start and at the end of an unknown long word.
    private func compoundParts(_ word: String) -> [String] {
        let characters = Array(word)
        guard characters.count >= 7 else { return [] }
        var parts: [String] = []
        let longest = min(characters.count - 3, longestWord)
        for length in stride(from: longest, through: 4, by: -1) {
            let head = String(characters[..<length])
            if vocabulary[head] != nil { parts.append(head); break }
        }
        for length in stride(from: longest, through: 4, by: -1) {
            let tail = String(characters[(characters.count - length)...])
            if vocabulary[tail] != nil { parts.append(tail); break }
        }
        return parts
    }

    /// Every intent with the similarity of its nearest examples, best first.
    /// Examples in another language than the message's count a little less: the same letters can
    /// mean different things in two languages (English «ta», Turkish «'ta»).
    static let otherLanguageFactor: Float = 0.85

    /// An intent scores by its three most similar examples, each weighing half the one before: one
    /// odd example that happens to share a word counts less than three that agree.
    static let neighbourWeights: (Float, Float, Float) = (1, 0.5, 0.25)

    /// From this many features on, the query is indexed by a dictionary instead of scanned.
    static let longQuery = 64

    /// A message's known features with their kind weights, and how many of its words are unknown.
    private struct Query {
        /// The matcher's features, then (`withLetters`) the linear model's letter groups.
        var features: [(id: Int32, weight: Float)] = []
        var origins: [Featuriser.Origin] = []
        var kinds: [Featuriser.Kind] = []
        var unknownWords: Float = 0
        /// How many of `features` are the matcher's.
        var matcherCount = 0
    }

    private func query(_ units: [String], withLetters: Bool = false, keepingOrigins: Bool = false) -> Query {
        var query = Query()
        // Where each feature sits in `query`, once it is long: a long word has as many letter
        // 4-grams as letters, and scanning the query for each made a parse quadratic in the word's
        // length. A usual message has a few dozen features, which a scan finds without allocating.
        var position: [Int32: Int]? = nil
        func add(_ kind: Featuriser.Kind, _ key: UInt64, _ origin: Featuriser.Origin) {
            // A matcher's feature is numbered below the matcher's tables' size, a letter group above.
            guard let id = featureIDs.value(for: key), (kind == .letters) == (Int(id) >= idf.count) else {
                if kind == .word { query.unknownWords += 1 }
                return
            }
            // Letter groups count as often as they occur, in training too: no search for a repeat.
            if kind == .letters {
                query.features.append((id, kind.weight))
                if keepingOrigins { query.kinds.append(kind); query.origins.append(origin) }
                return
            }
            if let index = position.map({ $0[id] }) ?? query.features.firstIndex(where: { $0.id == id }) {
                if kind.weight > query.features[index].weight {
                    query.features[index].weight = kind.weight
                    if keepingOrigins { (query.kinds[index], query.origins[index]) = (kind, origin) }
                }
            } else {
                if position == nil && query.features.count >= Self.longQuery {
                    position = Dictionary(uniqueKeysWithValues: query.features.enumerated().map { ($1.id, $0) })
                }
                position?[id] = query.features.count
                query.features.append((id, kind.weight))
                if keepingOrigins { query.kinds.append(kind); query.origins.append(origin) }
            }
        }
        Featuriser.features(units, into: add)
        query.matcherCount = query.features.count
        if withLetters { Featuriser.letterGroups(units, into: add) }
        return query
    }

    /// Calls `visit` with every example that shares a feature with the query and its similarity
    /// (cosine of IDF-weighted features, lowered for examples in another language).
    private func forEachSimilarExample(_ query: Query, language: String?, _ visit: (Int, Float) -> Void) {
        let own = language.flatMap { languageCodes.firstIndex(of: $0) }.map(UInt8.init)
        let norm = sqrt(query.features[..<query.matcherCount].reduce(0) { let weight = $1.weight * idf[Int($1.id)]; return $0 + weight * weight } + query.unknownWords * Self.unknownWeight)
        guard norm > 0 else { return }
        // The query's weights carry the norm and the fixed-point scale, so the sums need no division.
        let scale = 1 / (norm * Self.weightScale)
        var buffer = buffers.borrow()
        defer { buffers.giveBack(buffer) }
        var touchedCount = 0
        buffer.scores.withUnsafeMutableBufferPointer { scores in
            buffer.touched.withUnsafeMutableBufferPointer { touched in
                postingExample.withUnsafeBufferPointer { examples in
                    postingWeight.withUnsafeBufferPointer { weights in
                        for (id, weight) in query.features[..<query.matcherCount] {
                            let factor = weight * idf[Int(id)] * scale
                            for slot in Int(postingStart[Int(id)])..<Int(postingStart[Int(id) + 1]) {
                                let example = Int(examples[slot])
                                // Every weight is at least 1 and every factor positive: a score is zero
                                // only until the example's first posting, so each is listed once.
                                if scores[example] == 0 { touched[touchedCount] = examples[slot]; touchedCount += 1 }
                                scores[example] += Float(weights[slot]) * factor
                            }
                        }
                    }
                }
                for example in touched[..<touchedCount] {
                    var score = scores[Int(example)]
                    scores[Int(example)] = 0
                    if let own, exampleLanguages[Int(example)] != own { score *= Self.otherLanguageFactor }
                    visit(Int(example), min(1, score))
                }
            }
        }
    }

    /// The share of the linear model in an intent's score:
    /// `(1 − share) · similarity + share · (probability / highest probability) · anchor`, where the
    /// anchor is the top similarity or, when the linear model is sure, more (`confidenceLift`).
    /// Scaled by the best similarity, the score stays on the similarity's scale the dialogue's
    /// thresholds were set on (`NLU.threshold`, `informThreshold`, …): where both models agree the
    /// top score is the similarity as before; where they disagree the linear model's choice gets
    /// up to `share` of it. Scaled by the probability itself instead, a disagreement lowered the
    /// top score below the thresholds and cross-validation fell from 85.5 to 81.1 %. Chosen by
    /// 5-fold cross-validation of the phrase files (85.5 % for the similarity alone, 85.5 % for
    /// the linear model alone): share 0.3 88.9 %, 0.4 89.0, 0.5 88.7, 0.6 88.0, 0.7 87.3 with the
    /// first settings; with the final ones (`LinearIntentModel.Settings`) 0.4 89.8, 0.5 89.8,
    /// 0.6 89.7; with letter groups (`Featuriser.letterGroups`) 0.5 90.3, 0.6 90.0. With this
    /// version's linear SVM and lift: 0.3 91.9 %, 0.5 92.4, 0.75 92.3, 1 92.2 (0.6 92.4 with letter
    /// groups of two to four, as 0.5).
    static let linearShare: Float = 0.5

    /// How far a sure linear model lifts the score: the anchor is
    /// `max(top similarity, confidenceLift · highest probability)`. Without it a message no phrase
    /// resembles closely stays below `NLU.threshold` and is out of scope however clearly its words
    /// and letters name an intent: 1,175 of the 2,624 misses of cross-validation (first version)
    /// were an intent read as `out_of_scope`. With it such a message scores at most
    /// `(1 − share) · similarity + share · confidenceLift` — still below the similarity of a close
    /// phrase, and an intent the linear model is unsure of is not lifted. The linear model has
    /// `out_of_scope` phrases of its own, so it lifts «out of scope» too. Cross-validation with
    /// the first version's linear model: 0 90.5 %, 0.5 91.0, 0.8 91.5, 1 91.5; with this version's:
    /// 0.8 92.4 %, 0.9 92.4, 1 92.4 (letter groups of two to four); 0.8 keeps the scores lowest.
    static let confidenceLift: Float = 0.8

    /// The similarity of a message to an example it repeats word for word (after folding).
    static let exactSimilarity: Float = 0.999
    /// How far an example repeated word for word puts its intent ahead of the next.
    static let exactMargin: Float = 0.05

    func rank(_ units: [String], language: String? = nil) -> [(intent: Intent, score: Float)] {
        let query = query(corrected(units), withLetters: Self.linearShare > 0)
        var best = [Float](repeating: 0, count: Intent.allCases.count)
        var second = [Float](repeating: 0, count: Intent.allCases.count)
        var third = [Float](repeating: 0, count: Intent.allCases.count)
        // A message that is word for word an example of one intent only is that intent, whatever the
        // neighbours and the linear model say: a wrong answer is fixed by adding the phrase.
        var exactSlot: Int?, exactIntents = 0
        let own = language.flatMap { languageCodes.firstIndex(of: $0) }.map(UInt8.init)
        forEachSimilarExample(query, language: language) { example, score in
            let slot = Int(exampleIntents[example])
            // (An example in another language than the conversation's scores `otherLanguageFactor` of it.)
            let repeated = score >= Self.exactSimilarity
                || own.map { exampleLanguages[example] != $0 && score >= Self.exactSimilarity * Self.otherLanguageFactor } == true
            if repeated, exactSlot != slot { exactSlot = slot; exactIntents += 1 }
            if score > best[slot] { third[slot] = second[slot]; second[slot] = best[slot]; best[slot] = score }
            else if score > second[slot] { third[slot] = second[slot]; second[slot] = score }
            else if score > third[slot] { third[slot] = score }
        }
        let (w1, w2, w3) = Self.neighbourWeights
        for slot in best.indices { best[slot] = (w1 * best[slot] + w2 * second[slot] + w3 * third[slot]) / (w1 + w2 + w3) }
        let top = best.max() ?? 0
        if Self.linearShare > 0 && (top > 0 || Self.confidenceLift > 0) {
            let probabilities = linear.probabilities(linearValues(query))
            let likeliest = probabilities.max() ?? 1
            let anchor = max(top, Self.confidenceLift * likeliest)
            for slot in best.indices {
                best[slot] = (1 - Self.linearShare) * best[slot] + Self.linearShare * probabilities[slot] / likeliest * anchor
            }
        }
        if let exactSlot, exactIntents == 1 {
            let others = best.indices.lazy.filter { $0 != exactSlot }.map { best[$0] }.max() ?? 0
            best[exactSlot] = max(best[exactSlot], min(1, others + Self.exactMargin))
        }
        // Best first; equal scores (most intents score 0) by name, compared as precomputed ranks.
        let order = Self.nameRank
        return best.indices
            .sorted { best[$0] > best[$1] || (best[$0] == best[$1] && order[$0] < order[$1]) }
            .map { (Self.intents[$0], best[$0]) }
    }

    /// Why a message reads as `intent`: the most similar examples (any intent) and the features
    /// that pushed it most towards `intent` in the linear model, named as the words and letters
    /// they stand for. A wrong answer is fixed by the phrases these point at.
    func explain(_ units: [String], language: String?, intent: Intent, phrases: Int = 5, features: Int = 5) -> ParseExplanation {
        let corrected = corrected(units)
        let query = query(corrected, withLetters: true, keepingOrigins: true)
        var nearest: [(example: Int, score: Float)] = []
        forEachSimilarExample(query, language: language) { example, score in nearest.append((example, score)) }
        nearest.sort { $0.score > $1.score || ($0.score == $1.score && $0.example < $1.example) }
        let slot = Self.intentIndex[intent]!
        let values = linearValues(query)
        // A letter group that occurs twice in the message is named once.
        let ids = query.features.map(\.id)
        let weighed: [(offset: Int, element: Float)] = linear.contributions(values, intent: slot).enumerated()
            .filter { entry in entry.element != 0 && !ids[..<entry.offset].contains(ids[entry.offset]) }
            .sorted { a, b in abs(a.element) > abs(b.element) || (abs(a.element) == abs(b.element) && a.offset < b.offset) }
        return ParseExplanation(
            nearest: nearest.prefix(phrases).map { example, score in
                ParseExplanation.Phrase(intent: Self.intents[Int(exampleIntents[example])].rawValue,
                                        language: languageCodes[Int(exampleLanguages[example])],
                                        text: text(of: example), similarity: score)
            },
            features: weighed.prefix(features).map { index, contribution in
                ParseExplanation.Feature(feature: Featuriser.describe(query.kinds[index], query.origins[index], in: corrected),
                                         kind: "\(query.kinds[index])", weight: contribution)
            },
            probability: linear.probabilities(values)[slot])
    }

    private static let intents = Intent.allCases
    /// Each intent's place in the order of the names, by its index in `Intent.allCases`.
    private static let nameRank: [Int] = {
        var rank = [Int](repeating: 0, count: intents.count)
        for (place, index) in intents.indices.sorted(by: { intents[$0].rawValue < intents[$1].rawValue }).enumerated() { rank[index] = place }
        return rank
    }()

    private static let intentIndex: [Intent: Int] = Dictionary(uniqueKeysWithValues: Intent.allCases.enumerated().map { ($1, $0) })
}

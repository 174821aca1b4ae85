import Foundation

/// Decides which language a message is written in: first by script, then by how typical its words
/// and letters are for each language, learnt from the intents files. The conversation's language
/// wins close calls, so a one-word «سلام» or «ok» does not switch the conversation.
struct LanguageDetector: Sendable {
    private struct Model: Sendable {
        var words: [String: Float] = [:]
        var letters: [Character: Float] = [:]
        var wordTotal: Float = 0
        var letterTotal: Float = 0
        var scripts: Set<Script> = []
    }

    private let models: [String: Model]
    private let order: [String]
    private let vocabularySize: Float

    init(examples: [(language: String, text: String, units: [String])], languages: [LanguagePack]) {
        var models: [String: Model] = [:]
        var scriptCounts: [String: [Script: Int]] = [:]
        var vocabulary = Set<String>()
        for example in examples {
            var model = models[example.language] ?? Model()
            for unit in example.units where !unit.hasPrefix("@") {
                model.words[unit, default: 0] += 1
                model.wordTotal += 1
                vocabulary.insert(unit)
            }
            for character in example.text.lowercased() where character.isLetter {
                model.letters[character, default: 0] += 1
                model.letterTotal += 1
                if let scalar = character.unicodeScalars.first {
                    scriptCounts[example.language, default: [:]][Script(scalar), default: 0] += 1
                }
            }
            models[example.language] = model
        }
        for pack in languages {
            var model = models[pack.code] ?? Model()
            if let script = Script(rawValue: pack.script) { model.scripts.insert(script) }
            // A script used in a good share of a language's examples (Arabizi greetings) counts too.
            let counts = scriptCounts[pack.code] ?? [:]
            let total = counts.values.reduce(0, +)
            for (script, count) in counts where script != .other && total > 0 && Float(count) / Float(total) > 0.03 {
                model.scripts.insert(script)
            }
            models[pack.code] = model
        }
        self.models = models
        self.order = languages.map(\.code)
        self.vocabularySize = Float(max(vocabulary.count, 1))
    }

    /// The language of `text`, given its words (entity spans removed) and the conversation's language.
    func detect(text: String, units: [String], current: String?) -> String? {
        guard let script = Script.dominant(in: text) else { return current }
        let candidates = order.filter { models[$0]?.scripts.contains(script) == true }
        guard !candidates.isEmpty else { return current }
        if candidates.count == 1 { return candidates[0] }
        let words = units.filter { !$0.hasPrefix("@") }
        // A bare place name or number says nothing about the language.
        if words.isEmpty, let current, candidates.contains(current) { return current }
        let letters = text.lowercased().filter { $0.isLetter && Script($0.unicodeScalars.first!) == script }
        var scores: [(String, Float)] = []
        for code in candidates {
            guard let model = models[code] else { continue }
            var score: Float = 0
            for word in words {
                score += log((model.words[word] ?? 0) + 0.1) - log(model.wordTotal + 0.1 * vocabularySize)
            }
            var letterScore: Float = 0
            for letter in letters {
                letterScore += log((model.letters[letter] ?? 0) + 0.5) - log(model.letterTotal + 50)
            }
            score += 0.25 * letterScore
            if code == current { score += 1.5 }
            scores.append((code, score))
        }
        return scores.max { $0.1 < $1.1 }?.0 ?? current
    }
}

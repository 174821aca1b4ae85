import Foundation

/// Decides which language a message is written in: first by script, then by how typical its words
/// and letters are for each language, learnt from the intents files. The conversation's language
/// wins close calls, so a one-word «سلام» or «ok» does not switch the conversation.
struct LanguageDetector: Sendable {
    /// Words and letters are counted per script: the probabilities of a language's romanised words
    /// and letters (Arabizi «ana 3ayza», Finglish «mikham», translit «privet») are taken among its
    /// examples in Latin letters, so that the few romanised examples of Arabic compete with German and
    /// Turkish on equal terms instead of being swamped by the Arabic-script ones.
    private struct Model: Sendable {
        /// Word counts by the word's hash (see `PhraseIndex.extend`), and each word's script.
        var words = HashKeyedTable<(count: Float, script: Int)>()
        /// Counts of letters as written (not folded: «ä», «ş», «і», «پ» are the strongest cues),
        /// indexed by code point below U+0800 (Latin, Greek, Cyrillic, Arabic).
        var letters = [Float](repeating: 0, count: LanguageDetector.letterRange)
        /// Totals by `Script.ordinal`.
        var wordTotals = [Float](repeating: 0, count: Script.allCases.count)
        var letterTotals = [Float](repeating: 0, count: Script.allCases.count)
        var scripts: Set<Script> = []
        /// The smoothed log-probabilities of words and letters, computed once so that detecting a
        /// language takes table lookups and additions, not a logarithm per letter and language.
        /// The counts are dropped once these are computed: they are not needed any more.
        var wordLogs = HashKeyedTable<(log: Float, script: Int)>()
        var wordDenominators: [Float] = []
        var letterLogs: [Float] = []
        /// How likely the language is written in each script at all (most Arabic is in Arabic letters):
        /// counted once per message, where per-script word and letter probabilities count per word.
        var scriptLogs: [Float] = []

        func unseenWordLog(_ script: Script) -> Float { log(0.1) - wordDenominators[script.ordinal] }

        /// How often the word occurs per word of the language's examples in the word's script.
        func frequency(_ word: UInt64) -> Float {
            guard let (wordLog, script) = wordLogs[word], wordTotals[script] > 0 else { return 0 }
            return (exp(wordLog + wordDenominators[script]) - 0.1) / wordTotals[script]
        }

        mutating func computeLogs(vocabularySize: Float) {
            wordDenominators = wordTotals.map { log($0 + 0.1 * vocabularySize) }
            wordLogs = words.mapValues { _, word in (log(word.count + 0.1) - wordDenominators[word.script], word.script) }
            let letterDenominators = letterTotals.map { log($0 + 50) }
            let allLetters = letterTotals.reduce(0, +)
            scriptLogs = letterTotals.map { log(($0 + 1) / (allLetters + Float(letterTotals.count))) }
            letterLogs = letters.enumerated().map { code, count in
                let script = Unicode.Scalar(UInt32(code)).map { Script($0).ordinal } ?? Script.other.ordinal
                return log(count + 0.5) - letterDenominators[script]
            }
            words = HashKeyedTable()
            letters = []
        }
    }

    static let letterRange = 0x800

    private let order: [String]
    /// The languages written in each script with their models, in the order of the language files:
    /// a message is compared with each without looking its model up by name.
    private let candidates: [Script: [(code: String, model: Model)]]

    init(examples: [(language: String, text: String, units: [String])], languages: [LanguagePack]) {
        var models: [String: Model] = [:]
        // Letters per script of each language's examples, indexed by `Script.ordinal`.
        var scriptCounts: [String: [Int]] = [:]
        // Words are counted by hash: the vocabulary's size is all that is needed of it.
        var vocabulary = Set<UInt64>()
        // Built per language in a local value, so no model is copied per example.
        for (language, group) in Dictionary(grouping: examples, by: \.language) {
            var model = Model()
            var counts = [Int](repeating: 0, count: Script.allCases.count)
            for example in group {
                for unit in example.units where !unit.hasPrefix("@") {
                    let word = PhraseIndex<Int>.extend(PhraseIndex<Int>.seed, with: unit)
                    let script = (unit.unicodeScalars.first { Self.isLetter($0) }.map(Script.init) ?? .other).ordinal
                    model.words.update(word, initial: (0, script)) { $0 = ($0.count + 1, script) }
                    model.wordTotals[script] += 1
                    vocabulary.insert(word)
                }
                for scalar in example.text.unicodeScalars {
                    let letter = Self.lower(scalar)
                    guard letter < Self.letterRange, Self.isLetter(scalar) else { continue }
                    model.letters[Int(letter)] += 1
                    model.letterTotals[Script(scalar).ordinal] += 1
                    counts[Script(scalar).ordinal] += 1
                }
            }
            scriptCounts[language] = counts
            models[language] = model
        }
        for pack in languages {
            var model = models[pack.code] ?? Model()
            if let script = Script(rawValue: pack.script) { model.scripts.insert(script) }
            // A script used in a good share of a language's examples (Arabizi greetings) counts too.
            let counts = scriptCounts[pack.code] ?? Array(repeating: 0, count: Script.allCases.count)
            let total = counts.reduce(0, +)
            for script in Script.allCases where script != .other && total > 0 && Float(counts[script.ordinal]) / Float(total) > 0.03 {
                model.scripts.insert(script)
            }
            models[pack.code] = model
        }
        let vocabularySize = Float(max(vocabulary.count, 1))
        for code in models.keys { models[code]?.computeLogs(vocabularySize: vocabularySize) }
        self.order = languages.map(\.code)
        var candidates: [Script: [(code: String, model: Model)]] = [:]
        for script in Script.allCases {
            candidates[script] = order.compactMap { code in models[code].flatMap { $0.scripts.contains(script) ? (code, $0) : nil } }
        }
        self.candidates = candidates
    }

    /// Letters of the scripts Lotse tells apart, by code point (digits and punctuation excluded).
    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A: return true
        case 0xC0...0x24F: return scalar.value != 0xD7 && scalar.value != 0xF7
        case 0x370...0x3FF, 0x400...0x52F: return true
        case 0x621...0x64A, 0x66E...0x6D3, 0x6FA...0x6FF, 0x750...0x77F: return true
        default: return false
        }
    }

    private func isShared(_ word: UInt64, current: Model, candidates: [(code: String, model: Model)]) -> Bool {
        let own = current.frequency(word)
        guard own > 0 else { return false }
        return candidates.allSatisfy { $0.model.frequency(word) <= own * 10 }
    }

    /// ASCII and Latin-1 capitals to lower case; other scripts' letters as they are.
    @inline(__always)
    private static func lower(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if (0x41...0x5A).contains(value) || (0xC0...0xDE).contains(value) && value != 0xD7 { return value + 0x20 }
        if (0x410...0x42F).contains(value) { return value + 0x20 }
        return value
    }

    /// The language of `text`, given its words (entity spans removed) and the conversation's language.
    /// How much more likely (as a log) the conversation's language is than another before the
    /// message is read; once the person has written in it, a few words that look like another
    /// language («isch such en Deutschkurs», «jconné pa lallemand») do not switch it.
    static let currentBonus: Float = 1.5
    static let settledBonus: Float = 4

    func detect(text: String, units: [String], current: String?, settled: Bool = false) -> String? {
        guard let script = Script.dominant(in: text) else { return current }
        let candidates = self.candidates[script] ?? []
        guard !candidates.isEmpty else { return current }
        if candidates.count == 1 { return candidates[0].code }
        // Once the conversation's language is settled, a one-letter word says nothing of another: it is
        // an abbreviation or an initial as often as a word («Neustadt a. d. Weinstr.»).
        let words = units.filter { !$0.hasPrefix("@") && (!settled || $0.count > 1) }.map { PhraseIndex<Int>.extend(PhraseIndex<Int>.seed, with: $0) }
        // A bare place name or number says nothing about the language, and words the conversation's
        // language uses about as often as any other («سلام», «ok») do not switch it — but a word far
        // more typical of another language («bonjour» in a German conversation) does.
        if let current, let own = candidates.first(where: { $0.code == current })?.model,
           (settled && words.count <= 1) || words.allSatisfy({ isShared($0, current: own, candidates: candidates) }) {
            return current
        }
        var letters: [UInt32] = []
        for scalar in text.unicodeScalars where scalar.value < Self.letterRange && Self.isLetter(scalar) && Script(scalar) == script {
            letters.append(Self.lower(scalar))
        }
        var best: (code: String, score: Float)? = nil
        for (code, model) in candidates {
            var score: Float = 0
            let unseen = model.unseenWordLog(script)
            for word in words { score += model.wordLogs[word]?.log ?? unseen }
            var letterScore: Float = 0
            model.letterLogs.withUnsafeBufferPointer { logs in
                for letter in letters { letterScore += logs[Int(letter)] }
            }
            score += 0.25 * letterScore + model.scriptLogs[script.ordinal]
            if code == current { score += settled ? Self.settledBonus : Self.currentBonus }
            if best == nil || score > best!.score { best = (code, score) }
        }
        return best?.code ?? current
    }
}

/// Builds the NLU from the intents files and the language files: entity phrase tables, the
/// intent classifier and the language detector.
struct NLUBuilder {
    let tokeniser: Tokeniser
    let languages: [LanguagePack]
    let gazetteer: Gazetteer
    let training: [TrainingData]
    let numberWords: PhraseIndex<Int>
    let diagnostics: Diagnostics

    func build() -> NLU {
        let (levelPhrases, languageNames) = synonymIndexes()
        // Tokenise every example; the words outside annotated spans are the ordinary vocabulary.
        let tokenised = Concurrently.map(training) { data in
            data.examples.map { example in (example, tokeniser.tokens(example.text)) }
        }
        // A word annotated as a residence somewhere is a place name, even where an example leaves it unannotated.
        var vocabulary = Set<String>()
        var placeWords = Set<String>()
        for (example, tokens) in tokenised.joined() {
            for token in tokens {
                if let entity = example.entities.first(where: { token.start < $0.end && token.end > $0.start }) {
                    if entity.kind == .residence { placeWords.insert(token.text) }
                } else {
                    vocabulary.insert(token.text)
                }
            }
        }
        vocabulary.subtract(placeWords)
        let extractor = EntityExtractor(
            gazetteer: gazetteer, numberWords: numberWords, levelPhrases: levelPhrases, languageNames: languageNames,
            ageWords: Set(languages.flatMap(\.ageWords).flatMap { tokeniser.tokens($0).map(\.text) }),
            placePrepositions: Set(languages.flatMap(\.placePrepositions).flatMap { tokeniser.tokens($0).map(\.text) }),
            placeSuffixes: Array(Set(languages.flatMap(\.placeSuffixes).map { tokeniser.normaliser.fold($0) }))
                .sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) },
            vocabulary: vocabulary,
            cefrLookalikes: tokeniser.normaliser.cefrLookalikes)

        // Annotated spans and what the extractor finds become placeholders, exactly as at run time.
        let featurised = Concurrently.map(tokenised) { group in
            group.map { example, tokens -> (TrainingExample, [String]) in
                let found = extractor.extract(tokens, expecting: nil).covered
                let covered = tokens.indices.map { index -> Entity.Kind? in
                    let token = tokens[index]
                    return example.entities.first { token.start < $0.end && token.end > $0.start }?.kind ?? found[index]
                }
                return (example, Featuriser.units(tokens, covered: covered))
            }
        }
        var examples: [(intent: Intent, units: [String])] = []
        var detectorExamples: [(language: String, text: String, units: [String])] = []
        for (example, units) in featurised.joined() {
            if units.isEmpty { diagnostics.warning(example.file, example.line, "example has no words, so it teaches nothing"); continue }
            examples.append((example.intent, units))
            detectorExamples.append((example.language, example.text, units))
        }
        for data in training {
            let intents = Set(data.examples.map(\.intent))
            for intent in Intent.allCases where !intents.contains(intent) {
                diagnostics.warning("intents/\(data.language).yml", nil, "no examples for intent '\(intent.rawValue)'")
            }
        }
        let classifier = buildClassifier(examples, detectorExamples: detectorExamples)
        return NLU(tokeniser: tokeniser, extractor: extractor, classifier: classifier.0, detector: classifier.1,
                   defaultLanguage: languages.contains { $0.code == "de" } ? "de" : languages[0].code)
    }

    /// Features of the examples in parallel chunks, and beside them the language detector and the
    /// typo index; then the classifier from the features.
    private func buildClassifier(_ examples: [(intent: Intent, units: [String])],
                                 detectorExamples: [(language: String, text: String, units: [String])]) -> (IntentClassifier, LanguageDetector) {
        enum Part { case features([IntentClassifier.FeatureVector]), detector(LanguageDetector), spelling([String: Int], SpellingIndex) }
        let chunks = 4
        let chunkSize = (examples.count + chunks - 1) / max(chunks, 1)
        let packs = languages
        let jobs = Array(0..<(chunks + 2))
        let parts = Concurrently.map(jobs) { job -> Part in
            switch job {
            case chunks:
                return .detector(LanguageDetector(examples: detectorExamples, languages: packs))
            case chunks + 1:
                let vocabulary = IntentClassifier.vocabulary(examples)
                return .spelling(vocabulary, SpellingIndex(words: vocabulary.keys.sorted(), minimumLength: 4))
            default:
                let range = min(examples.count, job * chunkSize)..<min(examples.count, (job + 1) * chunkSize)
                return .features(examples[range].map { IntentClassifier.featurise($0.units) })
            }
        }
        var vectors: [IntentClassifier.FeatureVector] = []
        var detector: LanguageDetector? = nil
        var vocabulary: [String: Int] = [:]
        var spelling: SpellingIndex? = nil
        for part in parts {
            switch part {
            case .features(let chunk): vectors += chunk
            case .detector(let built): detector = built
            case .spelling(let words, let index): (vocabulary, spelling) = (words, index)
            }
        }
        let classifier = IntentClassifier(intents: examples.map(\.intent), vectors: vectors, vocabulary: vocabulary, spelling: spelling!)
        return (classifier, detector!)
    }

    /// Level phrases and language names from the `synonym` entries of every intents file.
    private func synonymIndexes() -> (PhraseIndex<CEFRLevel>, PhraseIndex<String>) {
        let languageCodes = Set(languages.map(\.code))
        var levelPhrases = PhraseIndex<CEFRLevel>()
        var languageNames = PhraseIndex<String>()
        for data in training {
            for synonym in data.synonyms {
                let tokens = tokeniser.tokens(TextNormaliser.clean(synonym.phrase)).map(\.text)
                if tokens.isEmpty { diagnostics.error(synonym.file, synonym.line, "synonym phrase has no words"); continue }
                if let level = CEFRLevel(code: synonym.value), synonym.value != "0" {
                    levelPhrases.insert(tokens, level)
                } else if languageCodes.contains(synonym.value) {
                    languageNames.insert(tokens, synonym.value)
                } else {
                    diagnostics.error(synonym.file, synonym.line, "synonym '\(synonym.value)' is neither a CEFR level (none, A1 … C2) nor a language code with a language file")
                }
            }
        }
        return (levelPhrases, languageNames)
    }
}

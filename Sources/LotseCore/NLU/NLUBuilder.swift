/// Builds the NLU in two steps: `prepare` turns the intents files into examples of words with
/// entity placeholders (the expensive part: tokenising and extracting entities of every example),
/// `build` makes the entity extractor, the intent classifier and the language detector from them.
/// The prepared examples can be cached between runs (`TrainingCache`).
struct NLUBuilder {
    let tokeniser: Tokeniser
    let languages: [LanguagePack]
    let gazetteer: Gazetteer
    let numberWords: NumberWords.Table
    /// Synonyms named `FACT=VALUE` are phrases for a fact's value.
    let facts: FactSettings
    /// The language whose name beside a negation means «no level» (`topics.yml`, `level_language`).
    let levelLanguage: String?
    let diagnostics: Diagnostics

    // MARK: Preparing

    func prepare(_ training: [TrainingData]) -> PreparedTraining {
        let synonyms = training.flatMap(\.synonyms).map { (value: $0.value, phrase: $0.phrase) }
        // Each distinct value is checked once: asking CLDR about a code thousands of times slowed the start.
        let knownValues = Set(synonyms.map(\.value)).filter {
            CEFRLevel(code: $0) != nil || facts.parse($0) != nil || (!$0.contains("=") && LanguageNames.isKnown($0))
        }
        for data in training {
            for synonym in data.synonyms where tokeniser.tokens(TextNormaliser.clean(synonym.phrase)).isEmpty {
                diagnostics.error(synonym.file, synonym.line, "synonym phrase has no words")
            }
            for synonym in data.synonyms where !knownValues.contains(synonym.value) {
                diagnostics.error(synonym.file, synonym.line, "synonym '\(synonym.value)' is neither a CEFR level (none, A1 … C2), a fact value of facts.yml (status=recognised_protection …) nor an ISO 639 language code (de, ku, ps …)")
            }
        }
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
        let extractor = makeExtractor(synonyms: synonyms, vocabulary: vocabulary)

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
        var examples: [PreparedTraining.Example] = []
        for (example, units) in featurised.joined() {
            if units.isEmpty { diagnostics.warning(example.file, example.line, "example has no words, so it teaches nothing"); continue }
            examples.append(.init(intent: example.intent, language: example.language, text: example.text, units: units))
        }
        for data in training {
            let intents = Set(data.examples.map(\.intent))
            for intent in Intent.allCases where !intents.contains(intent) {
                diagnostics.warning("intents/\(data.language).yml", nil, "no examples for intent '\(intent.rawValue)'")
            }
        }
        return PreparedTraining(examples: examples, synonyms: synonyms, vocabulary: vocabulary.sorted(),
                                languages: training.map(\.language))
    }

    // MARK: Building

    /// `cached` is the classifier the training cache kept for these examples, if any: then only the
    /// extractor and the language detector are built.
    func build(_ prepared: PreparedTraining, classifier cached: IntentClassifier? = nil) -> NLU {
        let extractor = makeExtractor(synonyms: prepared.synonyms, vocabulary: Set(prepared.vocabulary))
        let examples = prepared.examples.map { (intent: $0.intent, text: $0.text, units: $0.units) }
        let detectorExamples = prepared.examples.map { (language: $0.language, text: $0.text, units: $0.units) }
        let (classifier, detector) = cached.map { ($0, LanguageDetector(examples: detectorExamples, languages: languages)) }
            ?? buildClassifier(examples, languages: prepared.examples.map(\.language), detectorExamples: detectorExamples)
        let romanisers = languages.filter { !$0.romanisation.isEmpty }.compactMap { language in
            Script(rawValue: language.script).map { (language.code, (rules: Transliterator(rules: language.romanisation), script: $0)) }
        }
        return NLU(tokeniser: tokeniser, extractor: extractor, classifier: classifier, detector: detector,
                   romanisers: Dictionary(uniqueKeysWithValues: romanisers),
                   defaultLanguage: languages.contains { $0.code == "de" } ? "de" : languages[0].code)
    }

    private func makeExtractor(synonyms: [(value: String, phrase: String)], vocabulary: Set<String>) -> EntityExtractor {
        var levelPhrases = PhraseIndex<CEFRLevel>()
        var languageNames = PhraseIndex<String>()
        var factPhrases = PhraseIndex<String>()
        for synonym in synonyms {
            let tokens = tokeniser.tokens(TextNormaliser.clean(synonym.phrase)).map(\.text)
            guard !tokens.isEmpty else { continue }
            if let level = CEFRLevel(code: synonym.value), synonym.value != "0" {
                levelPhrases.insert(tokens, level)
            } else if synonym.value.contains("=") {
                if facts.parse(synonym.value) != nil { factPhrases.insert(tokens, synonym.value) }
            } else {
                // Every other value is a language code (`prepare` rejects the rest), languages without a
                // language file too: the dialogue says it cannot write in them.
                languageNames.insert(tokens, synonym.value)
            }
        }
        var needWords = PhraseIndex<String>()
        for language in languages {
            for (need, phrases) in language.needs {
                for phrase in phrases {
                    let tokens = tokeniser.words(phrase)
                    if !tokens.isEmpty { needWords.insert(tokens, need) }
                }
            }
        }
        /// The phrases of one word list of every language, each found with its language's code.
        func phrases(_ list: (LanguagePack) -> [String]) -> PhraseIndex<String> {
            var index = PhraseIndex<String>()
            for language in languages {
                for phrase in list(language) {
                    let tokens = tokeniser.words(phrase)
                    if !tokens.isEmpty { index.insert(tokens, language.code) }
                }
            }
            return index
        }
        // Each language's negations, tokenised once: the extractor reads them per language and all together.
        let negations = Dictionary(uniqueKeysWithValues: languages.map { ($0.code, Set($0.negations.flatMap { tokeniser.tokens($0).map(\.text) })) })
        return EntityExtractor(
            gazetteer: gazetteer, numberWords: numberWords.index, longNumberWords: numberWords.longWords, levelPhrases: levelPhrases, languageNames: languageNames, factPhrases: factPhrases,
            ageWords: Set(languages.flatMap(\.ageWords).flatMap { tokeniser.tokens($0).map(\.text) }),
            ageSubjects: Set(languages.flatMap(\.ageSubjects).flatMap { tokeniser.tokens($0).map(\.text) }),
            selfWords: Set(languages.flatMap(\.selfWords).flatMap { tokeniser.tokens($0).map(\.text) }),
            placePrepositions: Set(languages.flatMap(\.placePrepositions).flatMap { tokeniser.tokens($0).map(\.text) }),
            placeFollowers: Set(languages.flatMap(\.placeFollowers).flatMap { tokeniser.tokens($0).map(\.text) }),
            negations: negations.values.reduce(into: Set<String>()) { $0.formUnion($1) }, levelLanguage: levelLanguage,
            monthWords: Set(languages.flatMap(\.monthWords).flatMap { tokeniser.tokens($0).map(\.text) }),
            changeWords: phrases(\.changeWords), alreadyWords: phrases(\.alreadyWords),
            negationsByLanguage: negations,
            selfWordsByLanguage: Dictionary(uniqueKeysWithValues: languages.map { ($0.code, Set($0.selfWords.flatMap { tokeniser.tokens($0).map(\.text) })) }),
            requestWords: phrases(\.requestWords), offerQuestionWords: phrases(\.offerQuestionWords), durationBefore: phrases(\.durationBefore), durationAfter: phrases(\.durationAfter), goalWords: phrases(\.goalWords), goalWordsAfter: phrases(\.goalWordsAfter),
            laterWords: phrases(\.laterWords), nowWords: phrases(\.nowWords), futureWords: phrases(\.futureWords), needWords: needWords,
            placeSuffixes: Array(Set(languages.flatMap(\.placeSuffixes).map { tokeniser.normaliser.fold($0) }))
                .sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) },
            vocabulary: vocabulary,
            cefrLookalikes: tokeniser.normaliser.cefrLookalikes)
    }

    /// Features of the examples in parallel chunks, and beside them the language detector and the
    /// typo index; then the classifier from the features.
    private func buildClassifier(_ examples: [(intent: Intent, text: String, units: [String])], languages exampleLanguages: [String],
                                 detectorExamples: [(language: String, text: String, units: [String])]) -> (IntentClassifier, LanguageDetector) {
        enum Part { case features([(IntentClassifier.FeatureVector, IntentClassifier.FeatureVector)]), detector(LanguageDetector), spelling([String: Int], SpellingIndex) }
        let chunks = 4
        let chunkSize = (examples.count + chunks - 1) / max(chunks, 1)
        let packs = languages
        let parts = Concurrently.map(Array(0..<(chunks + 2))) { job -> Part in
            switch job {
            case chunks:
                return .detector(LanguageDetector(examples: detectorExamples, languages: packs))
            case chunks + 1:
                let vocabulary = IntentClassifier.vocabulary(examples.map { ($0.intent, $0.units) })
                return .spelling(vocabulary, SpellingIndex(words: vocabulary.keys.sorted(), minimumLength: 4))
            default:
                let range = min(examples.count, job * chunkSize)..<min(examples.count, (job + 1) * chunkSize)
                return .features(examples[range].map { (IntentClassifier.featurise($0.units), IntentClassifier.letterFeatures($0.units)) })
            }
        }
        var vectors: [IntentClassifier.FeatureVector] = []
        var letters: [IntentClassifier.FeatureVector] = []
        var detector: LanguageDetector? = nil
        var vocabulary: [String: Int] = [:]
        var spelling: SpellingIndex? = nil
        for part in parts {
            switch part {
            case .features(let chunk): vectors += chunk.map(\.0); letters += chunk.map(\.1)
            case .detector(let built): detector = built
            case .spelling(let words, let index): (vocabulary, spelling) = (words, index)
            }
        }
        let classifier = IntentClassifier(intents: examples.map(\.intent), languages: exampleLanguages, texts: examples.map(\.text),
                                          vectors: vectors, letters: letters, vocabulary: vocabulary, spelling: spelling!)
        return (classifier, detector!)
    }
}

/// Builds the NLU from the intents files and the language files: entity phrase tables, the
/// intent classifier and the language detector.
struct NLUBuilder {
    let tokeniser: Tokeniser
    let languages: [LanguagePack]
    let gazetteer: Gazetteer
    let training: [TrainingData]
    let diagnostics: Diagnostics

    func build() -> NLU {
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
        // Every example's words, without its annotated spans: the ordinary vocabulary.
        var tokenised: [(example: TrainingExample, tokens: [Token], annotated: [Entity.Kind?])] = []
        var vocabulary = Set<String>()
        for data in training {
            for example in data.examples {
                let tokens = tokeniser.tokens(example.text)
                var annotated = [Entity.Kind?](repeating: nil, count: tokens.count)
                for (index, token) in tokens.enumerated() {
                    if let entity = example.entities.first(where: { token.start < $0.end && token.end > $0.start }) {
                        annotated[index] = entity.kind
                    } else {
                        vocabulary.insert(token.text)
                    }
                }
                tokenised.append((example, tokens, annotated))
            }
        }
        let extractor = EntityExtractor(
            gazetteer: gazetteer,
            numberWords: NumberWords.build(languages: languages, tokeniser: tokeniser),
            levelPhrases: levelPhrases, languageNames: languageNames,
            ageWords: Set(languages.flatMap(\.ageWords).flatMap { tokeniser.tokens($0).map(\.text) }),
            placePrepositions: Set(languages.flatMap(\.placePrepositions).flatMap { tokeniser.tokens($0).map(\.text) }),
            placeSuffixes: Array(Set(languages.flatMap(\.placeSuffixes).map { tokeniser.normaliser.fold($0) })).sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) },
            vocabulary: vocabulary,
            cefrLookalikes: tokeniser.normaliser.cefrLookalikes)

        // Annotated spans and what the extractor finds become placeholders, exactly as at run time.
        var examples: [(intent: Intent, units: [String])] = []
        var detectorExamples: [(language: String, text: String, units: [String])] = []
        for (example, tokens, annotated) in tokenised {
            let found = extractor.extract(tokens, expecting: nil).covered
            let covered = zip(annotated, found).map { $0 ?? $1 }
            let units = Featuriser.units(tokens, covered: covered)
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
        let classifier = IntentClassifier(examples: examples)
        let detector = LanguageDetector(examples: detectorExamples, languages: languages)
        return NLU(tokeniser: tokeniser, extractor: extractor, classifier: classifier, detector: detector,
                   defaultLanguage: languages.contains { $0.code == "de" } ? "de" : languages[0].code)
    }
}

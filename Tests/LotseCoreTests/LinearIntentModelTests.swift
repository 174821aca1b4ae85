import Foundation
import Testing
@testable import LotseCore

@Suite struct LinearIntentModelTests {
    /// Every third prepared example of the shipped phrases: enough intents and languages for the
    /// model to learn something, small enough to train twice in a debug build.
    static func examples() throws -> [PreparedTraining.Example] {
        _ = Fixtures.knowledge  // writes the training cache
        let loader = KnowledgeLoader(root: Fixtures.root)
        let fingerprint = TrainingCache.fingerprint([loader.knowledgeDirectory, loader.intentsDirectory])
        let prepared = try #require(TrainingCache.load(fingerprint: fingerprint)?.prepared)
        return prepared.examples.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
    }

    static func classifier(_ examples: [PreparedTraining.Example]) -> IntentClassifier {
        let vocabulary = IntentClassifier.vocabulary(examples.map { ($0.intent, $0.units) })
        return IntentClassifier(intents: examples.map(\.intent), languages: examples.map(\.language), texts: examples.map(\.text),
                                vectors: examples.map { IntentClassifier.featurise($0.units) },
                                letters: examples.map { IntentClassifier.letterFeatures($0.units) }, vocabulary: vocabulary,
                                spelling: SpellingIndex(words: vocabulary.keys.sorted(), minimumLength: 4))
    }

    @Test func twoBuildsFromTheSamePhrasesAreBitIdentical() throws {
        let examples = try Self.examples()
        let first = Self.classifier(examples), second = Self.classifier(examples)
        var a = BinaryWriter(), b = BinaryWriter()
        first.linear.write(to: &a)
        second.linear.write(to: &b)
        #expect(first.linear.weightCount > 1000)
        #expect(a.bytes == b.bytes)
        for text in ["ich suche einen deutschkurs", "where is the nearest kita", "مرحبا", "je veux étudier"] {
            let units = Fixtures.nlu.tokeniser.words(text)
            #expect(first.rank(units).map(\.score) == second.rank(units).map(\.score))
        }
    }

    @Test func theModelLearnsThePhrasesItWasBuiltFrom() throws {
        let examples = try Self.examples()
        let classifier = Self.classifier(examples)
        let sample = examples.enumerated().filter { $0.offset % 20 == 0 }.map(\.element)
        let right = sample.filter { example in
            let units = example.units
            let explanation = classifier.explain(units, language: example.language, intent: example.intent)
            return explanation.probability >= 0.5
        }
        // A model that learnt nothing gives each of 21 intents about 5 %.
        #expect(Double(right.count) >= 0.8 * Double(sample.count))
    }

    @Test func anExplanationNamesWordsAndLettersOfTheMessage() throws {
        let text = "Ich suche einen Deutschkurs für meine Frau"
        let result = Fixtures.nlu.parse(text, explaining: true)
        let explanation = try #require(result.explanation)
        #expect(result.intent == .askLanguageCourse)
        #expect(explanation.nearest.first?.intent == Intent.askLanguageCourse.rawValue)
        #expect(!explanation.features.isEmpty)
        #expect(explanation.features.first.map { $0.weight > 0 } == true)
        let words = Fixtures.nlu.tokeniser.words(text)
        for feature in explanation.features {
            let parts = feature.feature.replacingOccurrences(of: "…", with: "").replacingOccurrences(of: " ∎", with: "")
                .split(separator: " ").map(String.init)
            #expect(!parts.isEmpty)
            for part in parts {
                // «_ku» starts a word, «rs_» ends one.
                let inner = part.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
                let found = words.contains { word in
                    word.contains(inner) && (!part.hasPrefix("_") || word.hasPrefix(inner)) && (!part.hasSuffix("_") || word.hasSuffix(inner))
                }
                #expect(found, "«\(feature.feature)» is not in «\(text)»")
            }
        }
        // The letters say which kind of feature they are: a word is a whole word of the message.
        for feature in explanation.features where feature.kind == "word" { #expect(words.contains(feature.feature)) }
    }
}

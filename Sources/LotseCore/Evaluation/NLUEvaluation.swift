import Foundation

/// Measures the NLU on a held-out set written apart from the phrases (`Tests/HeldOut/<lang>.yml`,
/// same format): intent accuracy, per-intent precision and recall, confusions, and entity accuracy.
/// The same report as `rasa test nlu`, per language.
public struct NLUEvaluation: Sendable {
    public struct IntentStats: Sendable, Codable {
        public var support = 0
        public var truePositives = 0
        public var predicted = 0
        public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        public var recall: Double { support == 0 ? 0 : Double(truePositives) / Double(support) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public struct LanguageReport: Sendable, Codable {
        public var language: String
        public var examples = 0
        public var correct = 0
        public var intents: [String: IntentStats] = [:]
        /// "expected → predicted": count
        public var confusions: [String: Int] = [:]
        public var entitiesExpected = 0
        public var entitiesFound = 0
        public var languageDetected = 0
        /// Utterances whose words also stand as an example in the phrase files are not held out:
        /// accuracy is reported on the others too.
        public var unseenExamples = 0
        public var unseenCorrect = 0
        public var errors: [String] = []
        /// Every utterance with its label and answer, when asked for (`lotse test --predictions`):
        /// what a comparison with another classifier (`Benchmarks/peers/`) pairs item by item.
        public var predictions: [Prediction]? = nil

        public var accuracy: Double { examples == 0 ? 0 : Double(correct) / Double(examples) }
        public var entityAccuracy: Double { entitiesExpected == 0 ? 1 : Double(entitiesFound) / Double(entitiesExpected) }
        public var languageAccuracy: Double { examples == 0 ? 0 : Double(languageDetected) / Double(examples) }
        public var unseenAccuracy: Double { unseenExamples == 0 ? 0 : Double(unseenCorrect) / Double(unseenExamples) }
    }

    /// One held-out utterance as read: where it stands, what it should be, what it was.
    public struct Prediction: Sendable, Codable {
        public var language: String
        public var file: String
        public var line: Int
        public var text: String
        public var expected: String
        public var predicted: String
        public var unseen: Bool
    }

    public let knowledge: KnowledgeBase
    /// Whether reports list every prediction.
    public var recordsPredictions = false
    /// The phrase files' examples by language and words, to tell which held-out utterances they contain.
    let phrases: Set<String>

    public init(knowledge: KnowledgeBase, phrases: [TrainingData] = []) {
        self.knowledge = knowledge
        self.phrases = Set(phrases.flatMap { data in data.examples.map { Self.key(data.language, $0.text, knowledge) } })
    }

    /// An utterance as its words, so case, punctuation and spacing do not hide a copy.
    static func key(_ language: String, _ text: String, _ knowledge: KnowledgeBase) -> String {
        language + ":" + knowledge.nlu.tokeniser.words(text).joined(separator: " ")
    }

    /// Evaluates every `<lang>.yml` in `directory`.
    public func run(directory: String) throws -> [LanguageReport] {
        let diagnostics = Diagnostics()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        var reports: [LanguageReport] = []
        for name in names {
            let language = (name as NSString).deletingPathExtension
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = TrainingData.load(path: path, displayName: path, language: language, diagnostics: diagnostics) else { continue }
            reports.append(evaluate(data))
        }
        try diagnostics.throwIfErrors()
        return reports
    }

    public func evaluate(_ data: TrainingData) -> LanguageReport {
        var report = LanguageReport(language: data.language)
        if recordsPredictions { report.predictions = [] }
        evaluate(data.examples, into: &report)
        return report
    }

    /// k-fold cross-validation over the phrases themselves, like `rasa test nlu --cross-validation`:
    /// every k-th example of each file (so every intent) is left out in turn and read by an NLU
    /// built from the rest. It shows phrase writers their weak intents without the held-out set.
    public static func crossValidate(_ loader: KnowledgeLoader, folds: Int) throws -> [LanguageReport] {
        let training = try loader.trainingData()
        var reports = Dictionary(uniqueKeysWithValues: training.map { ($0.language, LanguageReport(language: $0.language)) })
        for fold in 0..<folds {
            let left = training.map { data in (data.language, data.examples.enumerated().filter { $0.offset % folds == fold }.map(\.element)) }
            let keys = Set(left.flatMap { $0.1.map { ExampleKey(language: $0.language, text: $0.text) } })
            let evaluation = NLUEvaluation(knowledge: try loader.load(trainingWithout: keys))
            for (language, examples) in left { evaluation.evaluate(examples, into: &reports[language]!) }
        }
        return training.map { reports[$0.language]! }
    }

    private func evaluate(_ examples: [TrainingExample], into report: inout LanguageReport) {
        for example in examples {
            // Each utterance is read as the first message of a conversation in its language.
            let result = knowledge.nlu.parse(example.text, context: ParseContext(language: nil))
            report.examples += 1
            let unseen = !phrases.isEmpty && !phrases.contains(Self.key(report.language, example.text, knowledge))
            if unseen { report.unseenExamples += 1 }
            let expected = example.intent.rawValue, predicted = result.intent.rawValue
            if unseen && expected == predicted { report.unseenCorrect += 1 }
            report.intents[expected, default: IntentStats()].support += 1
            report.intents[predicted, default: IntentStats()].predicted += 1
            if expected == predicted {
                report.correct += 1
                report.intents[expected]!.truePositives += 1
            } else {
                report.confusions["\(expected) → \(predicted)", default: 0] += 1
                report.errors.append("\(example.file):\(example.line): \(expected) → \(predicted): \(example.text)")
            }
            report.predictions?.append(Prediction(language: report.language, file: example.file, line: example.line, text: example.text,
                                                  expected: expected, predicted: predicted, unseen: unseen))
            if result.language == report.language { report.languageDetected += 1 }
            for entity in example.entities {
                report.entitiesExpected += 1
                if result.entities.contains(where: { $0.kind == entity.kind && $0.start < entity.end && $0.end > entity.start }) {
                    report.entitiesFound += 1
                } else {
                    report.errors.append("\(example.file):\(example.line): missed \(entity.kind.rawValue) «\(entity.text)» in: \(example.text)")
                }
            }
        }
    }
}

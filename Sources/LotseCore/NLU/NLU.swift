import Foundation

/// The natural-language understanding pipeline: clean → tokenise → find entities → detect the
/// language → rank intents. Deterministic: the same text in the same context always gives the same
/// result. A class: every turn reads it, and a struct of its size was copied field by field
/// (dozens of reference counts) on each read through the knowledge base.
public final class NLU: Sendable {
    public let tokeniser: Tokeniser
    public let extractor: EntityExtractor
    let classifier: IntentClassifier
    let detector: LanguageDetector
    /// How each language written in another script is read when typed in Latin letters, and in
    /// which script.
    let romanisers: [String: (rules: Transliterator, script: Script)]
    public let defaultLanguage: String
    /// Below this similarity the message is treated as out of scope.
    public static let threshold: Float = 0.3
    /// Below this similarity a message made mostly of facts is read as giving those facts.
    public static let informThreshold: Float = 0.5
    /// A topic ranked right after `inform` wins from this share of inform's similarity on (chosen by
    /// 5-fold cross-validation of the phrase files: 85.2 → 85.5 %; 0.7–0.9 all within 0.1 of it).
    public static let topicOverInform: Float = 0.8

    init(tokeniser: Tokeniser, extractor: EntityExtractor, classifier: IntentClassifier,
         detector: LanguageDetector, romanisers: [String: (rules: Transliterator, script: Script)] = [:], defaultLanguage: String) {
        self.tokeniser = tokeniser
        self.extractor = extractor
        self.classifier = classifier
        self.detector = detector
        self.romanisers = romanisers
        self.defaultLanguage = defaultLanguage
    }

    /// With `explaining`, the result says why (`ParseExplanation`): the nearest phrases and the
    /// features that weighed most, at the cost of a second pass over the examples.
    public func parse(_ raw: String, context: ParseContext = ParseContext(), explaining: Bool = false) -> ParseResult {
        let text = TextNormaliser.clean(raw)
        if let payload = parsePayload(text, context: context) { return payload }
        let reading = read(text, context: context, explaining: explaining)
        return readInOwnScript(text, firstReading: reading, context: context, explaining: explaining) ?? reading
    }

    /// One reading of a cleaned message: entities, language, intents.
    func read(_ text: String, context: ParseContext, explaining: Bool = false) -> ParseResult {
        let tokens = tokeniser.tokens(text)
        let (entities, covered) = extractor.extract(tokens, expecting: context.expecting)
        let units = Featuriser.units(tokens, covered: covered)
        let language = detector.detect(text: text, units: units, current: context.language, settled: context.languageSettled)
            ?? context.language ?? defaultLanguage
        var ranking = classifier.rank(units, language: language)
        var intent = ranking.first?.intent ?? .outOfScope
        var confidence = ranking.first?.score ?? 0
        let informative = entities.contains { $0.kind != .language }
        if confidence < Self.threshold {
            intent = informative ? .inform : .outOfScope
            confidence = informative ? max(confidence, Self.threshold) : 1 - confidence
            ranking.removeAll { $0.intent == intent }
            ranking.insert((intent, confidence), at: 0)
        } else if informative && (intent == .outOfScope || confidence < Self.informThreshold),
                  units.filter({ $0.hasPrefix("@") }).count * 2 >= units.count {
            // A message that is mostly facts («в Ростоке», «34, A1») gives facts unless it clearly says more.
            ranking.removeAll { $0.intent == .inform }
            ranking.insert((.inform, confidence), at: 0)
            intent = .inform
        } else if intent == .inform, ranking.count > 1, ranking[1].intent.isTopic,
                  ranking[1].score >= Self.topicOverInform * confidence {
            // «my kid is 6, does he have to go to school?»: the facts are taken whatever the intent,
            // so a close topic costs nothing when wrong, where `inform` would lose the topic.
            ranking.swapAt(0, 1)
            intent = ranking[0].intent
            confidence = ranking[0].score
        }
        var result = ParseResult(text: text, language: language, intent: intent, confidence: confidence,
                                 ranking: ranking.map { ($0.intent, $0.score) }, entities: entities)
        if explaining { result.explanation = classifier.explain(units, language: language, intent: intent) }
        return result
    }

    /// An ISO 639 code as the language buttons send it (two or three small ASCII letters).
    static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.utf8.count) && code.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    /// Button payloads in Rasa's form: `/intent` or `/intent{"entity": "value"}`.
    private func parsePayload(_ text: String, context: ParseContext) -> ParseResult? {
        guard text.hasPrefix("/"), text.count > 1 else { return nil }
        let body = text.dropFirst()
        let name = String(body.prefix { $0 != "{" })
        guard let intent = Intent(rawValue: name) else { return nil }
        var entities: [Entity] = []
        let json = body.dropFirst(name.count)
        if !json.isEmpty {
            guard let data = json.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                guard let kind = Entity.Kind(rawValue: key) else { continue }
                let string = (value as? String) ?? (value as? NSNumber)?.stringValue ?? ""
                var places: [Place] = []
                // A payload is typed by whoever calls the API, not only sent back from a button, so
                // its facts pass the same checks as facts found in a typed message.
                switch kind {
                case .residence:
                    places = extractor.gazetteer.lookup(name: string, tokeniser: tokeniser)
                    if places.isEmpty { continue }
                case .age:
                    guard let age = Int(string), EntityExtractor.plausibleAges.contains(age) else { continue }
                case .languageLevel:
                    guard CEFRLevel(code: string) != nil else { continue }
                case .language:
                    guard Self.isLanguageCode(string) else { continue }
                case .fact:
                    // «status=recognised_protection»; the dialogue checks name and value against facts.yml.
                    guard string.split(separator: "=").count == 2 else { continue }
                }
                entities.append(Entity(kind: kind, value: string, start: 0, end: text.count, text: string,
                                       extractor: "payload", places: places))
            }
        }
        let ranking = [(intent, Float(1))] + Intent.allCases.filter { $0 != intent }.map { ($0, Float(0)) }
        return ParseResult(text: text, language: context.language ?? defaultLanguage, intent: intent,
                           confidence: 1, ranking: ranking, entities: entities)
    }
}

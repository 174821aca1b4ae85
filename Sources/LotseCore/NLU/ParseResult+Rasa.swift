import Foundation

/// The JSON of Rasa's `/model/parse` answer, so partners' tooling reads Lotse like Rasa.
public struct RasaParse: Codable, Sendable, Equatable {
    public struct IntentScore: Codable, Sendable, Equatable {
        public var name: String
        public var confidence: Double
    }

    public struct EntityData: Codable, Sendable, Equatable {
        public var entity: String
        public var value: String
        public var start: Int
        public var end: Int
        public var confidence_entity: Double
        public var extractor: String
        /// Residence: the district key (pilot regions) or the state key (elsewhere in Germany).
        public var region: String?
        public var municipality_key: String?
        public var state: String?
        /// Residence: the candidates when the name is ambiguous.
        public var options: [String]?
    }

    public var text: String
    /// A message typed in Latin letters in a language of another script, as it was read
    /// («privet» → «привет»); entity offsets then count in this text.
    public var read_as: String?
    public var language: String
    public var intent: IntentScore
    public var intent_ranking: [IntentScore]
    public var entities: [EntityData]
    /// Lotse's addition to Rasa's shape, present when the parse was explained: the nearest phrases
    /// and the features that decided.
    public var explanation: ParseExplanation?

    public init(_ result: ParseResult) {
        func rounded(_ value: Float) -> Double { (Double(value) * 10_000).rounded() / 10_000 }
        text = result.writtenAs ?? result.text
        read_as = result.writtenAs == nil ? nil : result.text
        language = result.language
        intent = IntentScore(name: result.intent.rawValue, confidence: rounded(result.confidence))
        intent_ranking = result.ranking.prefix(10).map { IntentScore(name: $0.intent.rawValue, confidence: rounded($0.confidence)) }
        entities = result.entities.map { entity in
            let place = entity.places.count == 1 ? entity.places[0] : nil
            return EntityData(entity: entity.kind.rawValue, value: entity.value, start: entity.start, end: entity.end,
                              confidence_entity: 1.0, extractor: entity.extractor, region: place?.regionKey,
                              municipality_key: place?.municipalityKey, state: place?.stateKey,
                              options: entity.places.count > 1 ? entity.places.map(\.name) : nil)
        }
        explanation = result.explanation
    }
}

/// One bot message in the JSON of Rasa's REST channel.
public struct RasaMessage: Codable, Sendable, Equatable {
    public var recipient_id: String
    public var text: String?
    public var buttons: [Button]?
    public var custom: ReferralPayload?

    public init(recipient: String, message: BotMessage) {
        recipient_id = recipient
        text = message.text
        buttons = message.buttons.isEmpty ? nil : message.buttons
        custom = message.custom
    }
}

public enum LotseJSON {
    /// Compact, stable output: sorted keys, no escaped slashes in URLs.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

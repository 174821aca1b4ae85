/// A choice offered to the person; `payload` is sent back as the next message when it is picked
/// (Rasa's convention: `/intent` or `/intent{"entity": "value"}`).
public struct Button: Sendable, Codable, Hashable {
    public var title: String
    public var payload: String

    public init(title: String, payload: String) {
        self.title = title
        self.payload = payload
    }
}

/// One message of the bot, in the shape of Rasa's REST channel (minus `recipient_id`, which the
/// front end adds).
public struct BotMessage: Sendable, Codable, Hashable {
    public var text: String?
    public var buttons: [Button]
    public var custom: ReferralPayload?
    /// The number the terminal and the kiosk show on the first button: after a list of offers it
    /// continues their numbers, so that a typed number never means an offer and a button on one
    /// screen. Not part of the JSON: messengers show buttons as buttons.
    public var firstButtonNumber = 1

    enum CodingKeys: String, CodingKey { case text, buttons, custom }

    public init(text: String? = nil, buttons: [Button] = [], custom: ReferralPayload? = nil) {
        self.text = text
        self.buttons = buttons
        self.custom = custom
    }
}

/// The machine-readable referral that partners' clients render as they like.
public struct ReferralPayload: Sendable, Codable, Hashable {
    public struct Residence: Sendable, Codable, Hashable {
        public var name: String
        public var region: String
        public var municipality_key: String?
    }

    public struct ProfileData: Sendable, Codable, Hashable {
        public var age: Int?
        public var language_level: String?
        public var residence: Residence?
        public var language: String
    }

    public struct OfferData: Sendable, Codable, Hashable {
        public var id: String
        public var category: String
        public var title: String
        public var region: String
        public var scope: String
        public var reason: String
        public var contact: Contact
        public var conditions: String?
        /// What the offer still depends on («Only if: …»); absent when it certainly fits.
        public var only_if: String?
    }

    public var type = "referral"
    public var topic: String?
    public var profile: ProfileData
    public var offers: [OfferData]
}

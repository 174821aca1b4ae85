/// The intents Lotse understands. The names are part of the public contract: the webhook, button
/// payloads and partners' Rasa data use them.
public enum Intent: String, Sendable, Codable, CaseIterable, Hashable {
    case greet, goodbye, thanks, affirm, deny, help, restart
    case chooseLanguage = "choose_language"
    case inform
    case askOffers = "ask_offers"
    case askLanguageCourse = "ask_language_course"
    case askChildcare = "ask_childcare"
    case askSchool = "ask_school"
    case askVocational = "ask_vocational"
    case askUniversity = "ask_university"
    case askRecognition = "ask_recognition"
    case askCounselling = "ask_counselling"
    case askLeisure = "ask_leisure"
    case askContact = "ask_contact"
    case more
    case outOfScope = "out_of_scope"

    /// The intents that name what the person is looking for.
    public var isTopic: Bool { rawValue.hasPrefix("ask_") && self != .askContact }
}

import Foundation

/// What a counsellor hands to the client at the end of a consultation: the chosen offers with
/// their contacts, in the client's language beside German — the client reads their own language,
/// the offices they call read German.
public struct Handout: Sendable {
    public let knowledge: KnowledgeBase
    /// The client's language.
    public let language: String
    public let matches: [Match]
    /// The coordination office of the client's district, named at the bottom for questions.
    public let office: Offer?
    public let residence: Place?
    public var date = Date()

    public init(knowledge: KnowledgeBase, language: String, matches: [Match], office: Offer?, residence: Place?) {
        self.knowledge = knowledge
        self.language = language
        self.matches = matches
        self.office = office
        self.residence = residence
    }

    /// The languages shown, client first; one column when the client reads German.
    var columns: [String] { language == "de" ? ["de"] : [language, "de"] }

    /// `lotse-handout-2026-11-22-1430-ar.html`: sortable, and no personal data in the name.
    public var fileName: String { "lotse-handout-\(formatted("yyyy-MM-dd-HHmmss"))-\(language).html" }

    /// The day, as ISO 8601: unambiguous in every language of the handout.
    var day: String { formatted("yyyy-MM-dd") }

    private func formatted(_ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    public func html() -> String { HandoutPage(handout: self).render() }
}

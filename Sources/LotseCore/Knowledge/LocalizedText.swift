/// A text in several languages. German is always present and is the fallback, because every offer
/// is first described by a German coordination office.
public struct LocalizedText: Sendable, Hashable, Codable {
    public let texts: [String: String]

    public init(_ texts: [String: String]) { self.texts = texts }

    /// The text in `language`, or German with `isFallback` set so the reader can be told.
    public func text(for language: String) -> (text: String, isFallback: Bool) {
        if let text = texts[language] { return (text, false) }
        return (texts["de"] ?? texts.values.sorted().first ?? "", language != "de")
    }

    public var german: String { texts["de"] ?? "" }
}

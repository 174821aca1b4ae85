/// A word or number of an utterance, in folded form, with its position in the clean text.
///
/// Positions count Unicode scalars, as Rasa and Python count string indices, so `start`/`end`
/// of an entity can be used directly by partners' code.
public struct Token: Sendable, Hashable {
    public var text: String
    public var start: Int
    public var end: Int
    /// True when the token is made only of digits (of any script, folded to ASCII).
    public var isNumber: Bool
    /// The token as written (clean form, not folded), for display and look-alike checks.
    public var original: String

    public init(text: String, start: Int, end: Int, isNumber: Bool, original: String) {
        self.text = text
        self.start = start
        self.end = end
        self.isNumber = isNumber
        self.original = original
    }
}

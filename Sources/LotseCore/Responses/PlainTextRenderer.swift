/// How the terminal shows messages: texts separated by blank lines, buttons as numbered choices
/// (typing the number picks the choice). Shared by `lotse chat` and the transcript tests.
///
/// A line whose first strong letter is right-to-left starts with a RIGHT-TO-LEFT MARK, so that
/// terminals that implement bidi give it right-to-left paragraph direction; Latin names, numbers
/// and phone numbers inside are already isolated by the message catalogue (FSI … PDI).
public enum PlainTextRenderer {
    public static func render(_ messages: [BotMessage]) -> String {
        var blocks: [String] = []
        for message in messages {
            if let text = message.text { blocks.append(directional(text)) }
            if !message.buttons.isEmpty {
                blocks.append(message.buttons.enumerated().map { "  [\($0.offset + 1)] \(directional($0.element.title))" }
                    .joined(separator: "\n"))
            }
        }
        return blocks.joined(separator: "\n\n")
    }

    static func directional(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { isRightToLeft($0) ? "\u{200F}" + $0 : String($0) }
            .joined(separator: "\n")
    }

    /// The direction of the first strong letter (Arabic script is right-to-left).
    static func isRightToLeft(_ line: Substring) -> Bool {
        for scalar in line.unicodeScalars where scalar.properties.isAlphabetic {
            return Script(scalar) == .arabic || (0x0590...0x05FF).contains(scalar.value)
        }
        return false
    }
}

/// How the terminal shows messages: texts separated by blank lines, buttons as numbered choices
/// (typing the number picks the choice). Shared by `lotse chat` and the transcript tests.
public enum PlainTextRenderer {
    public static func render(_ messages: [BotMessage]) -> String {
        var blocks: [String] = []
        for message in messages {
            if let text = message.text { blocks.append(text) }
            if !message.buttons.isEmpty {
                blocks.append(message.buttons.enumerated().map { "  [\($0.offset + 1)] \($0.element.title)" }.joined(separator: "\n"))
            }
        }
        return blocks.joined(separator: "\n\n")
    }
}

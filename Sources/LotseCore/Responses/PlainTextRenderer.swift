import Foundation

/// How the terminal shows messages: texts separated by blank lines, buttons as numbered choices
/// (typing the number picks the choice). Shared by `lotse chat` and the transcript tests.
///
/// A line whose first strong letter is right-to-left starts with a RIGHT-TO-LEFT MARK, so that
/// terminals that implement bidi give it right-to-left paragraph direction; Latin names, numbers
/// and phone numbers inside are already isolated by the message catalogue (FSI … PDI).
public enum PlainTextRenderer {
    /// `width`: wrap lines at word boundaries to this many columns (a terminal); nil leaves lines
    /// whole (a pipe, a transcript).
    public static func render(_ messages: [BotMessage], width: Int? = nil) -> String {
        var blocks: [String] = []
        for message in messages {
            if let text = message.text { blocks.append(directional(wrapped(text, width))) }
            if !message.buttons.isEmpty {
                blocks.append(message.buttons.enumerated()
                    .map { directional(wrapped("  [\(message.firstButtonNumber + $0.offset)] \($0.element.title)", width)) }
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

    // MARK: Wrapping

    static func wrapped(_ text: String, _ width: Int?) -> String {
        guard let width, width >= 8 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrap(line: $0, width: width) }
            .joined(separator: "\n")
    }

    /// Breaks one line between words; a word longer than the line is cut. Continuation lines keep
    /// the line's indentation, plus the width of a «[1] » choice number.
    static func wrap(line: Substring, width: Int) -> String {
        guard columns(line) > width else { return String(line) }
        var indent = String(line.prefix { $0 == " " })
        if line.dropFirst(indent.count).hasPrefix("["), let close = line.firstIndex(of: "]") {
            indent += String(repeating: " ", count: line.distance(from: line.index(line.startIndex, offsetBy: indent.count), to: close) + 2)
        }
        if indent.count > width / 2 { indent = "" }
        var lines: [String] = []
        var current = String(line.prefix { $0 == " " })
        var hasWord = false
        for piece in line.split(separator: " ", omittingEmptySubsequences: true) {
            var word = piece
            if columns(current[...]) + (hasWord ? 1 : 0) + columns(word) <= width {
                current += (hasWord ? " " : "") + word
                hasWord = true
                continue
            }
            if hasWord {
                lines.append(current)
                current = indent
            }
            while columns(current[...]) + columns(word) > width {
                let fits = max(1, width - columns(current[...]))
                lines.append(current + word.prefix(fits))
                word = word.dropFirst(fits)
                current = indent
            }
            current += word
            hasWord = true
        }
        if hasWord { lines.append(current) }
        return lines.joined(separator: "\n")
    }

    /// Terminal columns of a text: characters, without the invisible direction marks.
    static func columns(_ text: Substring) -> Int {
        text.unicodeScalars.filter { !(0x200E...0x200F).contains($0.value) && !(0x2066...0x2069).contains($0.value) }.count
    }
}

/// The writing system of a letter, from its Unicode block. Language detection starts here: a
/// message in Arabic script is Arabic or Persian, never Russian.
public enum Script: String, Sendable, Hashable, CaseIterable {
    case latin = "Latn", cyrillic = "Cyrl", arabic = "Arab", greek = "Grek", other = "Zyyy"

    public init(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: self = .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: self = .cyrillic
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
        default: self = .other
        }
    }

    /// The script's place in `allCases`, for counting in an array.
    var ordinal: Int {
        switch self {
        case .latin: return 0
        case .cyrillic: return 1
        case .arabic: return 2
        case .greek: return 3
        case .other: return 4
        }
    }

    /// The script most letters of a text are written in, or nil for a text without letters.
    public static func dominant(in text: String) -> Script? {
        var counts = [0, 0, 0, 0, 0]
        for scalar in text.unicodeScalars where LanguageDetector.isLetter(scalar) { counts[Script(scalar).ordinal] += 1 }
        counts[Script.other.ordinal] = 0
        let scripts = Script.allCases
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
              counts[best] > 0 else { return nil }
        return scripts[best]
    }
}

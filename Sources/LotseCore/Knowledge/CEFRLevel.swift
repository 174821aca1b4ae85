/// German level on the CEFR ladder, with `none` below A1 for people who speak no German yet.
public enum CEFRLevel: Int, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case none = 0, a1, a2, b1, b2, c1, c2

    public init?(code: String) {
        switch code.lowercased() {
        case "none", "0": self = .none
        case "a1": self = .a1
        case "a2": self = .a2
        case "b1": self = .b1
        case "b2": self = .b2
        case "c1": self = .c1
        case "c2": self = .c2
        default: return nil
        }
    }

    /// The code as written in data files and APIs: `none`, `A1` … `C2`.
    public var code: String { self == .none ? "none" : description }

    public var description: String {
        switch self {
        case .none: return "none"
        case .a1: return "A1"
        case .a2: return "A2"
        case .b1: return "B1"
        case .b2: return "B2"
        case .c1: return "C1"
        case .c2: return "C2"
        }
    }

    public static func < (lhs: CEFRLevel, rhs: CEFRLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let level = CEFRLevel(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown level \(code)"))
        }
        self = level
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

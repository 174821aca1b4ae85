import Foundation

/// Turns raw input into two forms: a *clean* form that is safe to show and store, and a *folded*
/// form for matching, in which case, accents, letter variants and digit scripts no longer matter.
///
/// Folding is done per Unicode scalar through a table that is computed once (NFKD, lower case,
/// combining marks dropped, decimal digits of any script to ASCII, then the data-driven foldings of
/// `knowledge/normalisation.yml`). A table lookup per scalar is what keeps parsing fast enough for
/// tens of thousands of utterances per second.
public struct TextNormaliser: Sendable {
    /// Scalars below this bound are folded through a precomputed array; the rest on demand.
    static let tableBound: UInt32 = 0x0800

    private let table: [String]
    private let extraFoldings: [UInt32: String]
    /// Look-alike letters accepted inside CEFR codes («А2» in Cyrillic).
    public let cefrLookalikes: [Character: Character]

    public init(foldings: [UInt32: String] = [:], cefrLookalikes: [Character: Character] = [:]) {
        self.extraFoldings = foldings
        self.cefrLookalikes = cefrLookalikes
        var table = [String]()
        table.reserveCapacity(Int(Self.tableBound))
        for value in 0..<Self.tableBound {
            guard let scalar = Unicode.Scalar(value) else { table.append(""); continue }
            table.append(Self.computeFold(scalar, foldings: foldings))
        }
        self.table = table
    }

    /// The folded form of one scalar: lower case, without accents, digits as ASCII.
    @inline(__always)
    public func fold(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < Self.tableBound { return table[Int(scalar.value)] }
        if let folded = extraFoldings[scalar.value] { return folded }
        return Self.computeFold(scalar, foldings: extraFoldings)
    }

    /// The folded form of a whole string (no tokenisation).
    public func fold(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { result += fold(scalar) }
        return result
    }

    static func computeFold(_ scalar: Unicode.Scalar, foldings: [UInt32: String]) -> String {
        if let folded = foldings[scalar.value] { return folded }
        let properties = scalar.properties
        if properties.numericType == .decimal, let value = properties.numericValue, value >= 0, value <= 9 {
            return String(Int(value))
        }
        if isRemovable(scalar) { return "" }
        var result = ""
        for part in String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars {
            if let folded = foldings[part.value] { result += folded; continue }
            switch part.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            case .spacingMark: result.unicodeScalars.append(part)
            default:
                for lower in part.properties.lowercaseMapping.unicodeScalars {
                    result += foldings[lower.value] ?? String(lower)
                }
            }
        }
        return result
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return scalar.properties.isWhitespace
    }

    /// Combining marks and the other code points whose NFC form differs or that combine.
    @inline(__always)
    static func mayCompose(_ value: UInt32) -> Bool {
        switch value {
        case 0x300...0x36F, 0x483...0x489, 0x591...0x5C7, 0x610...0x61A, 0x64B...0x65F, 0x670, 0x6D6...0x6ED,
             0x900...0x1FFF, 0x2000...0x2FFF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFB1D...0xFB4F, 0xFE20...0xFE2F:
            return true
        default:
            return value >= 0x10000
        }
    }

    /// Control characters and invisible formatting characters (bidi overrides, isolates, marks, BOM),
    /// except the joiners that Persian spelling needs.
    static func isRemovable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control: return true
        case .format: return scalar.value != 0x200C && scalar.value != 0x200D
        case .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// German spells umlauts as digraphs when the keyboard has none: «zwoelf», «Doebeln», «fuer».
    /// Names and number words are indexed in both spellings.
    public static func digraphSpelling(_ text: String) -> String? {
        guard text.unicodeScalars.contains(where: { "äöüÄÖÜß".unicodeScalars.contains($0) }) else { return nil }
        var result = ""
        for character in text {
            switch character {
            case "ä": result += "ae"
            case "ö": result += "oe"
            case "ü": result += "ue"
            case "Ä": result += "Ae"
            case "Ö": result += "Oe"
            case "Ü": result += "Ue"
            case "ß": result += "ss"
            default: result.append(character)
            }
        }
        return result
    }

    /// The form of the text that is kept and shown: NFC, no control or bidi-override characters,
    /// whitespace collapsed to single spaces, trimmed.
    public static func clean(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        // NFC only changes text with combining marks (or rare compatibility singletons above U+2000).
        let composed = text.unicodeScalars.contains { $0.value >= 0x300 && mayCompose($0.value) }
            ? text.precomposedStringWithCanonicalMapping : text
        for scalar in composed.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if scalar.value < 0x7F ? scalar.value < 0x20 : (isRemovable(scalar) || scalar.value == 0xFFFD) { continue }
            if pendingSpace { result.append(" "); pendingSpace = false }
            result.append(scalar)
        }
        return String(result)
    }
}

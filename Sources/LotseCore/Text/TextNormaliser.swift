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

    /// The form of the text that is kept and shown: NFC, no control or bidi-override characters,
    /// whitespace collapsed to single spaces, trimmed.
    public static func clean(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                pendingSpace = !result.isEmpty
                continue
            }
            if isRemovable(scalar) || scalar.value == 0xFFFD { continue }
            if pendingSpace { result.append(" "); pendingSpace = false }
            result.append(scalar)
        }
        return String(result)
    }
}

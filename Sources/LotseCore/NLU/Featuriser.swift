/// Turns tokens into the sparse features both training and parsing use: words, word prefixes (for
/// inflection: «Kurs», «Kurse», «Kursen»), neighbouring word pairs (for word order) and entity
/// placeholders (so «ich bin 34» and «ich bin 28» are the same sentence to the classifier).
struct Featuriser: Sendable {
    enum Kind: Int, CaseIterable {
        case word, shortPrefix, longPrefix, pair, entity

        var weight: Float {
            switch self {
            case .word: return 1.0
            case .shortPrefix: return 0.45
            case .longPrefix: return 0.65
            case .pair: return 0.55
            case .entity: return 1.0
            }
        }
    }

    /// The words of an utterance with entity spans replaced by one placeholder each.
    static func units(_ tokens: [Token], covered: [Entity.Kind?]) -> [String] {
        var units: [String] = []
        var previous: Entity.Kind? = nil
        for (token, kind) in zip(tokens, covered) {
            if let kind {
                if kind != previous { units.append("@" + kind.rawValue) }
            } else {
                units.append(token.text)
            }
            previous = kind
        }
        return units
    }

    static func features(_ units: [String], into emit: (Kind, String) -> Void) {
        for (index, unit) in units.enumerated() {
            if unit.hasPrefix("@") { emit(.entity, unit) } else {
                emit(.word, unit)
                let count = unit.count
                if count >= 5 { emit(.shortPrefix, String(unit.prefix(4))) }
                if count >= 7 { emit(.longPrefix, String(unit.prefix(6))) }
            }
            if index > 0 { emit(.pair, units[index - 1] + " " + unit) }
        }
        if units.count == 1 { emit(.pair, "^" + units[0] + "$") }
    }
}

import Foundation

/// Applies letter rules greedily, longest rule first at each position; letters without a rule stay.
/// Used both ways round: to spell German place names in another script (`transliteration` of a
/// language file) and to read a language typed in Latin letters in its own script (`romanisation`).
///
/// A rule written `^yi` applies only at the start of a word and `yi$` only at its end: how a
/// letter is read often depends on where it stands (Ukrainian «yi» is «ї» at the start of a word and
/// the ending «ий» at its end). An anchored rule counts as longer than a plain rule of the same letters.
struct Transliterator: Sendable {
    private struct Rule: Sendable {
        let from: [Character]
        let to: String
        let atStart: Bool
        let atEnd: Bool
        /// Sort order: letters first, an anchor breaks ties.
        var weight: Int { from.count * 4 + (atStart ? 1 : 0) + (atEnd ? 1 : 0) }
    }

    /// Rules by their first letter, longest first.
    private let rules: [Character: [Rule]]

    init(rules: [(from: String, to: String)]) {
        var byFirst: [Character: [Rule]] = [:]
        for rule in rules {
            var letters = Substring(rule.from)
            let atStart = letters.hasPrefix("^") && letters.count > 1
            if atStart { letters = letters.dropFirst() }
            let atEnd = letters.hasSuffix("$") && letters.count > 1
            if atEnd { letters = letters.dropLast() }
            guard let first = letters.first else { continue }
            byFirst[first, default: []].append(Rule(from: Array(letters), to: rule.to, atStart: atStart, atEnd: atEnd))
        }
        self.rules = byFirst.mapValues { $0.sorted { $0.weight > $1.weight } }
    }

    var isEmpty: Bool { rules.isEmpty }

    func apply(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var i = 0
        outer: while i < characters.count {
            for rule in rules[characters[i]] ?? [] where i + rule.from.count <= characters.count {
                let end = i + rule.from.count
                if rule.atStart, i > 0, Self.isWordLetter(characters[i - 1]) { continue }
                if rule.atEnd, end < characters.count, Self.isWordLetter(characters[end]) { continue }
                if characters[i..<end].elementsEqual(rule.from) {
                    result += rule.to
                    i = end
                    continue outer
                }
            }
            result.append(characters[i])
            i += 1
        }
        return result
    }

    /// Letters and the digits of chat spelling («3omri», «7abibi») belong to a word.
    static func isWordLetter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "'" }
}

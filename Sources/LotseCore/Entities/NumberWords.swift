import Foundation

/// Number words of every loaded language, built by letting ICU spell out 0…120 in each language's
/// locale and adding the language file's extra forms. Spelling out is exact; parsing with ICU is
/// lenient and returns partial matches, so Lotse only ever looks words up in this table.
public enum NumberWords {
    public static let range = 0...120

    /// The words and phrases of every language, and the long single words among them, for reading a
    /// number word typed one letter off («zweienhalb»).
    public struct Table: Sendable {
        public var index = PhraseIndex<Int>()
        public var longWords: [(word: [Unicode.Scalar], value: Int)] = []
    }

    /// How long a number word must be for a word one letter off to read as it: shorter ones are one
    /// letter from ordinary words («drei» – «frei», «six» – «sex»).
    public static let typoLength = 8

    public static func build(languages: [LanguagePack], tokeniser: Tokeniser) -> Table {
        var index = PhraseIndex<Int>()
        var long: [String: Int] = [:]
        func insert(_ tokens: [String], _ number: Int) {
            index.insert(tokens, number)
            if tokens.count == 1, tokens[0].count >= typoLength { long[tokens[0]] = number }
        }
        for language in languages {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: language.locale)
            formatter.numberStyle = .spellOut
            for number in range {
                guard let words = formatter.string(from: NSNumber(value: number)) else { continue }
                // Only accept a spelling that is not digits: a locale without spell-out rules echoes them.
                let tokens = tokeniser.tokens(words).map(\.text)
                guard !tokens.isEmpty, !tokens.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { continue }
                insert(tokens, number)
                if let digraphs = TextNormaliser.digraphSpelling(words) { insert(tokeniser.words(digraphs), number) }
            }
            for (words, number) in language.numberWords {
                let tokens = tokeniser.tokens(words).map(\.text)
                if !tokens.isEmpty { insert(tokens, number) }
            }
        }
        return Table(index: index, longWords: long.sorted { $0.key < $1.key }.map { (Array($0.key.unicodeScalars), $0.value) })
    }
}

import Foundation

/// Number words of every loaded language, built by letting ICU spell out 0…120 in each language's
/// locale and adding the language file's extra forms. Spelling out is exact; parsing with ICU is
/// lenient and returns partial matches, so Lotse only ever looks words up in this table.
public enum NumberWords {
    public static let range = 0...120

    public static func build(languages: [LanguagePack], tokeniser: Tokeniser) -> PhraseIndex<Int> {
        var index = PhraseIndex<Int>()
        for language in languages {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: language.locale)
            formatter.numberStyle = .spellOut
            for number in range {
                guard let words = formatter.string(from: NSNumber(value: number)) else { continue }
                // Only accept a spelling that is not digits: a locale without spell-out rules echoes them.
                let tokens = tokeniser.tokens(words).map(\.text)
                guard !tokens.isEmpty, !tokens.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { continue }
                index.insert(tokens, number)
                if let digraphs = TextNormaliser.digraphSpelling(words) { index.insert(tokeniser.words(digraphs), number) }
            }
            for (words, number) in language.numberWords {
                let tokens = tokeniser.tokens(words).map(\.text)
                if !tokens.isEmpty { index.insert(tokens, number) }
            }
        }
        return index
    }
}

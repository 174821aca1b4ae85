/// How a word sounds, as one letter per consonant sound: «Гюстров», «Gjustrov» and «غوستروف» all
/// give `kstrf`, like Güstrow. A newcomer types a German place name by ear, in their own script or
/// in Latin letters as their language would spell it; no list of spellings can foresee them all, but
/// their consonants survive. The rules are data (`knowledge/sounds.yml`, which explains them).
public struct SoundKey: Sendable {
    /// Letters of other scripts → their Latin sound («г» → «g», «ش» → «sh»).
    private let letters: [Character: String]
    /// Latin spellings → a sound class, by first letter, longest first.
    private let classes: [Character: [Spelling]]

    private struct Spelling: Sendable {
        let letters: [Character]
        let sound: String
        /// Matches only at the end of the word («h$»).
        let atEnd: Bool
    }

    /// Keys shorter than this are too vague to find a place by.
    public static let shortest = 3

    init(letters: [Character: String], classes: [(spelling: String, sound: String)]) {
        self.letters = letters
        var byFirst: [Character: [Spelling]] = [:]
        for (spelling, sound) in classes {
            let atEnd = spelling.hasSuffix("$")
            let characters = Array(atEnd ? String(spelling.dropLast()) : spelling)
            guard let first = characters.first else { continue }
            byFirst[first, default: []].append(Spelling(letters: characters, sound: sound, atEnd: atEnd))
        }
        self.classes = byFirst.mapValues { $0.sorted { $0.letters.count > $1.letters.count } }
    }

    /// No rules: every key is empty, so nothing sounds alike (a knowledge base without sounds.yml).
    static let none = SoundKey(letters: [:], classes: [])

    /// A folded word in Latin letters («гюстров» → «gjustrov»), to compare spellings of one sound.
    public func latin(_ word: String) -> String {
        String(word.flatMap { letters[$0] ?? String($0) })
    }

    /// The key of a folded word (see `TextNormaliser`): lower case, without accents.
    public func key(_ word: String) -> String {
        let latin = Array(self.latin(word))
        var key: [Character] = []
        var i = 0
        next: while i < latin.count {
            for spelling in classes[latin[i]] ?? [] {
                let end = i + spelling.letters.count
                guard end <= latin.count, !spelling.atEnd || end == latin.count,
                      latin[i..<end].elementsEqual(spelling.letters) else { continue }
                // A sound said twice in a row («tt», «dt» after «t») is one sound.
                for sound in spelling.sound where key.last != sound { key.append(sound) }
                i = end
                continue next
            }
            i += 1
        }
        return String(key)
    }
}

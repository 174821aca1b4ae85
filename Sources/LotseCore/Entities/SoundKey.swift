/// How a word sounds, as one letter per consonant sound: «Гюстров», «Gjustrov» and «غوستروف» all
/// give `kstrf`, like Güstrow. A newcomer types a German place name by ear, in their own script or
/// in Latin letters as their language would spell it; no list of spellings can foresee them all, but
/// their consonants survive. The rules are data (`knowledge/sounds.yml`, which explains them).
public struct SoundKey: Sendable {
    /// Letters of other scripts → their Latin sounds («г» → «g», «ش» → «sh»), by scalar value; the
    /// first is the usual one, the others what the letter also writes (Arabic-script «و» is the
    /// vowel of «گوستروف» and the w of «گلوه», Glewe).
    private let letters: [UInt32: [[Unicode.Scalar]]]
    /// Latin spellings → a sound class, by first letter, longest first.
    private let classes: [UInt32: [Spelling]]

    private struct Spelling: Sendable {
        let letters: [Unicode.Scalar]
        let sound: [Unicode.Scalar]
        /// Matches only at the end of the word («h$»).
        let atEnd: Bool
    }

    /// Keys shorter than this are too vague to find a place by.
    public static let shortest = 3

    /// At most this many readings of one word are tried (`readings`): each letter with two sounds
    /// doubles them, and a name has rarely more than two such letters.
    static let mostReadings = 4

    init(letters: [Character: [String]], classes: [(spelling: String, sound: String)]) {
        var byScalar: [UInt32: [[Unicode.Scalar]]] = [:]
        for (letter, sounds) in letters where !sounds.isEmpty {
            guard letter.unicodeScalars.count == 1, let scalar = letter.unicodeScalars.first else { continue }
            byScalar[scalar.value] = sounds.map { Array($0.unicodeScalars) }
        }
        self.letters = byScalar
        var byFirst: [UInt32: [Spelling]] = [:]
        for (spelling, sound) in classes {
            let atEnd = spelling.hasSuffix("$")
            let scalars = Array((atEnd ? String(spelling.dropLast()) : spelling).unicodeScalars)
            guard let first = scalars.first else { continue }
            byFirst[first.value, default: []].append(Spelling(letters: scalars, sound: Array(sound.unicodeScalars), atEnd: atEnd))
        }
        self.classes = byFirst.mapValues { $0.sorted { $0.letters.count > $1.letters.count } }
    }

    /// No rules: every key is empty, so nothing sounds alike (a knowledge base without sounds.yml).
    static let none = SoundKey(letters: [:], classes: [])

    /// A folded word in Latin letters («гюстров» → «gjustrov»), to compare spellings of one sound.
    /// Scalars, not characters: folded words have no combining marks, and this runs for every
    /// place name at start-up.
    public func latin(_ word: String) -> [Unicode.Scalar] {
        var latin: [Unicode.Scalar] = []
        latin.reserveCapacity(word.unicodeScalars.count + 4)
        for scalar in word.unicodeScalars {
            if let sounds = letters[scalar.value] { latin += sounds[0] } else { latin.append(scalar) }
        }
        return latin
    }

    /// Every way of reading a folded word in Latin letters, the usual one first: each letter with
    /// several sounds is read each way, as long as there are no more than `mostReadings` readings
    /// (later letters are then read the usual way only).
    public func readings(_ word: String) -> [[Unicode.Scalar]] {
        var readings: [[Unicode.Scalar]] = [[]]
        for scalar in word.unicodeScalars {
            guard let sounds = letters[scalar.value] else {
                for index in readings.indices { readings[index].append(scalar) }
                continue
            }
            let ways = readings.count * sounds.count <= Self.mostReadings ? sounds : [sounds[0]]
            readings = ways.count == 1 ? readings.map { $0 + ways[0] } : readings.flatMap { reading in ways.map { reading + $0 } }
        }
        return readings
    }

    /// The key of a folded word (see `TextNormaliser`): lower case, without accents.
    public func key(_ word: String) -> String { key(latin: latin(word)) }

    /// The keys of every reading of a folded word (`readings`), the usual one first, without repeats.
    public func keys(_ word: String) -> [String] {
        var keys: [String] = []
        for reading in readings(word) {
            let key = key(latin: reading)
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    func key(latin: [Unicode.Scalar]) -> String {
        var key = String.UnicodeScalarView()
        var last: Unicode.Scalar? = nil
        var i = 0
        next: while i < latin.count {
            for spelling in classes[latin[i].value] ?? [] {
                let end = i + spelling.letters.count
                guard end <= latin.count, !spelling.atEnd || end == latin.count,
                      latin[i..<end].elementsEqual(spelling.letters) else { continue }
                // A sound said twice in a row («tt», «dt» after «t») is one sound.
                for sound in spelling.sound where last != sound {
                    key.append(sound)
                    last = sound
                }
                i = end
                continue next
            }
            i += 1
        }
        return String(key)
    }
}

import Foundation

/// The gazetteer's names by how they sound (`SoundKey`): sound key → the names in Latin letters and
/// their places, and the keys by their one-letter deletions for a key one sound away.
///
/// Built on first use, not at start-up: a name typed by ear is the last resort of a few messages,
/// and keying every locality of Germany cost every start about a fifth of its time. A class with a
/// lock, so that the first concurrent lookups build it once.
final class SoundIndex: @unchecked Sendable {
    let soundKey: SoundKey
    typealias Names = [String: [(latin: [Unicode.Scalar], place: Int)]]
    private let names: [(tokens: [String], place: Int)]
    private let lock = NSLock()
    private var table: (sounds: Names, near: SpellingIndex)?

    init(soundKey: SoundKey, names: [(tokens: [String], place: Int)]) {
        self.soundKey = soundKey
        self.names = names
    }

    /// The names of `key`, and with `near` those of the keys one sound away with the same first sound.
    func names(for key: String, near: Bool) -> [(latin: [Unicode.Scalar], place: Int)] {
        let (sounds, nearSounds) = built()
        var found = sounds[key] ?? []
        if near {
            // People hear a name's first sound right; its middle and end they spell as they can.
            for nearKey in nearSounds.corrections(for: key, alsoWhenKnown: true) where nearKey.first == key.first {
                found += sounds[nearKey] ?? []
            }
        }
        return found
    }

    private func built() -> (sounds: Names, near: SpellingIndex) {
        lock.lock()
        defer { lock.unlock() }
        if let table { return table }
        var sounds: Names = [:]
        for (tokens, place) in names {
            let latin = soundKey.latin(tokens.joined())
            let key = soundKey.key(latin: latin)
            guard key.unicodeScalars.count >= SoundKey.shortest else { continue }
            if !(sounds[key]?.contains { $0.latin == latin && $0.place == place } ?? false) { sounds[key, default: []].append((latin, place)) }
        }
        let made = (sounds, SpellingIndex(words: sounds.keys, minimumLength: Gazetteer.nearSoundLength))
        table = made
        return made
    }
}

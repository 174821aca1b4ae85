/// Every place name Lotse recognises: the municipalities and city districts of the pilot regions
/// (matched anywhere in a message, in any script, inflected or with a typo) and the localities of
/// the rest of Germany (matched where the message says it is a place, so «Essen» the food is not
/// read as the city).
public struct Gazetteer: Sendable {
    public let places: [Place]
    public let regions: [String: Region]
    public let states: [String: String]
    /// Names of pilot-region places, including transliterations into other scripts.
    let regional: PhraseIndex<Int>
    /// Names of localities anywhere in Germany.
    let nationwide: PhraseIndex<Int>
    /// Postcode → places that use it.
    let postcodes: [String: [Int]]
    /// Single-word regional names by their one-letter deletions, for typo-tolerant lookup.
    let fuzzy: SpellingIndex
    /// The names by how they sound, for names typed by ear.
    private let sounds: SoundIndex
    var soundKey: SoundKey { sounds.soundKey }

    init(places: [Place], regionalNames: [(tokens: [String], place: Int)], nationwideNames: [(tokens: [String], place: Int)],
         regions: [String: Region], states: [String: String], soundKey: SoundKey = .none) {
        self.places = places
        self.regions = regions
        self.states = states
        var regional = PhraseIndex<Int>()
        var singleWordNames: [String] = []
        for (tokens, place) in regionalNames {
            regional.insert(tokens, place)
            if tokens.count == 1 { singleWordNames.append(tokens[0]) }
        }
        var nationwide = PhraseIndex<Int>()
        for (tokens, place) in nationwideNames { nationwide.insert(tokens, place) }
        var postcodes: [String: [Int]] = [:]
        for (index, place) in places.enumerated() {
            for code in place.postcodes where !(postcodes[code]?.contains(index) ?? false) {
                postcodes[code, default: []].append(index)
            }
        }
        self.regional = regional
        self.nationwide = nationwide
        self.postcodes = postcodes
        self.fuzzy = SpellingIndex(words: singleWordNames, minimumLength: 5)
        self.sounds = SoundIndex(soundKey: soundKey, names: regionalNames + nationwideNames)
    }

    public func region(for place: Place) -> Region? { place.districtKey.flatMap { regions[$0] } }

    public func stateName(_ key: String) -> String { states[key] ?? key }

    /// Whether a place lies in one of the pilot regions (so local offers are known).
    public func isPilot(_ place: Place) -> Bool { region(for: place) != nil }

    /// What names one place among those of the same name: «19053 Schwerin».
    public func reference(_ place: Place) -> String {
        place.postcodes.first.map { "\($0) \(place.name)" } ?? place.name
    }

    /// Places by exact (folded) name or «postcode name», for counsellors' `--place` and button payloads.
    public func lookup(name: String, tokeniser: Tokeniser) -> [Place] {
        let tokens = tokeniser.tokens(TextNormaliser.clean(name))
        guard !tokens.isEmpty else { return [] }
        if tokens.count == 1, tokens[0].isNumber { return (postcodes[tokens[0].text] ?? []).map { places[$0] } }
        // «19053 Schwerin», as an address writes it and as place buttons send it: one of several same-named places.
        if tokens.count > 1, tokens[0].isNumber, let candidates = postcodes[tokens[0].text] {
            let name = tokens.dropFirst().map(\.text)
            let found = candidates.map { places[$0] }.filter { tokeniser.words($0.name) == name }
            if !found.isEmpty { return found }
        }
        for index in [regional, nationwide] {
            if let match = index.longestMatch(in: tokens, at: 0), match.length == tokens.count {
                return match.values.map { places[$0] }
            }
        }
        return []
    }

    /// Of several places of one name outside the pilot regions, the town everyone means: one with
    /// several postcodes where every other has one (the city of Schwerin, not the village in
    /// Brandenburg). Pilot places stay a question («Neustadt»): there the choice changes the offers.
    func townEveryoneMeans(_ candidates: [Place]) -> Place? {
        guard candidates.count > 1, !candidates.contains(where: isPilot) else { return nil }
        let towns = candidates.filter { $0.postcodes.count >= Self.townPostcodes }
        guard towns.count == 1, candidates.allSatisfy({ $0 == towns[0] || $0.postcodes.count == 1 }) else { return nil }
        return towns[0]
    }

    /// How many postcodes make a place a town that outweighs villages of its name.
    static let townPostcodes = 3

    /// A key this long may also match a key one sound away.
    static let nearSoundLength = 4

    /// The places whose name sounds like one of `spellings` (folded: a word, its stems), as a
    /// newcomer types a name by ear
    /// («Gjustrov», «Frajberg», «پرشیم»): the same sound key, or with `near` for keys of
    /// `nearSoundLength` sounds or more one sound away. Sound classes are coarse (Güstrow and Kuhstorf both sound
    /// `kstrf`), so of those the names spelt most like the word win, and a name spelt too unlike it
    /// is none: more than half its letters to change where the word is `clear`ly a place (the answer
    /// to «where?»), more than a third elsewhere («در پرشیم» is Parchim, not Mainz-Ebersheim). Of equals, pilot places,
    /// else places in a pilot region's state (where Lotse's users live: «غوسترو» is Güstrow in
    /// Mecklenburg, not Güster in Schleswig-Holstein), and the town everyone means when one clearly
    /// outweighs the rest (more than twice the postcodes of any other) outside the pilot regions. Nil when nothing sounds
    /// alike or too many places do.
    public func soundingLike(_ spellings: [String], clear: Bool, near: Bool) -> [Place]? {
        // Names of the same key first; a key one sound away only when none has it («hamburch» is
        // Hamburg, not Hambuch spelt one letter closer).
        func score(near: Bool) -> [(place: Int, distance: Int)] {
            var scored: [(place: Int, distance: Int)] = []
            for word in spellings {
                for typed in soundKey.readings(word) {
                    let key = soundKey.key(latin: typed)
                    guard key.count >= SoundKey.shortest else { continue }
                    let found = sounds.names(for: key, near: near && key.count >= Self.nearSoundLength)
                    for entry in found {
                        let distance = Self.editDistance(typed, entry.latin)
                        if distance * (clear ? 2 : 3) <= entry.latin.count + 1 { scored.append((entry.place, distance)) }
                    }
                }
            }
            return scored
        }
        var scored = score(near: false)
        if scored.isEmpty, near { scored = score(near: true) }
        guard let best = scored.map(\.distance).min() else { return nil }
        var candidates: [Place] = []
        for entry in scored where entry.distance == best && !candidates.contains(places[entry.place]) { candidates.append(places[entry.place]) }
        if candidates.contains(where: isPilot) {
            candidates.removeAll { !isPilot($0) }
        } else if candidates.contains(where: { pilotStates.contains($0.stateKey) }) {
            candidates.removeAll { !pilotStates.contains($0.stateKey) }
        }
        let bySize = candidates.sorted { $0.postcodes.count > $1.postcodes.count }
        // Pilot places stay a question, as in `townEveryoneMeans` («Nojshtadt»).
        if bySize[0].postcodes.count >= Self.townPostcodes, !(candidates.count > 1 && candidates.allSatisfy(isPilot)), bySize.count == 1 || bySize[0].postcodes.count > 2 * bySize[1].postcodes.count {
            return [bySize[0]]
        }
        return candidates.count <= Self.soundOptions ? candidates : nil
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count), current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The states of the pilot regions.
    var pilotStates: Set<String> { Set(regions.keys.map { String($0.prefix(2)) }) }

    /// How many sound-alike places are offered as a question at most.
    static let soundOptions = 4
}

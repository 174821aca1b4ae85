/// Turns an utterance's words into the sparse features both training and parsing use: words, word
/// prefixes (for inflection: «Kurs», «Kurse», «Kursen»), letter 4-grams inside long words (for
/// compounds and spelling variants), neighbouring word pairs (for word order) and entity
/// placeholders (so «ich bin 34» and «ich bin 28» are the same sentence to the classifier).
///
/// Features are 64-bit hashes, never strings: that keeps parsing free of allocations per feature.
enum Featuriser {
    enum Kind: UInt64, CaseIterable {
        case word = 1, shortPrefix, longPrefix, pair, entity, gram, letters

        var weight: Float {
            switch self {
            case .word: return 1.0
            case .shortPrefix: return 0.45
            case .longPrefix: return 0.65
            case .pair: return 0.55
            case .entity: return 0.6
            case .gram: return 0.25
            case .letters: return 1
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

    /// Where a feature comes from, so an explanation can name it: letters `letters` of unit `unit`
    /// (a word, a prefix, a letter 4-gram), or, for a pair, the unit and the one before it.
    struct Origin {
        var unit: Int
        var letters: Range<Int>
    }

    static func features(_ units: [String], into emit: (Kind, UInt64, Origin) -> Void) {
        var previous: UInt64 = 0
        var scalars: [UInt32] = []
        for (index, unit) in units.enumerated() {
            scalars.removeAll(keepingCapacity: true)
            for scalar in unit.unicodeScalars { scalars.append(scalar.value) }
            let count = scalars.count
            let word = hash(scalars[...], kind: .word)
            if scalars.first == 0x40 /* @ */ {
                emit(.entity, word, Origin(unit: index, letters: 0..<count))
            } else {
                emit(.word, word, Origin(unit: index, letters: 0..<count))
                if count >= 5 { emit(.shortPrefix, hash(scalars[0..<4], kind: .shortPrefix), Origin(unit: index, letters: 0..<4)) }
                if count >= 7 { emit(.longPrefix, hash(scalars[0..<6], kind: .longPrefix), Origin(unit: index, letters: 0..<6)) }
                if count >= 6 {
                    for start in 1...(count - 4) {
                        emit(.gram, hash(scalars[start..<(start + 4)], kind: .gram), Origin(unit: index, letters: start..<(start + 4)))
                    }
                }
            }
            if index > 0 { emit(.pair, mix(previous, word), Origin(unit: index, letters: 0..<count)) }
            previous = word
        }
        if units.count == 1 { emit(.pair, mix(previous, 0x5EED), Origin(unit: 0, letters: 0..<scalars.count)) }
    }

    /// Groups of two and three letters. Chosen by 5-fold cross-validation of the phrase files
    /// (`LinearIntentModel.Settings` has the rest): three alone 92.2 %, two and three 92.4, two to
    /// four 92.4, two to five 92.3 — no gain for the longer groups, which would double or triple
    /// the letter features a parse looks up. (The first version: three alone, weight 0.5 beside a
    /// word's 1 in one norm with the matcher's features; now the letters are a block of their own,
    /// `IntentClassifier.normalised`.)
    static let letterLengths = 2...3

    /// Letter groups of every word with its edges marked («_k», «_ku», «ku», «kur», …, «rs_»), for the
    /// linear model only: they let it see the short words and endings the matcher's 4-grams (only
    /// inside words of six letters or more) leave out, as the letter n-grams of issue 11's SVM do.
    /// The matcher does not read them: its similarity and thresholds stay as they were.
    ///
    /// They are numbered in the matcher's `FeatureTable`. Numbered by their hash instead (the
    /// «hashing trick», 131,072 buckets, no lookup), cross-validation gave 92.3 % against 92.4 and
    /// the benchmark no faster parse (24,300–26,200 against 24,300–28,300 utterances/s in one
    /// sitting), so the table stayed.
    static func letterGroups(_ units: [String], into emit: (Kind, UInt64, Origin) -> Void) {
        var scalars: [UInt32] = []
        for (index, unit) in units.enumerated() where !unit.hasPrefix("@") {
            scalars.removeAll(keepingCapacity: true)
            scalars.append(0)
            for scalar in unit.unicodeScalars { scalars.append(scalar.value) }
            scalars.append(0)
            for start in 0..<scalars.count {
                // FNV-1a is incremental: the hash of a group extends the hash of the group one shorter.
                var value: UInt64 = 0xcbf29ce484222325 ^ (Kind.letters.rawValue &* 0x9E3779B97F4A7C15)
                for length in 1...min(letterLengths.upperBound, scalars.count - start) {
                    value = (value ^ UInt64(scalars[start + length - 1])) &* 0x100000001b3
                    if length >= letterLengths.lowerBound {
                        emit(.letters, value, Origin(unit: index, letters: (start - 1)..<(start - 1 + length)))
                    }
                }
            }
        }
    }

    /// A feature as a reader of `lotse parse` sees it: «kurs» (a word), «kurs…» (a prefix),
    /// «…urse…» (letters inside a word, «…kurs» at its end), «deutsch kurs» (a pair), «kurs ∎» (a
    /// message of one word).
    static func describe(_ kind: Kind, _ origin: Origin, in units: [String]) -> String {
        let scalars = Array(units[origin.unit].unicodeScalars)
        let letters = String(String.UnicodeScalarView(scalars[origin.letters.clamped(to: 0..<scalars.count)]))
        switch kind {
        case .letters:
            return (origin.letters.lowerBound < 0 ? "_" : "") + letters + (origin.letters.upperBound > scalars.count ? "_" : "")
        case .word, .entity: return letters
        case .shortPrefix, .longPrefix: return letters + "…"
        case .gram: return "…" + letters + (origin.letters.upperBound < scalars.count ? "…" : "")
        case .pair: return units.count == 1 ? letters + " ∎" : units[origin.unit - 1] + " " + letters
        }
    }

    /// FNV-1a over scalar values, seeded by the feature kind.
    @inline(__always)
    static func hash(_ scalars: ArraySlice<UInt32>, kind: Kind) -> UInt64 {
        var value: UInt64 = 0xcbf29ce484222325 ^ (kind.rawValue &* 0x9E3779B97F4A7C15)
        for scalar in scalars {
            value = (value ^ UInt64(scalar)) &* 0x100000001b3
        }
        return value
    }

    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var value = a &* 0x9E3779B97F4A7C15 ^ (b &+ 0x632BE59BD9B4E019)
        value ^= value >> 31
        return value &* 0xBF58476D1CE4E5B9 ^ Kind.pair.rawValue
    }
}

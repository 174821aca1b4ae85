/// Finds known words within one edit (insertion, deletion, substitution, adjacent swap) of a typed
/// word, by indexing every word under its one-letter deletions (the symmetric-delete method).
/// Lookups cost a handful of hash probes, which keeps typo tolerance inside the parse budget.
public struct SpellingIndex: Sendable {
    private var byDeletion: [String: [String]] = [:]
    private var words: Set<String> = []
    let minimumLength: Int

    public init(words: some Sequence<String>, minimumLength: Int) {
        self.minimumLength = minimumLength
        for word in words where word.count >= minimumLength - 1 && !self.words.contains(word) {
            self.words.insert(word)
            for variant in Self.deletions(of: word) where !(byDeletion[variant]?.contains(word) ?? false) {
                byDeletion[variant, default: []].append(word)
            }
        }
    }

    public func contains(_ word: String) -> Bool { words.contains(word) }

    /// Known words one edit away from `word` (empty when the word is known or too short).
    public func corrections(for word: String) -> [String] {
        guard word.count >= minimumLength, !words.contains(word) else { return [] }
        var found: [String] = []
        func add(_ candidates: [String]?) {
            for candidate in candidates ?? [] where !found.contains(candidate) { found.append(candidate) }
        }
        // The typed word lacks a letter of the known word.
        add(byDeletion[word])
        for variant in Self.deletions(of: word) {
            // The typed word has one letter too many.
            if words.contains(variant) && !found.contains(variant) { found.append(variant) }
            // A letter was replaced, or two letters swapped.
            add(byDeletion[variant])
        }
        return found.filter { Self.isOneEdit($0, word) }
    }

    static func deletions(of word: String) -> [String] {
        let characters = Array(word)
        guard characters.count > 1 else { return [] }
        return characters.indices.map { i in
            var copy = characters
            copy.remove(at: i)
            return String(copy)
        }
    }

    /// True when `a` and `b` differ by one insertion, deletion, substitution or adjacent swap.
    static func isOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > 1 { return false }
        var i = 0
        while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
        if x.count == y.count {
            if i == x.count { return false }
            if Array(x[(i + 1)...]) == Array(y[(i + 1)...]) { return true }
            return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i] && Array(x[(i + 2)...]) == Array(y[(i + 2)...])
        }
        let (longer, shorter) = x.count > y.count ? (x, y) : (y, x)
        return Array(longer[(i + 1)...]) == Array(shorter[i...])
    }
}

/// Finds known words within one edit (insertion, deletion, substitution, adjacent swap) of a typed
/// word, by indexing every word under its one-letter deletions (the symmetric-delete method).
/// Deletions are stored as 64-bit hashes, so the index stays small and a lookup is a handful of
/// hash probes; candidates are verified exactly, so a hash collision cannot produce a wrong word.
public struct SpellingIndex: Sendable {
    private var words: [String] = []
    /// Word hash → word index, so a deleted-letter variant is checked without building a string.
    private var byHash = HashKeyedTable<Int32>()
    /// (deletion hash, word index) pairs sorted by hash: compact, searched by bisection.
    private var deletionKeys: [UInt64] = []
    private var deletionWords: [Int32] = []
    let minimumLength: Int
    /// The longest indexed word in scalars: a word more than one letter longer is no typo of any,
    /// and is rejected before its deletions are hashed (which costs the square of its length).
    private var longestWord = 0

    public init(words: some Sequence<String>, minimumLength: Int) {
        self.minimumLength = minimumLength
        var pairs: [(UInt64, Int32)] = []
        for word in words where word.count >= minimumLength - 1 {
            let scalars = Array(word.unicodeScalars.map(\.value))
            let wordHash = Self.hash(scalars[...])
            guard byHash[wordHash] == nil else { continue }
            let index = Int32(self.words.count)
            self.words.append(word)
            byHash.set(wordHash, to: index)
            for key in Set(Self.deletionHashes(scalars)) { pairs.append((key, index)) }
        }
        longestWord = self.words.map(\.unicodeScalars.count).max() ?? 0
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        deletionKeys = pairs.map(\.0)
        deletionWords = pairs.map(\.1)
    }

    func write(to writer: inout BinaryWriter) {
        writer.strings(words)
        writer.array(byHash.keys)
        writer.array(byHash.values)
        writer.array(deletionKeys)
        writer.array(deletionWords)
        writer.int(minimumLength)
    }

    init?(reading reader: inout BinaryReader) {
        guard let words = reader.strings(), let hashes = reader.array(of: UInt64.self), let indices = reader.array(of: Int32.self),
              hashes.count == indices.count, let deletionKeys = reader.array(of: UInt64.self),
              let deletionWords = reader.array(of: Int32.self), deletionKeys.count == deletionWords.count,
              let minimumLength = reader.int(), indices.allSatisfy({ $0 >= 0 && Int($0) < words.count }),
              deletionWords.allSatisfy({ $0 >= 0 && Int($0) < words.count }) else { return nil }
        self.words = words
        var byHash = HashKeyedTable<Int32>(capacity: hashes.count)
        for (hash, index) in zip(hashes, indices) { byHash.set(hash, to: index) }
        self.byHash = byHash
        self.deletionKeys = deletionKeys
        self.deletionWords = deletionWords
        self.minimumLength = minimumLength
        self.longestWord = words.map(\.unicodeScalars.count).max() ?? 0
    }

    /// Word indices indexed under a deletion hash.
    private func indices(for key: UInt64) -> ArraySlice<Int32> {
        var low = 0, high = deletionKeys.count
        while low < high {
            let middle = (low + high) / 2
            if deletionKeys[middle] < key { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < deletionKeys.count && deletionKeys[end] == key { end += 1 }
        return deletionWords[low..<end]
    }

    public func contains(_ word: String) -> Bool {
        byHash[Self.hash(Array(word.unicodeScalars.map(\.value))[...])].map { words[Int($0)] == word } ?? false
    }

    /// Known words one edit away from `word` (empty when the word is too short, and when it is
    /// known unless `alsoWhenKnown`: a known word is no typo, but a sound key has neighbours).
    public func corrections(for word: String, alsoWhenKnown: Bool = false) -> [String] {
        guard word.unicodeScalars.count <= longestWord + 1 else { return [] }
        let scalars = Array(word.unicodeScalars.map(\.value))
        guard scalars.count >= minimumLength, alsoWhenKnown || byHash[Self.hash(scalars[...])] == nil else { return [] }
        var found: [String] = []
        func consider(_ key: UInt64) {
            for index in indices(for: key) {
                let candidate = words[Int(index)]
                if !found.contains(candidate) && Self.isOneEdit(candidate, word) { found.append(candidate) }
            }
        }
        // The typed word lacks a letter of a known word.
        consider(Self.hash(scalars[...]))
        for (position, key) in Self.deletionHashes(scalars).enumerated() {
            // The typed word has one letter too many: the variant is itself a known word.
            if let index = byHash[key], !found.contains(words[Int(index)]), Self.isOneEdit(words[Int(index)], word) {
                found.append(words[Int(index)])
            }
            _ = position
            // A letter was replaced, or two letters swapped.
            consider(key)
        }
        return found
    }

    static func deletionHashes(_ scalars: [UInt32]) -> [UInt64] {
        guard scalars.count > 1 else { return [] }
        return scalars.indices.map { skip in
            var value: UInt64 = 0xcbf29ce484222325
            for (index, scalar) in scalars.enumerated() where index != skip {
                value = (value ^ UInt64(scalar)) &* 0x100000001b3
            }
            return value
        }
    }

    static func hash(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var value: UInt64 = 0xcbf29ce484222325
        for scalar in scalars { value = (value ^ UInt64(scalar)) &* 0x100000001b3 }
        return value
    }

    /// True when `a` and `b` differ by one insertion, deletion, substitution or adjacent swap.
    static func isOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > 1 || a == b { return false }
        var i = 0
        while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
        if x.count == y.count {
            if x[(i + 1)...] == y[(i + 1)...] { return true }
            return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i] && x[(i + 2)...] == y[(i + 2)...]
        }
        let (longer, shorter) = x.count > y.count ? (x, y) : (y, x)
        return longer[(i + 1)...] == shorter[i...]
    }
}

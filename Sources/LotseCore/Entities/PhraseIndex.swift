/// Finds known phrases (place names, number words, level phrases) in a token sequence, longest
/// match first. A phrase is keyed by its folded tokens written together, so «thirty four»,
/// «thirty-four» and «thirtyfour», or «و ثلاثون» and «وثلاثون», are the same key.
///
/// Keys are 64-bit hashes of the letters, computed token by token while matching: no string is
/// built or compared during a lookup, which matters because Unicode string comparison is slow.
public struct PhraseIndex<Value: Sendable & Hashable>: Sendable {
    private var values = HashKeyedTable<[Value]>()
    /// For each first token, the largest number of tokens a phrase starting with it has.
    private var longestFrom = HashKeyedTable<Int>()

    public init() {}

    public mutating func insert(_ tokens: [String], _ value: Value) {
        guard let first = tokens.first else { return }
        let firstKey = Self.extend(Self.seed, with: first)
        longestFrom.update(firstKey, initial: 0) { $0 = max($0, tokens.count) }
        let key = tokens.reduce(Self.seed) { Self.extend($0, with: $1) }
        values.update(key, initial: []) { if !$0.contains(value) { $0.append(value) } }
    }

    public func values(forKey key: String) -> [Value] { values[Self.extend(Self.seed, with: key)] ?? [] }

    /// The longest phrase starting at `index` that is allowed by `usable`, as (token count, values).
    /// Keys are extended token by token and the last match kept: no array of keys per call, as
    /// this runs for every word of every message against the gazetteer.
    public func longestMatch(in tokens: [Token], at index: Int, usable: (Int) -> Bool = { _ in true }) -> (length: Int, values: [Value])? {
        var key = Self.extend(Self.seed, with: tokens[index].text)
        // A phrase typed as one word («thirtyfour») is found by its single-token key.
        let limit = min(longestFrom[key] ?? 1, tokens.count - index)
        var best: (length: Int, values: [Value])? = nil
        var allUsable = true
        for length in 1...limit {
            if length > 1 { key = Self.extend(key, with: tokens[index + length - 1].text) }
            allUsable = allUsable && usable(index + length - 1)
            if !allUsable { break }
            if let found = values[key] { best = (length, found) }
        }
        return best
    }

    static var seed: UInt64 { 0xcbf29ce484222325 }

    @inline(__always)
    static func extend(_ hash: UInt64, with token: String) -> UInt64 {
        var value = hash
        for scalar in token.unicodeScalars { value = (value ^ UInt64(scalar.value)) &* 0x100000001b3 }
        return value
    }
}

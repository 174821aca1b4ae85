/// Finds known phrases (place names, number words, level phrases) in a token sequence, longest
/// match first. A phrase is keyed by its folded tokens written together, so «thirty four»,
/// «thirty-four» and «thirtyfour», or «و ثلاثون» and «وثلاثون», are the same key.
///
/// Keys are 64-bit hashes of the letters, computed token by token while matching: no string is
/// built or compared during a lookup, which matters because Unicode string comparison is slow.
public struct PhraseIndex<Value: Sendable & Hashable>: Sendable {
    private var values: [UInt64: [Value]] = [:]
    /// For each first token, the largest number of tokens a phrase starting with it has.
    private var longestFrom: [UInt64: Int] = [:]

    public init() {}

    public mutating func insert(_ tokens: [String], _ value: Value) {
        guard let first = tokens.first else { return }
        let firstKey = Self.extend(Self.seed, with: first)
        longestFrom[firstKey] = max(longestFrom[firstKey] ?? 0, tokens.count)
        let key = tokens.reduce(Self.seed) { Self.extend($0, with: $1) }
        if values[key]?.contains(value) == true { return }
        values[key, default: []].append(value)
    }

    public func values(forKey key: String) -> [Value] { values[Self.extend(Self.seed, with: key)] ?? [] }

    /// The longest phrase starting at `index` that is allowed by `usable`, as (token count, values).
    public func longestMatch(in tokens: [Token], at index: Int, usable: (Int) -> Bool = { _ in true }) -> (length: Int, values: [Value])? {
        let firstKey = Self.extend(Self.seed, with: tokens[index].text)
        // A phrase typed as one word («thirtyfour») is found by its single-token key.
        let limit = min(longestFrom[firstKey] ?? 1, tokens.count - index)
        var keys: [UInt64] = [firstKey]
        if limit > 1 {
            for offset in 1..<limit { keys.append(Self.extend(keys[offset - 1], with: tokens[index + offset].text)) }
        }
        var length = limit
        while length >= 1 {
            if let found = values[keys[length - 1]], (index..<(index + length)).allSatisfy(usable) { return (length, found) }
            length -= 1
        }
        return nil
    }

    static var seed: UInt64 { 0xcbf29ce484222325 }

    @inline(__always)
    static func extend(_ hash: UInt64, with token: String) -> UInt64 {
        var value = hash
        for scalar in token.unicodeScalars { value = (value ^ UInt64(scalar.value)) &* 0x100000001b3 }
        return value
    }
}

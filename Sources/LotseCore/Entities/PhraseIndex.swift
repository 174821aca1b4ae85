/// Finds known phrases (place names, number words, level phrases) in a token sequence, longest
/// match first. A phrase is keyed by its folded tokens written together, so «thirty four»,
/// «thirty-four» and «thirtyfour», or «و ثلاثون» and «وثلاثون», are the same key.
public struct PhraseIndex<Value: Sendable & Hashable>: Sendable {
    private var values: [String: [Value]] = [:]
    /// For each first token, the largest number of tokens a phrase starting with it has.
    private var longestFrom: [String: Int] = [:]

    public init() {}

    public mutating func insert(_ tokens: [String], _ value: Value) {
        guard let first = tokens.first else { return }
        let key = tokens.joined()
        longestFrom[first] = max(longestFrom[first] ?? 0, tokens.count)
        if values[key]?.contains(value) == true { return }
        values[key, default: []].append(value)
    }

    public func values(forKey key: String) -> [Value] { values[key] ?? [] }

    public var keys: Dictionary<String, [Value]>.Keys { values.keys }

    /// The longest phrase starting at `index` that is allowed by `usable`, as (token count, values).
    public func longestMatch(in tokens: [Token], at index: Int, usable: (Int) -> Bool = { _ in true }) -> (length: Int, values: [Value])? {
        // A phrase typed as one word («thirtyfour») is found by its single-token key.
        let limit = longestFrom[tokens[index].text] ?? 1
        var length = min(limit, tokens.count - index)
        while length > 1 {
            let range = index..<(index + length)
            if range.allSatisfy(usable) {
                var key = ""
                for i in range { key += tokens[i].text }
                if let found = values[key] { return (length, found) }
            }
            length -= 1
        }
        if usable(index), let found = values[tokens[index].text] { return (1, found) }
        return nil
    }
}

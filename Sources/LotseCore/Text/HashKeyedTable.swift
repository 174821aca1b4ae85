/// A map from 64-bit hashes to values, for the tables every message is looked up in (phrase keys,
/// word frequencies, spelling variants). The keys are already hashes of the letters, so a lookup
/// is a mask and a probe or two (`FeatureTable`), where `Dictionary` would hash each key again with
/// SipHash: in the parse benchmark, those second hashes were one part in twenty of all the time.
struct HashKeyedTable<Value: Sendable>: Sendable {
    /// Each key's position in `values` and `keys`, in the order the keys were first inserted.
    private var positions: FeatureTable
    private(set) var keys: [UInt64] = []
    private(set) var values: [Value] = []

    init(capacity: Int = 16) { positions = FeatureTable(capacity: capacity) }

    var count: Int { keys.count }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        positions.value(for: key).map { values[Int($0)] }
    }

    /// Changes the value of `key`, starting from `initial` when the key is new.
    mutating func update(_ key: UInt64, initial: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        let (position, isNew) = positions.insert(key)
        if isNew { keys.append(key); values.append(initial()) }
        change(&values[Int(position)])
    }

    mutating func set(_ key: UInt64, to value: Value) { update(key, initial: value) { $0 = value } }

    /// The same keys with transformed values.
    func mapValues<T>(_ transform: (UInt64, Value) -> T) -> HashKeyedTable<T> {
        var result = HashKeyedTable<T>()
        result.positions = positions
        result.keys = keys
        result.values = zip(keys, values).map(transform)
        return result
    }
}

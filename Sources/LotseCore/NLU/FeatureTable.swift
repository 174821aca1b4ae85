/// A map from 64-bit feature hashes to feature numbers: open addressing with linear probing.
/// The keys are already well-mixed hashes, so no second hash function is needed; this makes a
/// lookup a few nanoseconds, where `Dictionary` would hash the key again with SipHash.
struct FeatureTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    func value(for key: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while true {
            let value = values[slot]
            if value < 0 { return nil }
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
    }

    /// The number of `key`, given the next free number when it is new.
    mutating func insert(_ key: UInt64) -> (value: Int32, isNew: Bool) {
        if count * 2 >= keys.count { grow() }
        var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while values[slot] >= 0 {
            if keys[slot] == key { return (values[slot], false) }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = Int32(count)
        count += 1
        return (Int32(count - 1), true)
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.1 >= 0 }
        let size = keys.count * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        for (key, value) in old {
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    /// Whether every number is below `limit` (a table read from a cache must fit the arrays it indexes).
    func numbers(below limit: Int) -> Bool { values.allSatisfy { $0 < Int32(limit) } }

    func write(to writer: inout BinaryWriter) {
        writer.array(keys)
        writer.array(values)
        writer.int(count)
    }

    init?(reading reader: inout BinaryReader) {
        guard let keys = reader.array(of: UInt64.self), let values = reader.array(of: Int32.self), let count = reader.int(),
              keys.count == values.count, keys.count >= 16, keys.count & (keys.count - 1) == 0 else { return nil }
        self.keys = keys
        self.values = values
        self.mask = keys.count - 1
        self.count = count
    }
}

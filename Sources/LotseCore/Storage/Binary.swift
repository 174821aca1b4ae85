/// Compact binary writing and reading for stored state and caches: variable-length integers,
/// length-prefixed UTF-8 strings, optionals. A reader returns nil on anything malformed.
public struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Variable-length unsigned integer (7 bits a byte); negative numbers are zig-zag coded.
    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while rest >= 0x80 { bytes.append(UInt8(rest & 0x7F) | 0x80); rest >>= 7 }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalInt(_ value: Int?) { bool(value != nil); if let value { int(value) } }
    mutating func optionalString(_ value: String?) { bool(value != nil); if let value { string(value) } }

    mutating func place(_ place: Place) {
        string(place.name)
        optionalString(place.municipalityKey)
        optionalString(place.districtKey)
        string(place.stateKey)
        optionalString(place.partOf)
        int(place.postcodes.count)
        place.postcodes.forEach { string($0) }
    }

    mutating func optionalPlace(_ value: Place?) { bool(value != nil); if let value { place(value) } }

    /// An array of plain numbers as its bytes: for the large tables of the training cache, which is
    /// read back by the same program on the same machine only (its fingerprint includes the program).
    mutating func array<T: BitwiseCopyable>(_ values: [T]) {
        int(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        values.forEach { string($0) }
    }
}

public struct BinaryReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bool() -> Bool? { byte().flatMap { $0 <= 1 ? $0 == 1 : nil } }

    mutating func int() -> Int? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let next = byte() {
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 {
                let zigzag = Int64(bitPattern: result)
                return Int((zigzag >> 1) ^ -(zigzag & 1))
            }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }

    /// Nil when reading failed; `.some(nil)` for an absent value.
    mutating func optionalInt() -> Int?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let value = int() else { return nil }
        return .some(value)
    }

    mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let value = string() else { return nil }
        return .some(value)
    }

    mutating func place() -> Place? {
        guard let name = string(), let municipality = optionalString(), let district = optionalString(),
              let state = string(), let partOf = optionalString(), let count = int(), count >= 0 else { return nil }
        var postcodes: [String] = []
        for _ in 0..<count { guard let code = string() else { return nil }; postcodes.append(code) }
        return Place(name: name, municipalityKey: municipality, districtKey: district, stateKey: state,
                     partOf: partOf, postcodes: postcodes)
    }

    mutating func array<T: BitwiseCopyable>(of type: T.Type) -> [T]? {
        guard let count = int(), count >= 0 else { return nil }
        let size = count * MemoryLayout<T>.stride
        guard offset + size <= bytes.count else { return nil }
        let start = offset
        offset += size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + size)]))
            }
            initialised = count
        }
    }

    mutating func strings() -> [String]? {
        guard let count = int(), count >= 0 else { return nil }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { guard let value = string() else { return nil }; values.append(value) }
        return values
    }

    mutating func optionalPlace() -> Place?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let value = place() else { return nil }
        return .some(value)
    }
}

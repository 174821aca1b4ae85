import Foundation

/// A compact binary form of a conversation for stores: several times faster to write and read
/// than JSON, which matters when every turn is persisted. The first byte is a format version; a
/// state written by another version does not decode and the conversation starts again.
public enum ConversationCodec {
    static let version: UInt8 = 1

    public static func encode(_ conversation: Conversation) -> Data {
        var writer = Writer()
        writer.byte(version)
        writer.string(conversation.language)
        writer.bool(conversation.languageChosen)
        writer.optionalInt(conversation.profile.age)
        writer.optionalInt(conversation.profile.level.map(\.rawValue))
        writer.optionalPlace(conversation.profile.residence)
        writer.optionalString(conversation.profile.topic?.rawValue)
        writer.optionalString(conversation.expecting?.rawValue)
        writer.int(conversation.placeOptions.count)
        conversation.placeOptions.forEach { writer.place($0) }
        let failures = conversation.failures.sorted { $0.key.rawValue < $1.key.rawValue }
        writer.int(failures.count)
        for (slot, count) in failures { writer.string(slot.rawValue); writer.int(count) }
        let skipped = conversation.skipped.map(\.rawValue).sorted()
        writer.int(skipped.count)
        skipped.forEach { writer.string($0) }
        writer.int(conversation.offerIDs.count)
        conversation.offerIDs.forEach { writer.string($0) }
        writer.int(conversation.shown)
        writer.int(conversation.lastButtons.count)
        for button in conversation.lastButtons { writer.string(button.title); writer.string(button.payload) }
        writer.int(conversation.turns)
        writer.bool(conversation.welcomed)
        writer.optionalString(conversation.lastIntent?.rawValue)
        return Data(writer.bytes)
    }

    public static func decode(_ data: Data) -> Conversation? {
        var reader = Reader(bytes: [UInt8](data))
        guard reader.byte() == version, let language = reader.string() else { return nil }
        var conversation = Conversation(language: language)
        guard let chosen = reader.bool() else { return nil }
        conversation.languageChosen = chosen
        guard let age = reader.optionalInt(), let level = reader.optionalInt(), let residence = reader.optionalPlace(),
              let topic = reader.optionalString(), let expecting = reader.optionalString() else { return nil }
        conversation.profile = Profile(age: age, level: level.flatMap(CEFRLevel.init(rawValue:)), residence: residence,
                                       topic: topic.flatMap(Intent.init(rawValue:)))
        conversation.expecting = expecting.flatMap(Slot.init(rawValue:))
        guard let options = reader.int() else { return nil }
        for _ in 0..<options { guard let place = reader.place() else { return nil }; conversation.placeOptions.append(place) }
        guard let failures = reader.int() else { return nil }
        for _ in 0..<failures {
            guard let name = reader.string(), let slot = Slot(rawValue: name), let count = reader.int() else { return nil }
            conversation.failures[slot] = count
        }
        guard let skipped = reader.int() else { return nil }
        for _ in 0..<skipped {
            guard let name = reader.string(), let slot = Slot(rawValue: name) else { return nil }
            conversation.skipped.insert(slot)
        }
        guard let offers = reader.int() else { return nil }
        for _ in 0..<offers { guard let id = reader.string() else { return nil }; conversation.offerIDs.append(id) }
        guard let shown = reader.int(), let buttons = reader.int() else { return nil }
        conversation.shown = shown
        for _ in 0..<buttons {
            guard let title = reader.string(), let payload = reader.string() else { return nil }
            conversation.lastButtons.append(Button(title: title, payload: payload))
        }
        guard let turns = reader.int(), let welcomed = reader.bool(), let intent = reader.optionalString(), reader.atEnd else { return nil }
        conversation.turns = turns
        conversation.welcomed = welcomed
        conversation.lastIntent = intent.flatMap(Intent.init(rawValue:))
        return conversation
    }

    struct Writer {
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
    }

    struct Reader {
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

        mutating func optionalPlace() -> Place?? {
            guard let present = bool() else { return nil }
            if !present { return .some(nil) }
            guard let value = place() else { return nil }
            return .some(value)
        }
    }
}

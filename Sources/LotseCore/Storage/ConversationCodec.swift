import Foundation

/// A compact binary form of a conversation for stores: several times faster to write and read
/// than JSON, which matters when every turn is persisted. The first byte is a format version; a
/// state written by another version does not decode and the conversation starts again, except
/// that versions 3 and 4 only added a field at the end each, so states of versions 2 and 3 still read.
public enum ConversationCodec {
    static let version: UInt8 = 4

    public static func encode(_ conversation: Conversation) -> Data {
        var writer = BinaryWriter()
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
        let facts = conversation.profile.facts.sorted { $0.key < $1.key }
        writer.int(facts.count)
        for (name, value) in facts { writer.string(name); writer.string(value) }
        writer.optionalString(conversation.narrowing?.stored)
        writer.strings(conversation.askedFacts)
        writer.strings(conversation.declinedFacts.sorted())
        writer.bool(conversation.topicIsGuess)
        writer.bool(conversation.ageIsAnotherPersons)
        return Data(writer.bytes)
    }

    public static func decode(_ data: Data) -> Conversation? {
        var reader = BinaryReader(bytes: [UInt8](data))
        guard let stored = reader.byte(), (2...version).contains(stored), let language = reader.string() else { return nil }
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
        guard let turns = reader.int(), let welcomed = reader.bool(), let intent = reader.optionalString() else { return nil }
        conversation.turns = turns
        conversation.welcomed = welcomed
        conversation.lastIntent = intent.flatMap(Intent.init(rawValue:))
        guard let factCount = reader.int(), factCount >= 0 else { return nil }
        for _ in 0..<factCount {
            guard let name = reader.string(), let value = reader.string() else { return nil }
            conversation.profile.facts[name] = value
        }
        guard let narrowing = reader.optionalString(), let asked = reader.strings(), let declined = reader.strings() else { return nil }
        if stored > 2 {
            guard let guess = reader.bool() else { return nil }
            conversation.topicIsGuess = guess
        }
        if stored > 3 {
            guard let another = reader.bool() else { return nil }
            conversation.ageIsAnotherPersons = another
        }
        guard reader.atEnd else { return nil }
        conversation.narrowing = narrowing.flatMap(Narrowing.init(stored:))
        conversation.askedFacts = asked
        conversation.declinedFacts = Set(declined)
        return conversation
    }
}

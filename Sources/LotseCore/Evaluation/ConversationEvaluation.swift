import Foundation

/// Measures whole conversations (`Tests/Conversations/<lang>.yml`), written by native speakers who
/// never saw the phrase files: the person's messages are replayed through the dialogue engine, and a
/// conversation counts as right when it ends with every expected fact (age, German level, place,
/// topic) and the expected reply language, and no question was asked three times. Reported per
/// language, per class of difficulty the writers marked, and per kind of failure.
public struct ConversationEvaluation: Sendable {
    public struct Share: Sendable, Codable {
        public var conversations = 0
        public var right = 0
        public var share: Double { conversations == 0 ? 0 : Double(right) / Double(conversations) }
    }

    public struct Report: Sendable, Codable {
        public var all = Share()
        public var languages: [String: Share] = [:]
        public var classes: [String: Share] = [:]
        /// How many conversations ended wrong in each respect: age, level, place, topic, language,
        /// asked_three_times.
        public var failures: [String: Int] = [:]
        public var errors: [String] = []
    }

    /// One conversation as the file gives it.
    struct Case {
        var id: String
        var language: String
        var classes: [String]
        var turns: [String]
        var age: Int?
        var level: CEFRLevel?
        var places: [Place]?
        var topic: Intent?
        var replyLanguage: String?
    }

    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    public func run(directory: String) throws -> Report {
        let cases = try EvaluationFolder(directory: directory).items(under: "conversations", what: "conversations",
                                                                     diagnostics: Diagnostics()) { item, root, name in
            readCase(item, language: root["language"]?.string ?? name)
        }
        return evaluate(cases)
    }

    func evaluate(_ cases: [Case]) -> Report {
        let engine = DialogueEngine(knowledge: knowledge)
        var report = Report()
        for item in cases {
            var conversation = Conversation(language: knowledge.defaultLanguage)
            // Questions by what they ask: a slot, or which of several places of a name («Which
            // Neustadt?» is another question than «Where do you live?», with the places as buttons).
            var asked: [String: Int] = [:]
            // A goodbye forgets the conversation (privacy): the facts that count are the last ones it had.
            var profile = Profile()
            for text in item.turns {
                _ = engine.respond(to: text, in: &conversation)
                if !conversation.profile.isEmpty { profile = conversation.profile }
                if !conversation.placeOptions.isEmpty {
                    asked["place_options", default: 0] += 1
                } else if let slot = conversation.expecting {
                    asked[slot.rawValue, default: 0] += 1
                }
            }
            var failed: [String] = []
            if let age = item.age, profile.age != age { failed.append("age (\(profile.age.map(String.init) ?? "none") ≠ \(age))") }
            if let level = item.level, profile.level != level { failed.append("level (\(profile.level?.code ?? "nil") ≠ \(level.code))") }
            if let places = item.places, !places.contains(where: { same($0, profile.residence) }) {
                failed.append("place (\(profile.residence?.name ?? "none") ≠ \(places.map(\.name).joined(separator: "/")))")
            }
            if let topic = item.topic, (profile.topic ?? .askOffers) != topic {
                failed.append("topic (\(profile.topic?.rawValue ?? "none") ≠ \(topic.rawValue))")
            }
            if let language = item.replyLanguage, conversation.language != language {
                failed.append("language (\(conversation.language) ≠ \(language))")
            }
            if let question = asked.filter({ $0.value >= 3 }).keys.sorted().first { failed.append("asked_three_times (\(question))") }
            let right = failed.isEmpty
            report.all.conversations += 1
            if right { report.all.right += 1 }
            report.languages[item.language, default: Share()].conversations += 1
            if right { report.languages[item.language, default: Share()].right += 1 }
            for name in item.classes {
                report.classes[name, default: Share()].conversations += 1
                if right { report.classes[name, default: Share()].right += 1 }
            }
            for failure in failed { report.failures[String(failure.prefix { $0 != " " }), default: 0] += 1 }
            if !right { report.errors.append("\(item.id): " + failed.joined(separator: ", ")) }
        }
        return report
    }

    /// The same municipality: by key where both have one, else by name (a city district counts for its town).
    private func same(_ expected: Place, _ actual: Place?) -> Bool {
        guard let actual else { return false }
        if let a = expected.municipalityKey, let b = actual.municipalityKey { return a == b }
        return expected.name == actual.name || expected.name == actual.partOf
    }

    private func readCase(_ item: YAMLValue, language: String) -> Case? {
        item.checkKeys(allowed: ["id", "classes", "turns", "expect", "note"], what: "a conversation")
        guard let id = item.requireString("id", in: "a conversation") else { return nil }
        let turns = (item["turns"]?.sequence ?? []).compactMap(\.string)
        guard !turns.isEmpty else { item.error("\(id): no turns"); return nil }
        var result = Case(id: id, language: language, classes: (item["classes"]?.sequence ?? []).compactMap(\.string), turns: turns)
        guard let expect = item["expect"] else { return result }
        expect.checkKeys(allowed: ["age", "level", "place", "topic", "reply_language"], what: "the expected outcome")
        result.age = expect.optionalInt("age", range: EntityExtractor.plausibleAges)
        if let field = expect["level"] {
            guard let level = field.string.flatMap({ CEFRLevel(code: $0) }) else { field.error("\(id): unknown level\(field.found)"); return nil }
            result.level = level
        }
        if let field = expect["place"], let name = field.string {
            let places = knowledge.gazetteer.lookup(name: name, tokeniser: knowledge.nlu.tokeniser)
            guard !places.isEmpty else { field.error("\(id): unknown place '\(name)'"); return nil }
            result.places = places
        }
        if let field = expect["topic"] {
            guard let intent = field.string.flatMap(Intent.init(rawValue:)), intent.isTopic else { field.error("\(id): unknown topic\(field.found)"); return nil }
            result.topic = intent
        }
        result.replyLanguage = expect["reply_language"]?.string
        return result
    }
}

import Foundation

/// Measures referrals against profiles a counsellor labelled from the domain brief
/// (`Tests/Referrals/*.yml`): no listed offer may break a hard rule (`must_not_name`), the offers a
/// counsellor must name are listed (`must_name`), and the first offer is one a counsellor would name
/// first (`first`). `category:NAME` in a list stands for any offer of that category.
public struct ReferralEvaluation: Sendable {
    public struct Report: Sendable, Codable {
        public var profiles = 0
        /// Listed offers that break a hard rule of their profile.
        public var violations = 0
        public var profilesWithViolations = 0
        public var mustName = 0
        public var named = 0
        public var firstExpected = 0
        public var firstRight = 0
        /// Per topic: profiles, and those with every must-name offer, no violation and the right first offer.
        public var topics: [String: TopicStats] = [:]
        public var errors: [String] = []

        public var recall: Double { mustName == 0 ? 1 : Double(named) / Double(mustName) }
        public var firstAccuracy: Double { firstExpected == 0 ? 1 : Double(firstRight) / Double(firstExpected) }
    }

    public struct TopicStats: Sendable, Codable {
        public var profiles = 0
        public var perfect = 0
    }

    /// One labelled profile as the file gives it.
    struct Case {
        var id: String
        var profile: Profile
        var mustName: [String]
        var mustNotName: [String]
        var first: [String]
    }

    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    /// Evaluates every `*.yml` in `directory`; a file that does not parse, or a profile whose place is
    /// unknown, is an error with its line.
    public func run(directory: String) throws -> Report {
        let cases = try EvaluationFolder(directory: directory).items(under: "profiles", what: "referral profiles",
                                                                     diagnostics: Diagnostics()) { item, _, _ in readCase(item) }
        return evaluate(cases)
    }

    func evaluate(_ cases: [Case]) -> Report {
        let engine = ReferralEngine(knowledge: knowledge)
        var report = Report()
        for item in cases {
            let listed = engine.refer(item.profile).matches.map(\.offer)
            report.profiles += 1
            var perfect = true
            let wrong = item.mustNotName.flatMap { label in listed.filter { matches($0, label) }.map { "\($0.id) (\(label))" } }
            if !wrong.isEmpty {
                report.violations += wrong.count
                report.profilesWithViolations += 1
                perfect = false
                report.errors.append("\(item.id): lists what breaks a rule: \(wrong.joined(separator: ", "))")
            }
            for label in item.mustName {
                report.mustName += 1
                if listed.contains(where: { matches($0, label) }) { report.named += 1 } else {
                    perfect = false
                    report.errors.append("\(item.id): does not list \(label)")
                }
            }
            if !item.first.isEmpty {
                report.firstExpected += 1
                if let first = listed.first, item.first.contains(where: { matches(first, $0) }) { report.firstRight += 1 } else {
                    perfect = false
                    report.errors.append("\(item.id): first is \(listed.first?.id ?? "nothing"), expected one of \(item.first.joined(separator: ", "))")
                }
            }
            let topic = item.profile.topic?.rawValue ?? Intent.askOffers.rawValue
            report.topics[topic, default: TopicStats()].profiles += 1
            if perfect { report.topics[topic, default: TopicStats()].perfect += 1 }
        }
        return report
    }

    private func matches(_ offer: Offer, _ label: String) -> Bool {
        label.hasPrefix("category:") ? offer.category.rawValue == label.dropFirst("category:".count) : offer.id == label
    }

    private func readCase(_ item: YAMLValue) -> Case? {
        item.checkKeys(allowed: ["id", "note", "age", "level", "place", "topic", "facts", "must_name", "must_not_name", "first"],
                       what: "a referral profile")
        guard let id = item.requireString("id", in: "a referral profile") else { return nil }
        var profile = Profile()
        profile.age = item.optionalInt("age", range: EntityExtractor.plausibleAges)
        if let field = item["level"] {
            guard let level = field.string.flatMap({ CEFRLevel(code: $0) }) else { field.error("\(id): unknown level\(field.found)"); return nil }
            profile.level = level
        }
        if let field = item["topic"] {
            guard let intent = field.string.flatMap(Intent.init(rawValue:)), intent.isTopic else { field.error("\(id): unknown topic\(field.found)"); return nil }
            profile.topic = intent
        }
        if let field = item["place"], let name = field.string {
            guard let place = resolve(name) else { field.error("\(id): unknown place '\(name)'"); return nil }
            profile.residence = place
        }
        for (name, value) in item["facts"]?.mapping ?? [] {
            guard let text = value.string, knowledge.facts.parse("\(name)=\(text)") != nil else {
                value.error("\(id): '\(name)=\(value.string ?? "")' is not a fact value of facts.yml"); continue
            }
            profile.facts[name] = text
        }
        let labels: (String) -> [String] = { key in (item[key]?.sequence ?? []).compactMap(\.string) }
        for key in ["must_name", "must_not_name", "first"] {
            for label in labels(key) where !label.hasPrefix("category:") && knowledge.offer(id: label) == nil {
                item[key]?.warning("\(id): no offer '\(label)'")
            }
        }
        return Case(id: id, profile: profile, mustName: labels("must_name"), mustNotName: labels("must_not_name"), first: labels("first"))
    }

    /// A place by name or postcode; of several, one whose own name is exactly the one written (the
    /// city «Rostock», not a village of the postcode 18059), the one with the most postcodes first
    /// (the city Schwerin, not the village in Brandenburg).
    private func resolve(_ name: String) -> Place? {
        let places = knowledge.gazetteer.lookup(name: name, tokeniser: knowledge.nlu.tokeniser)
        let exact = places.filter { $0.name == name && $0.partOf == nil }
        return (exact.isEmpty ? places : exact).max { $0.postcodes.count < $1.postcodes.count }
    }
}

import Foundation

/// Reads `knowledge/` and `intents/`, checks every file, and builds the knowledge base and the NLU.
/// All problems are collected with `file:line` so one run of `lotse check` shows all of them.
public struct KnowledgeLoader: Sendable {
    public let knowledgeDirectory: String
    public let intentsDirectory: String
    /// Offers verified longer ago than this many days produce a warning.
    public var staleAfterDays: Int = 365
    public var today: Date = Date()
    /// Take prepared training examples from `TrainingCache` when no file changed (`lotse check` never does).
    public var useTrainingCache = true

    public init(knowledgeDirectory: String, intentsDirectory: String) {
        self.knowledgeDirectory = knowledgeDirectory
        self.intentsDirectory = intentsDirectory
    }

    /// A loader for a checkout whose top folder holds `knowledge/` and `intents/`.
    public init(root: String) {
        self.init(knowledgeDirectory: (root as NSString).appendingPathComponent("knowledge"),
                  intentsDirectory: (root as NSString).appendingPathComponent("intents"))
    }

    public func load() throws -> KnowledgeBase {
        let base = try load(trainingWithout: [])
        // Loading leaves many freed temporaries in the allocator's per-thread arenas; give them back.
        releaseFreedMemory()
        return base
    }

    /// The knowledge base with an NLU that never saw the examples `excluded` lists (their language
    /// and text): cross-validation reads each fold of the phrases with such an NLU.
    public func load(trainingWithout excluded: Set<ExampleKey>) throws -> KnowledgeBase {
        let diagnostics = Diagnostics()
        let base = build(diagnostics, useCache: useTrainingCache, excluding: excluded)
        try diagnostics.throwIfErrors()
        guard let base else { throw KnowledgeLoadError(problems: diagnostics.problems) }
        return base
    }

    /// The examples of the intents files, each with its file and line.
    public func trainingData() throws -> [TrainingData] {
        let diagnostics = Diagnostics()
        let training = files(in: intentsDirectory, ending: ".yml").compactMap { loadTraining(file: $0, diagnostics) }
        try diagnostics.throwIfErrors()
        return training
    }

    /// Every problem found, errors and warnings.
    public func check() -> [KnowledgeError] {
        let diagnostics = Diagnostics()
        _ = build(diagnostics, useCache: false)
        return diagnostics.problems
    }

    // MARK: Building

    /// With `useCache`, prepared training examples are taken from `TrainingCache` when no file changed.
    private func build(_ diagnostics: Diagnostics, useCache: Bool, excluding excluded: Set<ExampleKey> = []) -> KnowledgeBase? {
        let (foldings, lookalikes) = loadNormalisation(diagnostics)
        let tokeniser = Tokeniser(normaliser: TextNormaliser(foldings: foldings, cefrLookalikes: lookalikes))
        // The intents files and the rest of the knowledge base do not depend on each other: read
        // them side by side, each task with its own diagnostics, merged in a fixed order.
        let (regions, states) = loadRegions(diagnostics)
        enum Job: Sendable { case base, places, intents(String) }
        enum Part { case base(BaseParts), places(GazetteerBuilder.Source), training(TrainingData?) }
        let fingerprint = useCache && !TrainingCache.disabled ? TrainingCache.fingerprint([knowledgeDirectory, intentsDirectory]) : nil
        let cached = fingerprint.flatMap(TrainingCache.load(fingerprint:))
        let intentJobs: [Job] = cached == nil ? files(in: intentsDirectory, ending: ".yml").map { .intents($0) } : []
        let jobs: [Job] = [.places, .base] + intentJobs
        let results = Concurrently.map(jobs) { job -> (Part, Diagnostics) in
            let local = Diagnostics()
            switch job {
            case .base: return (.base(loadBase(regions: regions, states: states, tokeniser: tokeniser, local)), local)
            case .places:
                let builder = GazetteerBuilder(tokeniser: tokeniser, regions: regions, states: states,
                                               diagnostics: local, knowledgeDirectory: knowledgeDirectory)
                return (.places(builder.read()), local)
            case .intents(let file): return (.training(loadTraining(file: file, local)), local)
            }
        }
        var base: BaseParts? = nil
        var places: GazetteerBuilder.Source? = nil
        var training: [TrainingData] = []
        for (part, local) in results {
            diagnostics.merge(local)
            switch part {
            case .base(let parts): base = parts
            case .places(let source): places = source
            case .training(let data): if let data { training.append(data) }
            }
        }
        guard let base, let places else { return nil }
        let (languages, topics, offers) = (base.languages, base.topics, base.offers)
        let schoolRules = loadSchoolRules(states: states, diagnostics)
        checkTraining(cached?.prepared.languages ?? training.map(\.language), languages: languages, diagnostics)
        let packs = languages.sorted { $0.order < $1.order }.map(\.pack)
        guard !packs.isEmpty else { diagnostics.error(path("languages"), nil, "no language files"); return nil }
        guard let topics else { return nil }
        for pack in packs {
            for need in pack.needs.keys.sorted() where topics.needs[need] == nil {
                diagnostics.error(display(pack.file), nil, "need '\(need)' is not one of the needs of topics.yml (\(topics.needs.keys.sorted().joined(separator: ", ")))")
            }
        }
        for id in topics.fallbackContacts where !offers.contains(where: { $0.id == id }) {
            diagnostics.error(display(path("topics.yml")), nil, "fallback contact '\(id)' is not an offer id")
        }

        let gazetteer = places.build(languages: packs, tokeniser: tokeniser, soundKey: loadSounds(diagnostics))
        let builder = NLUBuilder(tokeniser: tokeniser, languages: packs, gazetteer: gazetteer,
                                 numberWords: base.numberWords, facts: base.facts, levelLanguage: topics.levelLanguage,
                                 diagnostics: diagnostics)
        let prepared = cached?.prepared ?? builder.prepare(training)
        let nlu: NLU
        if excluded.isEmpty {
            nlu = builder.build(prepared, classifier: cached?.classifier)
            if cached?.classifier == nil, let fingerprint, !diagnostics.hasErrors {
                TrainingCache.store(prepared, classifier: nlu.classifier, fingerprint: fingerprint)
            }
        } else {
            // Cross-validation: a classifier that never saw the excluded examples, and never cached.
            var trainedOn = prepared
            trainedOn.examples.removeAll { excluded.contains(ExampleKey(language: $0.language, text: $0.text)) }
            nlu = builder.build(trainedOn)
        }
        let defaultLanguage = packs.contains { $0.code == "de" } ? "de" : packs[0].code
        return KnowledgeBase(offers: offers, gazetteer: gazetteer,
                             languages: Dictionary(uniqueKeysWithValues: packs.map { ($0.code, $0) }),
                             languageOrder: packs.map(\.code), topics: topics, facts: base.facts,
                             schoolRules: schoolRules.byState, schoolFallback: schoolRules.fallback, nlu: nlu,
                             trainingExampleCount: prepared.examples.count,
                             warnings: diagnostics.problems.filter { $0.severity == .warning },
                             defaultLanguage: defaultLanguage)
    }

    private func releaseFreedMemory() {
        #if os(Linux)
        _ = mallocTrim(0)
        #endif
    }

    func path(_ name: String) -> String { (knowledgeDirectory as NSString).appendingPathComponent(name) }

    func display(_ full: String) -> String { displayPath(full) }

    func files(in directory: String, ending: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(ending) && !$0.hasPrefix(".") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    private func loadNormalisation(_ diagnostics: Diagnostics) -> ([UInt32: String], [Character: Character]) {
        let file = path("normalisation.yml")
        guard let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics) else { return ([:], [:]) }
        root.checkKeys(allowed: ["fold", "cefr_lookalikes"], what: "normalisation.yml")
        var foldings: [UInt32: String] = [:]
        for (key, value) in root["fold"]?.mapping ?? [] {
            guard key.unicodeScalars.count == 1, let scalar = key.unicodeScalars.first else {
                value.error("fold key '\(key)' must be exactly one character"); continue
            }
            foldings[scalar.value] = value.string ?? ""
        }
        var lookalikes: [Character: Character] = [:]
        for (key, value) in root["cefr_lookalikes"]?.mapping ?? [] {
            guard key.count == 1, let target = value.string, target.count == 1 else {
                value.error("cefr_lookalikes maps one character to one character"); continue
            }
            lookalikes[Character(key)] = Character(target)
        }
        return (foldings, lookalikes)
    }

    /// `sounds.yml`: how place names sound (see `SoundKey`). Without the file nothing sounds alike.
    private func loadSounds(_ diagnostics: Diagnostics) -> SoundKey {
        let file = path("sounds.yml")
        guard FileManager.default.fileExists(atPath: file),
              let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics) else { return .none }
        root.checkKeys(allowed: ["letters", "classes"], what: "sounds.yml")
        var letters: [Character: [String]] = [:]
        for (key, value) in root["letters"]?.mapping ?? [] {
            // One sound, or a list of the sounds the letter writes, the usual one first.
            let sounds = value.string.map { [$0] } ?? value.sequence?.compactMap(\.string) ?? []
            guard key.count == 1, !sounds.isEmpty, sounds.count == (value.sequence?.count ?? 1) else {
                value.error("letters maps one letter to its Latin sound, or to a list of its sounds"); continue
            }
            letters[Character(key)] = sounds
        }
        var classes: [(spelling: String, sound: String)] = []
        for (key, value) in root["classes"]?.mapping ?? [] {
            guard !key.isEmpty, key != "$", let sound = value.string else { value.error("classes maps a Latin spelling to a sound"); continue }
            classes.append((key, sound))
        }
        return SoundKey(letters: letters, classes: classes)
    }

    func loadRegions(_ diagnostics: Diagnostics) -> ([String: Region], [String: String]) {
        let file = path("regions.yml")
        guard let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics) else { return ([:], [:]) }
        var states: [String: String] = [:]
        for (key, value) in root["states"]?.mapping ?? [] {
            guard key.count == 2, key.allSatisfy(\.isNumber), let name = value.string else {
                value.error("state keys are two digits with a name"); continue
            }
            states[key] = name
        }
        var regions: [String: Region] = [:]
        for item in root["regions"]?.sequence ?? [] {
            item.checkKeys(allowed: ["key", "name", "short_name", "state"], what: "a region")
            guard let key = item.requireString("key", in: "a region"), let name = item.requireString("name", in: "a region"),
                  let state = item.requireString("state", in: "a region") else { continue }
            guard key.count == 5, key.allSatisfy(\.isNumber), key.hasPrefix(state) else {
                item.error("region key '\(key)' must be a 5-digit district key starting with its state '\(state)'"); continue
            }
            regions[key] = Region(key: key, name: name, shortName: item["short_name"]?.string ?? name, stateKey: state)
        }
        if regions.isEmpty { diagnostics.error(display(file), nil, "no regions") }
        return (regions, states)
    }

    func loadTopics(_ diagnostics: Diagnostics) -> TopicSettings? {
        let file = path("topics.yml")
        guard let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics) else { return nil }
        root.checkKeys(allowed: ["topics", "level_question_from_age", "level_language", "page_size", "overview_size", "overview_per_topic",
                                 "fallback_contacts", "needs", "need_contacts"], what: "topics.yml")
        var topics: [Intent: Topic] = [:]
        for (name, value) in root["topics"]?.mapping ?? [] {
            guard let intent = Intent(rawValue: name), intent.isTopic else { value.error("'\(name)' is not a topic intent (ask_…)"); continue }
            var slots: [Slot] = []
            for slot in value["slots"]?.sequence ?? [] {
                guard let name = slot.string, let parsed = Slot(rawValue: name) else { slot.error("unknown slot (age, level, residence)"); continue }
                slots.append(parsed)
            }
            topics[intent] = Topic(intent: intent, slots: slots)
        }
        for intent in Intent.allCases where intent.isTopic && topics[intent] == nil {
            root.error("topics.yml has no entry for \(intent.rawValue)")
        }
        var needs: [String: [OfferCategory]] = [:]
        for (name, value) in root["needs"]?.mapping ?? [] {
            needs[name] = (value.sequence ?? []).compactMap { item in
                guard let category = item.string.flatMap(OfferCategory.init(rawValue:)) else {
                    item.error("'\(item.string ?? "")' is not an offer category"); return nil
                }
                return category
            }
        }
        var settings = TopicSettings(topics: topics, levelQuestionFromAge: root.optionalInt("level_question_from_age", range: 0...30) ?? 10,
                                     levelLanguage: root["level_language"]?.string,
                                     pageSize: root.optionalInt("page_size", range: 1...50) ?? 5,
                                     overviewSize: root.optionalInt("overview_size", range: 1...50) ?? 8,
                                     overviewPerTopic: root.optionalInt("overview_per_topic", range: 1...5) ?? 2,
                                     fallbackContacts: (root["fallback_contacts"]?.sequence ?? []).compactMap(\.string))
        settings.needs = needs
        settings.needContacts = root.optionalInt("need_contacts", range: 1...10) ?? 3
        return settings
    }

    /// Languages, topics, offers and number words: everything but places and intents.
    struct BaseParts: Sendable {
        var languages: [(pack: LanguagePack, order: Int)]
        var topics: TopicSettings?
        var facts: FactSettings
        var offers: [Offer]
        var numberWords: NumberWords.Table
    }

    private func loadBase(regions: [String: Region], states: [String: String], tokeniser: Tokeniser,
                          _ diagnostics: Diagnostics) -> BaseParts {
        let languages = loadLanguages(diagnostics)
        let packs = languages.sorted { $0.order < $1.order }.map(\.pack)
        let topics = loadTopics(diagnostics)
        let facts = loadFacts(diagnostics)
        checkFactMessages(facts, languages: packs, diagnostics)
        let offers = loadOffers(regions: regions, states: states, facts: facts, diagnostics)
        let numberWords = NumberWords.build(languages: packs, tokeniser: tokeniser)
        return BaseParts(languages: languages, topics: topics, facts: facts, offers: offers, numberWords: numberWords)
    }

    private func loadTraining(file: String, _ diagnostics: Diagnostics) -> TrainingData? {
        let code = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return TrainingData.load(path: file, displayName: display(file), language: code, diagnostics: diagnostics)
    }

    /// Every intents file needs a language file, and there must be at least one.
    private func checkTraining(_ trained: [String], languages: [(pack: LanguagePack, order: Int)], _ diagnostics: Diagnostics) {
        let known = Set(languages.map(\.pack.code))
        for language in trained where !known.contains(language) {
            diagnostics.error(display((intentsDirectory as NSString).appendingPathComponent(language + ".yml")), nil,
                              "no language file knowledge/languages/\(language).yml for this intents file")
        }
        if trained.isEmpty { diagnostics.error(display(intentsDirectory), nil, "no intents files (*.yml)") }
    }
}

#if os(Linux)
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32
#endif

/// A path as shown in messages: relative to the working directory when it lies below it.
func displayPath(_ full: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    return full.hasPrefix(cwd) ? String(full.dropFirst(cwd.count)) : full
}

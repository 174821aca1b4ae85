import Foundation

/// A consultation at the counsellor's terminal: a profile typed in one line, the full list of
/// fitting offers with reasons, why an offer does or does not fit, and a handout for the client.
///
/// A value in memory only: nothing the counsellor types is kept after the session ends. Like the
/// dialogue engine it does no I/O; the terminal writes the handout it returns.
public struct CounsellorSession: Sendable {
    public let knowledge: KnowledgeBase
    private let referrals: ReferralEngine
    public private(set) var profile = Profile()
    /// The language of the counsellor's screen.
    public let screenLanguage: String
    /// The client's language: the handout shows it beside German.
    public private(set) var clientLanguage: String
    /// Places to choose from after an ambiguous name («Neustadt»).
    private var placeOptions: [Place] = []
    private var referral: Referral?

    public init(knowledge: KnowledgeBase, screenLanguage: String = "de", clientLanguage: String? = nil) {
        self.knowledge = knowledge
        self.referrals = ReferralEngine(knowledge: knowledge)
        self.screenLanguage = knowledge.languages[screenLanguage] != nil ? screenLanguage : knowledge.defaultLanguage
        self.clientLanguage = clientLanguage.flatMap { knowledge.languages[$0] != nil ? $0 : nil } ?? self.screenLanguage
    }

    /// What the session answers to one line.
    public struct Reply: Sendable {
        public var text: String
        /// Set by `/handout`: the document to write for the client.
        public var handout: Handout?
        /// Set with a handout: the referral it hands over, for anonymous statistics. Only the
        /// handout counts, not every list on the way to it, so a consultation is one enquiry.
        public var enquiry: Enquiry?
        public var quit = false
    }

    var presenter: Presenter { Presenter(knowledge: knowledge, language: screenLanguage) }

    public func welcome() -> String { presenter.text("counsellor_welcome") }

    public mutating func handle(_ line: String) -> Reply {
        let text = TextNormaliser.clean(line)
        if text.unicodeScalars.count > 1000 { return Reply(text: presenter.text("too_long", ["max": "1000"])) }
        switch CounsellorCommand(text) {
        case .text(let words) where words.isEmpty: return Reply(text: "")
        case .text(let words): return Reply(text: take(words, expecting: nil))
        case .profile(let words): return Reply(text: take(words, expecting: nil))
        case .age(let words): return Reply(text: setAge(words))
        case .level(let words): return Reply(text: setLevel(words))
        case .place(let words): return Reply(text: setPlace(words))
        case .topic(let words): return Reply(text: setTopic(words))
        case .why(let offer): return Reply(text: why(offer))
        case .excluded: return Reply(text: excludedList())
        case .list: return Reply(text: listing())
        case .handout(let chosen): return handout(chosen)
        case .language(let code): return Reply(text: setClientLanguage(code))
        case .newClient:
            self = CounsellorSession(knowledge: knowledge, screenLanguage: screenLanguage)
            return Reply(text: presenter.text("counsellor_cleared"))
        case .help: return Reply(text: help())
        case .quit: return Reply(text: "", quit: true)
        case .other(let name, let argument):
            guard let fact = knowledge.facts.fact(named: name) else {
                return Reply(text: presenter.text("counsellor_unknown_command", ["command": "/" + name]))
            }
            return Reply(text: setFact(fact, argument))
        }
    }

    // MARK: Profile

    /// Reads age, level, place and topic from free words with the chat's NLU.
    private mutating func take(_ words: String, expecting slot: Slot?) -> String {
        let parse = knowledge.nlu.parse(words, context: ParseContext(expecting: slot, language: screenLanguage, languageSettled: true))
        var understood = false
        var notes: [String] = []
        for entity in parse.entities {
            switch entity.kind {
            case .age:
                guard let age = Int(entity.value) else { continue }
                profile.age = age
                understood = true
            case .languageLevel:
                guard let level = CEFRLevel(code: entity.value) else { continue }
                profile.level = level
                understood = true
            case .residence:
                understood = true
                if let note = choose(entity.places, named: entity.text) { notes.append(note) }
            case .language:
                continue
            case .fact:
                guard let (fact, value) = knowledge.facts.parse(entity.value) else { continue }
                profile.facts[fact.name] = value
                understood = true
            }
        }
        if slot == nil, let topic = topic(in: parse) {
            profile.topic = topic == .askOffers ? nil : topic
            understood = true
        }
        guard understood else { return presenter.text("counsellor_not_understood", ["text": words]) }
        return ([listing()] + notes).joined(separator: "\n\n")
    }

    /// The topic of free words. Facts make a line look like a plain answer («7 Jahre, Rostock,
    /// Schule» reads as inform), so the words left without the facts are read again, and a topic
    /// close behind «inform» counts: a counsellor's line is facts plus at most one topic.
    private func topic(in parse: ParseResult) -> Intent? {
        if parse.intent.isTopic { return parse.intent }
        guard !parse.entities.isEmpty else { return nil }
        func likelyTopic(_ result: ParseResult) -> Intent? {
            if result.intent.isTopic { return result.intent }
            guard result.intent == .inform, let runnerUp = result.ranking.dropFirst().first,
                  runnerUp.intent.isTopic, runnerUp.confidence >= Self.topicBesideFacts else { return nil }
            return runnerUp.intent
        }
        let residue = parse.residue
        guard residue.unicodeScalars.contains(where: \.properties.isAlphabetic) else { return nil }
        return likelyTopic(knowledge.nlu.parse(residue, context: ParseContext(language: screenLanguage, languageSettled: true)))
    }

    static let topicBesideFacts: Float = 0.45

    private mutating func setAge(_ words: String) -> String {
        if let age = Int(words), EntityExtractor.plausibleAges.contains(age) {
            profile.age = age
            return listing()
        }
        let before = profile.age
        let answer = take(words, expecting: .age)
        return profile.age != nil && profile.age != before ? answer : presenter.text("counsellor_bad_age")
    }

    private mutating func setLevel(_ words: String) -> String {
        if let level = CEFRLevel(code: words) ?? namedLevel(words) {
            profile.level = level
            return listing()
        }
        let before = profile.level
        let answer = take(words, expecting: .level)
        return profile.level != nil && profile.level != before ? answer : presenter.text("counsellor_bad_level")
    }

    /// A level by the screen language's name for it, or its first word («kein» for «kein Deutsch»).
    private func namedLevel(_ words: String) -> CEFRLevel? {
        let tokeniser = knowledge.nlu.tokeniser
        let typed = tokeniser.words(words)
        guard !typed.isEmpty else { return nil }
        return CEFRLevel.allCases.first { level in
            let name = tokeniser.words(presenter.level(level))
            return typed == name || typed == Array(name.prefix(1))
        }
    }

    private mutating func setPlace(_ words: String) -> String {
        if let number = Int(words), !placeOptions.isEmpty {
            guard placeOptions.indices.contains(number - 1) else { return placeQuestion(words) }
            return choose([placeOptions[number - 1]], named: words) ?? listing()
        }
        var places = knowledge.gazetteer.lookup(name: words, tokeniser: knowledge.nlu.tokeniser)
        if places.isEmpty {
            let parse = knowledge.nlu.parse(words, context: ParseContext(expecting: .residence, language: screenLanguage, languageSettled: true))
            places = parse.first(.residence)?.places ?? []
        }
        if places.isEmpty { return presenter.text("counsellor_unknown_place", ["place": words]) }
        return choose(places, named: words) ?? listing()
    }

    /// Takes a place when the name is unique; else keeps the options and returns the question.
    private mutating func choose(_ places: [Place], named name: String) -> String? {
        guard places.count == 1 else {
            placeOptions = places
            return places.isEmpty ? presenter.text("counsellor_unknown_place", ["place": name]) : placeQuestion(name)
        }
        profile.residence = places[0]
        placeOptions = []
        return nil
    }

    private func placeQuestion(_ name: String) -> String {
        let options = placeOptions.enumerated().map { "  \($0.offset + 1). \(presenter.placeName($0.element)) (\($0.element.postcodes.first ?? $0.element.regionKey))" }
        return ([presenter.text("counsellor_ambiguous_place", ["place": name])] + options).joined(separator: "\n")
    }

    private mutating func setTopic(_ words: String) -> String {
        if words.isEmpty {
            profile.topic = nil
            return listing()
        }
        let intent = Intent(rawValue: words)
            ?? knowledge.nlu.parse(words, context: ParseContext(language: screenLanguage, languageSettled: true)).intent
        guard intent.isTopic else {
            let names = Intent.allCases.filter(\.isTopic).map(presenter.topicTitle).joined(separator: ", ")
            return presenter.text("counsellor_unknown_topic", ["topic": words, "topics": names])
        }
        profile.topic = intent == .askOffers ? nil : intent
        return listing()
    }

    /// `/status recognised_protection`, `/activity Arbeit`, `/status unknown`: a fact by its value,
    /// the screen language's name for it, or a phrase the NLU knows; «unknown» forgets it.
    private mutating func setFact(_ fact: Fact, _ words: String) -> String {
        let typed = words.lowercased()
        if typed == FactAnswer.unknown || typed == "-" {
            profile.facts[fact.name] = nil
            return listing()
        }
        let tokeniser = knowledge.nlu.tokeniser
        let presenter = presenter
        let named = fact.values.first { tokeniser.words(presenter.text(fact.valueKey($0))) == tokeniser.words(words) }
        let parsed = knowledge.nlu.parse(words, context: ParseContext(language: screenLanguage, languageSettled: true)).entities
            .filter { $0.kind == .fact }.compactMap { knowledge.facts.parse($0.value) }.first { $0.fact == fact }?.value
        let value = fact.values.first { $0 == typed } ?? named ?? parsed
        guard let value else {
            return presenter.text("counsellor_bad_fact", ["values": fact.values.joined(separator: ", "), "fact": fact.name,
                                                           "example": fact.values[0]])
        }
        profile.facts[fact.name] = value
        return listing()
    }

    /// The commands, with one line per fact of `facts.yml`.
    private func help() -> String {
        let facts = knowledge.facts.facts.map { fact in
            presenter.text("counsellor_fact_help", ["fact": fact.name, "question": presenter.text(fact.questionKey),
                                                     "values": fact.values.joined(separator: ", ")])
        }
        return ([presenter.text("counsellor_help")] + facts).joined(separator: "\n")
    }

    private mutating func setClientLanguage(_ code: String) -> String {
        let known = knowledge.languageOrder
        let match = known.first { $0 == code }
            ?? known.first { knowledge.language($0).name.lowercased() == code || knowledge.language($0).englishName.lowercased() == code }
        guard let match else {
            return presenter.text("counsellor_unknown_language", ["code": code, "languages": known.joined(separator: ", ")])
        }
        clientLanguage = match
        return presenter.text("counsellor_client_language", ["language": knowledge.language(match).name])
    }

    // MARK: Offers

    /// The profile, every fitting offer with its reason, and how many are excluded.
    private mutating func listing() -> String {
        let referral = referrals.refer(profile)
        self.referral = referral
        let listing = ReferralListing(presenter: presenter, referral: referral)
        var parts = [presenter.text("counsellor_profile", ["profile": summary()]), listing.fitting()]
        if !referral.excluded.isEmpty {
            parts.append(presenter.text("counsellor_excluded_hint", ["count": String(referral.excluded.count)]))
        }
        return parts.joined(separator: "\n\n")
    }

    private func summary() -> String {
        var parts = [profile.isEmpty ? presenter.text("counsellor_profile_empty") : presenter.profileSummary(profile)]
        parts.append(profile.topic.map(presenter.topicTitle) ?? presenter.text("counsellor_all_topics"))
        return parts.joined(separator: " · ")
    }

    private mutating func excludedList() -> String {
        let referral = self.referral ?? referrals.refer(profile)
        return ReferralListing(presenter: presenter, referral: referral).excluded()
    }

    private func why(_ reference: String) -> String {
        guard let offer = offer(reference) else { return presenter.text("counsellor_unknown_offer", ["offer": reference]) }
        let title = presenter.localized(offer.title)
        switch referrals.assess(offer, for: profile) {
        case .fits(let reasons, let conditions) where !conditions.isEmpty:
            return presenter.text("counsellor_why_fits", ["title": title, "id": offer.id, "reason": presenter.reason(reasons)])
                + "\n" + presenter.text("counsellor_why_if", ["title": title, "id": offer.id, "conditions": presenter.conditions(conditions)])
        case .fits(let reasons, _):
            return presenter.text("counsellor_why_fits", ["title": title, "id": offer.id, "reason": presenter.reason(reasons)])
        case .excluded(let exclusions):
            return presenter.text("counsellor_why_not", ["title": title, "id": offer.id, "reasons": presenter.exclusion(exclusions)])
        }
    }

    /// An offer by its number in the last list or by its id.
    private func offer(_ reference: String) -> Offer? {
        if let number = Int(reference), let referral,
           case let matches = ReferralListing(presenter: presenter, referral: referral).numbered, matches.indices.contains(number - 1) {
            return matches[number - 1].offer
        }
        return knowledge.offer(id: reference)
    }

    // MARK: Handout

    private mutating func handout(_ chosen: [String]) -> Reply {
        let referral = self.referral ?? referrals.refer(profile)
        var matches = ReferralListing(presenter: presenter, referral: referral).numbered
        if !chosen.isEmpty {
            var picked: [Match] = []
            for reference in chosen {
                guard let offer = offer(reference) else {
                    return Reply(text: presenter.text("counsellor_unknown_offer", ["offer": reference]))
                }
                if case .fits(let reasons, let conditions) = referrals.assess(offer, for: profile) {
                    picked.append(Match(offer: offer, reasons: reasons, conditions: conditions))
                } else {
                    picked.append(Match(offer: offer, reasons: []))
                }
            }
            matches = picked
        }
        guard !matches.isEmpty else { return Reply(text: presenter.text("counsellor_handout_empty")) }
        let handout = Handout(knowledge: knowledge, language: clientLanguage, matches: matches,
                              office: referral.coordinationOffice, residence: profile.residence)
        return Reply(text: "", handout: handout,
                     enquiry: Enquiry(referral: referral, language: clientLanguage, gazetteer: knowledge.gazetteer))
    }
}

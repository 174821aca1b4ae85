import Foundation

/// Writes what Lotse says, in one language, from the message catalogue. Every sentence comes from
/// `knowledge/languages/<code>.yml`; this type only decides which message and which values.
public struct Presenter: Sendable {
    public let knowledge: KnowledgeBase
    public let pack: LanguagePack
    private let fallback: LanguagePack?

    public init(knowledge: KnowledgeBase, language: String) {
        self.knowledge = knowledge
        self.pack = knowledge.language(language)
        self.fallback = knowledge.languages["en"]
    }

    public func text(_ key: String, _ arguments: MessageArguments = [:]) -> String {
        pack.render(key, arguments, fallback: fallback)
    }

    public func message(_ key: String, _ arguments: MessageArguments = [:], buttons: [Button] = []) -> BotMessage {
        BotMessage(text: text(key, arguments), buttons: buttons)
    }

    // MARK: Values

    public func level(_ level: CEFRLevel) -> String { level == .none ? text("level_none") : level.code }

    public func regionName(_ code: String) -> String {
        if code == "DE" { return text("germany") }
        if code.count == 2 { return knowledge.gazetteer.stateName(code) }
        return knowledge.gazetteer.regions[code]?.shortName ?? code
    }

    public func placeName(_ place: Place) -> String {
        if let partOf = place.partOf { return "\(place.name) (\(partOf))" }
        if place.districtKey == nil { return "\(place.name) (\(knowledge.gazetteer.stateName(place.stateKey)))" }
        return place.name
    }

    public func localized(_ text: LocalizedText) -> String {
        let (value, isFallback) = text.text(for: pack.code)
        return isFallback ? "\(value) \(self.text("in_german"))" : value
    }

    public func topicTitle(_ intent: Intent) -> String { text("topic_\(intent.rawValue)") }

    public func topicButtons() -> [Button] {
        Intent.allCases.filter(\.isTopic).map { Button(title: topicTitle($0), payload: "/\($0.rawValue)") }
    }

    public func levelButtons() -> [Button] {
        CEFRLevel.allCases.map { Button(title: level($0), payload: "/inform{\"language_level\":\"\($0.code)\"}") }
    }

    public func languageButtons() -> [Button] {
        knowledge.languageOrder.compactMap { knowledge.languages[$0] }
            .map { Button(title: $0.name, payload: "/choose_language{\"language\":\"\($0.code)\"}") }
    }

    /// «34 years · German A1 · Parchim»
    public func profileSummary(_ profile: Profile) -> String {
        var parts: [String] = []
        if let age = profile.age { parts.append(text("summary_age", ["count": String(age)])) }
        if let level = profile.level { parts.append(level == .none ? text("level_none") : text("summary_level", ["level": level.code])) }
        if let place = profile.residence { parts.append(placeName(place)) }
        // Facts the person gave, except sensitive ones (residence status), which are never echoed.
        for fact in knowledge.facts.facts where !fact.sensitive {
            if let value = profile.facts[fact.name] { parts.append(text(fact.valueKey(value))) }
        }
        return parts.joined(separator: " · ")
    }

    // MARK: Offers

    public func reason(_ reasons: [Reason]) -> String {
        reasons.map { reason -> String in
            switch reason {
            case .region(let scope):
                switch scope {
                case .district(let key): return text("reason_local", ["region": regionName(key)])
                case .state(let key): return text("reason_state", ["state": regionName(key)])
                case .nationwide: return text("reason_national")
                }
            case .ageRange(let min, let max):
                switch (min, max) {
                case let (min?, max?): return text("reason_age_range", ["min": String(min), "max": String(max)])
                case let (min?, nil): return text("reason_age_min", ["min": String(min)])
                case let (nil, max?): return text("reason_age_max", ["max": String(max)])
                default: return ""
                }
            case .levelRange(let lower, let max):
                let min = lower == CEFRLevel.none ? nil : lower
                switch (min, max) {
                case let (min?, max?) where min == max: return text("reason_level_exact", ["level": level(min)])
                case let (min?, max?): return text("reason_level_range", ["min": level(min), "max": level(max)])
                case let (min?, nil): return text("reason_level_min", ["min": level(min)])
                case let (nil, max?): return text("reason_level_max", ["max": level(max)])
                default: return ""
                }
            case .school(let requirement): return text("reason_school_\(requirement.rawValue)")
            case .fact(let requirement):
                // A sensitive answer (residence status) is never written out: handouts carry these lines.
                guard let fact = knowledge.facts.fact(named: requirement.fact), !fact.sensitive else { return "" }
                return text("reason_fact", ["answers": factValues(requirement)])
            case .open: return text("reason_open")
            }
        }.filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// «Only if: work or a job offer / looking for work», a line per condition (all must hold) — what a
    /// listed offer still depends on.
    public func conditions(_ conditions: [Condition]) -> String {
        conditions.map { condition -> String in
            switch condition {
            case .fact(let requirement):
                return text("condition_fact", ["answers": factValues(requirement)])
            case .schoolEntry(let age, let cutoff?):
                return text("condition_school_entry", ["age": String(age), "date": dayAndMonth(cutoff)])
            case .schoolEntry(let age, nil):
                return text("condition_school_entry_unknown", ["age": String(age)])
            }
        }.joined(separator: "\n")
    }

    /// The names of a rule's values, «Arbeit oder Jobangebot / Arbeitssuche».
    public func factValues(_ requirement: FactRequirement) -> String {
        requirement.values.map { text("fact_\(requirement.fact)_\($0)") }.joined(separator: " / ")
    }

    /// «06-30» as «30 June» in the language's own way.
    func dayAndMonth(_ monthDay: String) -> String {
        let parts = monthDay.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return monthDay }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: 2001, month: parts[0], day: parts[1], hour: 12)) else { return monthDay }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: pack.locale)
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.setLocalizedDateFormatFromTemplate("dMMMM")
        return formatter.string(from: date)
    }

    public func exclusion(_ exclusions: [Exclusion]) -> String {
        exclusions.map { exclusion -> String in
            switch exclusion {
            case .tooYoung(let min): return text("excluded_age_low", ["min": String(min)])
            case .tooOld(let max): return text("excluded_age_high", ["max": String(max)])
            case .levelTooLow(let min): return text("excluded_level_low", ["min": level(min)])
            case .levelTooHigh(let max): return text("excluded_level_high", ["max": level(max)])
            case .schoolObliged(let until): return text("excluded_school_obliged", ["age": String(until + 1)])
            case .notSchoolAge: return text("excluded_not_school_age")
            case .fact(let requirement): return text("excluded_fact", ["answers": factValues(requirement)])
            case .otherRegion(let code): return text("excluded_region", ["region": regionName(code)])
            case .otherTopic: return text("excluded_topic")
            }
        }.joined(separator: "; ")
    }

    public func contactLine(_ contact: Contact, full: Bool = false) -> String {
        var parts: [String] = []
        if let phone = contact.phone { parts.append(text("contact_phone", ["phone": phone])) }
        if let email = contact.email { parts.append(text("contact_email", ["email": email])) }
        if let url = contact.url { parts.append(text("contact_url", ["url": url])) }
        if full || parts.isEmpty, let address = contact.address { parts.append(text("contact_address", ["address": address])) }
        if full, let hours = contact.hours { parts.append(text("contact_hours", ["hours": hours])) }
        return parts.joined(separator: " · ")
    }

    /// One offer as a short block: number, title, why it fits, how to reach it. `reason` is the
    /// rendered `reason(match.reasons)` when the caller has it already.
    public func offerBlock(_ match: Match, index: Int, reason given: String? = nil) -> String {
        var lines = [text("offer_title", ["index": String(index), "title": localized(match.offer.title)])]
        lines.append(text("offer_reason", ["reason": given ?? reason(match.reasons)]))
        if match.isConditional { lines.append(conditions(match.conditions)) }
        let contact = contactLine(match.offer.contact)
        if !contact.isEmpty { lines.append(contact) }
        if let conditions = match.offer.eligibility.conditions {
            lines.append(text("offer_conditions", ["conditions": localized(conditions)]))
        }
        return lines.joined(separator: "\n")
    }

    /// Everything about one offer, for «tell me more about 2».
    public func offerDetails(_ offer: Offer) -> String {
        var lines = [localized(offer.title), localized(offer.description)]
        if let provider = offer.provider { lines.append(text("details_provider", ["provider": provider])) }
        if let conditions = offer.eligibility.conditions {
            lines.append(text("offer_conditions", ["conditions": localized(conditions)]))
        }
        let contact = contactLine(offer.contact, full: true)
        if !contact.isEmpty { lines.append(contact) }
        lines.append(text("details_verified", ["date": offer.verified]))
        return lines.joined(separator: "\n")
    }

    /// The machine-readable referral; `reasons` holds the offers' rendered reasons by id where the
    /// caller has them already.
    public func payload(_ referral: Referral, reasons: [String: String] = [:]) -> ReferralPayload {
        let profile = referral.profile
        let residence = profile.residence.map {
            ReferralPayload.Residence(name: $0.name, region: $0.regionKey, municipality_key: $0.municipalityKey)
        }
        let offers = referral.matches.map { match in
            ReferralPayload.OfferData(id: match.offer.id, category: match.offer.category.rawValue,
                                      title: match.offer.title.text(for: pack.code).text, region: match.offer.region,
                                      scope: match.offer.scope.name, reason: reasons[match.offer.id] ?? reason(match.reasons),
                                      contact: match.offer.contact,
                                      conditions: match.offer.eligibility.conditions.map { $0.text(for: pack.code).text },
                                      only_if: match.isConditional ? conditions(match.conditions) : nil)
        }
        return ReferralPayload(topic: profile.topic?.rawValue,
                               profile: .init(age: profile.age, language_level: profile.level?.code,
                                              residence: residence, language: pack.code),
                               offers: offers)
    }
}

extension RegionScope {
    var name: String {
        switch self {
        case .district: return "local"
        case .state: return "state"
        case .nationwide: return "national"
        }
    }
}

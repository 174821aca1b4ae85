/// Decides which offers fit a profile. An offer fits when its region is the person's district,
/// their state or nationwide, it answers the topic asked, and the person meets every rule that can
/// be checked (age and German level bounds, inclusive). Unknown facts are not held against anyone:
/// an offer with an age rule still fits when the age was not given, and says so.
public struct ReferralEngine: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    public func refer(_ profile: Profile) -> Referral {
        var matches: [Match] = []
        var excluded: [(offer: Offer, reasons: [Exclusion])] = []
        var office: Offer? = nil
        for offer in knowledge.offers {
            if offer.category == .coordinationOffice {
                if case .district(let key) = offer.scope, key == profile.residence?.districtKey { office = office ?? offer }
                continue
            }
            // Offers of another region or topic are neither matches nor exclusions of this enquiry.
            guard concerns(offer, profile) else { continue }
            let exclusions = ruleExclusions(offer.eligibility, profile)
            if exclusions.isEmpty {
                matches.append(Match(offer: offer, reasons: reasons(offer)))
            } else {
                excluded.append((offer, exclusions))
            }
        }
        // `knowledge.offers` is in referral order already: local first, most specific first.
        return Referral(profile: profile, matches: matches, excluded: excluded, coordinationOffice: office)
    }

    /// Why one offer fits a profile or not — every rule that fails, not only the first, so that a
    /// counsellor asking «why not?» gets the whole answer.
    public func assess(_ offer: Offer, for profile: Profile) -> Assessment {
        var exclusions: [Exclusion] = []
        if !inRegion(offer, profile.residence) { exclusions.append(.otherRegion(offer.region)) }
        if !inTopic(offer, profile.topic) { exclusions.append(.otherTopic) }
        exclusions += ruleExclusions(offer.eligibility, profile)
        return exclusions.isEmpty ? .fits(reasons(offer)) : .excluded(exclusions)
    }

    /// Whether an offer is meant for this enquiry at all: its region and its topic.
    func concerns(_ offer: Offer, _ profile: Profile) -> Bool {
        inRegion(offer, profile.residence) && inTopic(offer, profile.topic)
    }

    /// Whether an offer answers the topic asked («everything for me» and no topic yet: every offer).
    func inTopic(_ offer: Offer, _ topic: Intent?) -> Bool {
        guard let topic, topic != .askOffers else { return true }
        return offer.topics.contains(topic.rawValue)
    }

    /// Whether an offer applies where the person lives; without a known place only nationwide ones do.
    func inRegion(_ offer: Offer, _ place: Place?) -> Bool {
        switch offer.scope {
        case .nationwide: return true
        case .state(let key): return place?.stateKey == key
        case .district(let key): return place?.districtKey == key
        }
    }

    func ruleExclusions(_ rules: Eligibility, _ profile: Profile) -> [Exclusion] {
        var result: [Exclusion] = []
        if let age = profile.age {
            if let min = rules.minAge, age < min { result.append(.tooYoung(min: min)) }
            if let max = rules.maxAge, age > max { result.append(.tooOld(max: max)) }
        }
        if let level = profile.level {
            if let min = rules.minLevel, level < min { result.append(.levelTooLow(min: min)) }
            if let max = rules.maxLevel, level > max { result.append(.levelTooHigh(max: max)) }
        }
        return result
    }

    func reasons(_ offer: Offer) -> [Reason] {
        var reasons: [Reason] = [.region(offer.scope)]
        let rules = offer.eligibility
        if rules.minAge != nil || rules.maxAge != nil { reasons.append(.ageRange(min: rules.minAge, max: rules.maxAge)) }
        if rules.minLevel != nil || rules.maxLevel != nil { reasons.append(.levelRange(min: rules.minLevel, max: rules.maxLevel)) }
        if reasons.count == 1 && rules.conditions == nil { reasons.append(.open) }
        return reasons
    }
}

extension Eligibility {
    /// How many checkable rules the offer sets (a `none` lower level bound is no rule).
    var specificity: Int {
        [minAge != nil, maxAge != nil, minLevel.map { $0 > .none } ?? false, maxLevel != nil].filter { $0 }.count
    }
}

extension OfferCategory {
    /// Within one region level: language first, then counselling, education, leisure.
    var sortRank: Int { OfferCategory.allCases.firstIndex(of: self) ?? 0 }
}

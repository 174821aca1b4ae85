/// Decides which offers fit a profile and in which order a counsellor would name them. An offer fits
/// when its region is the person's district, their state or nationwide, it answers the topic asked,
/// and the person meets every rule that can be checked (age and German level bounds, inclusive;
/// school obligation by the state's rule; facts given). Unknown facts are never held against anyone:
/// an offer that depends on one is listed with «if …» (a `Condition`).
public struct ReferralEngine: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    public func refer(_ profile: Profile) -> Referral {
        var matches: [Match] = []
        var excluded: [(offer: Offer, reasons: [Exclusion])] = []
        for offer in knowledge.offers where offer.category != .coordinationOffice {
            // Offers of another region or topic are neither matches nor exclusions of this enquiry.
            guard concerns(offer, profile) else { continue }
            let check = checkRules(offer.eligibility, profile)
            if check.exclusions.isEmpty {
                matches.append(Match(offer: offer, reasons: reasons(offer, met: check.met), conditions: check.conditions))
            } else {
                excluded.append((offer, check.exclusions))
            }
        }
        let ranked = rank(matches, topic: profile.topic)
        var referral = Referral(profile: profile, matches: ranked, excluded: excluded,
                                coordinationOffice: coordinationOffice(for: profile.residence))
        if profile.topic == nil || profile.topic == .askOffers { overview(&referral) }
        return referral
    }

    /// The coordination office of the district `residence` lies in: named under every list, and
    /// where to turn when nothing else is known. Coordination offices are not listed as offers.
    public func coordinationOffice(for residence: Place?) -> Offer? {
        guard let district = residence?.districtKey else { return nil }
        return knowledge.offers.first { offer in
            guard offer.category == .coordinationOffice, case .district(let key) = offer.scope else { return false }
            return key == district
        }
    }

    /// Where to turn with a need Lotse does not answer itself («I need a lawyer»): offers of
    /// `categories`, in that order, that apply where the person lives, whose rules the facts known
    /// do not exclude, and that have a contact to write to or call, local before state before
    /// national; then the district's coordination office. At most `limit`.
    public func counselling(_ categories: [OfferCategory], for profile: Profile, limit: Int) -> [Offer] {
        var found: [Offer] = []
        for category in categories {
            let offers = knowledge.offers.filter {
                $0.category == category && !$0.contact.isEmpty && inRegion($0, profile.residence)
                    && checkRules($0.eligibility, profile).exclusions.isEmpty
            }
            for offer in offers.sorted(by: { $0.scope.rank < $1.scope.rank }) where !found.contains(where: { $0.id == offer.id }) {
                found.append(offer)
            }
        }
        if let office = coordinationOffice(for: profile.residence) { return Array(found.prefix(limit - 1)) + [office] }
        return Array(found.prefix(limit))
    }

    /// Why one offer fits a profile or not — every rule that fails, not only the first, so that a
    /// counsellor asking «why not?» gets the whole answer.
    public func assess(_ offer: Offer, for profile: Profile) -> Assessment {
        var exclusions: [Exclusion] = []
        if !inRegion(offer, profile.residence) { exclusions.append(.otherRegion(offer.region)) }
        if !inTopic(offer, profile.topic) { exclusions.append(.otherTopic) }
        let check = checkRules(offer.eligibility, profile)
        exclusions += check.exclusions
        return exclusions.isEmpty ? .fits(reasons(offer, met: check.met), conditions: check.conditions) : .excluded(exclusions)
    }

    // MARK: Ranking

    /// The order a counsellor names offers in: how well an offer answers the need comes first — the
    /// core offers of the topic (the Integrationskurs for an adult up to A2 asking for German, Kita for
    /// a toddler, the Berufssprachkurs for B1) — then the other offers that certainly fit, then those
    /// that depend on an unknown fact, then generic contact points (hotlines, search portals). Within each tier an offer meant for what the person told us comes
    /// first (the Erstorientierungskurs for someone in the asylum procedure, the literacy course for
    /// someone learning to read), then local before state before national, then the order of
    /// `knowledge.offers` (most specific rules first).
    func rank(_ matches: [Match], topic: Intent?) -> [Match] {
        let answered = matches.contains { !$0.offer.contactPoint && !$0.isConditional && $0.offer.isCore(for: topic) }
        let keyed = matches.enumerated().map { index, match in
            (match, key: (tier(match, topic, answered: answered), -match.factsMet, -likelihood(match), match.offer.scope.rank, index))
        }
        return keyed.sorted { $0.key < $1.key }.map(\.0)
    }

    /// `answered`: a core offer certainly fits. Then core offers that depend on an unknown fact wait
    /// behind the offers that certainly fit (an adult at A1: the Integrationskurs, then the local adult
    /// education centre, then the literacy course «if …»); without one they lead (at B1 the
    /// Berufssprachkurs «if working or looking for work» before the adult education centre).
    func tier(_ match: Match, _ topic: Intent?, answered: Bool) -> Int {
        if match.offer.contactPoint { return 4 }
        switch (match.offer.isCore(for: topic), match.isConditional) {
        case (true, false): return 0
        case (true, true): return answered || likelihood(match) < Self.likelyCondition ? 3 : 1
        case (false, false): return 2
        case (false, true): return 3
        }
    }

    /// A core offer whose conditions hold for at least this share of the possible answers leads when no
    /// core offer certainly fits (the Berufssprachkurs «if working, looking for work or in training»);
    /// one for a narrow group (the Azubi-Berufssprachkurs «if in training») waits with the others.
    static let likelyCondition = 0.5

    /// How likely an offer's conditions hold when nothing is known: for each fact the share of its
    /// values the offer accepts, multiplied; a school entry that depends on the birthday counts half.
    func likelihood(_ match: Match) -> Double {
        match.conditions.reduce(1.0) { share, condition in
            switch condition {
            case .fact(let requirement):
                let all = knowledge.facts.fact(named: requirement.fact)?.values.count ?? requirement.values.count
                return share * Double(requirement.values.count) / Double(max(all, 1))
            case .schoolEntry:
                return share * 0.5
            }
        }
    }

    /// Without a topic the first page names the best one or two offers of each topic that has a core
    /// offer or one certainly fitting (at most `overviewSize`), grouped by topic; the rest follows in
    /// rank order.
    private func overview(_ referral: inout Referral) {
        let settings = knowledge.topics
        let topics = Intent.allCases.filter { $0.isTopic && $0 != .askOffers }
        var picks: [Intent: [Match]] = [:]
        var used = Set<String>()
        for round in 0..<settings.overviewPerTopic {
            for topic in topics {
                guard used.count < settings.overviewSize else { break }
                if round > 0 && picks[topic] == nil { continue }
                let candidates = referral.matches.filter {
                    $0.offer.topics.contains(topic.rawValue) && !used.contains($0.offer.id) && !$0.offer.contactPoint
                        && (!$0.isConditional || $0.offer.isCore(for: topic))
                }
                guard let best = rank(candidates, topic: topic).first else { continue }
                // A second offer of a topic only when it is a core answer or certainly fits.
                if round > 0, tier(best, topic, answered: false) > 2 { continue }
                picks[topic, default: []].append(best)
                used.insert(best.offer.id)
            }
        }
        var first: [Match] = []
        var groups: [ReferralGroup] = []
        for topic in topics {
            guard let chosen = picks[topic], !chosen.isEmpty else { continue }
            groups.append(ReferralGroup(topic: topic, count: chosen.count))
            first += chosen
        }
        referral.groups = groups
        referral.matches = first + referral.matches.filter { !used.contains($0.offer.id) }
    }

    // MARK: Rules

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

    struct RuleCheck {
        var exclusions: [Exclusion] = []
        var conditions: [Condition] = []
        /// Fact rules the person's answers meet, each with the answer given, for the reasons.
        var met: [FactRequirement] = []
    }

    func checkRules(_ rules: Eligibility, _ profile: Profile) -> RuleCheck {
        var check = RuleCheck()
        if let age = profile.age {
            if let min = rules.minAge, age < min { check.exclusions.append(.tooYoung(min: min)) }
            if let max = rules.maxAge, age > max { check.exclusions.append(.tooOld(max: max)) }
            if let requirement = rules.school { checkSchool(requirement, age: age, profile.residence, &check) }
        }
        if let level = profile.level {
            if let min = rules.minLevel, level < min { check.exclusions.append(.levelTooLow(min: min)) }
            if let max = rules.maxLevel, level > max { check.exclusions.append(.levelTooHigh(max: max)) }
        }
        for requirement in rules.requires {
            guard let value = profile.facts[requirement.fact] else {
                check.conditions.append(.fact(requirement))
                continue
            }
            if requirement.values.contains(value) {
                check.met.append(FactRequirement(fact: requirement.fact, values: [value]))
            } else {
                check.exclusions.append(.fact(requirement))
            }
        }
        for rule in rules.excludes {
            guard let value = profile.facts[rule.fact], rule.values.contains(value),
                  let fact = knowledge.facts.fact(named: rule.fact) else { continue }
            check.exclusions.append(.fact(FactRequirement(fact: rule.fact, values: fact.values.filter { !rule.values.contains($0) })))
        }
        return check
    }

    private func checkSchool(_ requirement: SchoolRequirement, age: Int, _ place: Place?, _ check: inout RuleCheck) {
        let rule = knowledge.schoolRule(for: place)
        switch (requirement, rule.standing(age: age)) {
        case (.notObliged, .past), (.obliged, .obliged):
            break
        case (.notObliged, _):
            check.exclusions.append(.schoolObliged(untilAge: rule.obligationUntilAge))
        case (.obliged, .entryThisYear(let cutoff)):
            check.conditions.append(.schoolEntry(age: rule.entryAge, cutoff: cutoff))
        case (.obliged, .beforeSchool), (.obliged, .past):
            check.exclusions.append(.notSchoolAge)
        }
    }

    func reasons(_ offer: Offer, met: [FactRequirement] = []) -> [Reason] {
        var reasons: [Reason] = [.region(offer.scope)]
        let rules = offer.eligibility
        if rules.minAge != nil || rules.maxAge != nil { reasons.append(.ageRange(min: rules.minAge, max: rules.maxAge)) }
        if rules.minLevel != nil || rules.maxLevel != nil { reasons.append(.levelRange(min: rules.minLevel, max: rules.maxLevel)) }
        if let school = rules.school { reasons.append(.school(school)) }
        reasons += met.map(Reason.fact)
        if reasons.count == 1 && rules.conditions == nil && rules.requires.isEmpty { reasons.append(.open) }
        return reasons
    }
}

extension Eligibility {
    /// How many checkable rules the offer sets (a `none` lower level bound is no rule).
    var specificity: Int {
        [minAge != nil, maxAge != nil, minLevel.map { $0 > .none } ?? false, maxLevel != nil, school != nil].filter { $0 }.count
            + requires.count + excludes.count
    }
}

extension OfferCategory {
    /// Within one region level: language first, then counselling, education, leisure.
    var sortRank: Int { OfferCategory.allCases.firstIndex(of: self) ?? 0 }
}

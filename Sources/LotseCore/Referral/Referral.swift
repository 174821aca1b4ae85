/// Why an offer fits or does not fit: each rule that was checked, with the values involved. The
/// response layer turns these into sentences in the person's language.
public enum Reason: Sendable, Hashable {
    case region(RegionScope)
    case ageRange(min: Int?, max: Int?)
    case levelRange(min: CEFRLevel?, max: CEFRLevel?)
    case school(SchoolRequirement)
    /// A fact rule the person's answer meets.
    case fact(FactRequirement)
    case open
}

/// A rule that depends on something Lotse does not know: the offer is listed «if …». Unknown facts
/// are never held against anyone.
public enum Condition: Sendable, Hashable {
    /// The person must have one of the values of a fact nobody gave (or that was skipped).
    case fact(FactRequirement)
    /// A school offer for a child one year below school age: only if the birthday falls before the cut-off.
    case schoolEntry(age: Int, cutoff: String?)
}

public enum Exclusion: Sendable, Hashable {
    case tooYoung(min: Int)
    case tooOld(max: Int)
    case levelTooLow(min: CEFRLevel)
    case levelTooHigh(max: CEFRLevel)
    /// Still obliged to attend school, up to and including this age.
    case schoolObliged(untilAge: Int)
    /// A school offer, and the person is not of compulsory school age.
    case notSchoolAge
    /// The person's answer to a fact is not among the values the offer needs.
    case fact(FactRequirement)
    case otherRegion(String)
    case otherTopic
}

/// The verdict on one offer for one profile.
public enum Assessment: Sendable, Hashable {
    /// Every known rule is met; `conditions` lists what still depends on unknown facts.
    case fits([Reason], conditions: [Condition])
    case excluded([Exclusion])
}

public struct Match: Sendable, Hashable {
    public var offer: Offer
    public var reasons: [Reason]
    /// What the offer still depends on; empty when it certainly fits.
    public var conditions: [Condition] = []

    public init(offer: Offer, reasons: [Reason], conditions: [Condition] = []) {
        self.offer = offer
        self.reasons = reasons
        self.conditions = conditions
    }

    public var isConditional: Bool { !conditions.isEmpty }

    /// How many of the offer's fact rules the person's own answers meet: an offer meant for their situation.
    public var factsMet: Int { reasons.reduce(0) { if case .fact = $1 { return $0 + 1 } else { return $0 } } }
}

/// The first page of a list without a topic: the best offers of one topic under its heading.
public struct ReferralGroup: Sendable, Hashable {
    public var topic: Intent
    /// How many of the referral's first matches belong to this group (groups follow each other).
    public var count: Int
}

/// The outcome of matching a profile against all offers.
public struct Referral: Sendable {
    public var profile: Profile
    /// Fitting offers in the order a counsellor would name them (see `ReferralEngine.rank`).
    public var matches: [Match]
    /// For an enquiry without a topic: the first page as groups by topic, covering the first matches.
    public var groups: [ReferralGroup] = []
    /// Offers of the right region and topic whose rules the profile does not meet, with why.
    public var excluded: [(offer: Offer, reasons: [Exclusion])]
    /// The coordination office of the person's district, when there is one.
    public var coordinationOffice: Offer?

    public var hasLocalMatch: Bool { matches.contains { if case .district = $0.offer.scope { return true } else { return false } } }

    /// How many matches the first page shows: the groups of an overview, else a page.
    public func firstPageSize(pageSize: Int) -> Int {
        groups.isEmpty ? min(pageSize, matches.count) : groups.reduce(0) { $0 + $1.count }
    }

    /// The facts whose answer would change this list, with how many listed offers depend on each.
    public var openFacts: [String: Int] { Self.openFacts(of: matches) }

    /// The facts some of `matches` depend on, with how many depend on each.
    public static func openFacts(of matches: [Match]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for match in matches {
            for case .fact(let requirement) in match.conditions { counts[requirement.fact, default: 0] += 1 }
        }
        return counts
    }
}

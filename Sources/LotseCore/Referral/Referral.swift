/// Why an offer fits or does not fit: each rule that was checked, with the values involved. The
/// response layer turns these into sentences in the person's language.
public enum Reason: Sendable, Hashable {
    case region(RegionScope)
    case ageRange(min: Int?, max: Int?)
    case levelRange(min: CEFRLevel?, max: CEFRLevel?)
    case open
}

public enum Exclusion: Sendable, Hashable {
    case tooYoung(min: Int)
    case tooOld(max: Int)
    case levelTooLow(min: CEFRLevel)
    case levelTooHigh(max: CEFRLevel)
    case otherRegion(String)
    case otherTopic
}

/// The verdict on one offer for one profile.
public enum Assessment: Sendable, Hashable {
    case fits([Reason])
    case excluded([Exclusion])
}

public struct Match: Sendable, Hashable {
    public var offer: Offer
    public var reasons: [Reason]
}

/// The outcome of matching a profile against all offers.
public struct Referral: Sendable {
    public var profile: Profile
    /// Fitting offers, local before state before national.
    public var matches: [Match]
    /// Offers of the right region and topic whose rules the profile does not meet, with why.
    public var excluded: [(offer: Offer, reasons: [Exclusion])]
    /// The coordination office of the person's district, when there is one.
    public var coordinationOffice: Offer?

    public var hasLocalMatch: Bool { matches.contains { if case .district = $0.offer.scope { return true } else { return false } } }
}

/// What statistics keep of one referral: enough to see what newcomers ask for and where offers are
/// missing, nothing that points to a person — no text, no sender, no exact age, no time of day.
/// The dialogue engine reports one for every referral it makes (the list of fitting offers, or
/// the answer that none fits); a correction that refers again is a new referral and counts again.
public struct Enquiry: Sendable, Hashable {
    /// Where the person lives: the pilot district, else only the state.
    public var region: EnquiryRegion
    public var ageBand: AgeBand?
    public var level: CEFRLevel?
    /// The topic asked; «everything for me» (`ask_offers`) when none was named.
    public var topic: Intent
    /// The language of the conversation when the referral was made.
    public var language: String
    /// How many offers fitted, by the level of their region.
    public var offers: OfferCounts

    public init(region: EnquiryRegion, ageBand: AgeBand?, level: CEFRLevel?, topic: Intent, language: String, offers: OfferCounts) {
        self.region = region
        self.ageBand = ageBand
        self.level = level
        self.topic = topic
        self.language = language
        self.offers = offers
    }

    /// The enquiry of a referral. Only pilot districts are kept as districts: elsewhere Lotse has no
    /// local offers, and a district of few enquiries would narrow a person down.
    public init(referral: Referral, language: String, gazetteer: Gazetteer) {
        let profile = referral.profile
        let region: EnquiryRegion
        if let place = profile.residence {
            region = gazetteer.isPilot(place) ? .district(place.districtKey!) : .state(place.stateKey)
        } else {
            region = .unknown
        }
        var offers = OfferCounts()
        for match in referral.matches {
            switch match.offer.scope {
            case .district: offers.local += 1
            case .state: offers.state += 1
            case .nationwide: offers.national += 1
            }
        }
        self.init(region: region, ageBand: profile.age.map(AgeBand.init(age:)), level: profile.level,
                  topic: profile.topic ?? .askOffers, language: language, offers: offers)
    }

    /// No local offer fitted where local offers are known (a pilot district). Outside the pilot
    /// regions Lotse knows no local offers, so that is no gap in the landscape.
    public var lacksLocalOffer: Bool {
        if case .district = region { return offers.local == 0 }
        return false
    }

    /// Nothing fitted at all, not even nationwide.
    public var lacksAnyOffer: Bool { offers.total == 0 }
}

/// Fitting offers of one referral by the level of their region.
public struct OfferCounts: Sendable, Hashable {
    public var local = 0
    public var state = 0
    public var national = 0

    public init(local: Int = 0, state: Int = 0, national: Int = 0) {
        self.local = local
        self.state = state
        self.national = national
    }

    public var total: Int { local + state + national }
}

/// The region an enquiry is counted in.
public enum EnquiryRegion: Sendable, Hashable, Comparable {
    /// A pilot district, by its 5-digit key (whose first two digits are the state).
    case district(String)
    /// A state, by its 2-digit key, for places outside the pilot regions.
    case state(String)
    case unknown

    /// Reads a district or state key; anything else is unknown.
    public init(key: String?) {
        switch key?.count {
        case 5: self = .district(key!)
        case 2: self = .state(key!)
        default: self = .unknown
        }
    }

    public var key: String? {
        switch self {
        case .district(let key), .state(let key): return key
        case .unknown: return nil
        }
    }

    /// The state the region lies in.
    public var stateKey: String? { key.map { String($0.prefix(2)) } }

    /// Whether the region is `filter` (a district or state key) or lies in it.
    public func lies(in filter: String) -> Bool {
        guard let key else { return false }
        return key == filter || (filter.count == 2 && stateKey == filter)
    }

    /// Pilot districts first, then states, then unknown; by key within each.
    public static func < (lhs: EnquiryRegion, rhs: EnquiryRegion) -> Bool {
        func rank(_ region: EnquiryRegion) -> Int {
            switch region { case .district: return 0; case .state: return 1; case .unknown: return 2 }
        }
        return (rank(lhs), lhs.key ?? "") < (rank(rhs), rhs.key ?? "")
    }
}

/// How many enquiries with the same facts were made on one day: the unit statistics are stored
/// and reported in.
public struct EnquiryCount: Sendable, Hashable {
    public var day: Day
    public var enquiry: Enquiry
    public var count: Int

    public init(day: Day, enquiry: Enquiry, count: Int) {
        self.day = day
        self.enquiry = enquiry
        self.count = count
    }
}

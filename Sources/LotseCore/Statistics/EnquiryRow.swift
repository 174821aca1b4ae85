/// An enquiry count as the SQL stores keep it: one row per day and combination of facts, every
/// fact as text (`unknown` when not known) and the offer counts as numbers. One definition for
/// SQLite and PostgreSQL, so both write and read the same rows.
public struct EnquiryRow: Sendable, Equatable {
    /// The key columns, in the order of the fields below.
    public static let columns = "day, region, age_band, level, topic, language, local_offers, state_offers, national_offers"
    /// What a fact that was not known is stored as.
    public static let unknown = "unknown"

    public var day: String
    public var region: String
    public var ageBand: String
    public var level: String
    public var topic: String
    public var language: String
    public var localOffers: Int
    public var stateOffers: Int
    public var nationalOffers: Int

    public init(_ enquiry: Enquiry, on day: Day) {
        self.day = day.description
        region = enquiry.region.key ?? Self.unknown
        ageBand = enquiry.ageBand?.rawValue ?? Self.unknown
        level = enquiry.level?.code ?? Self.unknown
        topic = enquiry.topic.rawValue
        language = enquiry.language
        localOffers = enquiry.offers.local
        stateOffers = enquiry.offers.state
        nationalOffers = enquiry.offers.national
    }

    public init(day: String, region: String, ageBand: String, level: String, topic: String, language: String,
                localOffers: Int, stateOffers: Int, nationalOffers: Int) {
        self.day = day
        self.region = region
        self.ageBand = ageBand
        self.level = level
        self.topic = topic
        self.language = language
        self.localOffers = localOffers
        self.stateOffers = stateOffers
        self.nationalOffers = nationalOffers
    }

    /// The row with its count; nil for a row this version cannot read (a topic it does not know).
    public func count(_ enquiries: Int) -> EnquiryCount? {
        guard let day = Day(iso: day), let topic = Intent(rawValue: topic) else { return nil }
        let enquiry = Enquiry(region: EnquiryRegion(key: region == Self.unknown ? nil : region), ageBand: AgeBand(rawValue: ageBand),
                              level: CEFRLevel(code: level), topic: topic, language: language,
                              offers: OfferCounts(local: localOffers, state: stateOffers, national: nationalOffers))
        return EnquiryCount(day: day, enquiry: enquiry, count: enquiries)
    }
}

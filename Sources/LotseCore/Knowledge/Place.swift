/// A place a person can live in: a municipality of a pilot region, a district of a pilot city, or a
/// locality anywhere in Germany known only with its state.
public struct Place: Sendable, Hashable, Codable {
    public var name: String
    /// 8-digit AGS, when known.
    public var municipalityKey: String?
    /// 5-digit district key (Kreisschlüssel), when known.
    public var districtKey: String?
    /// 2-digit state key.
    public var stateKey: String
    /// The municipality a city district belongs to ("Mainz" for Mainz-Gonsenheim).
    public var partOf: String?
    public var postcodes: [String]

    public init(name: String, municipalityKey: String?, districtKey: String?, stateKey: String,
                partOf: String? = nil, postcodes: [String] = []) {
        self.name = name
        self.municipalityKey = municipalityKey
        self.districtKey = districtKey
        self.stateKey = stateKey
        self.partOf = partOf
        self.postcodes = postcodes
    }

    /// The region key offers are matched on: the district when known, else the state.
    public var regionKey: String { districtKey ?? stateKey }
}

/// A pilot region: a district whose offers Lotse knows in detail.
public struct Region: Sendable, Hashable {
    public var key: String
    public var name: String
    public var shortName: String
    public var stateKey: String
}

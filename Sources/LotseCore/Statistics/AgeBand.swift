/// The age group statistics keep instead of the age. The bands are as coarse as the decisions
/// they inform allow, so that small districts still have groups of five or more, and their
/// limits are the ages at which the offer rules (`knowledge/offers/`, domain brief § 0) change
/// what fits:
/// - 0–5: Kita and day care, before school entry (school starts at 5 or 6 depending on the state);
/// - 6–15: compulsory full-time schooling (the youth migration services start at 12, inside it);
/// - 16–17: integration and job language courses open at 16, while school or vocational-school
///   obligation still holds (BVJ-S, Vorbereitungsklassen);
/// - 18–26: adults (initial orientation courses, recognition), still served by the youth
///   migration services until the 27th birthday;
/// - 27–44: adult migration counselling from 27 (the university guarantee fund, under 30, falls
///   inside);
/// - 45–64: the rest of working age;
/// - 65+: retirement age, where senior education is the fitting offer.
public enum AgeBand: String, Sendable, Hashable, CaseIterable, Comparable {
    case upTo5 = "0-5"
    case from6To15 = "6-15"
    case from16To17 = "16-17"
    case from18To26 = "18-26"
    case from27To44 = "27-44"
    case from45To64 = "45-64"
    case from65 = "65+"

    public init(age: Int) {
        self = Self.allCases.last { $0.lowerBound <= age } ?? .upTo5
    }

    public var lowerBound: Int {
        switch self {
        case .upTo5: return 0
        case .from6To15: return 6
        case .from16To17: return 16
        case .from18To26: return 18
        case .from27To44: return 27
        case .from45To64: return 45
        case .from65: return 65
        }
    }

    /// The highest age in the band; nil for the open band 65+.
    public var upperBound: Int? {
        let next = Self.allCases.firstIndex(of: self)! + 1
        return next < Self.allCases.count ? Self.allCases[next].lowerBound - 1 : nil
    }

    public static func < (lhs: AgeBand, rhs: AgeBand) -> Bool { lhs.lowerBound < rhs.lowerBound }
}

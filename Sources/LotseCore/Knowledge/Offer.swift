import Foundation

/// An education or counselling offer, as a coordination office describes it. Immutable and
/// shared: referrals pass offers around without copying them.
public final class Offer: Sendable, Hashable {
    public let id: String
    public let category: OfferCategory
    /// `DE`, a two-digit state key or a five-digit district key.
    public let region: String
    public let title: LocalizedText
    public let description: LocalizedText
    public let provider: String?
    public let contact: Contact
    public let eligibility: Eligibility
    public let topics: [String]
    public let sources: [String]
    public let verified: String
    /// Remarks for the people who keep the offers (uncertain facts, time-dependent rules, why a
    /// contact was chosen); never shown to the people asking.
    public let notes: [String]
    /// Where the offer is written, for messages to the people who keep the files.
    public let file: String
    public let line: Int
    public let scope: RegionScope
    /// Topics for which this offer is the core answer (the Integrationskurs for a German course, Kita
    /// for childcare): a counsellor names it first when it fits.
    public let coreFor: [String]
    /// A generic contact point (hotline, search portal, 115): named last, after the offers themselves.
    public let contactPoint: Bool
    /// How sure the people who keep the files are of the contact (`local-offers.md`); `low` asks for
    /// verification in `lotse check`.
    public let confidence: Confidence

    public init(id: String, category: OfferCategory, region: String, title: LocalizedText, description: LocalizedText,
                provider: String?, contact: Contact, eligibility: Eligibility, topics: [String], sources: [String],
                verified: String, notes: [String] = [], coreFor: [String] = [], contactPoint: Bool = false,
                confidence: Confidence = .high, file: String, line: Int) {
        self.id = id
        self.category = category
        self.region = region
        self.title = title
        self.description = description
        self.provider = provider
        self.contact = contact
        self.eligibility = eligibility
        self.topics = topics
        self.sources = sources
        self.verified = verified
        self.notes = notes
        self.file = file
        self.line = line
        self.scope = RegionScope(region)
        self.coreFor = coreFor
        self.contactPoint = contactPoint
        self.confidence = confidence
    }

    /// Whether the offer is a core answer to `topic`; without a topic («everything for me») any core offer is.
    public func isCore(for topic: Intent?) -> Bool {
        guard let topic, topic != .askOffers else { return !coreFor.isEmpty }
        return coreFor.contains(topic.rawValue)
    }

    public enum Confidence: String, Sendable, CaseIterable {
        case high, medium, low
    }

    public static func == (lhs: Offer, rhs: Offer) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

public struct Contact: Sendable, Hashable, Codable {
    public var phone: String?
    public var email: String?
    public var url: String?
    public var address: String?
    public var hours: String?

    public var isEmpty: Bool { [phone, email, url, address].allSatisfy { $0 == nil } }
}

/// The rules an offer sets that Lotse can check from the profile, and the ones it cannot.
public struct Eligibility: Sendable, Hashable {
    public var minAge: Int?
    public var maxAge: Int?
    public var minLevel: CEFRLevel?
    public var maxLevel: CEFRLevel?
    /// Only for school-age children, or only for people past full-time school obligation.
    public var school: SchoolRequirement?
    /// Facts of `facts.yml` the person must have one of the values of, in the order of `facts.yml`.
    public var requires: [FactRequirement] = []
    /// Fact values that rule the offer out once known («integration course already done» for the
    /// Integrationskurs). Unlike `requires`, an unknown fact leaves the offer certain: most people
    /// asking have not done what these values say, so listing it «if …» would only bury it.
    public var excludes: [FactRequirement] = []
    public var conditions: LocalizedText?

    public init(minAge: Int? = nil, maxAge: Int? = nil, minLevel: CEFRLevel? = nil, maxLevel: CEFRLevel? = nil,
                school: SchoolRequirement? = nil, requires: [FactRequirement] = [], excludes: [FactRequirement] = [],
                conditions: LocalizedText? = nil) {
        self.minAge = minAge
        self.maxAge = maxAge
        self.minLevel = minLevel
        self.maxLevel = maxLevel
        self.school = school
        self.requires = requires
        self.excludes = excludes
        self.conditions = conditions
    }
}

/// Where an offer applies: nationwide, one state or one district.
public enum RegionScope: Sendable, Hashable, Comparable {
    case district(String)
    case state(String)
    case nationwide

    public init(_ code: String) {
        switch code.count {
        case 5: self = .district(code)
        case 2 where code != "DE": self = .state(code)
        default: self = .nationwide
        }
    }

    /// Local before state before national, the order of a referral.
    var rank: Int {
        switch self {
        case .district: return 0
        case .state: return 1
        case .nationwide: return 2
        }
    }

    public static func < (lhs: RegionScope, rhs: RegionScope) -> Bool { lhs.rank < rhs.rank }

    public var code: String {
        switch self {
        case .district(let key), .state(let key): return key
        case .nationwide: return "DE"
        }
    }
}

public enum OfferCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case integrationCourse = "integration_course"
    case literacyCourse = "literacy_course"
    case jobLanguageCourse = "job_language_course"
    case initialOrientation = "initial_orientation"
    case adultMigrationCounselling = "adult_migration_counselling"
    case youthMigrationService = "youth_migration_service"
    case recognitionCounselling = "recognition_counselling"
    case childcare
    case school
    case vocationalSchool = "vocational_school"
    case vocationalTraining = "vocational_training"
    case university
    case adultEducation = "adult_education"
    case sports
    case music
    case culture
    case seniorEducation = "senior_education"
    case coordinationOffice = "coordination_office"
    case youthIntegrationCourse = "youth_integration_course"
    /// Agentur für Arbeit, Jobcenter, Jugendberufsagentur, Berufsberatung.
    case workCounselling = "work_counselling"
    /// Asylum procedure and residence-law counselling.
    case legalCounselling = "legal_counselling"
}

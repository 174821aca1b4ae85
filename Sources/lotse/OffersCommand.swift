import ArgumentParser
import Foundation
import LotseCore

/// The counsellor's view: the whole list of fitting offers with reasons, and the excluded ones
/// with why, for a profile given on the command line.
struct OffersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offers",
        abstract: "List the offers that fit a profile, with reasons, and the excluded ones with why.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(help: "Age of the person the offers are for.")
    var age: Int?

    @Option(help: "German level: none, A1, A2, B1, B2, C1 or C2.")
    var level: String?

    @Option(help: "Place of residence: town, city district or postcode.")
    var place: String?

    @Option(help: "Topic intent, e.g. ask_language_course or ask_childcare.")
    var topic: String?

    @Option(help: "Language of the texts (ISO 639-1).")
    var language = "de"

    @Flag(help: "Print JSON.")
    var json = false

    /// One option per fact of `knowledge/facts.yml` (`--status recognised_protection`, `--activity work`):
    /// the facts are data, so their options are read from the file rather than declared here.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "A fact of knowledge/facts.yml as --NAME VALUE, e.g. --status recognised_protection, --activity work, --integration-course done_without_b1.",
        valueName: "--fact value"))
    var facts: [String] = []

    func run() throws {
        let base = try knowledge.load()
        let profile = try makeProfile(base)
        let referral = ReferralEngine(knowledge: base).refer(profile)
        let presenter = Presenter(knowledge: base, language: language)
        if json {
            struct Excluded: Encodable { var id: String; var title: String; var region: String; var reasons: String }
            struct Output: Encodable { var referral: ReferralPayload; var excluded: [Excluded] }
            let excluded = referral.excluded.map {
                Excluded(id: $0.offer.id, title: $0.offer.title.text(for: language).text, region: $0.offer.region,
                         reasons: presenter.exclusion($0.reasons))
            }
            emit(LotseJSON.encode(Output(referral: presenter.payload(referral), excluded: excluded)))
            return
        }
        let listing = ReferralListing(presenter: presenter, referral: referral)
        emit([presenter.profileSummary(profile), listing.fitting(), listing.excluded()].joined(separator: "\n\n"))
    }

    private func makeProfile(_ base: KnowledgeBase) throws -> Profile {
        var profile = Profile()
        if let age {
            guard EntityExtractor.plausibleAges.contains(age) else { throw ValidationError("--age must be from 0 to 110") }
            profile.age = age
        }
        if let level {
            guard let parsed = CEFRLevel(code: level) else { throw ValidationError("--level must be none, A1, A2, B1, B2, C1 or C2") }
            profile.level = parsed
        }
        if let topic {
            guard let intent = Intent(rawValue: topic), intent.isTopic else {
                throw ValidationError("--topic must be one of \(Intent.allCases.filter(\.isTopic).map(\.rawValue).joined(separator: ", "))")
            }
            profile.topic = intent
        }
        profile.facts = try factValues(base.facts)
        if let place {
            let places = base.gazetteer.lookup(name: place, tokeniser: base.nlu.tokeniser)
            switch places.count {
            case 0: throw ValidationError("unknown place '\(place)'")
            case 1: profile.residence = places[0]
            default:
                throw ValidationError("'\(place)' is ambiguous: \(places.map { "\($0.name) (\($0.regionKey))" }.joined(separator: ", ")); use a full name or postcode")
            }
        }
        return profile
    }

    /// `--status recognised_protection` or `--status=recognised_protection`, checked against facts.yml
    /// (a dash in the option stands for the underscore of the fact's name).
    private func factValues(_ settings: FactSettings) throws -> [String: String] {
        var values: [String: String] = [:]
        var words = facts[...]
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else { throw ValidationError("unexpected argument '\(word)'") }
            var name = String(word.dropFirst(2)), value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                value = words.popFirst()
            }
            name = name.replacingOccurrences(of: "-", with: "_")
            guard let fact = settings.fact(named: name) else {
                throw ValidationError("unknown option '--\(name)' (facts: \(settings.facts.map { "--" + $0.name.replacingOccurrences(of: "_", with: "-") }.joined(separator: ", ")))")
            }
            guard let value, fact.values.contains(value) else {
                throw ValidationError("--\(word.dropFirst(2).prefix { $0 != "=" }) must be one of \(fact.values.joined(separator: ", "))")
            }
            values[fact.name] = value
        }
        return values
    }
}

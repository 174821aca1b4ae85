import Foundation

/// The offers as the people who keep them see them: file by file, each file with its header comment
/// (sources, licence notes) and its offers in order. The offer sheet is exported from it, and an
/// import writes it back so that unchanged offers stay where and as they were.
public struct OfferCatalogue: Sendable {
    public struct File: Sendable {
        /// Full path of the file.
        public let path: String
        /// The file as it was read, to tell whether writing it again would change anything.
        public let text: String
        public let offers: [Offer]

        public var name: String { (path as NSString).lastPathComponent }

        /// The comment block at the top (and the blank lines in it), kept verbatim when the file is rewritten.
        public var header: String { Self.header(of: text) }

        static func header(of text: String) -> String {
            var header = ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
                header += line + "\n"
            }
            return header
        }
    }

    /// `knowledge/offers`, where new files are created.
    public let directory: String
    public let files: [File]
    /// Language codes of the language files, in their `order`.
    public let languages: [String]
    public let regions: [String: Region]
    public let states: [String: String]
    public let facts: FactSettings
    /// Offer ids that `topics.yml` names as nationwide fallback contacts: they cannot be removed.
    public let fallbackContacts: [String]

    public var offers: [Offer] { files.flatMap(\.offers) }

    /// All offers as an offer sheet (CSV), in file order. `byteOrderMark` lets Excel read it as UTF-8.
    public func sheet(delimiter: Unicode.Scalar = ",", byteOrderMark: Bool = true) -> String {
        OfferSheet.csv(offers, languages: OfferSheet.languages(languages, offers: offers), delimiter: delimiter,
                       byteOrderMark: byteOrderMark)
    }
}

extension KnowledgeLoader {
    /// Reads the offers with what writing them back needs (regions, languages), without places and
    /// intents. The problems include every error and warning of the files read.
    public func offerCatalogue() -> (catalogue: OfferCatalogue, problems: [KnowledgeError]) {
        let diagnostics = Diagnostics()
        let (regions, states) = loadRegions(diagnostics)
        let languages = loadLanguages(diagnostics).sorted { $0.order < $1.order }.map(\.pack.code)
        let topics = loadTopics(diagnostics)
        let facts = loadFacts(diagnostics)
        let files = loadOfferFiles(regions: regions, states: states, facts: facts, diagnostics).map { file, offers in
            let text = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return OfferCatalogue.File(path: file, text: text, offers: offers)
        }
        let catalogue = OfferCatalogue(directory: path("offers"), files: files, languages: languages, regions: regions,
                                       states: states, facts: facts, fallbackContacts: topics?.fallbackContacts ?? [])
        return (catalogue, diagnostics.problems)
    }

    /// Reads offers from an offer sheet (CSV) with the same rules as the offer files, reporting each
    /// problem at the sheet's line and column. Ids must be unique within the sheet.
    public func readOfferSheet(_ text: String, file: String, catalogue: OfferCatalogue) -> (offers: [Offer], problems: [KnowledgeError]) {
        let diagnostics = Diagnostics()
        guard let sheet = OfferSheet.parse(text, file: file, languages: catalogue.languages, diagnostics: diagnostics),
              let items = sheet.yaml(diagnostics) else { return ([], diagnostics.problems) }
        var seen: [String: String] = [:]
        let offers = readOffers(items, regions: catalogue.regions, states: catalogue.states, facts: catalogue.facts, seen: &seen)
        return (offers, diagnostics.problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element))
    }
}

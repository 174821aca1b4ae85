import Foundation

/// What importing an offer sheet does to `knowledge/offers/`, worked out before anything is written,
/// so a dry run, the confirmation of removals and the writing all see the same plan.
///
/// Unchanged offers stay in their file and place; a changed offer stays in its file unless its region
/// changed; a new or moved offer goes to the file that holds most offers of its region (or a new file
/// `<region>-<name>.yml`). A file is rewritten only when its offers change, and only if it is in the
/// layout the writer produces — otherwise comments inside it would be lost, and the plan says so.
public struct OfferImport: Sendable {
    public enum Change: Sendable, Equatable {
        case added(id: String, file: String)
        /// `columns`: the sheet columns whose value changed; `from` is set when the offer moves to another file.
        case changed(id: String, columns: [String], file: String, from: String?)
        case removed(id: String, file: String)
    }

    public struct Write: Sendable {
        public let path: String
        public let text: String
        public var displayName: String { displayPath(path) }
    }

    public private(set) var changes: [Change] = []
    /// The files whose text changes, with their new text.
    public private(set) var writes: [Write] = []
    /// Why the plan cannot be carried out; nothing may be written while there are any.
    public private(set) var problems: [KnowledgeError] = []

    public var removals: [String] {
        changes.compactMap { if case .removed(let id, _) = $0 { return id } else { return nil } }
    }

    /// A file as it is and as it will be.
    private struct Draft {
        let path: String
        let header: String
        let text: String
        let old: [Offer]
        var new: [Offer] = []
        /// Created for a region that had no file yet.
        var isNew = false
        var name: String { displayPath(path) }
    }

    /// `reformat`: also rewrite files that are not in the writer's layout (dropping comments inside
    /// their offers), instead of refusing to touch them.
    public init(catalogue: OfferCatalogue, offers imported: [Offer], reformat: Bool) {
        var files = catalogue.files.map { Draft(path: $0.path, header: $0.header, text: $0.text, old: $0.offers) }
        var home: [String: (file: Int, offer: Offer)] = [:]
        for (index, file) in files.enumerated() { for offer in file.old { home[offer.id] = (index, offer) } }
        let target = Self.place(imported, home: home, files: &files, catalogue: catalogue)
        describe(imported, home: home, target: target, files: files, languages: catalogue.languages)
        let kept = Set(imported.map(\.id))
        for id in catalogue.fallbackContacts where home[id] != nil && !kept.contains(id) {
            let topics = ((catalogue.directory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("topics.yml")
            problems.append(KnowledgeError(file: displayPath(topics), line: nil,
                                           reason: "offer '\(id)' is a fallback contact (fallback_contacts) and cannot be removed"))
        }
        planWrites(files, writer: OfferYAMLWriter(languages: catalogue.languages), reformat: reformat)
    }

    /// Puts every imported offer into a file: an offer that keeps its region stays at its place, the
    /// others follow the offers already in their file. Returns the file of each offer id.
    private static func place(_ imported: [Offer], home: [String: (file: Int, offer: Offer)], files: inout [Draft],
                              catalogue: OfferCatalogue) -> [String: Int] {
        var target: [String: Int] = [:]
        var arriving: [Int: [Offer]] = [:]
        for offer in imported {
            if let (index, old) = home[offer.id], old.region == offer.region {
                target[offer.id] = index
            } else {
                let index = file(for: offer.region, in: &files, catalogue: catalogue)
                target[offer.id] = index
                arriving[index, default: []].append(offer)
            }
        }
        let byID = Dictionary(imported.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for index in files.indices {
            files[index].new = files[index].old.compactMap { target[$0.id] == index ? byID[$0.id] : nil } + (arriving[index] ?? [])
        }
        return target
    }

    /// What happens to each offer, with the sheet columns that changed.
    private mutating func describe(_ imported: [Offer], home: [String: (file: Int, offer: Offer)], target: [String: Int],
                                   files: [Draft], languages: [String]) {
        for offer in imported {
            let file = files[target[offer.id]!].name
            guard let (index, old) = home[offer.id] else { changes.append(.added(id: offer.id, file: file)); continue }
            let (before, after) = (OfferSheet.cells(old), OfferSheet.cells(offer))
            let order = OfferSheet.columns(languages: OfferSheet.languages(languages, offers: [old, offer]))
            let columns = order.filter { before[$0] != after[$0] }
            let moved = index == target[offer.id] ? nil : files[index].name
            if !columns.isEmpty || moved != nil { changes.append(.changed(id: offer.id, columns: columns, file: file, from: moved)) }
        }
        let kept = Set(imported.map(\.id))
        for file in files {
            for old in file.old where !kept.contains(old.id) { changes.append(.removed(id: old.id, file: file.name)) }
        }
    }

    /// The files whose offers change, unless a file is not in the writer's layout (then a problem);
    /// with `reformat`, every file not in the layout too.
    private mutating func planWrites(_ files: [Draft], writer: OfferYAMLWriter, reformat: Bool) {
        for file in files {
            let text = writer.file(header: file.header, offers: file.new)
            let canonical = writer.file(header: file.header, offers: file.old)
            let changed = text != canonical
            guard text != file.text, changed || reformat else { continue }
            if !reformat && !file.isNew && canonical != file.text {
                problems.append(KnowledgeError(file: file.name, line: Self.firstDifference(canonical, file.text),
                                               reason: "this file is not in the layout the importer writes (from this line on): comments or formatting among its offers would be lost. Move remarks into 'notes:' or pass --reformat"))
                continue
            }
            writes.append(Write(path: file.path, text: text))
        }
    }

    /// The file that holds most offers of `region`, or a new one named after it.
    private static func file(for region: String, in files: inout [Draft], catalogue: OfferCatalogue) -> Int {
        let counts = files.map { file in file.old.filter { $0.region == region }.count }
        if let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }), counts[best] > 0 {
            return best
        }
        let name = region == "DE" ? "de" : "\(region)-" + slug(catalogue.regions[region]?.shortName ?? catalogue.states[region] ?? region)
        let path = (catalogue.directory as NSString).appendingPathComponent(name + ".yml")
        if let existing = files.firstIndex(where: { $0.path == path }) { return existing }
        let label = catalogue.regions[region]?.name ?? catalogue.states[region] ?? "Germany (nationwide)"
        files.append(Draft(path: path, header: "# Offers for \(label) (region \"\(region)\"), added by `lotse knowledge import`.\n",
                           text: "", old: [], isNew: true))
        return files.count - 1
    }

    /// A file name part: lower case ASCII letters and digits, words joined by '-'.
    static func slug(_ name: String) -> String {
        var folded = name.lowercased()
        for (from, to) in [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")] { folded = folded.replacingOccurrences(of: from, with: to) }
        folded = folded.folding(options: .diacriticInsensitive, locale: Locale(identifier: "en_US_POSIX"))
        return folded.split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }.joined(separator: "-")
    }

    private static func firstDifference(_ a: String, _ b: String) -> Int {
        let (left, right) = (a.split(separator: "\n", omittingEmptySubsequences: false), b.split(separator: "\n", omittingEmptySubsequences: false))
        return (zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)) + 1
    }
}

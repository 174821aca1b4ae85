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

    /// `reformat`: also rewrite files that are not in the writer's layout (dropping comments inside
    /// their offers), instead of refusing to touch them.
    public init(catalogue: OfferCatalogue, offers imported: [Offer], reformat: Bool) {
        let writer = OfferYAMLWriter(languages: catalogue.languages)
        var files = catalogue.files.map { (path: $0.path, header: $0.header, text: $0.text, old: $0.offers, new: [Offer]()) }
        var home: [String: Int] = [:]
        for (index, file) in files.enumerated() { for offer in file.old { home[offer.id] = index } }
        let importedIDs = Set(imported.map(\.id))

        // Unchanged positions first: every offer that stays in its file keeps its place there.
        var arriving: [Int: [Offer]] = [:]
        let byID = Dictionary(imported.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var target: [String: Int] = [:]
        for offer in imported {
            if let index = home[offer.id], let old = files[index].old.first(where: { $0.id == offer.id }), old.region == offer.region {
                target[offer.id] = index
            } else {
                let index = Self.file(for: offer.region, in: &files, catalogue: catalogue)
                target[offer.id] = index
                arriving[index, default: []].append(offer)
            }
        }
        for index in files.indices {
            files[index].new = files[index].old.compactMap { old in target[old.id] == index ? byID[old.id] : nil }
                + (arriving[index] ?? [])
        }

        for offer in imported {
            let file = displayPath(files[target[offer.id]!].path)
            guard let index = home[offer.id], let old = files[index].old.first(where: { $0.id == offer.id }) else {
                changes.append(.added(id: offer.id, file: file)); continue
            }
            let (before, after) = (OfferSheet.cells(old), OfferSheet.cells(offer))
            let columns = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
            let moved = index == target[offer.id] ? nil : displayPath(files[index].path)
            if !columns.isEmpty || moved != nil {
                let order = OfferSheet.columns(languages: OfferSheet.languages(catalogue.languages, offers: [old, offer]))
                changes.append(.changed(id: offer.id, columns: order.filter(columns.contains), file: file, from: moved))
            }
        }
        for file in files { for old in file.old where !importedIDs.contains(old.id) {
            changes.append(.removed(id: old.id, file: displayPath(file.path)))
        } }
        for id in catalogue.fallbackContacts where home[id] != nil && !importedIDs.contains(id) {
            problems.append(KnowledgeError(file: displayPath((catalogue.directory as NSString).deletingLastPathComponent + "/topics.yml"),
                                           line: nil, reason: "offer '\(id)' is a fallback contact (fallback_contacts) and cannot be removed"))
        }

        for file in files {
            let text = writer.file(header: file.header, offers: file.new)
            let canonical = writer.file(header: file.header, offers: file.old)
            let changed = text != canonical
            guard text != file.text, changed || reformat else { continue }
            if changed && !reformat && canonical != file.text {
                problems.append(KnowledgeError(file: displayPath(file.path), line: Self.firstDifference(canonical, file.text),
                                               reason: "this file is not in the layout the importer writes (from this line on): comments or formatting among its offers would be lost. Move remarks into 'notes:' or pass --reformat"))
                continue
            }
            writes.append(Write(path: file.path, text: text))
        }
    }

    /// The file that holds most offers of `region`, or a new one named after it.
    private static func file(for region: String, in files: inout [(path: String, header: String, text: String, old: [Offer], new: [Offer])],
                             catalogue: OfferCatalogue) -> Int {
        let counts = files.map { file in file.old.filter { $0.region == region }.count }
        if let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }), counts[best] > 0 {
            return best
        }
        let name = region == "DE" ? "de" : "\(region)-" + slug(catalogue.regions[region]?.shortName ?? catalogue.states[region] ?? region)
        let path = (catalogue.directory as NSString).appendingPathComponent(name + ".yml")
        if let existing = files.firstIndex(where: { $0.path == path }) { return existing }
        let label = catalogue.regions[region]?.name ?? catalogue.states[region] ?? "Germany (nationwide)"
        files.append((path, "# Offers for \(label) (region \"\(region)\"), added by `lotse knowledge import`.\n", "", [], []))
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

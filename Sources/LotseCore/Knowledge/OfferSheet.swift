/// The offers as one spreadsheet table, for the coordination offices that keep them in Excel or
/// LibreOffice: one row per offer, one column per field and, for texts, per language
/// (`title_de`, `title_en`, …). The format is described in `knowledge/README.md`.
///
/// Reading turns each row into the YAML of an offer and checks it with the rules of the offer files
/// (`KnowledgeLoader.readOffers`), so a sheet accepts exactly what a file accepts; problems are
/// reported at the sheet's line and column.
struct OfferSheet {
    /// Fields with one column per language.
    static let translated = ["title", "description", "conditions"]

    /// The columns in order: texts in `languages` where the format has them.
    static func columns(languages: [String]) -> [String] {
        func texts(_ field: String) -> [String] { languages.map { "\(field)_\($0)" } }
        return ["id", "category", "region"] + texts("title") + texts("description")
            + ["provider", "phone", "email", "url", "address", "hours", "min_age", "max_age", "min_level", "max_level",
               "school", "requires", "excludes"]
            + texts("conditions") + ["topics", "core_for", "contact_point", "confidence", "sources", "verified", "notes"]
    }

    /// The languages a sheet has columns for: those of the language files, then any other code a text uses,
    /// so that no text is left out.
    static func languages(_ known: [String], offers: [Offer]) -> [String] {
        var used = Set<String>()
        for offer in offers {
            for text in [offer.title, offer.description, offer.eligibility.conditions].compactMap({ $0 }) {
                used.formUnion(text.texts.keys)
            }
        }
        return known + used.subtracting(known).sorted()
    }

    /// An offer's cells by column name; an absent value is an empty cell.
    static func cells(_ offer: Offer) -> [String: String] {
        let rules = offer.eligibility
        var cells: [String: String] = [
            "id": offer.id, "category": offer.category.rawValue, "region": offer.region,
            "provider": offer.provider ?? "", "phone": offer.contact.phone ?? "", "email": offer.contact.email ?? "",
            "url": offer.contact.url ?? "", "address": offer.contact.address ?? "", "hours": offer.contact.hours ?? "",
            "min_age": rules.minAge.map(String.init) ?? "", "max_age": rules.maxAge.map(String.init) ?? "",
            "min_level": rules.minLevel?.code ?? "", "max_level": rules.maxLevel?.code ?? "",
            "school": rules.school?.rawValue ?? "", "requires": factCell(rules.requires), "excludes": factCell(rules.excludes),
            "topics": offer.topics.joined(separator: "\n"), "core_for": offer.coreFor.joined(separator: "\n"),
            "contact_point": offer.contactPoint ? "true" : "", "confidence": offer.confidence == .high ? "" : offer.confidence.rawValue,
            "sources": offer.sources.joined(separator: "\n"),
            "verified": offer.verified, "notes": offer.notes.joined(separator: "\n"),
        ]
        for (field, text) in [("title", offer.title), ("description", offer.description), ("conditions", rules.conditions)] {
            for (code, value) in text?.texts ?? [:] { cells["\(field)_\(code)"] = value }
        }
        return cells
    }

    /// Fact rules in one cell, a fact per line: «status: recognised_protection, temporary_protection».
    static func factCell(_ rules: [FactRequirement]) -> String {
        rules.map { "\($0.fact): " + $0.values.joined(separator: ", ") }.joined(separator: "\n")
    }

    /// The sheet as CSV text. `byteOrderMark` lets Excel read it as UTF-8.
    static func csv(_ offers: [Offer], languages: [String], delimiter: Unicode.Scalar = ",", byteOrderMark: Bool = true) -> String {
        let columns = columns(languages: languages)
        let rows = offers.map { offer in
            let cells = cells(offer)
            return columns.map { cells[$0] ?? "" }
        }
        return (byteOrderMark ? String(CSVTable.byteOrderMark) : "") + CSVTable.format([columns] + rows, delimiter: delimiter)
    }

    // MARK: Reading

    let table: CSVTable

    /// Reads the table and checks its header: every column of the format for `languages` must be there,
    /// and no other column than the format's (texts in further languages are allowed).
    static func parse(_ text: String, file: String, languages: [String], diagnostics: Diagnostics) -> OfferSheet? {
        guard let table = CSVTable.read(text, file: file, required: [], delimiter: delimiter(of: text),
                                        diagnostics: diagnostics) else { return nil }
        var valid = true
        func headerError(_ reason: String) { diagnostics.error(file, table.headerLine, reason); valid = false }
        let missing = columns(languages: languages).filter { !table.header.contains($0) }
        if !missing.isEmpty {
            headerError("missing column\(missing.count > 1 ? "s" : "") " + missing.map { "'\($0)'" }.joined(separator: ", "))
        }
        let known = Set(columns(languages: []))
        var counted: [String: Int] = [:]
        for column in table.header {
            counted[column, default: 0] += 1
            if counted[column] == 2 { headerError("column '\(column)' appears more than once") }
            guard !known.contains(column) else { continue }
            let parts = column.split(separator: "_")
            let field = parts.dropLast().joined(separator: "_"), code = parts.last.map(String.init) ?? ""
            if !(translated.contains(field) && LanguageCode.isValid(code)) {
                headerError("unknown column '\(column)' (known: \(columns(languages: ["de"]).joined(separator: ", ")), and texts in other languages such as title_en)")
            }
        }
        return valid ? OfferSheet(table: table) : nil
    }

    /// A sheet saved by a German spreadsheet may use semicolons: the header line tells.
    static func delimiter(of text: String) -> Unicode.Scalar {
        let header = text.unicodeScalars.drop { $0 == CSVTable.byteOrderMark }.prefix { $0 != "\n" }
        return header.starts(with: "id;".unicodeScalars) || (!header.contains(",") && header.contains(";")) ? ";" : ","
    }

    /// Every row as the YAML of an offer, with a source map back to the sheet's lines and columns.
    func yaml(_ diagnostics: Diagnostics) -> [YAMLValue]? {
        var builder = Builder()
        builder.add("offers:", line: table.headerLine, column: nil)
        for row in table.rows { builder.write(offer(row), indent: "", prefix: "- ") }
        let text = builder.lines.joined(separator: "\n") + "\n"
        guard let root = YAMLValue.parse(text, displayName: table.file, origin: SourceMap(builder.positions),
                                         diagnostics: diagnostics) else { return nil }
        return root["offers"]?.sequence ?? []
    }

    /// A row as a tree of YAML nodes, each with the sheet line and column it comes from. Empty cells
    /// are left out, as absent fields.
    private func offer(_ row: CSVTable.Row) -> Node {
        func cell(_ column: String) -> Node? {
            guard let index = row.columns[column] else { return nil }
            let value = row.values[index].replacingOccurrences(of: "\r\n", with: "\n")
            return value.isEmpty ? nil : .scalar(value, line: row.line(ofField: index), column: column)
        }
        func fields(_ keys: [String]) -> [(String, Node)] { keys.compactMap { key in cell(key).map { (key, $0) } } }
        func texts(_ field: String) -> [(String, Node)] {
            let present = table.header.filter { $0.hasPrefix(field + "_") }.compactMap { column in
                cell(column).map { (String(column.dropFirst(field.count + 1)), $0) }
            }
            guard !present.isEmpty else { return [] }
            // The mapping starts on the German cell's line, where a missing German text is reported.
            let german = row.columns[field + "_de"].map { row.line(ofField: $0) } ?? row.line
            return [(field, .mapping(present, line: german, column: field + "_de"))]
        }
        func list(_ column: String) -> [(String, Node)] {
            guard case .scalar(let value, let line, _)? = cell(column) else { return [] }
            let items = value.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, item in
                item.isEmpty ? nil : Node.scalar(String(item), line: line + offset, column: column)
            }
            return [(column, .list(items, line: line, column: column))]
        }
        /// «status: a, b» per line → a mapping of fact names to lists of values.
        func factRules(_ column: String) -> [(String, Node)] {
            guard case .scalar(let value, let line, _)? = cell(column) else { return [] }
            let rules = value.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, text -> (String, Node)? in
                let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let name = parts.first, !name.isEmpty else { return nil }
                let values = (parts.count > 1 ? parts[1] : "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.map { Node.scalar($0, line: line + offset, column: column) }
                return (name, .list(values, line: line + offset, column: column))
            }
            return rules.isEmpty ? [] : [(column, .mapping(rules, line: line, column: column))]
        }
        func group(_ key: String, _ entries: [(String, Node)]) -> [(String, Node)] {
            entries.isEmpty ? [] : [(key, .mapping(entries, line: row.line, column: nil))]
        }
        let id = cell("id") ?? .scalar("", line: row.line, column: "id")
        let entries: [(String, Node)] = [("id", id)] + fields(["category", "region"]) + texts("title") + texts("description")
            + fields(["provider"]) + group("contact", fields(["phone", "email", "url", "address", "hours"]))
            + group("eligibility", fields(["min_age", "max_age", "min_level", "max_level", "school"]) + factRules("requires")
                    + factRules("excludes") + texts("conditions"))
            + list("topics") + list("core_for") + fields(["contact_point", "confidence"]) + list("sources") + fields(["verified"])
            + list("notes")
        return .mapping(entries, line: row.line, column: nil)
    }

    private indirect enum Node {
        case scalar(String, line: Int, column: String?)
        case mapping([(String, Node)], line: Int, column: String?)
        case list([Node], line: Int, column: String?)
    }

    /// Writes the tree as YAML in flow style, one value per line, every text double-quoted, and
    /// remembers for each line where in the sheet it came from. A flow collection opens on its key's
    /// line, so a problem with the whole collection is reported at that cell.
    private struct Builder {
        var lines: [String] = []
        var positions: [Int: SourceMap.Position] = [:]

        mutating func add(_ text: String, line: Int, column: String?) {
            lines.append(text)
            positions[lines.count] = SourceMap.Position(line: line, column: column)
        }

        mutating func write(_ node: Node, indent: String, prefix: String, suffix: String = "") {
            switch node {
            case let .scalar(value, line, column):
                add(indent + prefix + YAMLScalar.doubleQuoted(value) + suffix, line: line, column: column)
            case let .mapping(entries, line, column):
                add(indent + prefix + "{", line: line, column: column)
                for (index, (key, value)) in entries.enumerated() {
                    write(value, indent: indent + "  ", prefix: key + ": ", suffix: index < entries.count - 1 ? "," : "")
                }
                add(indent + "}" + suffix, line: line, column: column)
            case let .list(items, line, column):
                add(indent + prefix + "[", line: line, column: column)
                for (index, item) in items.enumerated() {
                    write(item, indent: indent + "  ", prefix: "", suffix: index < items.count - 1 ? "," : "")
                }
                add(indent + "]" + suffix, line: line, column: column)
            }
        }
    }
}

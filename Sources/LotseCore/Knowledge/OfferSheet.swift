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
    /// Cells that hold a list, one entry per line.
    static let lists: Set<String> = ["topics", "sources", "notes"]

    /// The columns in order: texts in `languages` where the format has them.
    static func columns(languages: [String]) -> [String] {
        func texts(_ field: String) -> [String] { languages.map { "\(field)_\($0)" } }
        return ["id", "category", "region"] + texts("title") + texts("description")
            + ["provider", "phone", "email", "url", "address", "hours", "min_age", "max_age", "min_level", "max_level"]
            + texts("conditions") + ["topics", "sources", "verified", "notes"]
    }

    /// The languages a sheet has columns for: those of the language files, then any other code a text uses,
    /// so that no text is left out.
    static func languages(_ known: [String], offers: [Offer]) -> [String] {
        var used = Set<String>()
        for offer in offers {
            used.formUnion(offer.title.texts.keys)
            used.formUnion(offer.description.texts.keys)
            used.formUnion(offer.eligibility.conditions?.texts.keys ?? [:].keys)
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
            "topics": offer.topics.joined(separator: "\n"), "sources": offer.sources.joined(separator: "\n"),
            "verified": offer.verified, "notes": offer.notes.joined(separator: "\n"),
        ]
        for (field, text) in [("title", offer.title), ("description", offer.description), ("conditions", rules.conditions)] {
            for (code, value) in text?.texts ?? [:] { cells["\(field)_\(code)"] = value }
        }
        return cells
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
        let errors = diagnostics.problems.count
        let delimiter = delimiter(of: text)
        guard let table = CSVTable.read(text, file: file, required: columns(languages: languages), delimiter: delimiter,
                                        diagnostics: diagnostics) else { return nil }
        let known = Set(columns(languages: []))
        let headerLine = table.headerLine
        var counted: [String: Int] = [:]
        for column in table.header {
            counted[column, default: 0] += 1
            if counted[column] == 2 { diagnostics.error(file, headerLine, "column '\(column)' appears more than once") }
            guard !known.contains(column) else { continue }
            let parts = column.split(separator: "_")
            let field = parts.dropLast().joined(separator: "_"), code = parts.last.map(String.init) ?? ""
            if !(translated.contains(field) && LanguageCode.isValid(code)) {
                diagnostics.error(file, headerLine, "unknown column '\(column)' (known: \(columns(languages: ["de"]).joined(separator: ", ")) and texts in other languages as title_en …)")
            }
        }
        return diagnostics.problems.count == errors ? OfferSheet(table: table) : nil
    }

    /// A sheet saved by a German spreadsheet may use semicolons: the header line tells.
    static func delimiter(of text: String) -> Unicode.Scalar {
        let header = text.unicodeScalars.drop { $0 == CSVTable.byteOrderMark }.prefix { $0 != "\n" }
        return header.starts(with: "id;".unicodeScalars) || (!header.contains(",") && header.contains(";")) ? ";" : ","
    }

    /// Every row as the YAML of an offer, with a source map back to the sheet's lines and columns.
    func yaml(_ diagnostics: Diagnostics) -> [YAMLValue]? {
        var builder = Builder()
        builder.add("offers:", line: 1, column: nil)
        for row in table.rows { builder.offer(row, columns: table.header) }
        let text = builder.lines.joined(separator: "\n") + "\n"
        guard let root = YAMLValue.parse(text, displayName: table.file, origin: SourceMap(builder.positions),
                                         diagnostics: diagnostics) else { return nil }
        return root["offers"]?.sequence ?? []
    }

    /// Generates the YAML text, every value double-quoted on a line of its own, remembering for each
    /// line the sheet line and column it came from.
    private struct Builder {
        var lines: [String] = []
        var positions: [Int: SourceMap.Position] = [:]

        mutating func add(_ text: String, line: Int, column: String?) {
            lines.append(text)
            positions[lines.count] = SourceMap.Position(line: line, column: column)
        }

        mutating func offer(_ row: CSVTable.Row, columns: [String]) {
            func cell(_ name: String) -> (value: String, line: Int)? {
                guard let index = row.columns[name] else { return nil }
                let value = row.values[index].replacingOccurrences(of: "\r\n", with: "\n")
                return value.isEmpty ? nil : (value, row.line(ofField: index))
            }
            func scalar(_ key: String, _ column: String, indent: String) {
                guard let (value, line) = cell(column) else { return }
                add("\(indent)\(key): " + YAMLScalar.doubleQuoted(value), line: line, column: column)
            }
            func texts(_ field: String, indent: String) {
                let present = columns.filter { $0.hasPrefix(field + "_") }.filter { cell($0) != nil }
                guard !present.isEmpty else { return }
                add("\(indent)\(field):", line: cell(field + "_de")?.line ?? row.line, column: field + "_de")
                for column in present { scalar(String(column.dropFirst(field.count + 1)), column, indent: indent + "  ") }
            }
            func list(_ column: String) {
                guard let (value, line) = cell(column) else { return }
                add("  \(column):", line: line, column: column)
                for (offset, item) in value.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !item.isEmpty {
                    add("  - " + YAMLScalar.doubleQuoted(String(item)), line: line + offset, column: column)
                }
            }
            add("- id: " + YAMLScalar.doubleQuoted(cell("id")?.value ?? ""), line: row.line, column: nil)
            scalar("category", "category", indent: "  ")
            scalar("region", "region", indent: "  ")
            texts("title", indent: "  ")
            texts("description", indent: "  ")
            scalar("provider", "provider", indent: "  ")
            let contact = ["phone", "email", "url", "address", "hours"]
            if contact.contains(where: { cell($0) != nil }) {
                add("  contact:", line: row.line, column: nil)
                for key in contact { scalar(key, key, indent: "    ") }
            }
            let rules = ["min_age", "max_age", "min_level", "max_level"]
            if rules.contains(where: { cell($0) != nil }) || columns.contains(where: { $0.hasPrefix("conditions_") && cell($0) != nil }) {
                add("  eligibility:", line: row.line, column: nil)
                for key in rules { scalar(key, key, indent: "    ") }
                texts("conditions", indent: "    ")
            }
            list("topics")
            list("sources")
            scalar("verified", "verified", indent: "  ")
            list("notes")
        }
    }
}

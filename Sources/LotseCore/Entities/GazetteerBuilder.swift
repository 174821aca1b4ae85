import Foundation

/// Builds the gazetteer from the places files, and spells every pilot-region name in the scripts of
/// the loaded languages by their transliteration rules («Parchim» → «Пархим», «پارخیم»), so that a
/// name typed in Cyrillic or Arabic is found without anyone typing those forms by hand.
struct GazetteerBuilder {
    let tokeniser: Tokeniser
    let regions: [String: Region]
    let states: [String: String]
    let diagnostics: Diagnostics
    let knowledgeDirectory: String

    static let columns = ["name", "alternate_names", "postcodes", "municipality_key", "region_key", "region_name"]

    /// The places and their names as read from the files, before transliteration.
    struct Source: Sendable {
        var places: [Place]
        var regional: [(tokens: [String], place: Int)]
        var nationwide: [(tokens: [String], place: Int)]
        /// Pilot-region names in Latin letters, to be spelt in other scripts.
        var spellable: [(name: String, place: Int)]
        var regions: [String: Region]
        var states: [String: String]

        /// Adds each language's spelling of the pilot-region names and builds the indexes.
        func build(languages: [LanguagePack], tokeniser: Tokeniser, soundKey: SoundKey) -> Gazetteer {
            var regional = self.regional
            for language in languages where !language.transliteration.isEmpty {
                let transliterator = Transliterator(rules: language.transliteration)
                for (name, place) in spellable {
                    let tokens = tokeniser.words(transliterator.apply(name.lowercased()))
                    if !tokens.isEmpty { regional.append((tokens, place)) }
                }
            }
            return Gazetteer(places: places, regionalNames: regional, nationwideNames: nationwide, regions: regions, states: states,
                             soundKey: soundKey)
        }
    }

    func read() -> Source {
        var places: [Place] = []
        var regional: [(tokens: [String], place: Int)] = []
        var nationwide: [(tokens: [String], place: Int)] = []
        var regionalNamesByState: Set<String> = []
        var spellable: [(name: String, place: Int)] = []

        for name in ["places.csv", "places-extra.csv"] {
            let file = (knowledgeDirectory as NSString).appendingPathComponent(name)
            let optional = name != "places.csv"
            if optional && !FileManager.default.fileExists(atPath: file) { continue }
            guard let table = CSVTable.load(path: file, displayName: display(file), required: Self.columns, diagnostics: diagnostics) else { continue }
            for row in table.rows {
                guard let place = readPlace(row, file: table.file) else { continue }
                let index = places.count
                places.append(place)

                var names = [place.name] + row["alternate_names"].split(separator: "|").map(String.init)
                names += names.compactMap(TextNormaliser.digraphSpelling)
                for name in names {
                    // Official long forms («Parchim, Stadt») are not what people type in other scripts.
                    if !name.contains(","), name.unicodeScalars.allSatisfy({ Script($0) != .cyrillic && Script($0) != .arabic }) {
                        spellable.append((name, index))
                    }
                    let tokens = tokeniser.words(name)
                    guard !tokens.isEmpty else { continue }
                    regional.append((tokens, index))
                    regionalNamesByState.insert(place.stateKey + tokens.joined())

                }
            }
        }

        addAliases(to: &regional, spellable: &spellable, places: places)

        var localities: [String: Int] = [:]
        let germanyFile = (knowledgeDirectory as NSString).appendingPathComponent("places-germany.csv")
        if FileManager.default.fileExists(atPath: germanyFile),
           let table = CSVTable.load(path: germanyFile, displayName: display(germanyFile),
                                     required: ["postcode", "locality", "state_key"], diagnostics: diagnostics) {
            for row in table.rows {
                let postcode = row["postcode"], locality = row["locality"], state = row["state_key"]
                guard postcode.count == 5, postcode.allSatisfy(\.isNumber), states[state] != nil, !locality.isEmpty else {
                    diagnostics.error(table.file, row.line, "needs a 5-digit postcode, a locality and a known state key"); continue
                }
                let tokens = tokeniser.words(locality)
                // Pilot municipalities are already known with their district; add only their postcodes' other users.
                if regionalNamesByState.contains(state + tokens.joined()) { continue }
                let key = state + "|" + locality
                if let index = localities[key] {
                    places[index].postcodes.append(postcode)
                } else {
                    localities[key] = places.count
                    nationwide.append((tokens, places.count))
                    places.append(Place(name: locality, municipalityKey: nil, districtKey: nil, stateKey: state, postcodes: [postcode]))
                }
            }
        }
        addExonyms(regional: &regional, nationwide: &nationwide, places: places, localities: localities)
        return Source(places: places, regional: regional, nationwide: nationwide, spellable: spellable,
                      regions: regions, states: states)
    }

    /// `place-exonyms.csv`: how other languages name the larger cities («ميونخ», «Кёльн», «Cologne»).
    /// Their German names are known from the other files; these add the names people actually type.
    private func addExonyms(regional: inout [(tokens: [String], place: Int)], nationwide: inout [(tokens: [String], place: Int)],
                            places: [Place], localities: [String: Int]) {
        let file = (knowledgeDirectory as NSString).appendingPathComponent("place-exonyms.csv")
        guard FileManager.default.fileExists(atPath: file),
              let table = CSVTable.load(path: file, displayName: display(file), required: ["locality", "state_key", "language", "name"],
                                        diagnostics: diagnostics) else { return }
        for row in table.rows {
            let locality = row["locality"], state = row["state_key"]
            let tokens = tokeniser.words(row["name"])
            guard !tokens.isEmpty else { diagnostics.error(table.file, row.line, "empty name"); continue }
            if let index = localities[state + "|" + locality] {
                nationwide.append((tokens, index))
            } else if let index = places.indices.first(where: { places[$0].name == locality && places[$0].stateKey == state && places[$0].partOf == nil }) {
                regional.append((tokens, index))
            } else {
                diagnostics.error(table.file, row.line, "no place '\(locality)' in state '\(state)' (places.csv, places-germany.csv)")
            }
        }
    }

    /// `place-aliases.csv`: more names for municipalities already read. They are spelt in the other
    /// scripts too, so that «Нойштадт» leads to the same question as «Neustadt».
    private func addAliases(to regional: inout [(tokens: [String], place: Int)], spellable: inout [(name: String, place: Int)],
                            places: [Place]) {
        let file = (knowledgeDirectory as NSString).appendingPathComponent("place-aliases.csv")
        guard FileManager.default.fileExists(atPath: file),
              let table = CSVTable.load(path: file, displayName: display(file), required: ["alias", "municipality_key"], diagnostics: diagnostics) else { return }
        for row in table.rows {
            let matches = places.indices.filter { places[$0].municipalityKey == row["municipality_key"] && places[$0].partOf == nil }
            let tokens = tokeniser.words(row["alias"])
            guard !matches.isEmpty, !tokens.isEmpty else {
                diagnostics.error(table.file, row.line, "alias needs a name and the municipality_key of a place in places.csv"); continue
            }
            for index in matches {
                regional.append((tokens, index))
                spellable.append((row["alias"], index))
            }
        }
    }

    private func readPlace(_ row: CSVTable.Row, file: String) -> Place? {
        let municipality = row["municipality_key"], district = row["region_key"]
        guard !row["name"].isEmpty else { diagnostics.error(file, row.line, "empty name"); return nil }
        guard municipality.count == 8, municipality.allSatisfy(\.isNumber), municipality.hasPrefix(district), district.count == 5 else {
            diagnostics.error(file, row.line, "municipality_key must be 8 digits starting with the 5-digit region_key"); return nil
        }
        let postcodes = row["postcodes"].split(separator: "|").map(String.init)
        for code in postcodes where code.count != 5 || !code.allSatisfy(\.isNumber) {
            diagnostics.error(file, row.line, "postcode '\(code)' is not 5 digits")
        }
        let state = String(district.prefix(2))
        if states[state] == nil { diagnostics.error(file, row.line, "unknown state key '\(state)'") }
        let partOf = row.value("part_of").flatMap { $0.isEmpty ? nil : $0 }
        return Place(name: row["name"], municipalityKey: municipality, districtKey: district, stateKey: state,
                     partOf: partOf, postcodes: postcodes)
    }

    private func display(_ full: String) -> String { displayPath(full) }
}

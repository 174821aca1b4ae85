import Foundation

extension KnowledgeLoader {
    /// `facts.yml`: the facts that decide eligibility beyond age, level and place. Names and values are
    /// message keys and payload words, so they are restricted to a-z, 0-9 and '_'.
    func loadFacts(_ diagnostics: Diagnostics) -> FactSettings {
        let file = path("facts.yml")
        guard let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics) else {
            return FactSettings(facts: [], maxQuestions: 0)
        }
        root.checkKeys(allowed: ["facts", "max_questions"], what: "facts.yml")
        var facts: [Fact] = []
        for item in root["facts"]?.sequence ?? [] {
            item.checkKeys(allowed: ["name", "values", "sensitive"], what: "a fact")
            guard let name = item.requireString("name", in: "a fact") else { continue }
            guard Self.isFactWord(name), !Self.builtInFacts.contains(name) else {
                item["name"]?.error("fact name '\(name)' must be a-z, 0-9 and '_' and not one of \(Self.builtInFacts.sorted().joined(separator: ", "))")
                continue
            }
            if facts.contains(where: { $0.name == name }) { item["name"]?.error("fact '\(name)' is declared twice"); continue }
            var values: [String] = []
            for value in item["values"]?.sequence ?? [] {
                guard let word = value.string, Self.isFactWord(word), !Self.skipAnswers.contains(word) else {
                    value.error("a value of fact '\(name)' must be a-z, 0-9 and '_' and not \(Self.skipAnswers.sorted().joined(separator: " or "))\(value.found)")
                    continue
                }
                if values.contains(word) { value.error("value '\(word)' of fact '\(name)' is listed twice"); continue }
                values.append(word)
            }
            if values.count < 2 { item.error("fact '\(name)' needs at least two values") }
            let sensitive = item["sensitive"]?.string.map { $0 == "true" } ?? false
            facts.append(Fact(name: name, values: values, sensitive: sensitive))
        }
        return FactSettings(facts: facts, maxQuestions: root.optionalInt("max_questions", range: 0...10) ?? 2)
    }

    /// The `school` block of `regions.yml`: entry age, cut-off and end of school obligation per state.
    func loadSchoolRules(states: [String: String], _ diagnostics: Diagnostics) -> (byState: [String: SchoolRule], fallback: SchoolRule) {
        let standard = SchoolRule(entryAge: 6, entryCutoff: nil, obligationUntilAge: 17)
        let file = path("regions.yml")
        guard let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics),
              let school = root["school"] else {
            diagnostics.error(display(file), nil, "regions.yml needs a 'school' block (entry age, cut-off, end of school obligation)")
            return ([:], standard)
        }
        school.checkKeys(allowed: ["default", "states"], what: "the school block")
        let fallback = school["default"].flatMap { readSchoolRule($0) } ?? standard
        var rules: [String: SchoolRule] = [:]
        for (key, value) in school["states"]?.mapping ?? [] {
            guard states[key] != nil else { value.error("'\(key)' is not a state key of regions.yml"); continue }
            if let rule = readSchoolRule(value) { rules[key] = rule }
        }
        return (rules, fallback)
    }

    private func readSchoolRule(_ value: YAMLValue) -> SchoolRule? {
        value.checkKeys(allowed: ["entry_age", "entry_cutoff", "obligation_until_age"], what: "a school rule")
        guard let entry = value.optionalInt("entry_age", range: 3...8),
              let until = value.optionalInt("obligation_until_age", range: 10...20) else {
            value.error("a school rule needs entry_age (3–8) and obligation_until_age (10–20)"); return nil
        }
        let cutoff = value["entry_cutoff"]?.string
        if let cutoff, Self.date("2000-" + cutoff) == nil {
            value["entry_cutoff"]?.error("entry_cutoff '\(cutoff)' is not a date MM-DD")
            return nil
        }
        return SchoolRule(entryAge: entry, entryCutoff: cutoff, obligationUntilAge: until)
    }

    /// Every fact needs its question, reason and value names in every language file.
    func checkFactMessages(_ facts: FactSettings, languages: [LanguagePack], _ diagnostics: Diagnostics) {
        for pack in languages {
            for fact in facts.facts {
                for key in fact.messageKeys where !pack.has(key) {
                    diagnostics.error(pack.file, nil, "message '\(key)' is missing (fact '\(fact.name)' of facts.yml needs it)")
                }
            }
        }
    }

    /// Age, level and residence are the profile's own fields, not facts of `facts.yml`.
    static let builtInFacts: Set<String> = ["age", "level", "language_level", "residence", "topic", "language"]
    /// The answers that skip a fact's question rather than give a value.
    static let skipAnswers: Set<String> = [FactAnswer.unknown, FactAnswer.declined]

    static func isFactWord(_ word: String) -> Bool {
        !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// The two answers to a fact question that give no value: the person does not know, or would rather not say.
public enum FactAnswer {
    public static let unknown = "unknown"
    public static let declined = "declined"
}

import Foundation

extension KnowledgeLoader {
    static let languageFields: Set<String> = ["code", "name", "english_name", "script", "direction", "locale", "order",
                                              "plural", "number_words", "age_words", "age_subjects", "self_words", "place_prepositions",
                                              "place_suffixes", "place_followers", "transliteration", "romanisation", "already_words", "request_words", "offer_question_words", "duration_before", "duration_after", "goal_words", "goal_words_after", "later_words", "now_words", "future_words", "negations", "month_words", "change_words", "needs", "messages"]

    func loadLanguages(_ diagnostics: Diagnostics) -> [(pack: LanguagePack, order: Int)] {
        var packs: [(pack: LanguagePack, order: Int)] = []
        for file in files(in: path("languages"), ending: ".yml") {
            let name = display(file)
            guard let root = YAMLValue.load(path: file, displayName: name, diagnostics: diagnostics) else { continue }
            if let pack = readLanguage(root, file: file) { packs.append(pack) }
        }
        checkMessageKeys(packs.map(\.pack), diagnostics)
        return packs
    }

    private func readLanguage(_ root: YAMLValue, file: String) -> (pack: LanguagePack, order: Int)? {
        root.checkKeys(allowed: Self.languageFields, what: "a language file")
        let expected = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let code = root.requireString("code", in: "a language file") else { return nil }
        guard code == expected, LanguageCode.isValid(code) else {
            root["code"]?.error("code '\(code)' must be the file's name ('\(expected)') and a two-letter ISO 639-1 code"); return nil
        }
        guard let name = root.requireString("name", in: "a language file"),
              let script = root.requireString("script", in: "a language file") else { return nil }
        if Script(rawValue: script) == nil { root["script"]?.error("unknown script '\(script)' (Latn, Cyrl, Arab, Grek)") }
        let directionText = root["direction"]?.string ?? "ltr"
        guard let direction = LanguagePack.Direction(rawValue: directionText) else {
            root["direction"]?.error("direction must be ltr or rtl"); return nil
        }
        var pluralSource: [String: String] = [:]
        for (category, rule) in root["plural"]?.mapping ?? [] { pluralSource[category] = rule.string ?? "" }
        let plural: PluralRules
        do { plural = try PluralRules(pluralSource) } catch {
            root["plural"]?.error("\(error)"); return nil
        }
        var numberWords: [String: Int] = [:]
        for (word, value) in root["number_words"]?.mapping ?? [] {
            guard let number = value.string.flatMap(Int.init), NumberWords.range.contains(number) else {
                value.error("number word '\(word)' needs a number from 0 to 120"); continue
            }
            numberWords[word] = number
        }
        let transliteration = letterRules(root["transliteration"], what: "transliteration")
        let romanisation = letterRules(root["romanisation"], what: "romanisation")
        if !romanisation.isEmpty, script == Script.latin.rawValue {
            root["romanisation"]?.error("romanisation reads Latin letters in another script; \(code) is written in Latin letters")
        }
        let messages = readMessages(root["messages"], plural: plural)
        let pack = LanguagePack(code: code, name: name, englishName: root["english_name"]?.string ?? name, script: script,
                                direction: direction, locale: root["locale"]?.string ?? code, plural: plural,
                                numberWords: numberWords, ageWords: strings(root["age_words"]),
                                ageSubjects: strings(root["age_subjects"]), selfWords: strings(root["self_words"]),
                                placePrepositions: strings(root["place_prepositions"]),
                                placeSuffixes: strings(root["place_suffixes"]),
                                placeFollowers: strings(root["place_followers"]),
                                negations: strings(root["negations"]), monthWords: strings(root["month_words"]),
                                changeWords: strings(root["change_words"]),
                                needs: Dictionary(uniqueKeysWithValues: (root["needs"]?.mapping ?? []).map { ($0.key, strings($0.value)) }),
                                transliteration: transliteration, romanisation: romanisation,
                                alreadyWords: strings(root["already_words"]), requestWords: strings(root["request_words"]), offerQuestionWords: strings(root["offer_question_words"]), durationBefore: strings(root["duration_before"]), durationAfter: strings(root["duration_after"]), goalWords: strings(root["goal_words"]),
                                goalWordsAfter: strings(root["goal_words_after"]), laterWords: strings(root["later_words"]), nowWords: strings(root["now_words"]), futureWords: strings(root["future_words"]),
                                messages: messages, file: root.file)
        return (pack, root.optionalInt("order", range: 0...999) ?? 999)
    }

    /// Letter rules («sch»: «ш»), longest first; `^`/`$` anchor a rule to the start or end of a word.
    private func letterRules(_ value: YAMLValue?, what: String) -> [(from: String, to: String)] {
        var rules: [(from: String, to: String)] = []
        for (from, to) in value?.mapping ?? [] {
            guard !from.isEmpty, from != "^", from != "$", let target = to.string else { to.error("\(what) maps letters to letters"); continue }
            rules.append((from.lowercased(), target))
        }
        return rules.sorted { $0.from.count > $1.from.count || ($0.from.count == $1.from.count && $0.from < $1.from) }
    }

    private func strings(_ value: YAMLValue?) -> [String] {
        guard let value else { return [] }
        guard let items = value.sequence else { value.error("expected a list of words"); return [] }
        return items.compactMap(\.string)
    }

    private func readMessages(_ value: YAMLValue?, plural: PluralRules) -> [String: MessageTemplate] {
        guard let value else { return [:] }
        var messages: [String: MessageTemplate] = [:]
        for (key, entry) in value.mapping ?? [] {
            if let text = entry.string {
                messages[key] = .text(Template(text))
            } else if let forms = entry.mapping {
                var templates: [PluralRules.Category: Template] = [:]
                for (name, text) in forms {
                    guard let category = PluralRules.Category(rawValue: name), let string = text.string else {
                        text.error("plural form '\(name)' of message '\(key)' must be zero, one, two, few, many or other"); continue
                    }
                    templates[category] = Template(string)
                }
                if templates[.other] == nil { entry.error("message '\(key)' needs an 'other' form") }
                for category in plural.categories where templates[category] == nil {
                    entry.error("message '\(key)' lacks the plural form '\(category.rawValue)' this language needs")
                }
                messages[key] = .plural(templates)
            } else {
                entry.error("message '\(key)' must be a text or plural forms")
            }
        }
        return messages
    }

    static func placeholders(_ entry: MessageTemplate) -> Set<String> {
        switch entry {
        case .text(let template): return Set(template.placeholders)
        case .plural(let forms): return Set(forms.values.flatMap(\.placeholders))
        }
    }

    /// Every language must have every message the reference language (English, else the first) has.
    private func checkMessageKeys(_ packs: [LanguagePack], _ diagnostics: Diagnostics) {
        guard let reference = packs.first(where: { $0.code == "en" }) ?? packs.first else { return }
        for pack in packs where pack.code != reference.code {
            for key in reference.messages.keys.sorted() where !pack.has(key) {
                diagnostics.error(pack.file, nil, "message '\(key)' is missing (it is in \(reference.file))")
            }
            for key in pack.messages.keys.sorted() where !reference.has(key) {
                diagnostics.warning(pack.file, nil, "message '\(key)' is not used (it is not in \(reference.file))")
            }
            for (key, entry) in pack.messages.sorted(by: { $0.key < $1.key }) {
                guard let expected = reference.messages[key] else { continue }
                let (have, want) = (Self.placeholders(entry), Self.placeholders(expected))
                if !have.isSubset(of: want) {
                    diagnostics.error(pack.file, nil, "message '\(key)' uses unknown placeholders \(have.subtracting(want).sorted()) (known: \(want.sorted()))")
                }
            }
        }
    }
}

import Foundation

extension KnowledgeLoader {
    static let offerFields: Set<String> = ["id", "category", "region", "title", "description", "provider", "contact",
                                           "eligibility", "topics", "sources", "verified", "notes", "core_for",
                                           "contact_point", "confidence"]

    func loadOffers(regions: [String: Region], states: [String: String], facts: FactSettings, _ diagnostics: Diagnostics) -> [Offer] {
        loadOfferFiles(regions: regions, states: states, facts: facts, diagnostics).flatMap(\.offers)
    }

    /// The offers file by file, in the files' order: what the offer sheet exports and an import writes back.
    func loadOfferFiles(regions: [String: Region], states: [String: String], facts: FactSettings,
                        _ diagnostics: Diagnostics) -> [(path: String, offers: [Offer])] {
        var seen: [String: String] = [:]
        let files = files(in: path("offers"), ending: ".yml")
        if files.isEmpty { diagnostics.error(display(path("offers")), nil, "no offer files (*.yml)") }
        return files.map { file in
            guard let root = YAMLValue.load(path: file, displayName: display(file), diagnostics: diagnostics) else { return (file, []) }
            guard let items = root["offers"]?.sequence else { root.error("an offers file needs a list 'offers'"); return (file, []) }
            return (file, readOffers(items, regions: regions, states: states, facts: facts, seen: &seen))
        }
    }

    /// Reads offers with every rule of the offer format; `seen` maps the ids read so far to where they
    /// were defined, so an id is unique across all files (or all rows of a sheet).
    func readOffers(_ items: [YAMLValue], regions: [String: Region], states: [String: String], facts: FactSettings,
                    seen: inout [String: String]) -> [Offer] {
        var offers: [Offer] = []
        for item in items {
            guard let offer = readOffer(item, regions: regions, states: states, facts: facts) else { continue }
            if let previous = seen[offer.id] {
                item.error("duplicate offer id '\(offer.id)' (first defined at \(previous))"); continue
            }
            seen[offer.id] = "\(item.file):\(offer.line)"
            offers.append(offer)
        }
        return offers
    }

    private func readOffer(_ item: YAMLValue, regions: [String: Region], states: [String: String], facts: FactSettings) -> Offer? {
        item.checkKeys(allowed: Self.offerFields, what: "an offer")
        guard let id = item.requireString("id", in: "an offer") else { return nil }
        let what = "offer '\(id)'"
        guard id.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            item["id"]?.error("offer id '\(id)' may only contain a-z, 0-9 and '-'"); return nil
        }
        // Every field is checked even after a problem, so one run reports all of an offer's problems.
        var category: OfferCategory? = nil
        if let name = item.requireString("category", in: what) {
            category = OfferCategory(rawValue: name)
            if category == nil {
                item["category"]?.error("unknown category '\(name)' (known: \(OfferCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        var region = item.requireString("region", in: what)
        if let code = region, !(code == "DE" || (code.count == 2 && states[code] != nil) || regions[code] != nil) {
            item["region"]?.error("region '\(code)' is neither DE, a state key nor a pilot district key of regions.yml")
            region = nil
        }
        let title = item.localized("title", in: what, required: true)
        let description = item.localized("description", in: what, required: true)
        let contact = readContact(item["contact"], what: what)
        let eligibility = readEligibility(item["eligibility"], what: what, facts: facts)
        let topics = readTopics(item["topics"])
        if topics.isEmpty { item.error("\(what) needs at least one topic") }
        let coreFor = readTopics(item["core_for"])
        for topic in coreFor where !topics.contains(topic) {
            item["core_for"]?.error("\(what) is core for '\(topic)' but does not answer it (add it to topics)")
        }
        var contactPoint = false
        if let flag = item["contact_point"] {
            if flag.string == "true" { contactPoint = true } else if flag.string != "false" { flag.error("contact_point is true or false\(flag.found)") }
        }
        var confidence = Offer.Confidence.high
        if let field = item["confidence"] {
            if let value = field.string.flatMap(Offer.Confidence.init(rawValue:)) { confidence = value } else {
                field.error("confidence is high, medium or low\(field.found)")
            }
        }
        if confidence == .low {
            item.warning("\(what) has a contact of low confidence (old or indirect source); verify it with the provider before go-live")
        }
        if let category, !contactPoint, Self.needsSchoolRule.contains(category), eligibility.school == nil, eligibility.minAge ?? 0 < 16 {
            item.warning("\(what) (\(category.rawValue)) has no school rule: add `school: not_obliged` or a min_age of 16, or children are referred to it")
        }
        let sources = item.lines("sources")
        if sources.isEmpty { item.error("\(what) needs its sources") }
        let verified = item.requireString("verified", in: what) ?? ""
        if let date = Self.date(verified) {
            let age = Calendar(identifier: .gregorian).dateComponents([.day], from: date, to: today).day ?? 0
            if age > staleAfterDays {
                item["verified"]?.warning("\(what) was last verified \(age) days ago (\(verified)); check it against its sources")
            }
        } else if !verified.isEmpty {
            item["verified"]?.error("'\(verified)' is not a date (YYYY-MM-DD)")
        }
        let provider = item.optionalText("provider")
        let notes = item.lines("notes")
        guard let category, let region, let title, let description else { return nil }
        return Offer(id: id, category: category, region: region, title: title, description: description,
                     provider: provider, contact: contact, eligibility: eligibility, topics: topics,
                     sources: sources, verified: verified, notes: notes, coreFor: coreFor, contactPoint: contactPoint,
                     confidence: confidence, file: item.file, line: item.line ?? 0)
    }

    /// Adult courses, counselling and universities that children must never be referred to without an age
    /// or school rule (a five-year-old asking for everything was shown two universities).
    static let needsSchoolRule: Set<OfferCategory> = [.integrationCourse, .literacyCourse, .jobLanguageCourse, .initialOrientation,
                                                      .adultMigrationCounselling, .adultEducation, .seniorEducation, .university]

    private func readTopics(_ value: YAMLValue?) -> [String] {
        var topics: [String] = []
        for topic in value?.sequence ?? [] {
            guard let name = topic.string, let intent = Intent(rawValue: name), intent.isTopic else {
                topic.error("unknown topic '\(topic.string ?? "")' (use ask_language_course, ask_childcare, …)"); continue
            }
            topics.append(name)
        }
        return topics
    }

    private func readContact(_ value: YAMLValue?, what: String) -> Contact {
        guard let value else { return Contact() }
        value.checkKeys(allowed: ["phone", "email", "url", "address", "hours"], what: "a contact")
        let contact = Contact(phone: value.optionalText("phone"), email: value.optionalText("email"), url: value.optionalText("url"),
                              address: value.optionalText("address"), hours: value.optionalText("hours"))
        if contact.isEmpty { value.error("contact of \(what) needs a phone, e-mail, url or address") }
        if let email = contact.email, !ContactFormat.isEmail(email) { value["email"]?.error("'\(email)' is not an e-mail address") }
        if let url = contact.url, !ContactFormat.isURL(url) { value["url"]?.error("'\(url)' is not an http(s) URL") }
        if let phone = contact.phone, !ContactFormat.isPhone(phone) { value["phone"]?.error("'\(phone)' is not a phone number") }
        return contact
    }

    private func readEligibility(_ value: YAMLValue?, what: String, facts: FactSettings) -> Eligibility {
        guard let value else { return Eligibility() }
        value.checkKeys(allowed: ["min_age", "max_age", "min_level", "max_level", "school", "requires", "excludes",
                                         "conditions"], what: "eligibility")
        var eligibility = Eligibility()
        eligibility.minAge = value.optionalInt("min_age", range: EntityExtractor.plausibleAges)
        eligibility.maxAge = value.optionalInt("max_age", range: EntityExtractor.plausibleAges)
        for key in ["min_level", "max_level"] {
            guard let field = value[key] else { continue }
            guard let code = field.string, let level = CEFRLevel(code: code) else {
                field.error("'\(key)' must be one of none, A1, A2, B1, B2, C1, C2\(field.found)"); continue
            }
            if key == "min_level" { eligibility.minLevel = level } else { eligibility.maxLevel = level }
        }
        if let low = eligibility.minAge, let high = eligibility.maxAge, low > high {
            value.error("min_age \(low) is above max_age \(high) in \(what)")
        }
        if let low = eligibility.minLevel, let high = eligibility.maxLevel, low > high {
            value.error("min_level \(low) is above max_level \(high) in \(what)")
        }
        if let field = value["school"] {
            if let rule = field.string.flatMap(SchoolRequirement.init(rawValue:)) { eligibility.school = rule } else {
                field.error("school is obliged or not_obliged\(field.found)")
            }
        }
        eligibility.requires = readFactRules(value["requires"], key: "requires", facts: facts)
        eligibility.excludes = readFactRules(value["excludes"], key: "excludes", facts: facts)
        eligibility.conditions = value.localized("conditions", in: what, required: false)
        return eligibility
    }

    /// `requires:` or `excludes:`: fact names of facts.yml, each with a list of its values, in the facts' order.
    private func readFactRules(_ value: YAMLValue?, key: String, facts: FactSettings) -> [FactRequirement] {
        var rules: [FactRequirement] = []
        for (name, list) in value?.mapping ?? [] {
            guard let fact = facts.fact(named: name) else {
                list.error("'\(name)' is not a fact of facts.yml (known: \(facts.facts.map(\.name).joined(separator: ", ")))"); continue
            }
            var values: [String] = []
            for item in list.sequence ?? [] {
                guard let word = item.string, fact.values.contains(word) else {
                    item.error("'\(item.string ?? "")' is not a value of fact '\(name)' (\(fact.values.joined(separator: ", ")))"); continue
                }
                values.append(word)
            }
            if values.isEmpty { list.error("\(key).\(name) needs a list of values of the fact") } else {
                rules.append(FactRequirement(fact: name, values: values))
            }
        }
        return rules.sorted { facts.rank(of: $0.fact) < facts.rank(of: $1.fact) }
    }

    /// A calendar date written YYYY-MM-DD, nothing looser (a spreadsheet may have rewritten it).
    static func date(_ text: String) -> Date? {
        let digits = text.unicodeScalars.enumerated().allSatisfy { index, scalar in
            index == 4 || index == 7 ? scalar == "-" : ("0"..."9").contains(scalar)
        }
        guard text.unicodeScalars.count == 10, digits, let date = dateFormatter.date(from: text),
              dateFormatter.string(from: date) == text else { return nil }
        return date
    }

    static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()
}

/// Format checks for contact details (no network: a format that cannot work is caught, a dead line is not).
enum ContactFormat {
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains(" ")
    }

    static func isURL(_ text: String) -> Bool {
        guard let url = URL(string: text.hasPrefix("http") ? text : "https://" + text), let host = url.host else { return false }
        return host.contains(".") && !text.contains(" ")
    }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        let allowed = text.allSatisfy { $0.isNumber || " +-/()".contains($0) }
        return allowed && digits.count >= 3 && digits.count <= 15
    }
}

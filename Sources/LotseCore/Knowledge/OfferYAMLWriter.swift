/// Writes offers in the one layout of `knowledge/offers/*.yml`, so that a file written from the
/// offers it was read from is the same file, byte for byte, and a changed offer changes only its lines.
///
/// Layout: the file's header comment, `offers:`, then the offers separated by a blank line, each with
/// its fields in the order of the format description (`knowledge/README.md`), texts in the order of
/// the language files, topics and facts' values as flow lists, sources and notes one per line.
struct OfferYAMLWriter {
    /// Language codes in the order their texts are written; codes not listed follow alphabetically.
    let languages: [String]

    func file(header: String, offers: [Offer]) -> String {
        if offers.isEmpty { return header + "offers: []\n" }
        return header + "offers:\n" + offers.map(offer).joined(separator: "\n")
    }

    func offer(_ offer: Offer) -> String {
        var lines = ["- id: " + YAMLScalar.render(offer.id),
                     "  category: " + offer.category.rawValue,
                     "  region: " + YAMLScalar.doubleQuoted(offer.region)]
        lines += localized("title", offer.title, indent: "  ")
        lines += localized("description", offer.description, indent: "  ")
        if let provider = offer.provider { lines.append("  provider: " + YAMLScalar.render(provider)) }
        let contact = [("phone", offer.contact.phone), ("email", offer.contact.email), ("url", offer.contact.url),
                       ("address", offer.contact.address), ("hours", offer.contact.hours)]
        lines += mapping("contact", contact.compactMap { key, value in value.map { "\(key): " + YAMLScalar.render($0) } })
        let rules = offer.eligibility
        var eligibility = [("min_age", rules.minAge.map(String.init)), ("max_age", rules.maxAge.map(String.init)),
                           ("min_level", rules.minLevel?.code), ("max_level", rules.maxLevel?.code)]
            .compactMap { key, value in value.map { "\(key): " + YAMLScalar.render($0, typed: true) } }
        if let school = rules.school { eligibility.append("school: " + school.rawValue) }
        eligibility += factRules("requires", rules.requires) + factRules("excludes", rules.excludes)
        if let conditions = rules.conditions { eligibility += localized("conditions", conditions, indent: "") }
        lines += mapping("eligibility", eligibility)
        lines.append("  topics: " + flow(offer.topics))
        if !offer.coreFor.isEmpty { lines.append("  core_for: " + flow(offer.coreFor)) }
        if offer.contactPoint { lines.append("  contact_point: true") }
        if offer.confidence != .high { lines.append("  confidence: " + offer.confidence.rawValue) }
        lines += list("sources", offer.sources)
        lines.append("  verified: " + YAMLScalar.render(offer.verified, typed: true))
        if !offer.notes.isEmpty { lines += list("notes", offer.notes) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The codes of a text in writing order.
    func order(_ codes: some Collection<String>) -> [String] {
        let known = languages.filter(codes.contains)
        return known + codes.filter { !languages.contains($0) }.sorted()
    }

    private func localized(_ key: String, _ text: LocalizedText, indent: String) -> [String] {
        [indent + key + ":"] + order(text.texts.keys).map { indent + "  " + YAMLScalar.render($0) + ": " + YAMLScalar.render(text.texts[$0]!) }
    }

    private func flow(_ items: [String]) -> String { "[" + items.map { YAMLScalar.render($0) }.joined(separator: ", ") + "]" }

    /// `requires:` / `excludes:` inside the eligibility: a fact per line with its values as a flow list.
    private func factRules(_ key: String, _ rules: [FactRequirement]) -> [String] {
        rules.isEmpty ? [] : [key + ":"] + rules.map { "  \($0.fact): " + flow($0.values) }
    }

    private func mapping(_ key: String, _ entries: [String]) -> [String] {
        entries.isEmpty ? [] : ["  \(key):"] + entries.map { "    " + $0 }
    }

    private func list(_ key: String, _ items: [String]) -> [String] {
        ["  \(key):"] + items.map { "  - " + YAMLScalar.render($0) }
    }
}

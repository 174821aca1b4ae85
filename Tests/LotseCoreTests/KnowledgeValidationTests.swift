import Foundation
import Testing
@testable import LotseCore

/// Broken files are rejected with file:line and a reason, and the shipped files are clean.
@Suite struct KnowledgeValidationTests {
    @Test func shippedKnowledgeHasNoErrors() {
        let problems = KnowledgeLoader(root: Fixtures.root).check().filter { $0.severity == .error }
        #expect(problems.isEmpty, "\(problems)")
    }

    func problems(after edit: (String) throws -> Void) throws -> [KnowledgeError] {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try edit(root)
        return KnowledgeLoader(root: root).check().filter { $0.severity == .error }
    }

    func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func unknownCategoryIsReportedWithItsLine() throws {
        let found = try problems { root in
            try write("""
            offers:
            - id: test-offer
              category: yoga
              region: "DE"
              title: {de: Test}
              description: {de: Test}
              contact: {url: https://example.org}
              topics: [ask_leisure]
              sources: ["x"]
              verified: 2026-01-01
            """, to: root + "/knowledge/offers/zz-test.yml")
        }
        #expect(found.contains { $0.file.hasSuffix("zz-test.yml") && $0.line == 3 && $0.reason.contains("unknown category 'yoga'") })
    }

    @Test func inconsistentRulesAndContactsAreReported() throws {
        let found = try problems { root in
            try write("""
            offers:
            - id: Bad_ID
              category: sports
              region: "DE"
              title: {de: X}
              description: {de: X}
              contact: {url: https://example.org}
              topics: [ask_leisure]
              sources: ["x"]
              verified: 2026-01-01
            - id: second
              category: sports
              region: "99999"
              title: {en: only English}
              description: {de: X}
              contact: {email: not-an-address}
              eligibility: {min_age: 30, max_age: 20, min_level: C1, max_level: A1}
              topics: [ask_weather]
              sources: ["x"]
              verified: yesterday
            """, to: root + "/knowledge/offers/zz-test.yml")
        }
        let reasons = found.filter { $0.file.hasSuffix("zz-test.yml") }.map { "\($0.line ?? 0): \($0.reason)" }
        #expect(reasons.contains { $0.hasPrefix("2:") && $0.contains("Bad_ID") })
        #expect(reasons.contains { $0.contains("region '99999'") })
        #expect(reasons.contains { $0.contains("German text") })
        #expect(reasons.contains { $0.contains("not-an-address") })
        #expect(reasons.contains { $0.contains("min_age 30 is above max_age 20") })
        #expect(reasons.contains { $0.contains("min_level C1 is above max_level A1") })
        #expect(reasons.contains { $0.contains("ask_weather") })
        #expect(reasons.contains { $0.contains("YYYY-MM-DD") })
    }

    @Test func staleVerificationDatesAreWarningsAtTheirLine() throws {
        var loader = KnowledgeLoader(root: Fixtures.root)
        loader.today = try #require(KnowledgeLoader.date("2026-06-08"))
        loader.staleAfterDays = 99
        let warnings = loader.check().filter { $0.severity == .warning && $0.reason.contains("last verified") }
        let offers = try loader.offerCatalogue().catalogue.offers
        #expect(offers.allSatisfy { $0.verified <= "2026-02-28" })
        #expect(warnings.count == offers.count)  // every shipped offer was verified on 2026-02-28 or before: older than 99 days
        let first = try #require(warnings.first { $0.reason.contains("'integrationskurs'") })
        let text = try String(contentsOfFile: Fixtures.root + "/knowledge/offers/de.yml", encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  verified:") })
        #expect(first.file.hasSuffix("de.yml") && first.line == line + 1 && first.reason.contains("100 days ago (2026-02-28)"))
        loader.staleAfterDays = 100
        #expect(!loader.check().contains { $0.reason.contains("'integrationskurs' was last verified") })
    }

    @Test func datesMustBeExactlyYearMonthDay() {
        #expect(KnowledgeLoader.date("2026-02-28") != nil)
        for text in ["2026-13-01", "2026-02-30", "2026-2-28", "28.02.2026", "2026-02-28 ", "２０２６-02-28"] {
            #expect(KnowledgeLoader.date(text) == nil, "\(text)")
        }
    }

    @Test func duplicateOfferIdsAreReported() throws {
        let found = try problems { root in
            let original = try String(contentsOfFile: root + "/knowledge/offers/de.yml", encoding: .utf8)
            try write(original, to: root + "/knowledge/offers/zz-copy.yml")
        }
        #expect(found.contains { $0.reason.contains("duplicate offer id 'integrationskurs'") })
    }

    @Test func yamlSyntaxErrorsHaveALine() throws {
        let found = try problems { root in
            try write("offers:\n- id: x\n  title: [unclosed\n", to: root + "/knowledge/offers/zz-test.yml")
        }
        #expect(found.contains { $0.file.hasSuffix("zz-test.yml") && $0.line != nil && $0.reason.hasPrefix("invalid YAML") })
    }

    @Test func intentsFileErrors() throws {
        let found = try problems { root in
            try write("""
            version: "3.1"
            nlu:
            - intent: ask_weather
              examples: |
                - sunny?
            - intent: greet
              examples: |
                - hello [there](person)
                - [unclosed(age)
                no dash here
            - synonym: kurdish
              examples: |
                - kurmanji
            - synonym: ku
              examples: |
                - kurdish
            """, to: root + "/intents/en.yml")
        }
        let reasons = found.filter { $0.file.hasSuffix("intents/en.yml") }.map { "\($0.line ?? 0): \($0.reason)" }
        #expect(reasons.contains { $0.hasPrefix("3:") && $0.contains("unknown intent 'ask_weather'") })
        #expect(reasons.contains { $0.hasPrefix("8:") && $0.contains("unknown entity 'person'") })
        #expect(reasons.contains { $0.hasPrefix("9:") })
        #expect(reasons.contains { $0.hasPrefix("10:") && $0.contains("'- '") })
        // A language Lotse does not offer is fine as a synonym when its code is an ISO 639 code.
        #expect(reasons.contains { $0.hasPrefix("13:") && $0.contains("synonym 'kurdish'") })
        #expect(!reasons.contains { $0.hasPrefix("16:") })
    }

    @Test func placesFileErrorsHaveALine() throws {
        let found = try problems { root in
            var text = try String(contentsOfFile: root + "/knowledge/places.csv", encoding: .utf8)
            text += "Nirgendwo,,1234,999,13076,Landkreis Ludwigslust-Parchim\n"
            try write(text, to: root + "/knowledge/places.csv")
        }
        #expect(found.contains { $0.file.hasSuffix("places.csv") && $0.line == 199 })
    }

    @Test func missingMessagesInALanguageAreReported() throws {
        let found = try problems { root in
            let path = root + "/knowledge/languages/de.yml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try write(text.replacingOccurrences(of: "  goodbye:", with: "  goodby:"), to: path)
        }
        #expect(found.contains { $0.file.hasSuffix("de.yml") && $0.reason.contains("'goodbye' is missing") })
    }

    @Test func loadRefusesABrokenKnowledgeBase() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("offers: [", to: root + "/knowledge/offers/zz.yml")
        #expect(throws: KnowledgeLoadError.self) { try KnowledgeLoader(root: root).load() }
    }
}

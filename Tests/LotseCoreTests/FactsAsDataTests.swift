import Foundation
import Testing
@testable import LotseCore

/// A profile fact is data: declaring one in knowledge/facts.yml with its messages, phrases and an
/// offer that requires it is all it takes for Lotse to list the offer «only if», ask the question
/// and take the answer. Broken fact rules are rejected at their line.
@Suite struct FactsAsDataTests {
    func write(_ text: String, to path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    @Test func aNewFactNeedsFilesOnly() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let knowledge = root + "/knowledge"
        // 1. The fact.
        var facts = try String(contentsOfFile: knowledge + "/facts.yml", encoding: .utf8)
        facts += "- name: driving_licence\n  values: [yes_valid, no_licence]\n"
        try write(facts, to: knowledge + "/facts.yml")
        // 2. Its messages in every language file (the values' names double as buttons).
        for file in try FileManager.default.contentsOfDirectory(atPath: knowledge + "/languages") where file.hasSuffix(".yml") {
            let path = knowledge + "/languages/" + file
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text += """

              fact_driving_licence_question: "Do you have a driving licence valid in Germany?"
              fact_driving_licence_reason: "Some training courses need one."
              fact_driving_licence_yes_valid: "Driving licence valid in Germany"
              fact_driving_licence_no_licence: "No driving licence"

            """
            try write(text, to: path)
        }
        // 3. A phrase for a volunteered answer.
        var english = try String(contentsOfFile: root + "/intents/en.yml", encoding: .utf8)
        english += "- synonym: driving_licence=yes_valid\n  examples: |\n    - i have a german driving licence\n"
        try write(english, to: root + "/intents/en.yml")
        // 4. An offer that requires it.
        try write("""
        offers:
        - id: test-bus-driver-training
          category: vocational_training
          region: "DE"
          title: {de: Umschulung Busfahrer, en: Bus driver training}
          description: {de: Umschulung, en: Retraining}
          contact: {url: "https://example.org"}
          eligibility:
            min_age: 21
            requires:
              driving_licence: [yes_valid]
          topics: [ask_vocational]
          core_for: [ask_vocational]
          sources: ["test"]
          verified: 2026-02-28

        """, to: knowledge + "/offers/zz-test.yml")

        var loader = KnowledgeLoader(root: root)
        loader.useTrainingCache = false
        let base = try loader.load()
        let engine = DialogueEngine(knowledge: base)
        var conversation = Conversation(language: "en")
        var shown: [String] = []
        for line in ["vocational training", "30", "B1", "Mainz"] {
            shown.append(engine.respond(to: line, in: &conversation).texts)
        }
        #expect(shown[3].contains("Bus driver training") && shown[3].contains("Only if: Driving licence valid in Germany"))
        let referral = ReferralEngine(knowledge: base).refer(conversation.profile)
        #expect(referral.openFacts["driving_licence"] == 1, "its answer would change the list, so it may be asked")
        // Its question and buttons come from the language files.
        let presenter = Presenter(knowledge: base, language: "de")
        #expect(presenter.text("fact_driving_licence_question") == "Do you have a driving licence valid in Germany?")
        let narrowed = engine.respond(to: "/inform{\"fact\":\"driving_licence=yes_valid\"}", in: &conversation).texts
        #expect(conversation.profile.facts["driving_licence"] == "yes_valid")
        #expect(narrowed.contains("Bus driver training") && !narrowed.contains("Only if: Driving licence"))
        let without = engine.respond(to: "/inform{\"fact\":\"driving_licence=no_licence\"}", in: &conversation).texts
        #expect(!without.contains("Bus driver training"))
        // Volunteered in a sentence, from the phrase file.
        var other = Conversation(language: "en")
        _ = engine.respond(to: "I have a german driving licence and look for vocational training", in: &other)
        #expect(other.profile.facts["driving_licence"] == "yes_valid")
    }

    @Test func brokenFactRulesAreReportedAtTheirLine() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("""
        offers:
        - id: test-one
          category: integration_course
          region: "DE"
          title: {de: Test}
          description: {de: Test}
          contact: {url: "https://example.org"}
          eligibility:
            school: sometimes
            requires:
              status: [refugee]
              shoe_size: [large]
          topics: [ask_language_course]
          core_for: [ask_school]
          confidence: maybe
          sources: ["test"]
          verified: 2026-02-28
        - id: test-two
          category: job_language_course
          region: "DE"
          title: {de: Test}
          description: {de: Test}
          contact: {url: "https://example.org"}
          topics: [ask_language_course]
          confidence: low
          sources: ["test"]
          verified: 2026-02-28

        """, to: root + "/knowledge/offers/zz-test.yml")
        let problems = KnowledgeLoader(root: root).check().filter { $0.file.hasSuffix("zz-test.yml") }
        func has(_ line: Int, _ text: String, _ severity: KnowledgeError.Severity = .error) -> Bool {
            problems.contains { $0.line == line && $0.reason.contains(text) && $0.severity == severity }
        }
        #expect(has(9, "school is obliged or not_obliged"), "\(problems)")
        #expect(has(11, "'refugee' is not a value of fact 'status'"), "\(problems)")
        #expect(has(12, "'shoe_size' is not a fact of facts.yml"), "\(problems)")
        #expect(problems.contains { $0.reason.contains("is core for 'ask_school' but does not answer it") }, "\(problems)")
        #expect(has(15, "confidence is high, medium or low"), "\(problems)")
        // Warnings: an adult course without a school rule reaches children; a low-confidence contact needs checking.
        #expect(problems.contains { $0.severity == .warning && $0.reason.contains("'test-two' (job_language_course) has no school rule") }, "\(problems)")
        #expect(problems.contains { $0.severity == .warning && $0.reason.contains("'test-two' has a contact of low confidence") }, "\(problems)")
    }

    @Test func factsFileErrors() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("""
        max_questions: 2
        facts:
        - name: age
          values: [young, old]
        - name: pets
          values: [dog]
        - name: colour
          values: [red, Red!, unknown]

        """, to: root + "/knowledge/facts.yml")
        let problems = KnowledgeLoader(root: root).check().filter { $0.file.hasSuffix("facts.yml") && $0.severity == .error }
        #expect(problems.contains { $0.line == 3 && $0.reason.contains("must be a-z, 0-9 and '_' and not one of") }, "\(problems)")
        #expect(problems.contains { $0.line == 5 && $0.reason.contains("needs at least two values") }, "\(problems)")
        #expect(problems.contains { $0.line == 8 && $0.reason.contains("found 'Red!'") }, "\(problems)")
        #expect(problems.contains { $0.line == 8 && $0.reason.contains("found 'unknown'") }, "\(problems)")
    }
}

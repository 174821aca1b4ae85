import Testing
@testable import LotseCore

@Suite struct PluralRulesTests {
    @Test func englishHasOneAndOther() throws {
        let rules = try PluralRules(["one": "i = 1 and v = 0"])
        #expect(rules.category(for: 1) == .one)
        #expect(rules.category(for: 0) == .other)
        #expect(rules.category(for: 2) == .other)
    }

    @Test func arabicHasSixForms() throws {
        let rules = try PluralRules(["zero": "n = 0", "one": "n = 1", "two": "n = 2",
                                     "few": "n % 100 = 3..10", "many": "n % 100 = 11..99"])
        #expect([0, 1, 2, 3, 10, 11, 99, 100, 103, 111].map { rules.category(for: $0) }
                == [.zero, .one, .two, .few, .few, .many, .many, .other, .few, .many])
    }

    @Test func russianUsesModuloRules() throws {
        let rules = try PluralRules([
            "one": "v = 0 and i % 10 = 1 and i % 100 != 11",
            "few": "v = 0 and i % 10 = 2..4 and i % 100 != 12..14",
            "many": "v = 0 and i % 10 = 0 or v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 11..14"])
        #expect([1, 2, 5, 11, 12, 21, 22, 25, 111].map { rules.category(for: $0) }
                == [.one, .few, .many, .many, .many, .one, .few, .many, .many])
    }

    @Test func rejectsUnknownCategories() {
        #expect(throws: PluralRuleError.self) { try PluralRules(["several": "n = 3"]) }
    }

    @Test func everyShippedMessageRendersWithItsPluralForms() {
        for (code, pack) in Fixtures.knowledge.languages {
            for count in [0, 1, 2, 3, 5, 11, 21, 100] {
                let text = pack.render("referral_intro", ["count": String(count), "profile": "x"])
                #expect(!text.contains("{"), "\(code) \(count): \(text)")
                #expect(text != "referral_intro")
            }
        }
    }
}

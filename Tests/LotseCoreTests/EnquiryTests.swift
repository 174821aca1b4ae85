import Testing
@testable import LotseCore

/// The anonymous enquiry a referral leaves behind, from whole conversations through the engine.
@Suite struct EnquiryTests {
    /// Plays a conversation and returns each turn's reply.
    func replies(_ lines: [String], language: String = "de") -> [Reply] {
        let engine = DialogueEngine(knowledge: Fixtures.knowledge)
        var conversation = Conversation(language: language)
        return lines.map { engine.reply(to: $0, in: &conversation) }
    }

    @Test func aReferralReportsItsEnquiryAndOtherTurnsNone() throws {
        let turns = replies(["hallo", "ich suche einen Deutschkurs", "34", "A1", "Parchim"])
        #expect(turns.dropLast().allSatisfy { $0.enquiry == nil })
        let enquiry = try #require(turns.last?.enquiry)
        #expect(enquiry.region == .district("13076"))
        #expect(enquiry.ageBand == .from27To44)
        #expect(enquiry.level == .a1)
        #expect(enquiry.topic == .askLanguageCourse)
        #expect(enquiry.language == "de")
        // The counts are the referral's offers by the level of their region.
        let offers = try #require(turns.last?.messages.compactMap(\.custom).first?.offers)
        #expect(enquiry.offers.total == offers.count)
        #expect(enquiry.offers.local == offers.filter { $0.scope == "local" }.count)
        #expect(enquiry.offers.national == offers.filter { $0.scope == "national" }.count)
        #expect(!enquiry.lacksAnyOffer)
    }

    @Test func outsideThePilotRegionsOnlyTheStateIsKept() throws {
        let enquiry = try #require(replies(["Deutschkurs", "30", "A1", "ich wohne in Köln"]).last?.enquiry)
        #expect(enquiry.region == .state("05"))
        #expect(enquiry.offers.local == 0)
        // No local data there, so that is no gap in the local landscape.
        #expect(!enquiry.lacksLocalOffer)
    }

    @Test func aCorrectionRefersAgainAndCountsAgain() throws {
        let turns = replies(["Beratung", "26", "Parchim", "nein, ich bin 28"])
        #expect(turns[2].enquiry?.ageBand == .from18To26)
        #expect(turns[3].enquiry?.ageBand == .from27To44)
    }

    @Test func aChildsEnquiryHasNoLevelAndTheLanguageOfTheConversation() throws {
        let enquiry = try #require(replies(["Kita for my daughter", "she is 2", "I live in Rostock"], language: "en").last?.enquiry)
        #expect(enquiry.ageBand == .upTo5)
        #expect(enquiry.level == nil)
        #expect(enquiry.topic == .askChildcare)
        #expect(enquiry.language == "en")
        #expect(enquiry.region == .district("13003"))
    }

    @Test func respondStillGivesTheSameMessages() {
        let engine = DialogueEngine(knowledge: Fixtures.knowledge)
        var first = Conversation(language: "de"), second = Conversation(language: "de")
        for line in ["Deutschkurs", "34", "A1", "Parchim"] {
            #expect(engine.respond(to: line, in: &first) == engine.reply(to: line, in: &second).messages)
        }
    }

    @Test(arguments: [(0, AgeBand.upTo5), (5, .upTo5), (6, .from6To15), (15, .from6To15), (16, .from16To17), (17, .from16To17),
                      (18, .from18To26), (26, .from18To26), (27, .from27To44), (44, .from27To44), (45, .from45To64),
                      (64, .from45To64), (65, .from65), (110, .from65)])
    func ageBandsAtTheirLimits(age: Int, band: AgeBand) {
        #expect(AgeBand(age: age) == band)
        #expect(band.lowerBound <= age && age <= (band.upperBound ?? .max))
    }

    @Test func daysAreGermanCalendarDays() throws {
        #expect(Day(iso: "2026-02-30") == nil)
        #expect(Day(iso: "2026-2-3") == nil)
        let day = try #require(Day(iso: "2026-01-01"))
        #expect(day.description == "2026-01-01")
        #expect(day.isoWeek == (1, 2026))
        #expect(Day(iso: "2027-01-01")!.isoWeek == (53, 2026))
        #expect(day.startOfWeek.description == "2025-12-29")
        // Across the change to summer time (29 March 2026) a day is still a day.
        #expect(Day(iso: "2026-03-28")?.adding(days: 2).description == "2026-03-30")
        #expect(Day(iso: "2026-03-01")!.days(to: Day(iso: "2026-04-01")!) == 31)
        // 23:30 UTC on 31 December is already New Year in Germany.
        #expect(Day(Day(iso: "2025-12-31")!.date.addingTimeInterval(12.5 * 3600)).description == "2026-01-01")
    }
}

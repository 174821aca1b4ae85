import Testing
@testable import LotseCore

@Suite struct ReferralEngineTests {
    let engine = ReferralEngine(knowledge: Fixtures.knowledge)

    func place(_ name: String) -> Place {
        Fixtures.knowledge.gazetteer.lookup(name: name, tokeniser: Fixtures.nlu.tokeniser)[0]
    }

    func ids(age: Int? = nil, level: CEFRLevel? = nil, place name: String = "Parchim", topic: Intent? = nil) -> Set<String> {
        Set(engine.refer(Profile(age: age, level: level, residence: place(name), topic: topic)).matches.map(\.offer.id))
    }

    @Test func youthMigrationServiceUntilTheTwentySeventhBirthday() {
        #expect(ids(age: 11, topic: .askCounselling).contains("jmd") == false)
        #expect(ids(age: 12, topic: .askCounselling).contains("jmd"))
        #expect(ids(age: 26, topic: .askCounselling).contains("jmd"))
        #expect(ids(age: 27, topic: .askCounselling).contains("jmd") == false)
    }

    @Test func adultMigrationCounsellingFromTwentySeven() {
        #expect(ids(age: 26, topic: .askCounselling).contains("mbe") == false)
        #expect(ids(age: 27, topic: .askCounselling).contains("mbe"))
    }

    @Test func integrationCourseUpToA2() {
        #expect(ids(age: 34, level: .a2, topic: .askLanguageCourse).contains("integrationskurs"))
        #expect(ids(age: 34, level: .b1, topic: .askLanguageCourse).contains("integrationskurs") == false)
        #expect(ids(age: 15, level: .none, topic: .askLanguageCourse).contains("integrationskurs") == false)
    }

    @Test func jobLanguageCoursesByEntryLevel() {
        let b1 = ids(age: 30, level: .b1, topic: .askLanguageCourse)
        #expect(b1.contains("bsk-b1-b2") && !b1.contains("bsk-b2-c1"))
        let b2 = ids(age: 30, level: .b2, topic: .askLanguageCourse)
        #expect(b2.contains("bsk-b2-c1") && !b2.contains("bsk-b1-b2"))
    }

    @Test func universityNeedsC1AndLocalOffersOnlyInTheirDistrict() {
        #expect(ids(age: 24, level: .b2, place: "Rostock", topic: .askUniversity).contains("rostock-universitaet") == false)
        #expect(ids(age: 24, level: .c1, place: "Rostock", topic: .askUniversity).contains("rostock-universitaet"))
        #expect(ids(age: 24, level: .c1, place: "Mainz", topic: .askUniversity).contains("rostock-universitaet") == false)
        #expect(ids(age: 24, level: .b2, place: "Mainz", topic: .askUniversity).contains("mainz-studienkolleg"))
    }

    @Test func guaranteeFundUnderThirty() {
        #expect(ids(age: 29, level: .b1, topic: .askUniversity).contains("garantiefonds-hochschule"))
        #expect(ids(age: 30, level: .b1, topic: .askUniversity).contains("garantiefonds-hochschule") == false)
    }

    @Test func stateOffersOnlyInTheirState() {
        #expect(ids(age: 8, place: "Mainz", topic: .askSchool).contains("rlp-schule"))
        #expect(ids(age: 8, place: "Parchim", topic: .askSchool).contains("rlp-schule") == false)
        #expect(ids(age: 8, place: "Parchim", topic: .askSchool).contains("mv-schule"))
    }

    @Test func localBeforeStateBeforeNational() {
        let matches = engine.refer(Profile(age: 17, level: .a1, residence: place("Mainz"), topic: .askVocational)).matches
        let ranks = matches.map(\.offer.scope)
        #expect(ranks == ranks.sorted())
    }

    @Test func unknownFactsAreNotHeldAgainstAnyone() {
        #expect(ids(topic: .askCounselling).contains("mbe"))
    }

    @Test func excludedOffersSayWhy() throws {
        let referral = engine.refer(Profile(age: 40, level: .b1, residence: place("Parchim"), topic: .askLanguageCourse))
        let course = try #require(referral.excluded.first { $0.offer.id == "integrationskurs" })
        #expect(course.reasons == [.levelTooHigh(max: .a2)])
    }

    @Test func coordinationOfficeOfTheDistrict() {
        #expect(engine.refer(Profile(residence: place("Parchim"))).coordinationOffice?.id == "lup-bildungskoordination")
        #expect(engine.refer(Profile(residence: place("Köln"))).coordinationOffice == nil)
    }
}

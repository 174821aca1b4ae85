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

    /// The fitting offers in the order they are listed.
    func ordered(age: Int? = nil, level: CEFRLevel? = nil, place name: String = "Parchim", topic: Intent? = nil) -> [String] {
        engine.refer(Profile(age: age, level: level, residence: place(name), topic: topic)).matches.map(\.offer.id)
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

    @Test func universityEntryNeedsC1AndLocalOffersOnlyInTheirDistrict() {
        #expect(ids(age: 24, level: .b2, place: "Rostock", topic: .askUniversity).contains("hochschulzugang") == false)
        #expect(ids(age: 24, level: .c1, place: "Rostock", topic: .askUniversity).contains("hochschulzugang"))
        // The university's advice for newcomers is open below C1; it is listed only in its own district.
        #expect(ids(age: 24, level: .b2, place: "Rostock", topic: .askUniversity).contains("rostock-universitaet"))
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

    @Test func localBeforeStateBeforeNationalAmongEquals() {
        for profile in [Profile(age: 17, level: .a1, residence: place("Mainz"), topic: .askVocational),
                        Profile(age: 34, level: .a1, residence: place("Parchim"), topic: .askLanguageCourse),
                        Profile(age: 40, residence: place("Rostock"), topic: .askCounselling)] {
            let matches = engine.refer(profile).matches
            let answered = matches.contains { !$0.offer.contactPoint && !$0.isConditional && $0.offer.isCore(for: profile.topic) }
            let keys = matches.map { (engine.tier($0, profile.topic, answered: answered), $0.offer.scope.rank) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, "\(matches.map(\.offer.id))")
        }
    }

    @Test func theCoreOfferComesFirst() {
        #expect(ordered(age: 34, level: .a1, place: "Parchim", topic: .askLanguageCourse).first == "integrationskurs")
        #expect(ordered(age: 2, place: "Mainz", topic: .askChildcare).first.map { Fixtures.knowledge.offer(id: $0)?.category } == .childcare)
        #expect(ordered(age: 8, place: "Freiberg", topic: .askSchool).first == "sn-schule")
        #expect(ordered(age: 40, level: .b1, place: "Mainz", topic: .askLanguageCourse).first == "bsk-b1-b2")
        #expect(ordered(age: 40, place: "Mainz", topic: .askCounselling).first.map { Fixtures.knowledge.offer(id: $0)?.category } == .adultMigrationCounselling)
        #expect(ordered(age: 19, place: "Mainz", topic: .askCounselling).first.map { Fixtures.knowledge.offer(id: $0)?.category } == .youthMigrationService)
        // What the person told us decides among core offers: the orientation course for someone in the asylum procedure.
        let asylum = engine.refer(Profile(age: 30, level: .a1, residence: place("Parchim"), topic: .askLanguageCourse,
                                          facts: ["status": "asylum_procedure"])).matches.map(\.offer.id)
        #expect(asylum.first == "erstorientierungskurs")
    }

    @Test func adultCoursesNeverReachChildren() {
        for age in [0, 3, 6, 10, 15, 17] {
            for topic in [Intent.askLanguageCourse, .askOffers, .askVocational, .askUniversity, .askCounselling] {
                let listed = engine.refer(Profile(age: age, residence: place("Mainz"), topic: topic)).matches.map(\.offer)
                let adult: Set<OfferCategory> = [.integrationCourse, .literacyCourse, .jobLanguageCourse, .initialOrientation, .adultMigrationCounselling]
                #expect(!listed.contains { adult.contains($0.category) && !$0.contactPoint }, "age \(age), \(topic): \(listed.map(\.id))")
                #expect(!listed.contains { $0.id == "garantiefonds-hochschule" || $0.id == "bsk-azubi" || $0.id == "bsk-spezial-anerkennung" })
            }
        }
        #expect(ids(age: 18, level: .a1, place: "Mainz", topic: .askLanguageCourse).contains("integrationskurs"))
    }

    /// A child asking for everything was shown two universities in Freiberg and the job agency in Rostock.
    @Test func universitiesAndJobCounsellingNeverReachChildren() {
        for town in ["Mainz", "Neustadt an der Weinstraße", "Rostock", "Parchim", "Freiberg"] {
            for topic in [Intent.askOffers, .askUniversity, .askVocational, .askCounselling] {
                for age in [0, 5, 9, 13, 15, 17] {
                    let listed = engine.refer(Profile(age: age, residence: place(town), topic: topic)).matches.map(\.offer)
                    let forAdults = listed.filter { !$0.contactPoint && ($0.category == .university || (age < 14 && $0.category == .workCounselling)) }
                    #expect(forAdults.isEmpty, "\(town), age \(age), \(topic): \(forAdults.map(\.id))")
                }
            }
        }
        #expect(ids(age: 19, place: "Freiberg", topic: .askUniversity).contains("freiberg-tu-bergakademie"))
        #expect(ids(age: 16, place: "Rostock", topic: .askVocational).contains("rostock-jugendhaus"))
    }

    @Test func schoolEntryFollowsTheStatesCutOff() throws {
        // Sachsen: children who turn 6 by 30 June start school; a five-year-old gets school «only if».
        let five = engine.refer(Profile(age: 5, residence: place("Freiberg"), topic: .askSchool))
        let school = try #require(five.matches.first { $0.offer.id == "sn-schule" })
        #expect(school.conditions == [.schoolEntry(age: 6, cutoff: "06-30")])
        #expect(Presenter(knowledge: Fixtures.knowledge, language: "de").conditions(school.conditions).contains("30. Juni"))
        #expect(engine.refer(Profile(age: 4, residence: place("Freiberg"), topic: .askSchool)).matches.contains { $0.offer.id == "sn-schule" } == false)
        #expect(engine.refer(Profile(age: 6, residence: place("Freiberg"), topic: .askSchool)).matches.first { $0.offer.id == "sn-schule" }?.isConditional == false)
        // Rheinland-Pfalz: the cut-off is 31 August.
        let mainz = engine.refer(Profile(age: 5, residence: place("Mainz"), topic: .askSchool))
        #expect(mainz.matches.first { $0.offer.id == "rlp-schule" }?.conditions == [.schoolEntry(age: 6, cutoff: "08-31")])
        // Past school obligation, no school offer; the Integrationskurs instead.
        #expect(ids(age: 18, place: "Mainz", topic: .askSchool).contains("rlp-schule") == false)
    }

    @Test func factsDecideAndUnknownFactsMakeAnOfferConditional() throws {
        let unknown = engine.refer(Profile(age: 40, level: .a2, residence: place("Mainz"), topic: .askLanguageCourse))
        let special = try #require(unknown.matches.first { $0.offer.id == "bsk-spezial-a2-b1" })
        #expect(special.isConditional)
        #expect(unknown.openFacts["integration_course"] ?? 0 >= 1)
        let done = engine.refer(Profile(age: 40, level: .a2, residence: place("Mainz"), topic: .askLanguageCourse,
                                        facts: ["integration_course": "done_without_b1", "activity": "work"]))
        #expect(done.matches.first { $0.offer.id == "bsk-spezial-a2-b1" }?.isConditional == false)
        // The Integrationskurs is not for someone who has done it.
        #expect(!done.matches.contains { $0.offer.id == "integrationskurs" })
        #expect(done.excluded.contains { $0.offer.id == "integrationskurs" })
        let never = engine.refer(Profile(age: 40, level: .a2, residence: place("Mainz"), topic: .askLanguageCourse,
                                         facts: ["integration_course": "not_done"]))
        #expect(!never.matches.contains { $0.offer.id == "bsk-spezial-a2-b1" })
        #expect(never.matches.first?.offer.id == "integrationskurs")
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

import Testing
@testable import LotseCore

@Suite struct CounsellorSessionTests {
    @Test func commandsAreReadWithTheirArguments() {
        #expect(CounsellorCommand("/profile 34 A1 Parchim") == .profile("34 A1 Parchim"))
        #expect(CounsellorCommand("  /AGE  7 ") == .age("7"))
        #expect(CounsellorCommand("/handout 1, 3 5") == .handout(["1", "3", "5"]))
        #expect(CounsellorCommand("/handout") == .handout([]))
        #expect(CounsellorCommand("/lang AR") == .language("ar"))
        #expect(CounsellorCommand("/topic") == .topic(""))
        #expect(CounsellorCommand("34 Jahre, Parchim") == .text("34 Jahre, Parchim"))
        #expect(CounsellorCommand("/") == .other(name: "", argument: ""))
        #expect(CounsellorCommand("/löschen") == .other(name: "löschen", argument: ""))
        #expect(CounsellorCommand("/status anerkannt") == .other(name: "status", argument: "anerkannt"))
    }

    @Test func profileFactsReplaceEachOtherAndNewClientForgetsEverything() {
        var session = CounsellorSession(knowledge: Fixtures.knowledge)
        _ = session.handle("/profile 34 A1 Parchim")
        #expect(session.profile.age == 34 && session.profile.level == .a1 && session.profile.residence?.name == "Parchim")
        _ = session.handle("/age 35")
        _ = session.handle("Rostock, Deutschkurs")
        #expect(session.profile.age == 35 && session.profile.residence?.name == "Rostock" && session.profile.topic == .askLanguageCourse)
        _ = session.handle("/lang fa")
        #expect(session.clientLanguage == "fa")
        _ = session.handle("/new")
        #expect(session.profile.isEmpty && session.clientLanguage == "de")
    }

    @Test func whyExplainsEveryRuleThatFails() {
        var session = CounsellorSession(knowledge: Fixtures.knowledge)
        _ = session.handle("/profile 8 Mainz")
        let answer = session.handle("/why integrationskurs").text
        #expect(answer.contains("passt nicht"))
        #expect(answer.contains("erst ab 18, nach der Schulpflicht"))
    }

    @Test func handoutHoldsTheChosenOffersOnly() throws {
        var session = CounsellorSession(knowledge: Fixtures.knowledge, clientLanguage: "uk")
        _ = session.handle("/profile 34 A1 Parchim")
        let reply = session.handle("/handout 2 integrationskurs")
        let handout = try #require(reply.handout)
        #expect(handout.matches.count == 2 && handout.matches[1].offer.id == "integrationskurs")
        #expect(handout.language == "uk")
        let html = handout.html()
        #expect(html.contains("lang=\"uk\" dir=\"ltr\""))
        #expect(session.handle("/handout 99").text.contains("99"))
    }

    @Test func factsAreCommandsAndFreeTextAndWhySaysWhatAnOfferDependsOn() {
        var session = CounsellorSession(knowledge: Fixtures.knowledge)
        var list = session.handle("/profile 40 A2 Mainz Deutschkurs").text
        #expect(list.contains("passen nur, wenn eine noch unbekannte Angabe zutrifft"))
        let why = session.handle("/why bsk-spezial-a2-b1").text
        #expect(why.contains("passt, wenn:") && why.contains("Integrationskurs gemacht, B1 nicht erreicht"))
        list = session.handle("/integration_course done_without_b1").text
        #expect(session.profile.facts["integration_course"] == "done_without_b1")
        #expect(!list.contains("[integrationskurs]"))
        _ = session.handle("/activity Arbeit oder Jobangebot")
        #expect(session.profile.facts["activity"] == "work")
        _ = session.handle("ich bin anerkannter Flüchtling")
        #expect(session.profile.facts["status"] == "recognised_protection")
        _ = session.handle("/status unknown")
        #expect(session.profile.facts["status"] == nil)
        #expect(session.handle("/status vielleicht").text.contains("asylum_procedure"))
        #expect(session.handle("/help").text.contains("/integration_course"))
        #expect(session.handle("/shoesize 42").text.contains("/shoesize"))
    }
}


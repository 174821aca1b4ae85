import Foundation
import Testing
@testable import LotseCore

/// Narrowing a list by one more fact (knowledge/facts.yml): the list comes first, the question only
/// when its answer would change the list, at most two per conversation, always skippable; facts given
/// at any time are taken; residence status never leaves the conversation state.
@Suite struct NarrowingTests {
    let engine = DialogueEngine(knowledge: Fixtures.knowledge)

    @Test func theListComesFirstThenOneQuestionOnRequestAndTheNarrowedList() throws {
        var conversation = Conversation(language: "de")
        var replies: [Reply] = []
        for line in ["Deutschkurs", "40", "A2", "Mainz"] { replies.append(engine.reply(to: line, in: &conversation)) }
        let list = replies[3]
        #expect(list.enquiry != nil)
        #expect(list.messages.map(\.text).compactMap { $0 }.joined().contains("1. Integrationskurs"))
        let offer = try #require(list.messages.last)
        // The list's choices and the offer to narrow are one set of choices, under the offer.
        #expect(offer.text?.contains("Nur wenn") == true && offer.buttons.map(\.payload).last == "/affirm")
        #expect(list.messages.dropLast().allSatisfy { $0.buttons.isEmpty })
        guard case .offered(let fact)? = conversation.narrowing else { Issue.record("no narrowing offered"); return }

        // A number after the list still names an offer: the offer to narrow does not take numbers.
        let details = engine.reply(to: "1", in: &conversation)
        #expect(details.messages.map(\.text).compactMap { $0 }.joined().contains("Integrationskurs"))
        #expect(conversation.narrowing == .offered(fact: fact))

        let question = engine.reply(to: "ja", in: &conversation)
        #expect(conversation.narrowing == .asked(fact: fact))
        let buttons = try #require(question.messages.last?.buttons)
        let values = try #require(Fixtures.knowledge.facts.fact(named: fact)?.values)
        #expect(buttons.count == values.count + 2)  // every value, «I don't know», «I'd rather not say»

        // On the question's screen a number picks its answer.
        let narrowed = engine.reply(to: "1", in: &conversation)
        #expect(conversation.profile.facts[fact] == values[0])
        #expect(narrowed.enquiry == nil, "a narrowed list is the same enquiry: counted once")
        #expect(narrowed.messages.first?.text == "Danke. Hier ist die Liste für Ihre Angaben:")
        #expect(conversation.askedFacts == [fact])
    }

    @Test func skippingIsRespectedAndNothingIsAskedTwiceOrMoreThanTwice() {
        var conversation = Conversation(language: "en")
        for line in ["German course", "40", "A2", "Mainz", "yes"] { _ = engine.respond(to: line, in: &conversation) }
        guard case .asked(let first)? = conversation.narrowing else { Issue.record("no question"); return }
        let skipped = engine.respond(to: "/inform{\"fact\":\"\(first)=unknown\"}", in: &conversation)
        #expect(skipped.first?.text?.contains("the list stays as it is") == true)
        #expect(conversation.declinedFacts == [first] && conversation.profile.facts[first] == nil)
        // A correction refers again: another fact may be offered, never the skipped one.
        for _ in 0..<4 {
            _ = engine.respond(to: "no, I am 41", in: &conversation)
            if case .offered(let fact)? = conversation.narrowing {
                #expect(fact != first)
                _ = engine.respond(to: "yes", in: &conversation)
                _ = engine.respond(to: "I don't know", in: &conversation)
            }
        }
        #expect(conversation.askedFacts.count <= Fixtures.knowledge.facts.maxQuestions)
        #expect(Set(conversation.askedFacts).count == conversation.askedFacts.count)
    }

    @Test func noQuestionWhenNoAnswerWouldChangeTheList() {
        // A toddler's Kita list depends on no fact: nothing is offered.
        var conversation = Conversation(language: "en")
        for line in ["kita for my daughter", "2", "Rostock"] { _ = engine.respond(to: line, in: &conversation) }
        #expect(!conversation.offerIDs.isEmpty)
        #expect(conversation.narrowing == nil)
    }

    @Test func aFactGivenAtAnyTimeIsTakenAndChangesTheList() {
        let (before, _) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim"])
        let (after, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "ich bin im Asylverfahren"])
        #expect(after.profile.facts["status"] == "asylum_procedure")
        #expect(before.offerIDs.first == "integrationskurs")
        #expect(after.offerIDs.first == "erstorientierungskurs")
        #expect(!turns[4].texts.contains("Asylverfahren (Aufenthaltsgestattung) ·"), "the status is not echoed in the summary")
        let (early, _) = Fixtures.talk(["I am working as a cook and need a german course", "35", "B1", "Mainz"])
        #expect(early.profile.facts["activity"] == "work")
        #expect(early.offerIDs.first == "bsk-b1-b2")
    }

    @Test func residenceStatusStaysInTheConversation() throws {
        var conversation = Conversation(language: "de")
        var enquiries: [Enquiry] = []
        for line in ["ich habe eine Duldung", "Deutschkurs", "30", "A1", "Parchim"] {
            if let enquiry = engine.reply(to: line, in: &conversation).enquiry { enquiries.append(enquiry) }
        }
        #expect(conversation.profile.facts["status"] == "duldung")
        // The anonymous count has no field for it, and its rendering names no status value.
        let enquiry = try #require(enquiries.first)
        let fields = Mirror(reflecting: enquiry).children.map { "\($0.label ?? ""): \($0.value)" }.joined(separator: "\n")
        #expect(!fields.contains("duldung") && !fields.lowercased().contains("status"))
        // The stored state keeps it (so the conversation goes on after a restart) and a restart forgets it.
        let decoded = try #require(ConversationCodec.decode(ConversationCodec.encode(conversation)))
        #expect(decoded == conversation)
        _ = engine.respond(to: "neu anfangen", in: &conversation)
        #expect(conversation.profile.facts.isEmpty && conversation.askedFacts.isEmpty)
    }

    @Test func theHandoutNeverShowsTheStatus() throws {
        var session = CounsellorSession(knowledge: Fixtures.knowledge, clientLanguage: "en")
        _ = session.handle("/profile 28 B2 Freiberg")
        _ = session.handle("/status recognised_protection")
        _ = session.handle("/topic ask_university")
        let handout = try #require(session.handle("/handout").handout)
        let html = handout.html()
        #expect(html.contains("Garantiefonds"))
        for value in ["recognised_protection", "Anerkannter Flüchtling", "Recognised refugee"] { #expect(!html.contains(value)) }
    }

    @Test func everyMessageKeyTheCodeUsesIsInEveryCatalogue() throws {
        let sources = Fixtures.root + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        let pattern = try NSRegularExpression(pattern: #"(?:say|text|message)\("([a-z][a-z0-9_]*)""#)
        var keys = Set<String>()
        for file in files {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(keys.count > 60)
        // Keys built from data: per slot, per school rule, per fact.
        keys.formUnion(Slot.allCases.flatMap { ["skip_\($0.rawValue)"] })
        keys.formUnion(SchoolRequirement.allCases.map { "reason_school_\($0.rawValue)" })
        keys.formUnion(Fixtures.knowledge.facts.facts.flatMap(\.messageKeys))
        keys.formUnion(Intent.allCases.filter(\.isTopic).map { "topic_\($0.rawValue)" })
        for (code, pack) in Fixtures.knowledge.languages {
            let missing = keys.filter { !pack.has($0) }.sorted()
            #expect(missing.isEmpty, "\(code) lacks \(missing)")
        }
    }
}

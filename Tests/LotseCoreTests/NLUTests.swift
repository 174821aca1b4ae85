import Foundation
import Testing
@testable import LotseCore

@Suite struct NLUTests {
    @Test func rankingIsSortedAndConfidenceInRange() {
        let result = Fixtures.parse("ich suche einen Deutschkurs")
        #expect(result.intent == .askLanguageCourse)
        #expect(result.confidence > 0 && result.confidence <= 1)
        #expect(result.ranking.map(\.confidence) == result.ranking.map(\.confidence).sorted(by: >))
    }

    @Test func tolerantOfTyposWordOrderAndMissingDiacritics() {
        #expect(Fixtures.parse("integrationskurz").intent == .askLanguageCourse)
        #expect(Fixtures.parse("kindergarten platz suche ich").intent == .askChildcare)
        #expect(Fixtures.parse("anerkenung von meinem abschluss").intent == .askRecognition)
    }

    @Test func unrelatedMessagesAreOutOfScope() {
        #expect(Fixtures.parse("wie wird das wetter morgen").intent == .outOfScope)
        #expect(Fixtures.parse("qwrtz plmk").intent == .outOfScope)
    }

    /// Read by the rules of another language of its script, a word whose digits those rules do not
    /// read stays as typed: «3alekom» by Persian rules is no «3» beside a word.
    @Test func unreadDigitsOfARomanisedWordAreNoNumber() {
        let greeting = Fixtures.parse("salam 3alekom")
        #expect(!greeting.entities.contains { $0.kind == .age }, "\(greeting.entities)")
    }

    @Test func deterministic() {
        let a = RasaParse(Fixtures.parse("Kita für meine Tochter in Rostock"))
        let b = RasaParse(Fixtures.parse("Kita für meine Tochter in Rostock"))
        #expect(a == b)
    }

    @Test func buttonPayloads() {
        let result = Fixtures.parse("/inform{\"residence\":\"Neustadt-Glewe\",\"age\":\"5\"}")
        #expect(result.intent == .inform)
        #expect(result.confidence == 1)
        #expect(result.first(.residence)?.places.first?.districtKey == "13076")
        #expect(result.first(.age)?.value == "5")
    }

    @Test(arguments: [("مرحبا", "ar"), ("سلام، چطوری؟", "fa"), ("привіт, як справи", "uk"), ("привет, как дела", "ru"),
                      ("merhaba nasılsın", "tr"), ("bonjour, je cherche un cours", "fr"), ("hello, how are you", "en"),
                      ("hallo, wie geht's", "de")])
    func detectsTheLanguage(text: String, language: String) {
        #expect(Fixtures.parse(text).language == language)
    }

    @Test func conversationLanguageWinsForSharedWords() {
        #expect(Fixtures.parse("سلام", language: "ar").language == "ar")
        #expect(Fixtures.parse("سلام", language: "fa").language == "fa")
        #expect(Fixtures.parse("ok", language: "de").language == "de")
    }

    /// The held-out sets measure generalisation; they are never used to build the phrases.
    @Test func heldOutAccuracyPerLanguage() throws {
        let reports = try NLUEvaluation(knowledge: Fixtures.knowledge).run(directory: Fixtures.root + "/Tests/HeldOut")
        #expect(reports.count == 8)
        for report in reports {
            #expect(report.examples >= 21 * 15, "\(report.language) has too few held-out utterances")
            #expect(report.accuracy >= NLUTests.minimumAccuracy, "\(report.language): intent accuracy \(report.accuracy)")
            #expect(report.entityAccuracy >= NLUTests.minimumEntityAccuracy, "\(report.language): entity accuracy \(report.entityAccuracy)")
        }
    }

    static let minimumAccuracy = 0.8
    static let minimumEntityAccuracy = 0.7
}

@Suite struct SerialisationTests {
    /// The fast writer and JSONEncoder produce the same bytes for whole turns, referrals included.
    @Test func jsonWriterMatchesJSONEncoder() {
        let (_, turns) = Fixtures.talk(["hallo", "Deutschkurs", "34", "A1", "Neustadt", "Glewe", "mehr", "\"quote\" \\ \u{1}"])
        for turn in turns {
            let messages = turn.map { RasaMessage(recipient: "r\"1", message: $0) }
            #expect(JSONWriter.messages(messages) == LotseJSON.encode(messages))
        }
    }

    @Test func conversationCodecRoundTrips() {
        let (conversation, _) = Fixtures.talk(["Deutschkurs", "34", "kein Deutsch", "Neustadt"])
        #expect(!conversation.placeOptions.isEmpty)
        #expect(ConversationCodec.decode(ConversationCodec.encode(conversation)) == conversation)
        let (later, _) = Fixtures.talk(["Deutschkurs", "-", "?", "A1", "Köln", "mehr"])
        #expect(ConversationCodec.decode(ConversationCodec.encode(later)) == later)
        #expect(ConversationCodec.decode(Data([9, 9, 9])) == nil)
        #expect(ConversationCodec.decode(ConversationCodec.encode(later).dropLast()) == nil)
        // States stored by earlier versions lack the fields added at the end since — version 3
        // `ageIsAnotherPersons`, version 2 `topicIsGuess` too — and still read.
        var guessed = later
        guessed.topicIsGuess = true
        guessed.ageIsAnotherPersons = true
        for (version, missing) in [(UInt8(3), 1), (2, 2)] {
            var older = ConversationCodec.encode(later).dropLast(missing)
            older[older.startIndex] = version
            #expect(ConversationCodec.decode(Data(older)) == later)
        }
        let decoded = ConversationCodec.decode(ConversationCodec.encode(guessed))
        #expect(decoded?.topicIsGuess == true && decoded?.ageIsAnotherPersons == true)
    }

    /// «zdravstvujte» typed for «здравствуйте»: a message in Latin letters in a language of another
    /// script is read in that script, so its number words, place names and phrases are found.
    @Test func romanisedMessagesAreReadInTheirOwnScript() {
        let russian = Fixtures.parse("zdravstvujte, nuzhen kurs nemeckogo dlya muzha, emu 41 god, zhivem v Gjustrove")
        #expect(russian.language == "ru")
        #expect(russian.writtenAs == "zdravstvujte, nuzhen kurs nemeckogo dlya muzha, emu 41 god, zhivem v Gjustrove")
        #expect(russian.text.hasPrefix("здравствуйте"), "\(russian.text)")
        #expect(russian.first(.age)?.value == "41")
        #expect(russian.first(.residence)?.places.map(\.name) == ["Güstrow"])
        let arabic = Fixtures.parse("marhaba, 3omri 28 w badi kurs almani")
        #expect(arabic.language == "ar")
        #expect(arabic.first(.age)?.value == "28")
        // Rasa's shape keeps the text as typed and says how it was read.
        #expect(RasaParse(arabic).text == "marhaba, 3omri 28 w badi kurs almani")
        #expect(RasaParse(arabic).read_as == arabic.text)
        // A language written in Latin letters is read once, as typed.
        #expect(Fixtures.parse("ich suche einen Deutschkurs für meinen Mann").writtenAs == nil)
    }

    /// A rule can hold only at the start or the end of a word: Ukrainian «yi» is «ї» at the start
    /// and the ending «ий» at the end.
    @Test func letterRulesAnchoredToTheStartOrEndOfAWord() {
        let rules = Transliterator(rules: [(from: "^yi", to: "ї"), (from: "yi$", to: "ий"), (from: "y", to: "и"), (from: "d", to: "д"),
                                           (from: "o", to: "о"), (from: "b", to: "б"), (from: "r", to: "р"), (from: "k", to: "к")])
        #expect(rules.apply("yik dobryi") == "їк добрий")
        // Inside a word neither anchored rule applies; a letter without a rule stays as typed.
        #expect(rules.apply("dyik") == "диiк")
    }
}

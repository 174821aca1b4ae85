import Testing
@testable import LotseCore

/// Whole conversations, asserting what a person would notice: which question comes, which offers,
/// what the profile holds.
@Suite struct DialogueTests {
    func offers(_ turn: [BotMessage]) -> [String] { turn.compactMap(\.custom).first?.offers.map(\.id) ?? [] }

    @Test func greetingToReferralInGerman() {
        let (conversation, turns) = Fixtures.talk(["hallo", "ich suche einen Deutschkurs", "34", "A1", "Parchim"])
        #expect(turns[0].first?.buttons.count == 9)
        #expect(conversation.profile == Profile(age: 34, level: .a1, residence: conversation.profile.residence, topic: .askLanguageCourse))
        #expect(conversation.profile.residence?.name == "Parchim")
        #expect(offers(turns[4]).contains("integrationskurs"))
        #expect(!offers(turns[4]).contains("bsk-b1-b2"))
        let referral = turns[4].compactMap(\.custom).first
        #expect(referral?.profile.residence?.region == "13076")
        #expect(referral?.profile.language_level == "A1")
    }

    @Test func severalFactsInOneMessageInAnyOrder() {
        let (conversation, turns) = Fixtures.talk(["Rostock, B1, 29 Jahre, ich will studieren"])
        #expect(conversation.profile.age == 29)
        #expect(conversation.profile.level == .b1)
        #expect(conversation.profile.residence?.districtKey == "13003")
        #expect(offers(turns[0]).contains("garantiefonds-hochschule"))
    }

    @Test func bareAnswerIsReadInTheContextOfTheQuestion() {
        // «one» answers the age question: a one-year-old, for whom no German level is asked.
        let (conversation, turns) = Fixtures.talk(["I am looking for a German course", "one", "no German", "Parchim"], language: "en")
        #expect(conversation.profile.age == 1)
        #expect(turns[1].texts.contains("Where do you live?"))
        #expect(turns[3].texts.contains("(1 year · no German · Parchim)"), "\(turns[3].texts)")
        let (adult, _) = Fixtures.talk(["I am looking for a German course", "34"], language: "en")
        #expect(adult.profile.age == 34)
        #expect(adult.expecting == .level)
    }

    /// Button payloads come back from whoever calls the API: an age of -1, 121 or Int64.min, or a
    /// level that does not exist, is not taken, and the person is asked as after a typed one.
    @Test(arguments: ["-1", "121", "-9223372036854775808", "9223372036854775808", "3.5", "\"vierunddreißig\""])
    func payloadFactsPassTheChecksOfTypedOnes(age: String) {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "/inform{\"age\":\(age)}"])
        #expect(conversation.profile.age == nil)
        #expect(turns[1].texts.contains("Das Alter habe ich nicht verstanden"), "\(turns[1].texts)")
        #expect(!turns[1].texts.contains("Jahre)"))
    }

    @Test func payloadLevelsAndAgesThatExistAreTaken() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "/inform{\"age\":34}", "/inform{\"language_level\":\"Z9\"}",
                                                   "/inform{\"language_level\":\"B1\"}"])
        #expect(conversation.profile.age == 34)
        #expect(turns[2].texts.contains("Bitte wählen Sie Ihr Deutschniveau"), "\(turns[2].texts)")
        #expect(conversation.profile.level == .b1)
    }

    @Test func correctionUpdatesTheProfileAndTheReferral() {
        let (conversation, turns) = Fixtures.talk(["Beratung", "26", "Parchim", "nein, ich bin 28"])
        #expect(offers(turns[2]).contains("jmd"))
        #expect(conversation.profile.age == 28)
        #expect(offers(turns[3]).contains("mbe"))
        #expect(!offers(turns[3]).contains("jmd"))
        #expect(turns[3].texts.contains("28"))
    }

    @Test func childcareDoesNotAskAToddlerForAGermanLevel() {
        let (conversation, turns) = Fixtures.talk(["Kita für meine Tochter", "sie ist 2", "Mainz"])
        #expect(conversation.profile.level == nil)
        #expect(offers(turns[2]).contains("kita-rechtsanspruch"))
        #expect(offers(turns[2]).contains("rlp-kita-7-stunden"))
    }

    @Test func neverAsksTheSameQuestionAThirdTime() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "keine Ahnung", "weiß nicht", "egal"])
        #expect(conversation.skipped.contains(.age))
        #expect(conversation.expecting == .level)
        let questions = turns.map { $0.texts }
        #expect(questions[1] != questions[0])
        #expect(!questions[3].contains(questions[0]))
    }

    @Test func ambiguousPlaceLeadsToAQuestionWithTheOptions() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "30", "A2", "Neustadt"])
        #expect(conversation.placeOptions.count == 3)
        let titles = turns[3].flatMap(\.buttons).map(\.title)
        #expect(titles.count == 4)
        #expect(titles.contains { $0.contains("Glewe") })
        let (chosen, referral) = Fixtures.talk(["Deutschkurs", "30", "A2", "Neustadt", "Glewe"])
        #expect(chosen.profile.residence?.districtKey == "13076")
        #expect(offers(referral[4]).contains("integrationskurs"))
    }

    @Test func numberedChoicePicksAnOption() {
        let (conversation, _) = Fixtures.talk(["Deutschkurs", "30", "A2", "Neustadt", "2"])
        #expect(conversation.profile.residence?.name == "Neustadt an der Weinstraße")
    }

    @Test func placeOutsideThePilotRegionsGetsStateAndNationwideOffers() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "ich wohne in Köln"])
        #expect(conversation.profile.residence?.stateKey == "05")
        #expect(conversation.expecting == nil)
        #expect(offers(turns[3]).contains("integrationskurs"))
        #expect(turns[3].texts.contains("Köln"))
    }

    @Test func unknownPlaceIsAskedTwiceThenTheReferralGoesOn() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "Xyzabc", "Qwertz"])
        #expect(conversation.skipped.contains(.residence))
        #expect(turns[3].texts != turns[2].texts)
        #expect(offers(turns[4]).contains("integrationskurs"))
    }

    @Test func restartClearsEverything() {
        let (conversation, _) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "neu anfangen"])
        #expect(conversation.profile == Profile())
        #expect(conversation.offerIDs.isEmpty)
    }

    @Test func moreShowsTheNextPage() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "mehr"])
        #expect(conversation.shown > Fixtures.knowledge.topics.pageSize)
        #expect(turns[4].texts.contains("\(Fixtures.knowledge.topics.pageSize + 1). "))
    }

    @Test func withoutATopicTheFirstPageIsGroupedByTopic() {
        let (conversation, turns) = Fixtures.talk(["30 A1 Parchim", "mehr"])
        let first = turns[0].texts
        #expect(first.contains("— Deutschkurs —") && first.contains("— Beratung —"))
        let shown = first.components(separatedBy: "\n").filter { $0.range(of: #"^\d+\. "#, options: .regularExpression) != nil }.count
        #expect(shown <= Fixtures.knowledge.topics.overviewSize && shown >= 3)
        #expect(turns[1].texts.contains("\(shown + 1). "))
        #expect(conversation.shown > shown)
    }

    @Test func numberAfterAReferralShowsTheOffersDetails() {
        let (_, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "1"])
        #expect(turns[4].texts.contains("2026-02-28"))
    }

    @Test func goodbyeEndsPolitelyAndForgets() {
        let (conversation, turns) = Fixtures.talk(["30 A1 Parchim", "tschüss"])
        #expect(conversation.profile == Profile())
        #expect(!turns[1].texts.isEmpty)
    }

    @Test func badInputGetsAClearAnswer() {
        let (_, empty) = Fixtures.talk(["   \u{202E}\u{0000}"])
        #expect(empty[0].texts.hasPrefix(Fixtures.knowledge.language("de").render("empty_message")))
        let (_, long) = Fixtures.talk([String(repeating: "a", count: 5000)])
        #expect(long[0].texts.contains("1000"))
        let (_, binary) = Fixtures.talk([String(decoding: [0xFF, 0xFE, 0x00, 0x41, 0xC3], as: UTF8.self)])
        #expect(!binary[0].isEmpty)
    }

    @Test func contradictingAnswersStillGiveAnAnswer() {
        let (_, turns) = Fixtures.talk(["Ich bin 4 Jahre alt und will studieren", "C1", "Rostock"])
        #expect(!turns[2].texts.isEmpty)
        #expect(turns[2].flatMap(\.buttons).isEmpty == false || turns[2].texts.contains("Bildungskoordination"))
    }

    @Test func englishConversationAnswersInEnglish() {
        let (conversation, turns) = Fixtures.talk(["Hello", "I need a German course", "I am 25", "A2", "I live in Rostock"])
        #expect(conversation.language == "en")
        #expect(turns[4].texts.contains("offers") || turns[4].texts.contains("offer"))
    }

    @Test func switchingLanguageOnRequest() {
        let (conversation, turns) = Fixtures.talk(["hallo", "English please"])
        #expect(conversation.language == "en")
        #expect(conversation.languageChosen)
        #expect(turns[1].texts.contains("English"))
    }

    @Test(arguments: [("I am new here", "write in kurdish", "en", "Kurdish"), ("hallo", "auf Paschtu bitte", "de", "Paschtu"),
                      ("مرحبا", "بالكردي", "ar", "الكردية"), ("привет", "на узбекском можешь?", "ru", "узбекский")])
    func aLanguageLotseDoesNotOfferIsNamedAndTheOthersOffered(greeting: String, request: String, language: String, name: String) {
        let (conversation, turns) = Fixtures.talk([greeting, request])
        #expect(conversation.language == language)
        #expect(!conversation.languageChosen)
        #expect(turns[1].texts.contains(name))
        #expect(turns[1].flatMap(\.buttons).count == Fixtures.knowledge.languageOrder.count)
    }

    @Test func rightToLeftRepliesIsolateEmbeddedLatinAndNumbers() {
        let (conversation, turns) = Fixtures.talk(["مرحبا", "أبحث عن دورة لغة ألمانية", "عمري ٣٤", "A1", "روستوك"])
        #expect(conversation.language == "ar")
        let intro = turns[4].compactMap(\.text).first { $0.contains("Rostock") } ?? ""
        #expect(intro.contains("\u{2068}34\u{2069}"))
        #expect(intro.contains("\u{2068}") && intro.contains("\u{2069}"))
        let shown = PlainTextRenderer.render(turns[4])
        #expect(shown.hasPrefix("\u{200F}"))
        let json = LotseJSON.encode(turns[4].map { RasaMessage(recipient: "r", message: $0) })
        #expect(json.contains("\u{2068}"))
    }

    @Test func anAmbiguousPlaceIsAskedInEveryScriptAndAnsweredInIt() {
        for (language, lines, expected) in [("uk", ["курс німецької", "30", "A1", "Нойштадт", "той що на Вайнштрасе"], "Neustadt an der Weinstraße"),
                                            ("ar", ["كورس ألماني", "30", "A1", "نويشتات", "2"], "Neustadt an der Weinstraße"),
                                            ("de", ["Deutschkurs", "30", "A1", "Neustadt", "Glewe"], "Neustadt-Glewe")] {
            let (conversation, turns) = Fixtures.talk(lines, language: language)
            #expect(turns[3].flatMap(\.buttons).count == 4, "\(language): the place question lists three places and «another»")
            #expect(conversation.profile.residence?.name == expected, "\(language)")
        }
    }

    @Test func choosingOneOfSeveralSameNamedPlacesByNumberDoesNotLoop() throws {
        let places = Fixtures.knowledge.gazetteer.lookup(name: "Schönfeld", tokeniser: Fixtures.nlu.tokeniser)
        #expect(places.count == 3)
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "ich wohne in Schönfeld", "2"])
        #expect(turns[3].flatMap(\.buttons).count == 4, "three Schönfelds and «another place»")
        let chosen = try #require(conversation.profile.residence)
        #expect(chosen == places[1], "\(turns[4].texts)")
        #expect(conversation.placeOptions.isEmpty && !conversation.offerIDs.isEmpty)
    }

    @Test func theTownEveryoneMeansNeedsNoQuestion() {
        // The city of Schwerin (six postcodes) and a village of one in Brandenburg: the city, without asking.
        let (conversation, _) = Fixtures.talk(["Deutschkurs", "30", "A1", "Schwerin"])
        #expect(conversation.profile.residence?.stateKey == "13" && conversation.placeOptions.isEmpty)
        // In the pilot regions a name stays a question: «Neustadt».
        let (neustadt, _) = Fixtures.talk(["Deutschkurs", "30", "A1", "Neustadt"])
        #expect(neustadt.placeOptions.count == 3)
    }

    @Test func noGermanSaidWithANegationIsALevelNeverALanguageSwitch() {
        for (language, text) in [("ru", "немецкий не знаю совсем"), ("ar", "ما بعرف ألماني"), ("en", "my son doesn't speak German at all"),
                                 ("uk", "вона ще не говорить німецькою"), ("de", "Er spricht noch kein Deutsch, nur Arabisch")] {
            let (conversation, _) = Fixtures.talk(["Deutschkurs", "30", text], language: language)
            #expect(conversation.profile.level == CEFRLevel.none, "\(text)")
            #expect(conversation.language == language && !conversation.languageChosen, "\(text): no switch of language")
        }
        // Asking to write German is still a language request.
        let (asked, _) = Fixtures.talk(["hello", "can we speak German?"], language: "en")
        #expect(asked.language == "de")
    }

    @Test func aMessageThatGreetsAndAsksIsReadForBoth() {
        let (conversation, turns) = Fixtures.talk(["Hello, I am 28 years and looking for German course"], language: "en")
        #expect(conversation.profile.topic == .askLanguageCourse && conversation.profile.age == 28)
        #expect(turns[0].texts.contains("How good is your German?"))
        let (corrected, _) = Fixtures.talk(["German course", "28", "A2", "Rostock", "sorry, actually I am 26, typing mistake"], language: "en")
        #expect(corrected.profile.age == 26 && !corrected.offerIDs.isEmpty)
        let (changed, _) = Fixtures.talk(["I want to study at university", "32", "C1", "forget the university, first I need recognition of my bachelor degree"], language: "en")
        #expect(changed.profile.topic == .askRecognition)
    }

    @Test func eachClauseIsReadForTheTopic() {
        let (whole, _) = Fixtures.talk(["Hello. I am 30 years old. I am from Afghanistan. I want learn German. I live in Parchim."], language: "en")
        #expect(whole.profile.topic == .askLanguageCourse && whole.profile.age == 30 && whole.profile.residence?.name == "Parchim")
        let (german, _) = Fixtures.talk(["hallo ich bin 34, wohne in rostock und suche deutschkurs, hab schon a2"])
        #expect(german.profile.topic == .askLanguageCourse && german.profile.level == .a2)
        let (thanks, _) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "danke, tschüss"])
        #expect(thanks.profile == Profile(), "thanks and goodbye name no topic")
    }

    /// A topic in a message that does not answer the open question: a change of mind when the
    /// message says so, kept with the facts already given; an unsure topic without such a word is
    /// no reason to drop the request.
    @Test func aChangeOfMindWhileAQuestionIsOpenKeepsTheFacts() {
        let (german, _) = Fixtures.talk(["ich suche einen Deutschkurs", "40", "moment, eigentlich möchte ich mein Zeugnis anerkennen lassen"])
        #expect(german.profile.topic == .askRecognition && german.profile.age == 40)
        let (english, _) = Fixtures.talk(["German course please", "wait, rather a Kita for my daughter"], language: "en")
        #expect(english.profile.topic == .askChildcare)
        let (restart, _) = Fixtures.talk(["ich möchte studieren", "29", "B2", "vergiss das Studium, ich brauche eine Ausbildung"])
        #expect(restart.profile.topic == .askVocational && restart.profile.age == 29 && restart.profile.level == .b2)
    }

    /// A fact given while another question is open is kept, whatever the question: a bare place
    /// name answers «where?» before it is asked, and the age is asked again.
    @Test func aPlaceGivenWhileTheAgeIsAskedIsKept() {
        let (conversation, turns) = Fixtures.talk(["ich suche einen Deutschkurs", "Stralsund"])
        #expect(conversation.profile.residence?.name == "Stralsund")
        #expect(conversation.expecting == .age)
        #expect(turns[1].texts.contains("Wie alt"))
        let (gibberish, _) = Fixtures.talk(["ich suche einen Deutschkurs", "qwrtz plmk"])
        #expect(gibberish.profile.residence == nil, "two unknown words are no place unless they sound like one exactly")
    }

    /// A message that gives facts is an answer even when it reads like «start again».
    @Test func aLevelAnswerThatSoundsLikeARestartKeepsTheConversation() {
        let (conversation, turns) = Fixtures.talk(["Deutschkurs", "30", "kein Deutsch, ich fange ganz von vorne an"])
        #expect(conversation.profile.age == 30 && conversation.profile.level == CEFRLevel.none)
        #expect(conversation.expecting == .residence)
        #expect(!turns[2].texts.contains("Wir fangen neu an"))
    }

    /// After a list, «1» names the first offer, so the choices under it continue the offers'
    /// numbers: no number means two things on one screen, and each does what it shows.
    @Test func aNumberNeverMeansAnOfferAndAChoiceOnOneScreen() {
        let (listed, turns) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim"])
        let shown = listed.shown
        #expect(shown > 0)
        #expect(turns[3].filter { !$0.buttons.isEmpty }.count == 1, "one set of choices per answer")
        let screen = PlainTextRenderer.render(turns[3])
        let offerNumbers = (1...shown).map { "\n\($0). " }
        #expect(offerNumbers.allSatisfy { screen.contains($0) })
        #expect((1...shown).allSatisfy { !screen.contains("[\($0)]") })
        let more = turns[3].last { !$0.buttons.isEmpty }!
        #expect(more.firstButtonNumber == shown + 1 && more.buttons.first?.payload == "/more")
        let (paged, _) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", String(shown + 1)])
        #expect(paged.shown > shown, "the number of «more» shows more")
        let (detailed, details) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "1"])
        #expect(detailed.shown == shown && details[4].texts.contains("Hier sind die Details:"))
    }

    /// A request Lotse does not answer itself is no dead end: it names where to turn for that need
    /// where the person lives, then asks the open question plainly again (it went unanswered all the
    /// same, so it is still never asked a third time).
    @Test func aRequestLotseCannotAnswerNamesWhereToTurnAndKeepsTheQuestion() {
        let (conversation, turns) = Fixtures.talk(["German course", "30", "I need a lawyer because my asylum was rejected"], language: "en")
        #expect(turns[2].texts.contains("These services can advise you"))
        #expect(turns[2].texts.contains("Migrationsberatung"))
        #expect(turns[2].texts.contains("How good is your German?"))
        #expect(conversation.expecting == .level && conversation.failures[.level, default: 0] == 1)
        #expect(!turns[2].texts.contains("Please choose your German level"), "asked plainly, not «I did not understand»")
        let (_, work) = Fixtures.talk(["ich brauche dringend Arbeit, wo finde ich einen Job?"])
        #expect(work[0].texts.contains("Diese Stellen beraten Sie dazu"))
        // Where the place is known, the district's coordination office is among the contacts.
        let (_, placed) = Fixtures.talk(["Deutschkurs", "30", "A1", "Parchim", "I need a lawyer, my asylum was rejected"])
        #expect(placed[4].texts.contains("Migration und Integration"))
        let (_, gibberish) = Fixtures.talk(["qwrtz"], language: "en")
        #expect(!gibberish[0].texts.contains("These services"), "one unknown word is no request")
    }

    /// A greeting with a few words more asks for what those words say, and a language named as a
    /// course's subject is no request to write in it.
    @Test(arguments: [("Guten Morgen, bräuchte Ausbildungsplatz", "de", Intent.askVocational), ("salut, besoin crèche", "fr", .askChildcare),
                      ("hi there, school for my boy", "en", .askSchool), ("курсы немецкого плиз", "ru", .askLanguageCourse)])
    func aGreetingAndAFewWordsAskForTheirTopic(text: String, language: String, topic: Intent) {
        let (conversation, _) = Fixtures.talk([text])
        #expect(conversation.profile.topic == topic && conversation.language == language)
        #expect(conversation.expecting == .age)
    }

    /// «Which Neustadt?» — «the one near Ludwigslust»: the option in that place's district; short
    /// words of a name («an der») choose nothing.
    @Test func theOneNearAPlaceChoosesTheOptionInItsDistrict() {
        let (conversation, _) = Fixtures.talk(["Schule für meinen Sohn", "9", "Neustadt", "die in der Nähe von Ludwigslust"])
        #expect(conversation.profile.residence?.name == "Neustadt-Glewe")
    }

    /// A bare number while the place is asked, the age known, is no age correction.
    @Test func aBareNumberWhileThePlaceIsAskedKeepsTheAge() {
        let (conversation, _) = Fixtures.talk(["Deutschkurs", "31", "B1", "3"])
        #expect(conversation.profile.age == 31 && conversation.expecting == .residence)
    }

    /// A change of mind that names the request it drops asks for the other one, and a child's age is
    /// not the parent's: from a Kita to a German course for oneself the age is asked again.
    @Test func fromTheChildsRequestToOnesOwnTheAgeIsAskedAgain() {
        let (conversation, turns) = Fixtures.talk(["Kita für meine Tochter", "3", "nein warte, die Kita hat sie schon, ich brauche einen Deutschkurs für mich"])
        #expect(conversation.profile.topic == .askLanguageCourse && conversation.profile.age == nil)
        #expect(conversation.expecting == .age && turns[2].texts.contains("Wie alt sind Sie?"))
    }

    /// A conversation typed in Latin letters keeps every fact and answers in the person's language
    /// and script.
    @Test func romanisedConversationKeepsItsFactsAndLanguage() {
        let (conversation, turns) = Fixtures.talk(["zdravstvujte, nuzhen kurs nemeckogo dlya muzha, emu 41 god, zhivem v Gjustrove",
                                                   "po-nemecki sovsem ne govorit"])
        #expect(conversation.language == "ru")
        #expect(conversation.profile.age == 41)
        #expect(conversation.profile.level == CEFRLevel.none)
        #expect(conversation.profile.residence?.name == "Güstrow")
        #expect(conversation.profile.topic == .askLanguageCourse)
        #expect(turns[0].texts.contains("Как хорошо вы знаете немецкий?"), "\(turns[0].texts)")
    }

    /// «My son already goes to school» tells what the family has; the request is the other clause,
    /// and the age is the writer's.
    @Test func aClauseSayingWhatIsAlreadyTheCaseIsNoRequest() {
        let (english, _) = Fixtures.talk(["My son already goes to school here. I am 35 and I need a German course."], language: "en")
        #expect(english.profile.topic == .askLanguageCourse)
        #expect(english.profile.age == 35)
        let (french, _) = Fixtures.talk(["Ma fille va déjà à l'école, moi j'ai 35 ans et je cherche un cours d'allemand"], language: "fr")
        #expect(french.profile.topic == .askLanguageCourse)
        #expect(french.profile.age == 35)
    }

    /// A topic read from an unclear message is a guess: a later answer that asks for another topic
    /// in so many words replaces it. A topic the person asked for clearly stays.
    @Test func aGuessedTopicGivesWayToAClearRequest() {
        let engine = DialogueEngine(knowledge: Fixtures.knowledge)
        var guessed = Conversation(language: "de")
        guessed.profile.topic = .askCounselling
        guessed.topicIsGuess = true
        guessed.expecting = .age
        var asked = guessed
        asked.topicIsGuess = false
        _ = engine.respond(to: "er ist 40 und sucht noch einen Sprachkurs", in: &guessed)
        _ = engine.respond(to: "er ist 40, ein Sprachkurs wäre vielleicht später auch was", in: &asked)
        #expect(guessed.profile.topic == .askLanguageCourse)
        #expect(guessed.profile.age == 40)
        #expect(asked.profile.topic == .askCounselling)
        #expect(asked.profile.age == 40)
    }

    /// The writer's own age does not replace the age of the person the request is for; it does
    /// when the writer asks for something for themselves now.
    @Test func theWritersOwnAgeDoesNotReplaceTheOtherPersons() {
        let (kita, _) = Fixtures.talk(["I need a Kita place for my son", "he is 2", "I am 31 by the way, my husband is 33"], language: "en")
        #expect(kita.profile.age == 2)
        let (father, _) = Fixtures.talk(["Ich frage für meinen Vater, er ist 70 und sucht einen Deutschkurs", "ich selbst bin 41"])
        #expect(father.profile.age == 70)
        let (both, _) = Fixtures.talk(["ben 38 yaşındayım, o 9 yaşında, futbol kulübü arıyoruz"])
        #expect(both.profile.age == 9)
        let (own, _) = Fixtures.talk(["Kita für meine Tochter", "sie ist 3", "nein, eigentlich brauche ich einen Deutschkurs für mich, ich bin 29"])
        #expect(own.profile.age == 29)
        #expect(own.profile.topic == .askLanguageCourse)
    }

    /// Of several levels or places in one message, the one the person gives: not a goal, an earlier
    /// level, a landmark or a negated one; a correction takes the later one.
    @Test func oneLevelAndOnePlacePerMessage() {
        let (goal, _) = Fixtures.talk(["Deutschkurs bitte, ich habe A2 und hoffe bald auf B1"])
        #expect(goal.profile.level == .a2)
        let (asked, _) = Fixtures.talk(["I am looking for a course for C1, I passed B2 last year"], language: "en")
        #expect(asked.profile.level == .b2)
        let (corrected, _) = Fixtures.talk(["Deutschkurs, A1, nein sorry, A2"])
        #expect(corrected.profile.level == .a2)
        let (words, _) = Fixtures.talk(["курсы немецкого, немного, b1"])
        #expect(words.profile.level == .b1)
        let (landmark, _) = Fixtures.talk(["Ich wohne in Hainichen bei Chemnitz und suche einen Deutschkurs"])
        #expect(landmark.profile.residence?.name == "Hainichen")
        let (negated, _) = Fixtures.talk(["Deutschkurs, nicht in Rostock, sondern in Güstrow"])
        #expect(negated.profile.residence?.name == "Güstrow")
    }

    /// A need named in so many words is the conversation's request, answered with its counselling,
    /// until the person asks for something else.
    @Test func aNeedBecomesCounsellingUntilAnotherRequest() {
        let (need, turns) = Fixtures.talk(["I need advice about my residence papers", "45", "A2", "Parchim"], language: "en")
        #expect(need.profile.topic == .askCounselling)
        #expect(!offers(turns[3]).isEmpty)
        let (course, _) = Fixtures.talk(["I need advice about my residence papers", "ok, then I am looking for a German course"], language: "en")
        #expect(course.profile.topic == .askLanguageCourse)
    }

    /// Arabic-script «و» is a vowel and a w: «گلوه» chooses Neustadt-Glewe among the Neustadts.
    @Test func aLetterWithTwoSoundsIsHeardBothWays() {
        let (conversation, _) = Fixtures.talk(["کلاس زبان آلمانی میخوام، ۳۰ سالمه، B1 دارم", "در نویشتات زندگی میکنم", "نویشتات گلوه"])
        #expect(conversation.profile.residence?.name == "Neustadt-Glewe")
    }

    /// Digits typed onto a word of Arabic script are read as a number: the age of «عمري45سنة».
    @Test func anAgeTypedOntoItsWordsIsRead() {
        let (arabic, _) = Fixtures.talk(["مرحبا بدي كورس الماني، عمري45سنة وساكن في روستوك"])
        #expect(arabic.profile.age == 45)
        #expect(arabic.profile.residence?.name == "Rostock")
        let (persian, _) = Fixtures.talk(["سلام، من۲۹سالمه، کلاس زبان میخوام"])
        #expect(persian.profile.age == 29)
    }

    /// With the age known, a number the message does not call an age leaves it («in 2 Zimmern»,
    /// «depuis 5 semaines»); a number said as an age or standing alone replaces it, and of «23, not
    /// 22» the one not denied counts.
    @Test func aNumberThatIsNoAgeLeavesTheAge() {
        let (rooms, _) = Fixtures.talk(["Ich suche einen Deutschkurs", "41", "A2", "Wir wohnen zu viert in 2 Zimmern, geht das?"])
        #expect(rooms.profile.age == 41)
        let (weeks, _) = Fixtures.talk(["Je cherche une école pour mon fils", "il a 13 ans", "on est en Allemagne depuis 5 semaines"], language: "fr")
        #expect(weeks.profile.age == 13)
        let (alone, _) = Fixtures.talk(["нужен курс немецкого", "мне 26", "ой, 27, перепутал"], language: "ru")
        #expect(alone.profile.age == 27)
        let (denied, _) = Fixtures.talk(["meslek eğitimi arıyorum", "22 yaşındayım", "pardon 23 yaşındayım, 22 değil"], language: "tr")
        #expect(denied.profile.age == 23)
    }

    /// «3 weeks ago», «seit 8 Monaten», «صار لنا ٥ شهور»: a span of time is no age.
    @Test func aSpanOfTimeIsNoAge() {
        let (came, _) = Fixtures.talk(["we need a kita, we came to Germany 3 weeks ago"], language: "en")
        #expect(came.profile.age == nil)
        let (adult, _) = Fixtures.talk(["Ich bin seit 8 Monaten in Deutschland und 29 Jahre alt, ich suche einen Deutschkurs"])
        #expect(adult.profile.age == 29)
        let (arabic, _) = Fixtures.talk(["بدي كورس الماني، صار لنا ٥ شهور بألمانيا، عمري ٣٣"])
        #expect(arabic.profile.age == 33)
    }

    /// After the list, «Was kostet der Kurs?» or «а ввечері є?» is about the offers shown: their
    /// contacts know, the number of an offer shows them, and the list stays. A clear other request,
    /// or «start again», is not such a question.
    @Test func aQuestionAboutTheOffersShownKeepsTheList() {
        let (german, turns) = Fixtures.talk(["Ich suche einen Deutschkurs", "34", "A1", "Parchim", "Was kostet der Kurs?", "und gibt es den auch am Wochenende?"])
        #expect(german.profile.topic == .askLanguageCourse)
        #expect(turns[4].texts.contains("Kontaktstelle des Angebots"), "\(turns[4].texts)")
        #expect(turns[5].texts.contains("Kontaktstelle des Angebots"), "\(turns[5].texts)")
        #expect(!german.offerIDs.isEmpty)
        let (ukrainian, uk) = Fixtures.talk(["шукаю курси німецької", "40", "A2", "Росток", "а ці курси бувають ввечері?"], language: "uk")
        #expect(ukrainian.profile.topic == .askLanguageCourse)
        #expect(uk[4].texts.contains("за контактом пропозиції"), "\(uk[4].texts)")
        let (leisure, _) = Fixtures.talk(["Ich suche einen Deutschkurs", "34", "A1", "Parchim", "Und wo kann ich abends Fußball spielen?"])
        #expect(leisure.profile.topic == .askLeisure)
        let (restart, _) = Fixtures.talk(["I am looking for a German course", "34", "A1", "Parchim", "start again"], language: "en")
        #expect(restart.profile.topic == nil && restart.profile.age == nil)
    }

    /// «elle a eu B1 à l'école», «a2 kursunu bitirdim»: a fact told with the school or course it
    /// comes from answers the question; the request made stays.
    @Test func aFactToldWithItsSchoolKeepsTheRequest() {
        let (french, _) = Fixtures.talk(["je cherche un club de foot pour ma fille de 11 ans", "elle parle bien, elle a eu B1 à l'école"], language: "fr")
        #expect(french.profile.topic == .askLeisure)
        #expect(french.profile.level == .b1)
        let (turkish, _) = Fixtures.talk(["emekliyim, boş vakitlerimde spor ya da yürüyüş grubu arıyorum", "66", "a2 kursunu bitirdim"], language: "tr")
        #expect(turkish.profile.topic == .askLeisure)
        #expect(turkish.profile.level == .a2)
    }

    /// A postcode says more than a word that is also a place («au» is Au in Baden-Württemberg); a
    /// name heard by sound stays a question among the pilot places of that name; an inflected pilot
    /// name comes before a town elsewhere («Хагенові» is Hagenow, not Hagen with «ові»).
    @Test func placesAsPeopleWriteThem() {
        let (postcode, _) = Fixtures.talk(["Je cherche un cours d'allemand, j'habite au 55126"], language: "fr")
        #expect(postcode.profile.residence?.name == "Mainz")
        let (heard, _) = Fixtures.talk(["ishchu sadik dlja syna", "emu 4 goda", "Nojshtadt"], language: "ru")
        #expect(heard.profile.residence == nil)
        #expect(heard.placeOptions.count > 1)
        let (inflected, _) = Fixtures.talk(["шукаю курси німецької", "мені 50", "B1", "ми живемо в Хагенові"], language: "uk")
        #expect(inflected.profile.residence?.name == "Hagenow")
        let (twoWords, _) = Fixtures.talk(["بدي روضة لابني عمره ٣", "ساكنين بنويشتات", "اللي على الفاين شتراسه"])
        #expect(twoWords.profile.residence?.name == "Neustadt an der Weinstraße")
    }

    /// «год и три месяца»: a year word with months is one year; «عمره ١٠ شهور», his age, is none.
    @Test func aYearWithMonthsIsOneYear() {
        let (russian, _) = Fixtures.talk(["ищу садик для сына", "ему год и три месяца"], language: "ru")
        #expect(russian.profile.age == 1)
        let (arabic, _) = Fixtures.talk(["بدي روضة لابني", "عمره ١٠ شهور"])
        #expect(arabic.profile.age == 0)
    }

    /// For a school, a child the message says already has a place is not the one asked for.
    @Test func aChildWithAPlaceIsNotTheOneAskedFor() {
        let (conversation, _) = Fixtures.talk(["Wir suchen eine Schule", "Die Kleine (7) geht schon in die Schule, aber ihr Bruder ist 13 und hat noch keinen Platz"])
        #expect(conversation.profile.age == 13)
    }

    /// «everything» answers «what are you looking for?» in any conversation language: a message that
    /// repeats a phrase is that phrase's intent, not «start again».
    @Test func everythingAsksForEverything() {
        let (conversation, turns) = Fixtures.talk(["hello", "everything"])
        #expect(conversation.profile.topic == .askOffers)
        #expect(conversation.expecting == .age, "\(turns[1].texts)")
    }

    /// A postcode a name agrees with: the name chooses among the postcode's places.
    @Test func aNameChoosesAmongItsPostcodesPlaces() {
        let (conversation, _) = Fixtures.talk(["we need a school for my son, he is 10", "we live in mittweida, 09648"], language: "en")
        #expect(conversation.profile.residence?.name == "Mittweida")
        #expect(conversation.placeOptions.isEmpty)
    }

    /// In an answer to a request already made, the request decides whose age it is: «Mon fils a 10
    /// mois. Et moi j'ai 31 ans.» for the Kita is the baby's.
    @Test func theRequestMadeDecidesWhoseAgeAnAnswerGives() {
        let (conversation, _) = Fixtures.talk(["Bonjour", "3", "Mon fils a 10 mois. Et moi j'ai 31 ans."], language: "fr")
        #expect(conversation.profile.topic == .askChildcare)
        #expect(conversation.profile.age == 0)
    }

    /// Several people's ages and «first about me»: the request is the writer's, whatever the order.
    @Test func firstAboutMeChoosesTheWritersAge() {
        let (conversation, _) = Fixtures.talk(["Що тут є для нас?", "Мені 34, чоловіку 40, сину 9. Давайте спочатку про мене"], language: "uk")
        #expect(conversation.profile.age == 34)
        // A self word alone in a clause chooses nothing: «Ich (41) und mein Sohn (15)».
        let (school, _) = Fixtures.talk(["Ich (41) und mein Sohn (15) sind neu hier. Er braucht eine Schule."])
        #expect(school.profile.age == 15)
    }

    /// Praise after the list is no level: «sehr gut» says how the answer was, not the German.
    @Test func praiseIsNoLevel() {
        let (conversation, _) = Fixtures.talk(["Ich bin 40, Deutsch A2, wohne in Parchim, ich suche einen Deutschkurs", "Danke, sehr gut!"])
        #expect(conversation.profile.level == .a2)
    }

    /// A level denied once is no level anywhere in the message; a negation that a change word follows
    /// denies what was said before, not the code after it.
    @Test func aDeniedLevelAndANegationThatApologises() {
        let (english, _) = Fixtures.talk(["i need a german course, i am 30", "B2", "no not B2, i failed the B2 test, i have B1"], language: "en")
        #expect(english.profile.level == .b1)
        let (turkish, _) = Fixtures.talk(["almanca kursu arıyorum, 22 yaşındayım", "a2", "yok pardon b1 sınavını da geçtim"], language: "tr")
        #expect(turkish.profile.level == .b1)
    }

    /// The level a course is wanted for leaves the one the person has.
    @Test func aGoalLevelLeavesTheLevelKnown() {
        let (conversation, _) = Fixtures.talk(["Потрібне визнання диплома", "41", "Б1", "Росток", "Тоді краще курси німецької, щоб до B2 дотягнути"], language: "uk")
        #expect(conversation.profile.level == .b1)
        #expect(conversation.profile.topic == .askLanguageCourse)
    }

    /// «for 15 years» after the list is a span of time, «a course for 15 year olds» still names ages.
    @Test func yearsOfWorkAreNoAge() {
        let (conversation, _) = Fixtures.talk(["i need recognition of my diploma", "i am 48", "B1", "Rostock", "i worked as a nurse for 15 years"], language: "en")
        #expect(conversation.profile.age == 48)
    }

    /// A long number word typed one letter off answers the age question.
    @Test func aNumberWordTypedOneLetterOff() {
        let (conversation, _) = Fixtures.talk(["Ich suche eine Kita für meinen Sohn", "er ist dreienhalb jahre alt"])
        #expect(conversation.profile.age == 3)
        let (arabic, _) = Fixtures.talk(["بدي مدرسة لأخوي", "عمره اطناشر سنة ونص"])
        #expect(arabic.profile.age == 12)
    }

    /// A greeting and a request typed as one clause: the words after the greeting name the request.
    @Test func aRequestTypedAfterAGreeting() {
        let (conversation, _) = Fixtures.talk(["salam alaikum baraye pesaram kodakestan mikham"], language: "fa")
        #expect(conversation.profile.topic == .askChildcare)
    }

    /// A daughter of 17 who turned 18 is the same daughter: the request stays.
    @Test func anAgeCorrectedByAYearKeepsTheRequest() {
        let (conversation, _) = Fixtures.talk(["I look for university for my daughter", "she is 17", "B2", "Freiberg", "sorry, correction, she is 18 now"], language: "en")
        #expect(conversation.profile.age == 18)
        #expect(conversation.profile.topic == .askUniversity)
    }

    /// A name of several places given after the place question was given up is asked about again.
    @Test func anAmbiguousPlaceAfterTheQuestionWasGivenUp() {
        let (conversation, turns) = Fixtures.talk(["ich brauche Beratung", "45", "weiß nicht", "keine Ahnung", "Neustadt"])
        #expect(conversation.placeOptions.count > 1, "\(turns.last?.texts ?? "")")
        #expect(conversation.expecting == .residence)
    }

    /// A short change word of another language («ne», German for «no») is no change of mind in French.
    @Test func aShortForeignChangeWordChangesNothing() {
        let (conversation, _) = Fixtures.talk(["J'ai 45 ans, j'habite à Hagenow et j'ai besoin de quelqu'un pour me conseiller",
                                               "L'allemand je ne le parle pas encore, je n'ai pas commencé les cours"], language: "fr")
        #expect(conversation.profile.topic == .askCounselling)
        #expect(conversation.profile.level == CEFRLevel.none)
    }

    /// After the list, «а ввечері є?» asks about the offers shown, though its one word resembles the
    /// evening leisure phrases; a question that names another topic beside it is a new request.
    @Test func aQuestionAboutEveningsIsAboutTheOffersShown() {
        let (conversation, _) = Fixtures.talk(["Шукаю курси німецької", "30", "A1", "Росток", "а ввечері є?"], language: "uk")
        #expect(conversation.profile.topic == .askLanguageCourse)
        let (other, _) = Fixtures.talk(["Шукаю курси німецької", "30", "A1", "Росток", "а для дітей спорт ввечері є?"], language: "uk")
        #expect(other.profile.topic == .askLeisure)
    }

    /// «Me too»: a writer who asks for themselves beside another person's request gives their own age.
    @Test func aWriterWhoAsksForThemselvesToo() {
        let (conversation, _) = Fixtures.talk(["ابني عمره 12 ويحب السباحة، في نادي بدوبلن؟", "وانا كمان بدي سجل رياضة، عمري 40"])
        #expect(conversation.profile.age == 40)
    }

    /// An age word that names the person after the number («سالشه», her years) makes it that person's.
    @Test func anAgeWordThatNamesThePerson() {
        let (conversation, _) = Fixtures.talk(["برای پدرم کلاس زبان میخوام", "هفتاد سالشه. من خودم ۴۰ سالمه"], language: "fa")
        #expect(conversation.profile.age == 70)
    }

    /// Turkish «yıl» after a number is a span of time («15 yıl hemşirelik yaptım»), an age is «yaş».
    @Test func turkishYearsOfWorkAreNoAge() {
        let (conversation, _) = Fixtures.talk(["41 yaşındayım, Mainz'da oturuyorum, Almancam B1, mesleki eğitim arıyorum",
                                               "Aslında 12 yıl öğretmenlik yaptım, diplomamı tanıtmak istiyorum"], language: "tr")
        #expect(conversation.profile.age == 41)
    }

    /// After the list, «is there anything free?» asks about the offers shown, not for everything anew.
    @Test func anythingFreeIsAQuestionAboutTheOffersShown() {
        let (conversation, turns) = Fixtures.talk(["нужен курс немецкого, мне 40, уровень а1, живу в Хагенове", "а бесплатно есть что нибудь?"], language: "ru")
        #expect(conversation.profile.topic == .askLanguageCourse, "\(turns.last?.texts ?? "")")
    }

    /// Ukrainian typed with «č» and «ž» is read as Ukrainian, not as Persian in Latin letters.
    @Test func ukrainianWithCzechLetters() {
        let (conversation, _) = Fixtures.talk(["pryvit, ja hoču na ausbildung, meni 19 rokiv"])
        #expect(conversation.language == "uk")
        #expect(conversation.profile.age == 19)
    }

    /// A level named as the next one or the one needed is wanted, not had: the known level stays.
    @Test func aLevelNamedAsTheNextOrTheOneNeededIsAGoal() {
        for (lines, known) in [(["Ich suche einen Deutschkurs, bin 30, A2, wohne in Rostock", "B1 wäre dann ja der nächste, oder?"], CEFRLevel.a2),
                               (["almanca kursu arıyorum 28 yaşındayım b1 var Rostock'ta oturuyorum", "b2 ye geçmek istiyorum"], .b1),
                               (["курсы немецкого, мне 35, A2, живу в Ростоке", "для работы B1 нужен"], .a2)] {
            let (conversation, turns) = Fixtures.talk(lines)
            #expect(conversation.profile.level == known, "\(lines.last!): \(turns.last?.texts ?? "")")
        }
    }

    /// A request put off («later», «потом») changes neither the request made nor its facts; a clause
    /// that names the request for now («erst mal», «d'abord») puts off what comes before it, not its own facts.
    @Test func aRequestPutOffChangesNothing() {
        let kita = Fixtures.talk(["Kita für meinen Sohn, er ist 3, wir wohnen in Mainz", "Ich selbst möchte später auch einen Deutschkurs machen, aber erst mal die Kita"]).0
        #expect(kita.profile.topic == .askChildcare && kita.profile.age == 3)
        let football = Fixtures.talk(["my daughter is 9, she wants to play football, we live in Rostock", "thanks! i am 35 and need a course too but i will ask about that later"]).0
        #expect(football.profile.topic == .askLeisure && football.profile.age == 9)
        let school = Fixtures.talk(["Нужна школа для сына, ему 10, живём в Пархиме", "спасибо. мне 40, про курсы немецкого спрошу потом"]).0
        #expect(school.profile.topic == .askSchool && school.profile.age == 10)
        let counselling = Fixtures.talk(["Beratung für eine Frau, 58 Jahre, wohnt in Freiberg, spricht kein Deutsch", "Ihr Sohn ist 17, aber zuerst für sie bitte"]).0
        #expect(counselling.profile.age == 58)
        let creche = Fixtures.talk(["cours d'allemand pour moi, j'ai 30 ans", "non, d'abord une crèche pour mon fils, il a 1 an"]).0
        #expect(creche.profile.topic == .askChildcare && creche.profile.age == 1)
    }

    /// Beside the age a person has, the one still to come is not it.
    @Test func anAgeStillToComeIsNotTheAge() {
        #expect(Fixtures.talk(["oğlum için okul arıyorum", "12 yaşında, mayısta 13 olacak"]).0.profile.age == 12)
        #expect(Fixtures.talk(["school for my son", "he is 6 and turns 7 in june"]).0.profile.age == 6)
        #expect(Fixtures.talk(["Schule für meine Tochter", "sie ist 8, wird im Mai 9"]).0.profile.age == 8)
    }

    /// Months beside an adult's age known are how long something has been, not a baby's age; a span
    /// is read right after the number or its unit only («20 ans la semaine passée» is an age).
    @Test func monthsBesideAnAdultsAgeAndSpansAfterTheUnit() {
        #expect(Fixtures.talk(["Deutschkurs bitte", "52", "kein Deutsch, neu in Deutschland, 5 Monate"]).0.profile.age == 52)
        #expect(Fixtures.talk(["german course please", "45", "A1, new here, 3 months"]).0.profile.age == 45)
        #expect(Fixtures.talk(["je cherche une formation", "18 ans", "pardon, j'ai eu 19 ans la semaine dernière"]).0.profile.age == 19)
        #expect(Fixtures.talk(["je cherche une formation d'infirmière", "j'ai 35 ans", "j'ai 10 ans d'expérience"]).0.profile.age == 35)
        // With a baby asked about, months are the baby's all the same.
        #expect(Fixtures.talk(["Kita bitte", "ich bin 29", "er ist 7 Monate"]).0.profile.age == 0)
    }

    /// For another person's request, the writer's own level is not theirs.
    @Test func theWritersOwnLevelIsNotTheOtherPersons() {
        let wife = Fixtures.talk(["german course for my wife", "she is 33, I'm 35", "she speaks no german at all. I speak a little"]).0
        #expect(wife.profile.level == CEFRLevel.none)
        let husband = Fixtures.talk(["cours d'allemand pour mon mari", "il a 40 ans, moi 36", "il ne parle pas allemand, il a jamais appris. Moi je parle un peu"]).0
        #expect(husband.profile.level == CEFRLevel.none)
    }

    /// Words say less than a code: a vague level leaves the code given before unless it corrects it.
    @Test func aVagueLevelLeavesTheCodeGiven() {
        let builder = Fixtures.talk(["Deutschkurs, 25, B1, Mainz", "Eigentlich eher eine Ausbildung. Deutsch kann ich ja schon ein bisschen"]).0
        #expect(builder.profile.level == .b1 && builder.profile.topic == .askVocational)
        #expect(Fixtures.talk(["Deutschkurs, 25, B1, Mainz", "Nein, ich kann nur ein bisschen Deutsch"]).0.profile.level == .a1)
    }

    /// «Everything» that names the topics it takes in is everything.
    @Test func everythingNamingSeveralTopicsIsEverything() {
        let french = Fixtures.talk(["tout ce qui existe pour moi, j'ai 31 ans, A2, Leipzig", "tout ce qui me concerne, formation, cours, tout"]).0
        #expect(french.profile.topic == .askOffers)
        let german = Fixtures.talk(["Alles, was es für mich gibt: 40 Jahre, A1, Rostock", "alles bitte, Ausbildung, Deutschkurs, alles"]).0
        #expect(german.profile.topic == .askOffers)
    }

    /// A long number word typed one letter off counts beside its unit, also when the age is not asked.
    @Test func aNumberWordOneLetterOffBesideItsUnit() {
        #expect(Fixtures.talk(["Ausbildung für meinen Bruder, er ist achtzhen Jahre alt"]).0.profile.age == 18)
        #expect(Fixtures.talk(["bdi ausbildung la akhoya, 3omro tmantashr sana"]).0.profile.age == 18)
    }

    /// Typed as people type: Arabizi «7adana», Persian «اومدیم لایپزیگ», romanised «v Leipzig»,
    /// «немецкого нет совсем», «а утренние есть?».
    @Test func everydaySpellingsOfRequestsPlacesAndLevels() {
        #expect(Fixtures.talk(["ana 3ayza 7adana lel bent"]).0.profile.topic == .askChildcare)
        #expect(Fixtures.talk(["سلام دخترم ۸ سالشه تازه اومدیم هامبورگ، مدرسه میخوایم"]).0.profile.residence?.name == "Hamburg")
        let moved = Fixtures.talk(["zdravstvujte, mne 25, kurs nemeckogo, B1, zhivu v Rostoke", "izvinite, uzhe ne v Rostoke, pereehal v Leipzig"]).0
        #expect(moved.profile.residence?.name == "Leipzig")
        #expect(Fixtures.talk(["курсы немецкого для меня, мне 31, немецкого нет совсем, Росток"]).0.profile.level == CEFRLevel.none)
        for (lines, language) in [(["курсы немецкого, мне 30, A1, Росток", "а утренние есть?"], "ru"), (["курси німецької, мені 30, A1, Росток", "а ранкові є?"], "uk")] {
            let (conversation, turns) = Fixtures.talk(lines)
            #expect(conversation.profile.topic == .askLanguageCourse && conversation.expecting == nil, "\(language): \(turns.last?.texts ?? "")")
        }
    }

    /// A level in a question asks about it: the known level stays («braucht man dafür C1?»).
    @Test func aLevelInAQuestionAsksAboutIt() {
        #expect(Fixtures.talk(["Ich möchte studieren, bin 24, B1, wohne in Rostock", "Braucht man dafür C1?"]).0.profile.level == .b1)
        #expect(Fixtures.talk(["بدي ادرس بالجامعة، عمري 25، عندي B2، ساكن بروستوك", "شو الشروط؟ لازم يكون عندي C1؟"]).0.profile.level == .b2)
    }

    /// A bare town right after «we moved» is where the person lives now.
    @Test func aTownAfterMovingIsTheNewPlace() {
        let russian = Fixtures.talk(["Хочу подтвердить диплом, мне 45, B1, живу в Дёбельне", "Ой, извините, мы переехали. Фрайберг"]).0
        #expect(russian.profile.residence?.name == "Freiberg")
        let ukrainian = Fixtures.talk(["Хочу підтвердити диплом, мені 45, B1, живу в Дебельні", "Вибачте, ми переїхали. Фрайберг тепер"]).0
        #expect(ukrainian.profile.residence?.name == "Freiberg")
    }

    /// A young writer's own age stays theirs when the request changes from school to training; the
    /// writer's level told with the writer's own age is not another person's.
    @Test func aWritersOwnAgeAndLevel() {
        let young = Fixtures.talk(["hi ich bin 16 und such ne schule", "B1", "Rostock", "eigentlich lieber ne ausbildung statt schule"]).0
        #expect(young.profile.age == 16 && young.profile.topic == .askVocational)
        let wife = Fixtures.talk(["german course for my wife she is 29", "no german at all", "Rostock", "me i am 33 and B2 already, the course is only for her"]).0
        #expect(wife.profile.level == CEFRLevel.none && wife.profile.age == 29)
    }

    /// Levels spelt with the letters' names («بی دو») and Dari «جرمنی»; Levantine «ستطعشر».
    @Test func levelsAndNumbersSpeltOut() {
        #expect(Fixtures.talk(["میخواهم مدرکم قبول شود، ۴۰ ساله", "سطح جرمنی ام بی دو است"]).0.profile.level == .b2)
        #expect(Fixtures.talk(["بدي مدرسة لابني", "ابني عمره ستطعشر سنة"]).0.profile.age == 16)
    }

    /// The conversations of `Tests/Conversations`, written by people who never saw the phrase files,
    /// end with every fact and the language right at the targets of issue 11: 95 % of all, 90 % in
    /// every language. Never used to build phrases or rules; a drop here is a regression a person meets.
    @Test func conversationsEndRight() throws {
        try expectConversations(in: "Tests/Conversations", atLeast: 8 * 40, share: 0.95, perLanguage: 0.90)
    }

    /// The second set (`Tests/ConversationsDec2026`), written later by other writers in eight rounds,
    /// each read after its first measurement: held where this version leaves it (93.9 % of all,
    /// 91.9 % in the weakest language), so a change that loses conversations a person would have got
    /// right shows here.
    @Test func theSecondSetDoesNotFallBack() throws {
        try expectConversations(in: "Tests/ConversationsDec2026", atLeast: 8 * 99, share: 0.935, perLanguage: 0.91)
    }

    /// A conversation set of the checkout ends right at least as often as given, in all and per language.
    func expectConversations(in folder: String, atLeast count: Int, share: Double, perLanguage: Double) throws {
        let report = try ConversationEvaluation(knowledge: Fixtures.knowledge).run(directory: Fixtures.root + "/" + folder)
        #expect(report.all.conversations >= count)
        #expect(report.all.share >= share, "\(report.all.right) of \(report.all.conversations): \(report.errors)")
        for (language, result) in report.languages {
            #expect(result.share >= perLanguage, "\(language): \(result.right) of \(result.conversations)")
        }
    }
}

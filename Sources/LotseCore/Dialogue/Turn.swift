/// The work of one turn: the conversation as it changes, and the answer as it grows.
struct Turn {
    let engine: DialogueEngine
    var conversation: Conversation
    private var messages: [BotMessage] = []
    /// Facts this message changed that were known before: a correction.
    private var corrections: [String] = []
    private var filled: Set<Slot> = []
    /// Facts of `facts.yml` this message gave a value for, and those it skipped («I don't know»).
    private var factsGiven: Set<String> = []
    private var factsSkipped: Set<String> = []
    /// A topic one clause of the message asks for, where the message as a whole reads as a greeting,
    /// an answer or thanks («Hello. I am 30. I want learn German.»).
    private var clauseTopic: Intent?
    /// The message changed the age from a child's to an adult's or back: it is about another person.
    private var ageOfAnotherPerson = false
    /// The words of the message being understood, tokenised once for every rule that counts them.
    private var tokens: [Token] = []
    /// The message says it changes a request («eigentlich», «actually», «laisse tomber»).
    private var changesMind = false
    /// Needs the message names that Lotse does not answer itself («I need a lawyer» → legal).
    private var needs: [String] = []
    /// Whether the message asks: a request word or a question mark («ich suche», «нужен», «…?»).
    private var asks = false
    /// The clauses the message puts off («…, aber das frag ich später»): they fill gaps but change nothing.
    private var putOff: [Range<Int>] = []
    /// The message's clean text, where facts are found by position.
    private var text = ""
    /// A clause asks for everything beside clauses naming the topics it takes in («…, formation,
    /// cours, tout»): the message asks for everything, whatever topic is close behind.
    private var asksEverything = false
    /// The message asked for something else, and got an answer of its own (counselling for a need,
    /// a new topic).
    private var answeredOtherwise = false
    /// Said once before the referral: «no local data for Köln».
    private var notes: [BotMessage] = []
    /// The referral this turn made, for statistics.
    private(set) var enquiry: Enquiry?

    init(engine: DialogueEngine, conversation: Conversation) {
        self.engine = engine
        self.conversation = conversation
    }

    var knowledge: KnowledgeBase { engine.knowledge }
    var presenter: Presenter { Presenter(knowledge: knowledge, language: conversation.language) }
    var tokeniser: Tokeniser { knowledge.nlu.tokeniser }
    var buttons: StaticButtons { engine.buttons(in: conversation.language) }

    mutating func run(_ input: String) -> [BotMessage] {
        let text = TextNormaliser.clean(input)
        if text.isEmpty {
            say("empty_message")
            repeatQuestion()
            return messages
        }
        if text.unicodeScalars.count > engine.maxMessageLength {
            say("too_long", ["max": String(engine.maxMessageLength)])
            return messages
        }
        let tokens = tokeniser.tokens(text)
        if tokens.count == 1, tokens[0].isNumber, let number = Int(tokens[0].text) {
            // While a narrowing question is open a number picks its answer; after a referral it names an
            // offer («2» → details of offer 2); else it picks a button.
            if case .asked(let fact) = conversation.narrowing {
                if let choice = numberedChoice(number) { return understand(choice) }
                askNarrowing(fact)
                return messages
            }
            if conversation.expecting == nil, conversation.shown > 0, (1...conversation.shown).contains(number) {
                showDetails(of: conversation.offerIDs[number - 1])
                return messages
            }
            if let choice = numberedChoice(number) { return understand(choice) }
        }
        if let place = chosenOption(tokens, among: conversation.placeOptions) {
            conversation.placeOptions = []
            setResidence(place)
            proceed()
            return messages
        }
        return understand(text)
    }

    /// A number typed where buttons were shown picks that button, numbered as shown (after the
    /// offers of a list; not when an age was asked).
    private func numberedChoice(_ number: Int) -> String? {
        let index = number - conversation.buttonNumberOffset
        guard conversation.expecting != .age, index >= 1, index <= conversation.lastButtons.count else { return nil }
        return conversation.lastButtons[index - 1].payload
    }

    /// An option of a place question named by some of its words («Weinstraße», «Glewe», «Вайнштрасе»),
    /// in Latin letters, as the conversation's language spells German names, or as they sound
    /// («جليفه»). Words every option shares («Neustadt») do not choose.
    private func chosenOption(_ tokens: [Token], among options: [Place]) -> Place? {
        guard options.count > 1 else { return nil }
        let words = tokens.map(\.text)
        let spelling = Transliterator(rules: knowledge.language(conversation.language).transliteration)
        let names = options.map { place -> Set<String> in
            let name = presenter.placeName(place)
            return Set(tokeniser.words(name) + tokeniser.words(spelling.apply(name.lowercased())))
        }
        let common = names.dropFirst().reduce(names.first ?? []) { $0.intersection($1) }
        let sound = knowledge.gazetteer.soundKey
        let typedSounds = Set(words.flatMap(sound.keys).filter { $0.count >= SoundKey.shortest })
        // A name typed as two words («الفاين شتراسه» for Weinstraße) sounds like the name, give or take one sound (the article).
        let typedPairs = zip(words, words.dropFirst()).flatMap { sound.keys($0 + $1) }.filter { $0.count >= Self.pairSounds }
        let matching = options.indices.filter { index in
            // Short words of a name («an der») are everyone's words: «die in der Nähe von …».
            names[index].subtracting(common).contains { name in
                guard name.count >= Self.namingWord else { return false }
                let key = sound.key(name)
                return words.contains { Self.sameWord($0, name) } || typedSounds.contains(key)
                    || key.count >= Self.pairSounds && typedPairs.contains { Gazetteer.editDistance(Array($0.unicodeScalars), Array(key.unicodeScalars)) <= 1 }
            }
        }
        return matching.count == 1 ? options[matching[0]] : nil
    }

    /// The most buttons a screen shows: a lone number up to this may choose one.
    static let buttonNumbers = 9

    /// How many sounds a name typed as two words must have to choose a place.
    static let pairSounds = 5

    /// How long a word of a place's name must be to choose it.
    static let namingWord = 4

    /// The same word, or a long word written a little differently («вайнштрасе» / «вайнштрассе»).
    static func sameWord(_ typed: String, _ name: String) -> Bool {
        if typed == name { return true }
        let shorter = min(typed.count, name.count)
        guard shorter >= 5 else { return false }
        let prefix = max(5, shorter - 2)
        return typed.prefix(prefix) == name.prefix(prefix)
    }

    // MARK: Understanding

    static let topicSwitchConfidence: Float = 0.6
    /// From this age on a person asks for themselves (German course, recognition, counselling).
    static let adultAge = 18
    /// How many years a corrected age may differ from the one before and still be the same person's.
    static let correctedAgeGap = 2

    private mutating func understand(_ text: String) -> [BotMessage] {
        var parse = knowledge.nlu.parse(text, context: ParseContext(expecting: conversation.expecting, language: conversation.language,
                                                                     languageSettled: conversation.turns > 1))
        // What the dialogue reads beyond the NLU's answer (not part of /model/parse, so parsing alone does not pay for it).
        tokens = tokeniser.tokens(parse.text)
        self.text = parse.text
        changesMind = knowledge.nlu.extractor.changesMind(tokens, languages: [parse.language, conversation.language])
        needs = knowledge.nlu.extractor.needs(tokens)
        asks = knowledge.nlu.extractor.asks(tokens) || parse.text.contains { Self.questionMarks.contains($0) }
        putOff = knowledge.nlu.extractor.putOffClauses(tokens)
        // «Ich würde später auch gern einen Deutschkurs machen, aber erst mal ist die Kita wichtiger»:
        // a request put off is no new request; what the message asks for now is in the other clauses.
        if !putOff.isEmpty, conversation.profile.topic != nil {
            let kept = keptText
            let reading = kept.isEmpty ? nil : readAlone(kept)
            parse.intent = reading?.intent ?? .inform
            parse.confidence = reading?.confidence ?? 1
            parse.ranking = reading?.ranking ?? []
        }
        conversation.lastIntent = parse.intent
        // A request to write in another language is read in the language it names, not the one it
        // is written in; one that names none is an ordinary message.
        if parse.intent != .chooseLanguage || parse.first(.language) == nil || closeTopic(parse) != nil, !conversation.languageChosen,
           knowledge.languages[parse.language] != nil {
            conversation.language = parse.language
        }
        if Self.conversational.contains(parse.intent) || parse.intent == .restart {
            // «Vergiss das, er braucht erst mal eine Schule»: a restart's clause names the request it
            // changes to.
            clauseTopic = topicsInClauses(parse).asked.first { $0.intent != conversation.profile.topic || parse.intent != .restart }?.intent
            if clauseTopic == nil, parse.intent == .greet { clauseTopic = topicAfterGreeting(in: text) }
        } else if parse.intent.isTopic {
            // «Grandma is 70 and I am 24. She wants to learn German, are there courses for older
            // people?»: the clause that asks most clearly names the topic when it is clearer than the
            // mix, and so does any asking clause when the mix is what another clause says the person
            // already has («my daughter already goes to the crèche, the course is for me»).
            let clauses = topicsInClauses(parse)
            // «Tout ce qui me concerne svp, formation, cours, tout»: a clause asking for everything,
            // beside clauses naming the topics it takes in, is everything.
            asksEverything = clauses.everything && Set(clauses.asked.map(\.intent)).count >= 2
            if asksEverything {
                parse.intent = .askOffers
            } else if let clause = clauses.asked.first, clause.intent != parse.intent,
               clause.confidence > parse.confidence || clauses.had.contains(parse.intent) {
                (parse.intent, parse.confidence) = clause
            } else if clauses.had.contains(parse.intent), conversation.profile.topic != nil,
                      !clauses.asked.contains(where: { $0.intent == parse.intent }),
                      knowledge.nlu.extractor.namesWriter(tokens, language: conversation.language) {
                // «Me I'm 41 and already doing integration course, this one is for him only»: a topic
                // the writer says they already have asks for nothing (a child who already has a school
                // place beside one who has none still asks for school).
                parse.intent = .inform
            }
            // «стоп, садочок уже є, мені самій треба курси»: a change of mind that names the topic it
            // drops asks for the other one close behind.
            if changesMind, parse.intent == conversation.profile.topic {
                if let other = closeTopic(parse, other: parse.intent), let score = parse.ranking.first(where: { $0.intent == other })?.confidence {
                    (parse.intent, parse.confidence) = (other, score)
                } else if let clause = clauses.asked.first(where: { $0.intent != parse.intent }) {
                    (parse.intent, parse.confidence) = clause
                }
            }
        }
        // Whose age a message gives follows the request: its own, or a topic close behind; in an
        // answer to a request already made, that request's («Ma fille a 8 mois. Moi j'ai 29 ans» for the Kita).
        let answers = parse.intent == .inform && conversation.profile.topic != nil && !changesMind
        let topic = parse.intent.isTopic ? parse.intent : answers ? nil : closeTopic(parse) ?? clauseTopic
        apply(parse.entities, topic: topic, tokens: tokens)
        act(on: parse)
        return messages
    }

    /// Reads each clause of a message on its own, without its facts: a whole message of greeting,
    /// facts and request reads like the facts; its clauses do not. `asked`: the topics its clauses
    /// ask for, those with a request word first («she wants …», «gibt es …?»: before a clause that
    /// describes the person, «I am a mother of two», however clear), the clearest first among equals.
    /// `had`: the topics of clauses that say what is already the case («она уже ходит в садик»).
    /// `everything`: whether a clause asks clearly for everything that fits («…, Ausbildung, Deutschkurs, alles»).
    private func topicsInClauses(_ parse: ParseResult) -> ClauseTopics {
        // Clauses put off ask for nothing now (`putOff`).
        if !putOff.isEmpty, conversation.profile.topic != nil { return topicsInClauses(of: keptText, withFacts: !parse.entities.isEmpty) }
        return topicsInClauses(of: parse.residue(keeping: [.language]), withFacts: !parse.entities.isEmpty)
    }

    /// The clauses of the message that are not put off, as typed, one after another.
    private var keptText: String {
        EntityExtractor.clauses(tokens).filter { !putOff.contains($0) }
            .map { $0.map { tokens[$0].original }.joined(separator: " ") }.joined(separator: ", ")
    }

    /// What the clauses of a message ask for (see `topicsInClauses(_:)`).
    typealias ClauseTopics = (asked: [(intent: Intent, confidence: Float)], had: Set<Intent>, everything: Bool)

    private func topicsInClauses(of residue: String, withFacts: Bool) -> ClauseTopics {
        let clauses = residue.split { Self.clauseEnds.contains($0) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.unicodeScalars.contains(where: \.properties.isAlphabetic) }
        guard clauses.count > 1 || withFacts else { return ([], [], false) }
        let extractor = knowledge.nlu.extractor
        var asked: [(intent: Intent, confidence: Float, asks: Bool)] = [], had: Set<Intent> = [], everything = false
        for clause in clauses {
            let reading = readAlone(clause)
            guard reading.intent.isTopic, reading.confidence >= NLU.threshold else { continue }
            // Only clearly: a clause of a word or two left beside the facts («Мені ...») resembles it too.
            if reading.intent == .askOffers { everything = everything || reading.confidence >= NLU.informThreshold; continue }
            let words = tokeniser.tokens(reading.text)
            if clauses.count > 1, extractor.saysAlready(words) {
                had.insert(reading.intent)
            } else {
                asked.append((reading.intent, reading.confidence, extractor.asks(words)))
            }
        }
        let ordered = asked.sorted { ($0.asks ? 1 : 0, $0.confidence) > ($1.asks ? 1 : 0, $1.confidence) }
        return (ordered.map { ($0.intent, $0.confidence) }, had, everything)
    }

    /// Whether a fact's clause ends with a question mark.
    private func isInQuestion(_ entity: Entity) -> Bool {
        for scalar in text.unicodeScalars.dropFirst(entity.end) {
            let character = Character(scalar)
            if Self.questionMarks.contains(character) { return true }
            if Self.clauseEnds.contains(character) { return false }
        }
        return false
    }

    /// Whether the word at `index` stands in a clause the message puts off.
    private func isPutOff(_ index: Int) -> Bool { putOff.contains { $0.contains(index) } }

    /// Whether a fact stands in a clause the message puts off.
    private func isPutOff(_ entity: Entity) -> Bool {
        tokens.firstIndex { $0.end > entity.start }.map(isPutOff) ?? false
    }

    /// Part of a message read on its own, in the conversation's language: a clause, the words beside
    /// the facts or after a greeting.
    private func readAlone(_ text: String) -> ParseResult {
        knowledge.nlu.parse(text, context: ParseContext(language: conversation.language, languageSettled: true))
    }

    /// The topic the words after an opening greeting ask for, read on their own: in «salam alaikum bara
    /// bachem kodakistan mekhastom» the greeting outweighs the request, typed in the same clause.
    private func topicAfterGreeting(in text: String) -> Intent? {
        // As typed: romanised words read better against the phrases typed the same way.
        let words = tokeniser.tokens(text).map(\.original)
        for length in 1...Self.greetingWords where words.count >= length + Self.requestBesideGreeting {
            let greeting = readAlone(words[..<length].joined(separator: " "))
            guard greeting.intent == .greet, greeting.confidence >= NLU.informThreshold else { continue }
            let rest = readAlone(words[length...].joined(separator: " "))
            if rest.intent.isTopic, rest.confidence >= NLU.informThreshold { return rest.intent }
        }
        return nil
    }

    /// How many words an opening greeting may have («hallo», «salam alaikum»).
    static let greetingWords = 2

    /// Where one clause of a message ends and the next begins.
    static let clauseEnds: Set<Character> = [".", "!", "?", ",", ";", ":", "\n", "،", "؟", "؛"]

    /// A topic this close behind a conversational intent is read as well: «Hello, I am 28 and looking
    /// for a German course» greets and asks for a German course.
    static let topicBeside: Float = 0.8
    /// How close behind a conversational intent a topic counts in a message of
    /// `requestBesideGreeting` words or more.
    static let topicBesideGreeting: Float = 0.6
    static let requestBesideGreeting = 3
    /// Intents a message naming a need (`ParseResult.needs`) is read past: it asks for that need.
    static let needReadable: Set<Intent> = [.inform, .outOfScope, .help, .deny, .askContact]

    /// Intents that carry no request of their own: with facts beside them they are answers.
    static let conversational: Set<Intent> = [.greet, .thanks, .help, .deny, .affirm, .outOfScope, .goodbye, .inform, .askContact]

    /// What a message is mainly about, read for everything it says: one label per message no longer
    /// decides what survives of it. A message that gives facts is an answer even when it also greets,
    /// thanks, apologises or says no («sorry, actually I am 26»); a topic close behind a greeting,
    /// a «no» or the facts is the request («no wait, I need a Kita»).
    private func readIntent(_ parse: ParseResult) -> Intent {
        let intent = parse.intent
        // «Er spricht kein Deutsch, nur Arabisch» gives a level and names languages the person speaks:
        // no request to write in another one.
        if intent == .chooseLanguage, filled.contains(.level) { return closeTopic(parse) ?? .inform }
        // «курси німецької пліз», «کلاس آلمانی لطفا»: a language that is a course's subject, not a
        // request to switch (a named language needs the topic close behind).
        if intent == .chooseLanguage,
           let topic = closeTopic(parse, near: parse.first(.language) == nil ? Self.topicBesideGreeting : Self.topicBeside) {
            return topic
        }
        // «ich brauch arbeit», «je cherche du travail», «I need a lawyer»: a need Lotse does not
        // answer itself, unless the message clearly asks for a topic or gives facts.
        if !needs.isEmpty, filled.isEmpty, corrections.isEmpty, factsGiven.isEmpty,
           Self.needReadable.contains(intent) || (intent.isTopic && parse.confidence < NLU.informThreshold) {
            return .outOfScope
        }
        // «Vergiss das mit dem Studium, ich brauche die Anerkennung» drops a topic for another: a
        // change of mind that keeps the facts, not a restart.
        if intent == .restart, let topic = closeTopic(parse, other: conversation.profile.topic, near: changesMind ? 0 : Self.topicBeside)
            ?? (changesMind ? clauseTopic : nil) {
            return topic
        }
        // «aucun niveau, je débute complètement» answers the level question: a message that gives
        // facts does not wipe them.
        if intent == .restart, !filled.isEmpty || !corrections.isEmpty { return .inform }
        // «في ميتفايدا», «в Ростоке, 34»: facts with nothing beside them but a preposition or an age
        // word ask for no new topic, whatever the ranking guesses from them.
        if !parse.entities.isEmpty, intent.isTopic && parse.confidence < Self.topicSwitchConfidence || Self.conversational.contains(intent),
           intent != .goodbye, saysOnlyFacts(parse) {
            return .inform
        }
        // «Everything that fits» is what a vague message resembles: a specific topic close behind is
        // the request («подберите мне курс немецкого»), and an unsure one changes no topic asked for.
        if intent == .askOffers {
            if asksEverything { return intent }
            if let topic = closeTopic(parse) { return topic }
            if conversation.profile.topic != nil, parse.confidence < NLU.informThreshold { return .inform }
        }
        // Starting again wipes the conversation: while a question is open, only when it is clear.
        if intent == .restart, conversation.expecting != nil, parse.confidence < NLU.informThreshold { return .inform }
        // So does a goodbye: an unclear one while a question is open is a message Lotse did not
        // understand («а вы не подскажете хорошего адвоката?» resembles «всего хорошего»).
        if intent == .goodbye, conversation.expecting != nil, parse.confidence < NLU.informThreshold, filled.isEmpty, corrections.isEmpty {
            return .outOfScope
        }
        guard Self.conversational.contains(intent) else { return intent }
        let gaveFacts = !filled.isEmpty || !corrections.isEmpty || !factsGiven.isEmpty
        // «oğlum bir buçuk yaşında» answers the age asked for the Kita: a topic behind the facts of an
        // answer («my son» resembles the school requests) does not replace the one asked for, unless
        // the message says it changes it.
        if intent == .inform, gaveFacts, conversation.profile.topic != nil, !changesMind { return .inform }
        // Beside a greeting, thanks or «no», a message of a few words more says what it wants
        // («hallo brauchen kita», «Привет, интересует Ausbildung»): a topic further behind counts.
        let near = isRequest(words: Self.requestBesideGreeting) ? Self.topicBesideGreeting : Self.topicBeside
        if let topic = closeTopic(parse, near: near) ?? clauseTopic { return topic }
        if gaveFacts, intent != .affirm || conversation.narrowing == nil { return .inform }
        return intent
    }

    /// The best topic of the ranking when it is close behind the top intent and above the threshold.
    /// «Everything for me» is no such topic: it is what a vague message resembles («weiß nicht»).
    /// `other`: a topic the message cannot mean (the one it drops); `near`: how close behind.
    private func closeTopic(_ parse: ParseResult, other: Intent? = nil, near: Float = topicBeside) -> Intent? {
        guard let top = parse.ranking.first?.confidence,
              let topic = parse.ranking.first(where: { $0.intent.isTopic && $0.intent != .askOffers && $0.intent != other }),
              topic.confidence >= NLU.threshold, topic.confidence >= near * top else { return nil }
        return topic.intent
    }

    private mutating func act(on parse: ParseResult) {
        switch conversation.narrowing {
        case .asked(let fact)?:
            conversation.narrowing = nil
            if answerNarrowing(fact, intent: parse.intent) { return }
        case .offered(let fact)? where parse.intent == .affirm && filled.isEmpty && corrections.isEmpty && factsGiven.isEmpty:
            askNarrowing(fact)
            return
        default:
            break
        }
        // «was kostet das?», «gibt's die auch abends?», «а курси для нього можна ввечері?»: after
        // the list, a question about its offers' cost, times or sign-up is answered by their
        // contacts. It is no new search, nor a message Lotse cannot place.
        if asksAboutOffersShown(parse) {
            say("offers_question")
            return
        }
        let intent = readIntent(parse)
        switch intent {
        case .restart:
            conversation = conversation.restarted()
            say("restart_done")
            say("ask_topic", buttons: buttons.topics)
        case .goodbye:
            conversation = conversation.restarted()
            say("goodbye")
        case .thanks:
            say(conversation.offerIDs.isEmpty ? "thanks_reply_open" : "thanks_reply")
            if conversation.offerIDs.isEmpty { repeatQuestion() }
        case .help:
            say("help")
            repeatQuestion()
        case .greet:
            if conversation.profile.isEmpty && conversation.offerIDs.isEmpty {
                if conversation.welcomed {
                    say("greet_again")
                    say("ask_topic", buttons: buttons.topics)
                } else {
                    say("welcome", buttons: buttons.topics)
                }
                conversation.welcomed = true
            } else {
                say("greet_again")
                repeatQuestion()
            }
        case .chooseLanguage:
            chooseLanguage(parse.first(.language)?.value, writtenIn: parse.language)
        case .more:
            if conversation.offerIDs.isEmpty { proceed() } else { showPage() }
        case .askContact:
            showContacts()
        case .affirm:
            // «ok» after a referral: ready for the next topic.
            if conversation.expecting == nil && !conversation.offerIDs.isEmpty && corrections.isEmpty {
                say("ask_topic", buttons: buttons.topics)
            } else { proceed() }
        case .deny:
            if corrections.isEmpty && filled.isEmpty && !conversation.placeOptions.isEmpty {
                conversation.placeOptions = []
                conversation.expecting = .residence
                say("clarify_other_answer")
            } else if corrections.isEmpty && filled.isEmpty && conversation.expecting == nil && !conversation.offerIDs.isEmpty {
                say("deny_reply")
            } else { proceed() }
        case .outOfScope:
            // «I need a lawyer», «ich brauche Arbeit», «where do I get a SIM card?»: where to turn
            // instead, then the question that was open.
            if filled.isEmpty, corrections.isEmpty, let need = needs.first ?? (isRequest() ? TopicSettings.otherNeed : nil) {
                referToCounselling(need)
                // The open question went unanswered all the same (it is not asked a third time), but
                // after an answer of its own it is asked plainly, not «I did not understand».
                answeredOtherwise = true
                // A need named in so many words («advice about my residence papers») is the request
                // until the person asks for another: the list at the end names its counselling.
                // A list already shown is now that counselling's.
                let becomesTopic = conversation.profile.topic == nil && !needs.isEmpty
                if becomesTopic { conversation.profile.topic = .askCounselling; conversation.topicIsGuess = true }
                if conversation.expecting != nil { proceed() } else if becomesTopic && !conversation.offerIDs.isEmpty { refer() } else { repeatQuestion() }
            } else if filled.isEmpty && conversation.expecting == nil {
                say("out_of_scope")
                repeatQuestion()
            } else { proceed() }
        case .inform:
            proceed()
        default:
            // While a question is open, an unsure topic in an answer is an answer; a topic in a message
            // that does not answer the question is a change of mind when it is clear or the message
            // says so («forget the university, I need recognition», «eigentlich lieber Ausbildung»).
            let score = parse.ranking.first { $0.intent == intent }?.confidence ?? 0
            // A topic that was only a guess gives way to the request a later message makes in so many
            // words («…, sucht einen Deutschkurs»).
            let replacesGuess = conversation.topicIsGuess && intent == parse.intent && intent != conversation.profile.topic
                && knowledge.nlu.extractor.asks(tokens)
            // A message that asks for another topic in so many words is a request, facts or not
            // («Sie möchte gern Deutsch lernen. Sie ist 22 …»).
            let asksForIt = intent == parse.intent && conversation.profile.topic != intent && knowledge.nlu.extractor.asks(tokens)
            // A topic read below the threshold changes no request made («ich wohne seit letzter Woche in
            // Chemnitz, nicht mehr Mittweida. was gibts da?» resembles nothing clearly).
            if intent.isTopic, intent == parse.intent, let asked = conversation.profile.topic, asked != intent, parse.confidence < NLU.threshold {
                proceed()
                return
            }
            if intent.isTopic, let expected = conversation.expecting, score < Self.topicSwitchConfidence, !changesMind, !replacesGuess,
               !asksForIt, filled.contains(expected) || score < NLU.informThreshold {
                proceed()
                return
            }
            // «Oh sorry, he's actually 47, I mixed it up», «لا آسف، انتقلنا على لودفيغسلوست»: the words
            // that introduce a correction are change words too; beside a corrected fact only a clear
            // topic changes the request — unless the age given is another person's (an adult's
            // course dropped for «une crèche pour mon fils, il a 2 ans»).
            // Not when the message changes its mind and asks for another («okul için bakabilir
            // misiniz»), or says the request is met («لا استني، الحضانة لقيناها خلاص … ومحتاجة مدرسة»).
            if intent.isTopic, let asked = conversation.profile.topic, asked != intent, !corrections.isEmpty, !ageOfAnotherPerson,
               score < NLU.informThreshold, !(changesMind && (asksForIt || topicsInClauses(parse).had.contains(asked))) {
                proceed()
                return
            }
            // «9 yaşındaki oğlum için» answers the age asked for sports, «désolé c'est pas pour moi,
            // c'est pour ma fille, elle a 16 ans» corrects whose request it is: the facts of a message
            // («9», «years», «my daughter») resemble another request; it counts only when the words
            // beside them ask for it.
            if intent.isTopic, !filled.isEmpty || !corrections.isEmpty, !replacesGuess,
               let asked = conversation.profile.topic, asked != intent, !wordsBesideFacts(parse, ask: intent) {
                proceed()
                return
            }
            // «il parle bien allemand, B1 à l'école», «a1 kursuna gittim», «she is in 6th class»: a
            // fact is often told with the school or course it comes from. A request already made is
            // replaced beside facts only by words that ask or a question («…, jetzt suche ich Kita»).
            if intent.isTopic, !filled.isEmpty, corrections.isEmpty, !changesMind, !replacesGuess,
               let asked = conversation.profile.topic, asked != intent, !asks {
                proceed()
                return
            }
            if intent.isTopic {
                if conversation.profile.topic != intent {
                    conversation.offerIDs = []
                    // A new request answers for itself: the open question comes plainly, not as «I did not understand».
                    answeredOtherwise = true
                    forgetAgeOfAnotherPerson(newTopic: intent)
                    // «can I ask for myself too? I want to do Ausbildung»: the new request is the
                    // writer's, so another person's age and level are theirs, not the writer's.
                    if conversation.ageIsAnotherPersons, !filled.contains(.age), asksForWriter {
                        conversation.profile.age = nil
                        conversation.ageIsAnotherPersons = false
                        if !filled.contains(.level) { conversation.profile.level = nil }
                    }
                }
                conversation.profile.topic = intent
                conversation.topicIsGuess = score < NLU.informThreshold
            }
            proceed()
        }
    }

    // MARK: Facts

    /// Whether the words of a message beside its facts, without the words that say whose age it is,
    /// ask for `topic`, as a whole or in one of its clauses («сад у нас уже есть. мне самой нужны курсы»).
    private func wordsBesideFacts(_ parse: ParseResult, ask topic: Intent) -> Bool {
        let extractor = knowledge.nlu.extractor
        var scalars = Array(parse.residue(keeping: [.language]).unicodeScalars)
        for token in tokeniser.tokens(String(String.UnicodeScalarView(scalars)))
        where extractor.ageWords.contains(token.text) || extractor.ageSubjects.contains(token.text) {
            for index in token.start..<min(token.end, scalars.count) { scalars[index] = " " }
        }
        let words = String(String.UnicodeScalarView(scalars))
        guard words.unicodeScalars.contains(where: \.properties.isAlphabetic) else { return false }
        if topicsInClauses(of: words, withFacts: true).asked.contains(where: { $0.intent == topic }) { return true }
        return readAlone(words).intent == topic
    }

    /// From a child's request to an adult's («the Kita she has; I need a German course») the age
    /// known is the child's, and the other way round: it and the level are asked again unless this
    /// message gave them.
    private mutating func forgetAgeOfAnotherPerson(newTopic: Intent) {
        guard let age = conversation.profile.age, !filled.contains(.age), let old = conversation.profile.topic else { return }
        let forChildren: Set<Intent> = [.askChildcare, .askSchool]
        let forAdults: Set<Intent> = [.askLanguageCourse, .askRecognition, .askCounselling]
        if (forChildren.contains(old) && forAdults.contains(newTopic) && age < Self.adultAge)
            || (forAdults.contains(old) && forChildren.contains(newTopic) && age >= Self.adultAge) {
            conversation.profile.age = nil
            if !filled.contains(.level) { conversation.profile.level = nil }
        }
    }

    /// Several ages in one message («I am 36 and my daughter is 4»): the profile is one person. For a
    /// Kita or school it is the youngest; for a German course, counselling or recognition an adult,
    /// another adult before the writer; otherwise the other person («ich bin 52, meine Tochter ist 19,
    /// sie möchte studieren»). A clause about the writer alone chooses the writer's own age whatever the
    /// topic («Мені 36, чоловіку 39, діти 7 і 15. Давайте спочатку про мене»).
    private func whoseAge(_ ages: [Entity], topic: Intent?) -> Entity? {
        guard ages.count > 1 else { return ages.first }
        if namesWriterAlone, let own = ages.first(where: \.aboutWriter) { return own }
        switch topic {
        case .askChildcare?, .askSchool?:
            return ages.min { (Int($0.value) ?? 0) < (Int($1.value) ?? 0) }
        case .askLanguageCourse?, .askCounselling?, .askRecognition?:
            // An adult's request: children's ages are context («my daughter of 3 is in Kita, the course
            // is for me, I am 31»); another adult's age is given because the request is theirs («my
            // husband is 45 and I am 39, it is for him»).
            let adults = ages.filter { (Int($0.value) ?? 0) >= Self.adultAge }
            return adults.first(where: \.aboutSomeoneElse) ?? adults.first ?? ages.first { !$0.aboutSomeoneElse } ?? ages.first
        default:
            return ages.first(where: \.aboutSomeoneElse) ?? ages.first { !$0.aboutWriter } ?? ages.first
        }
    }

    /// Topics whose offers are for a child: the age asked and given is the child's.
    static let childTopics: Set<Intent?> = [.askChildcare, .askSchool]

    /// Whether `age` is a child's asked for a child's topic (this message's, or the conversation's).
    private func isChildsAge(_ age: Int, topic: Intent?) -> Bool {
        Self.childTopics.contains(topic ?? conversation.profile.topic) && age < Self.adultAge
    }

    /// Whether the age in the profile is another person's than the writer's: said so when it was
    /// given, or a child's age for a child's topic.
    private func isAnotherPersonsAge(_ age: Int, topic: Intent?) -> Bool {
        conversation.ageIsAnotherPersons || isChildsAge(age, topic: topic)
    }

    private mutating func apply(_ entities: [Entity], topic: Intent?, tokens: [Token]) {
        let extractor = knowledge.nlu.extractor
        // For a Kita or a school, a child who already has a place is not the one asked for.
        let meant = extractor.meantAges(entities.filter { $0.kind == .age }, in: tokens)
        let ages = Self.childTopics.contains(topic ?? conversation.profile.topic) ? extractor.stillLooking(meant, in: tokens) : meant
        let chosenAge = whoseAge(ages, topic: topic ?? conversation.profile.topic)
        // One level and one place per message: the one it gives, not its goal or landmark (`given`).
        var levels = entities.filter { $0.kind == .languageLevel }
        // A level after another person's age is that person's («I have B1, my son is 18 and speaks no German»).
        if let age = chosenAge, age.aboutSomeoneElse, let after = levels.first(where: { $0.start > age.start }) { levels = [after] }
        // For another person's request, the writer's own level is not theirs: beside the other
        // person's («Elle ne parle pas allemand, elle a jamais appris. Moi je parle un peu»), or told
        // with the writer's own age («me i am 31 and B1 already, but the course is for her only»).
        // Alone, a clause opening with «I» may still be about the other («je dirais B1»). Not when the
        // writer asks for themselves («What about me? I am 29, A2»).
        if conversation.ageIsAnotherPersons || chosenAge?.aboutSomeoneElse == true, !(asks && asksForWriter) {
            let own = levels.filter { extractor.isWritersOwn($0, in: tokens, language: conversation.language) }
            if own.count < levels.count {
                levels.removeAll { own.contains($0) }
            } else {
                levels.removeAll { level in
                    entities.contains { $0.kind == .age && $0.aboutWriter && EntityExtractor.sameClause($0, level, in: tokens) }
                }
            }
        }
        // Praise is no level: «Vielen Dank, sehr gut!» says nothing of German unless it names it or
        // answers the level question.
        if conversation.expecting != .level, conversation.lastIntent.map(Self.politeTalk.contains) == true,
           !extractor.namesLevelLanguage(tokens) { levels.removeAll { $0.extractor == EntityExtractor.levelPhrase } }
        // A code says more than words: «ну так немного, а2» is A2.
        if levels.contains(where: { $0.extractor == EntityExtractor.levelCode }) { levels.removeAll { $0.extractor == EntityExtractor.levelPhrase } }
        // So does a postcode: «J'habite au 55122» (not Au in Baden-Württemberg).
        // A name the postcode agrees with chooses among the postcode's places («mittweida, 09648»).
        var places = entities.filter { $0.kind == .residence }
        if let postcode = places.first(where: { $0.extractor == EntityExtractor.postcode }) {
            let agreeing = places.filter { $0 != postcode && !Set($0.places).isDisjoint(with: postcode.places) }
            places = agreeing.isEmpty ? [postcode] : agreeing
        }
        let chosen = [extractor.given(levels, in: tokens), extractor.given(places, in: tokens)].compactMap { $0 }
        for entity in entities where ![.languageLevel, .residence].contains(entity.kind) || chosen.contains(entity) {
            // «Ihr Enkel ist 16, für den bräuchten wir auch mal was, aber jetzt erst mal für die Frau
            // selbst»: a fact put off with its request fills a gap, but replaces nothing known.
            if isPutOff(entity), conversation.profile.knows(entity) { continue }
            switch entity.kind {
            case .age:
                guard entity == chosenAge, let age = Int(entity.value) else { continue }
                // With the age known and not asked, a number the message does not call an age corrects
                // nothing unless the message says it corrects («wir sind zu fünft in 3 Zimmern», «on est
                // arrivés il y a 3 semaines»). A number alone is a choice of an earlier screen while a
                // question is open («2»; no screen has more buttons than `buttonNumbers`), and a
                // correction after the list or when larger («32» while the place is asked).
                if let old = conversation.profile.age, old != age, conversation.expecting != .age, !changesMind,
                   tokens.count == 1 && tokens[0].isNumber ? conversation.expecting != nil && age <= Self.buttonNumbers : !entity.saidAsAge { continue }
                // «Kein Deutsch. Ich bin neu hier, 2 Monate»: months are a baby's age. Beside an older
                // person's age known, outside a child's request and with no person word claiming them,
                // they say how long something has been.
                if let old = conversation.profile.age, old > age, old >= Self.adultAge, conversation.expecting != .age,
                   !entity.aboutSomeoneElse, !Self.childTopics.contains(topic ?? conversation.profile.topic),
                   extractor.saysMonths(entity, in: tokens) { continue }
                // The writer's own age beside another person's request («I'm 27 and my husband 30, we
                // need a place for her»): the request's age stays. Not when the writer corrects it or
                // asks for something else now («хотя нет, … мне самой нужны курсы, мне 31»), or asks
                // for themselves as well («وانا هم اريد اسجل بالرياضه، عمري 38»).
                if entity.aboutWriter, let old = conversation.profile.age, old != age, !changesMind, !(asks && asksForWriter),
                   topic == nil || topic == conversation.profile.topic, isAnotherPersonsAge(old, topic: topic) { continue }
                // Nor does an adult's beside a child's request («she is 3 … my wife is 34, we both work»).
                if let old = conversation.profile.age, isChildsAge(old, topic: topic), age >= Self.adultAge, !changesMind { continue }
                if let old = conversation.profile.age, old != age {
                    corrections.append(presenter.text("summary_age", ["count": String(age)]))
                    // Across the age of majority, another person's age — unless only a year or two apart:
                    // «she turned 18 last week» corrects the 17 of the same daughter.
                    ageOfAnotherPerson = (old < Self.adultAge) != (age < Self.adultAge) && abs(old - age) > Self.correctedAgeGap
                }
                conversation.profile.age = age
                // «ich bin 17 und such ne schule»: a young writer's own age is theirs, school or not.
                conversation.ageIsAnotherPersons = entity.aboutSomeoneElse || isChildsAge(age, topic: topic) && !entity.aboutWriter
                filled.insert(.age)
            case .languageLevel:
                guard let level = CEFRLevel(code: entity.value) else { continue }
                // The level a course is wanted for leaves the one the person has («курси німецької,
                // щоб до B2 дотягнути» after «Б1»); it stands in only while none is known.
                if conversation.profile.level != nil, conversation.expecting != .level, extractor.isGoal(entity, in: tokens) { continue }
                // «شنو الشروط؟ لازم يكون عندي C1؟», «braucht man dafür B2?»: a level in a question asks
                // about it; the level known stays.
                if conversation.profile.level != nil, conversation.expecting != .level, isInQuestion(entity) { continue }
                // Words say less than a code: «Deutsch kann ich ja schon ein bisschen» leaves the B1
                // given before, unless the level is asked or the words correct it («nein, nur ein bisschen»).
                if let old = conversation.profile.level, old != level, level != .none, entity.extractor == EntityExtractor.levelPhrase,
                   conversation.expecting != .level,
                   !extractor.correctsNear(entity, in: tokens, languages: [conversation.language]) { continue }
                if let old = conversation.profile.level, old != level { corrections.append(presenter.text("summary_level", ["level": presenter.level(level)])) }
                conversation.profile.level = level
                filled.insert(.level)
            case .residence:
                // «do you know a flat in Hamburg?»: a place in a question about a need Lotse does not
                // answer is where that need is, not where the person lives now («wir sind umgezogen,
                // wir wohnen jetzt in Rostock» tells where).
                if !needs.isEmpty, asks, conversation.profile.residence != nil, !changesMind { continue }
                // «Neustadt, the one at the Weinstraße»: the message's other words may choose among the places of the name.
                if var place = entity.places.count == 1 ? entity.places[0]
                    : chosenOption(tokens, among: entity.places) ?? knowledge.gazetteer.townEveryoneMeans(entity.places) {
                    // «Which Neustadt?» — «the one near Ludwigslust»: a place of the district of one option.
                    if !conversation.placeOptions.contains(place), let district = place.districtKey {
                        let near = conversation.placeOptions.filter { $0.districtKey == district }
                        if near.count == 1 { place = near[0] }
                    }
                    let old = conversation.profile.residence
                    setResidence(place)
                    if let old, old != place { corrections.append(presenter.placeName(place)) }
                } else if entity.places.count > 1 {
                    conversation.placeOptions = entity.places
                    filled.insert(.residence)
                    // A place given after the question was given up («نويشتات» after the list) is asked
                    // about afresh: which of its places is meant.
                    conversation.skipped.remove(.residence)
                    conversation.failures[.residence] = 0
                } else {
                    notes.append(presenter.message("place_unknown_postcode", ["postcode": entity.text]))
                }
            case .language:
                continue
            case .fact:
                takeFact(entity.value)
            }
        }
        if !corrections.isEmpty && !conversation.offerIDs.isEmpty {
            notes.append(presenter.message("updated", ["changes": corrections.joined(separator: ", ")]))
        }
    }

    /// A fact given as «name=value»: a value of `facts.yml`, or «unknown»/«declined» from a skip button.
    private mutating func takeFact(_ given: String) {
        guard let (fact, value) = knowledge.facts.answer(given) else { return }
        if value == FactAnswer.unknown || value == FactAnswer.declined {
            conversation.declinedFacts.insert(fact.name)
            factsSkipped.insert(fact.name)
            return
        }
        if let old = conversation.profile.facts[fact.name], old != value, !fact.sensitive {
            corrections.append(presenter.text(fact.valueKey(value)))
        }
        conversation.profile.facts[fact.name] = value
        conversation.declinedFacts.remove(fact.name)
        factsGiven.insert(fact.name)
    }

    private mutating func setResidence(_ place: Place) {
        conversation.profile.residence = place
        conversation.placeOptions = []
        filled.insert(.residence)
        if !knowledge.gazetteer.isPilot(place) {
            notes.append(presenter.message("place_outside", ["place": place.name, "state": knowledge.gazetteer.stateName(place.stateKey)]))
        }
    }

    private mutating func chooseLanguage(_ code: String?, writtenIn written: String) {
        guard let code else {
            say("ask_language", buttons: buttons.languages)
            return
        }
        guard knowledge.languages[code] != nil else {
            // «write in Kurdish», typed in English: the answer comes in the language it was asked in.
            if !conversation.languageChosen, knowledge.languages[written] != nil { conversation.language = written }
            let name = LanguageNames.name(of: code, in: knowledge.language(conversation.language))
            say("language_unavailable", ["language": name], buttons: buttons.languages)
            return
        }
        conversation.language = code
        conversation.languageChosen = true
        say("language_switched")
        repeatQuestion()
    }

    // MARK: Asking and referring

    /// Asks for the next missing fact, or refers when nothing is missing.
    mutating func proceed() {
        // Every time a question goes unanswered counts, whatever came instead, so none is asked a third time.
        if let expected = conversation.expecting, !filled.contains(expected) {
            conversation.failures[expected, default: 0] += 1
        }
        if !conversation.placeOptions.isEmpty {
            askPlaceChoice()
            return
        }
        let profile = conversation.profile
        if profile.isEmpty {
            conversation.expecting = nil
            messages += notes
            notes = []
            say("ask_topic", buttons: buttons.topics)
            return
        }
        if let slot = nextSlot() {
            ask(slot)
        } else {
            refer()
        }
    }

    private func nextSlot() -> Slot? {
        let profile = conversation.profile
        for slot in knowledge.topics.slots(for: profile.topic) where !conversation.skipped.contains(slot) {
            switch slot {
            case .age where profile.age == nil: return .age
            case .level where profile.level == nil:
                if let age = profile.age, age < knowledge.topics.levelQuestionFromAge { continue }
                return .level
            case .residence where profile.residence == nil: return .residence
            default: continue
            }
        }
        return nil
    }

    private mutating func ask(_ slot: Slot) {
        messages += notes
        notes = []
        let failures = conversation.failures[slot, default: 0]
        if failures >= 2 {
            conversation.skipped.insert(slot)
            conversation.expecting = nil
            say("skip_\(slot.rawValue)")
            if let next = nextSlot() { ask(next) } else { refer() }
            return
        }
        conversation.expecting = slot
        // A message that gave other facts («A1» while the place is asked) gets the plain question again,
        // not «I did not understand».
        let retry = failures == 1 && filled.isEmpty && corrections.isEmpty && factsGiven.isEmpty && !answeredOtherwise
        switch slot {
        case .age:
            let child = Self.childTopics.contains(conversation.profile.topic)
            say(retry ? "retry_age" : (child ? "ask_age_child" : "ask_age"))
        case .level:
            say(retry ? "retry_level" : "ask_level", buttons: buttons.levels)
        case .residence:
            say(retry ? "retry_residence" : "ask_residence")
        }
    }

    private mutating func askPlaceChoice() {
        messages += notes
        notes = []
        if conversation.failures[.residence, default: 0] >= 2 {
            conversation.placeOptions = []
            ask(.residence)
            return
        }
        conversation.expecting = .residence
        var buttons = conversation.placeOptions.map { place in
            Button(title: presenter.placeName(place), payload: "/inform{\"residence\":\"\(knowledge.gazetteer.reference(place))\"}")
        }
        buttons.append(Button(title: presenter.text("clarify_other"), payload: "/deny"))
        say("clarify_place", ["count": String(conversation.placeOptions.count)], buttons: buttons)
    }

    private mutating func repeatQuestion() {
        if !conversation.placeOptions.isEmpty { askPlaceChoice(); return }
        if let slot = conversation.expecting { ask(slot); return }
        // Nothing known but a guessed topic: what the person looks for is still the question.
        var known = conversation.profile
        if conversation.topicIsGuess { known.topic = nil }
        if known.isEmpty { say("ask_topic", buttons: buttons.topics) }
    }

    /// Gives the list of fitting offers. `recount` is false when a narrowing answer refines the same
    /// enquiry, so the statistics count it once.
    private mutating func refer(recount: Bool = true) {
        conversation.expecting = nil
        messages += notes
        notes = []
        conversation.narrowing = nil
        let referral = engine.referrals.refer(conversation.profile)
        if recount { enquiry = Enquiry(referral: referral, language: conversation.language, gazetteer: knowledge.gazetteer) }
        conversation.offerIDs = referral.matches.map(\.offer.id)
        conversation.shown = 0
        let place = conversation.profile.residence
        if referral.matches.isEmpty {
            say("referral_none")
            showContacts()
            return
        }
        if let place, knowledge.gazetteer.isPilot(place), !referral.hasLocalMatch {
            say("referral_nothing_local", ["region": presenter.regionName(place.regionKey)])
        }
        say("referral_intro", ["count": String(referral.matches.count), "profile": presenter.profileSummary(conversation.profile)])
        // Why each offer fits, rendered once for both the text and the machine-readable payload.
        let presenter = presenter
        let reasons = Dictionary(referral.matches.map { ($0.offer.id, presenter.reason($0.reasons)) }, uniquingKeysWith: { first, _ in first })
        showPage(referral: referral, reasons: reasons)
        messages.append(BotMessage(custom: presenter.payload(referral, reasons: reasons)))
        offerNarrowing(referral)
    }

    // MARK: Narrowing the list with one more fact

    /// After a list: offers to ask for the fact whose answer would change the most listed offers —
    /// never one that changes nothing, never more than `facts.maxQuestions` in a conversation, never
    /// one the person skipped. The question says why it is asked and can always be skipped.
    private mutating func offerNarrowing(_ referral: Referral) {
        let settings = knowledge.facts
        guard conversation.askedFacts.count < settings.maxQuestions else { return }
        // Only what the person sees counts: the offers of the page just shown.
        let visible = referral.matches.filter { conversation.offerIDs.prefix(conversation.shown).contains($0.offer.id) }
        let open = Referral.openFacts(of: visible).filter { !conversation.askedFacts.contains($0.key) && !conversation.declinedFacts.contains($0.key) }
        guard let best = open.max(by: { ($0.value, -settings.rank(of: $0.key)) < ($1.value, -settings.rank(of: $1.key)) }),
              let fact = settings.fact(named: best.key) else { return }
        conversation.narrowing = .offered(fact: fact.name)
        say("narrow_offer", ["count": String(visible.filter(\.isConditional).count)],
            buttons: [Button(title: presenter.text("button_narrow"), payload: "/affirm")])
    }

    /// The question for one fact, its values and the two ways to skip it as numbered choices. While it
    /// is open a number answers it, never names an offer.
    private mutating func askNarrowing(_ name: String) {
        guard let fact = knowledge.facts.fact(named: name) else { return }
        if !conversation.askedFacts.contains(fact.name) { conversation.askedFacts.append(fact.name) }
        conversation.narrowing = .asked(fact: fact.name)
        var buttons = fact.values.map { Button(title: presenter.text(fact.valueKey($0)), payload: "/inform{\"fact\":\"\(fact.name)=\($0)\"}") }
        buttons.append(Button(title: presenter.text("fact_answer_unknown"), payload: "/inform{\"fact\":\"\(fact.name)=\(FactAnswer.unknown)\"}"))
        buttons.append(Button(title: presenter.text("fact_answer_declined"), payload: "/inform{\"fact\":\"\(fact.name)=\(FactAnswer.declined)\"}"))
        say("narrow_question", ["question": presenter.text(fact.questionKey), "reason": presenter.text(fact.reasonKey)], buttons: buttons)
    }

    /// The answer to a narrowing question. Returns false when the message is about something else,
    /// which is then handled as usual (the question is not asked again either way).
    private mutating func answerNarrowing(_ fact: String, intent: Intent) -> Bool {
        if !factsGiven.isEmpty {
            say("narrowed")
            refer(recount: false)
            return true
        }
        if factsSkipped.contains(fact) || (filled.isEmpty && corrections.isEmpty && [.deny, .outOfScope, .affirm].contains(intent)) {
            conversation.declinedFacts.insert(fact)
            say("fact_skipped")
            return true
        }
        return false
    }

    private mutating func showPage(referral given: Referral? = nil, reasons: [String: String] = [:]) {
        let referral = given ?? engine.referrals.refer(conversation.profile)
        let matches = referral.matches.filter { conversation.offerIDs.contains($0.offer.id) }
        guard conversation.shown < matches.count else {
            say("no_more", buttons: [Button(title: presenter.text("button_other_topic"), payload: "/ask_offers"),
                                     Button(title: presenter.text("button_restart"), payload: "/restart")])
            return
        }
        // The first page of a list without a topic is the overview, grouped by topic under headings.
        let first = conversation.shown == 0 && !referral.groups.isEmpty
        let size = first ? referral.firstPageSize(pageSize: knowledge.topics.pageSize) : knowledge.topics.pageSize
        var headings: [Int: Intent] = [:]
        if first {
            var start = 0
            for group in referral.groups { headings[start] = group.topic; start += group.count }
        }
        let page = matches[conversation.shown..<min(matches.count, conversation.shown + size)]
        for (offset, match) in page.enumerated() {
            if let topic = headings[offset] { say("group_heading", ["topic": presenter.topicTitle(topic)]) }
            messages.append(BotMessage(text: presenter.offerBlock(match, index: conversation.shown + offset + 1, reason: reasons[match.offer.id])))
        }
        conversation.shown += page.count
        var buttons: [Button] = []
        let remaining = matches.count - conversation.shown
        if remaining > 0 { buttons.append(Button(title: presenter.text("button_more"), payload: "/more")) }
        buttons.append(Button(title: presenter.text("button_other_topic"), payload: "/ask_offers"))
        buttons.append(Button(title: presenter.text("button_restart"), payload: "/restart"))
        var footer = [remaining > 0 ? presenter.text("more_hint", ["count": String(remaining)]) : presenter.text("details_hint")]
        if let office = referral.coordinationOffice {
            footer.append(presenter.text("office_hint", ["office": presenter.localized(office.title), "contact": presenter.contactLine(office.contact)]))
        }
        messages.append(BotMessage(text: footer.joined(separator: "\n"), buttons: buttons))
    }

    private mutating func showDetails(of id: String) {
        guard let offer = knowledge.offer(id: id) else { return }
        say("details_intro")
        messages.append(BotMessage(text: presenter.offerDetails(offer)))
    }

    /// The coordination office of the person's district, else the nationwide contact points.
    private mutating func showContacts() {
        var contacts: [Offer] = []
        if let office = engine.referrals.coordinationOffice(for: conversation.profile.residence) { contacts.append(office) }
        contacts += knowledge.fallbackContacts
        say("contact_intro")
        sayContacts(contacts)
        repeatQuestion()
    }

    /// Where to turn with a need Lotse does not answer itself, for where the person lives (the
    /// nationwide contact points when nothing fits).
    private mutating func referToCounselling(_ need: String) {
        let categories = knowledge.topics.needs[need] ?? knowledge.topics.needs[TopicSettings.otherNeed] ?? []
        let contacts = engine.referrals.counselling(categories, for: conversation.profile, limit: knowledge.topics.needContacts)
        say("need_contacts_intro")
        sayContacts(contacts.isEmpty ? knowledge.fallbackContacts : contacts)
    }

    private mutating func sayContacts(_ offers: [Offer]) {
        for offer in offers {
            messages.append(BotMessage(text: "\(presenter.localized(offer.title))\n\(presenter.contactLine(offer.contact, full: true))"))
        }
    }

    /// Nothing but facts and the words that carry them (prepositions, age words).
    private func saysOnlyFacts(_ parse: ParseResult) -> Bool {
        let extractor = knowledge.nlu.extractor
        return tokeniser.tokens(parse.residue).allSatisfy {
            $0.isNumber || extractor.placePrepositions.contains($0.text) || extractor.ageWords.contains($0.text)
        }
    }

    /// A question about the offers of the list on screen: nothing else is open, it gives no age,
    /// level or place («а вечером есть? я днем работаю» may say what the person does), it is no
    /// question about a need Lotse does not answer («was kostet ein Anwalt?»), and no other topic is
    /// clearly asked for instead («was kann ich abends machen?»).
    private func asksAboutOffersShown(_ parse: ParseResult) -> Bool {
        guard !conversation.offerIDs.isEmpty, conversation.expecting == nil, conversation.placeOptions.isEmpty,
              filled.isEmpty, corrections.isEmpty, needs.isEmpty || parse.intent != .outOfScope, !changesMind,
              // «а что ещё есть?» asks for more; an unsure «more» beside a question's words is the question
              // («а по выходным есть?»).
              !Self.otherActions.contains(parse.intent) || parse.confidence < NLU.informThreshold,
              knowledge.nlu.extractor.asksAboutOffers(tokens) else { return false }
        // A clear other topic is a new request («и курсы для мужа вечером есть?») — unless only the
        // question's own words make it one («а ввечері є?» resembles the evening leisure phrases).
        // «Everything» is no other topic: «бесплатно есть что нибудь?» asks about the offers shown.
        if parse.intent.isTopic, parse.intent != .askOffers, parse.intent != conversation.profile.topic, parse.confidence >= NLU.informThreshold {
            let rest = knowledge.nlu.extractor.withoutOfferQuestionWords(tokens).map(\.text).joined(separator: " ")
            let reading = readAlone(rest)
            if reading.intent == parse.intent, reading.confidence >= NLU.threshold { return false }
        }
        return asks || !Self.politeTalk.contains(parse.intent)
    }

    /// Intents that ask Lotse to do something else than answer about the list («start again», «more»).
    static let otherActions: Set<Intent> = [.restart, .more, .chooseLanguage, .help]

    /// Intents that are talk around a request, not one: «danke, bis abends» asks nothing.
    static let politeTalk: Set<Intent> = [.greet, .thanks, .goodbye, .affirm, .deny]

    /// Whether the message speaks of the writer («for myself», «kendim için») and of no other person.
    private var asksForWriter: Bool {
        let extractor = knowledge.nlu.extractor
        return tokens.contains { extractor.selfWords.contains($0.text) } && !tokens.contains { extractor.ageSubjects.contains($0.text) }
    }

    /// Whether a clause without a number turns to the writer and to no other person («first about
    /// me», «önce kendim için»): a self word and a change word. Beside several people's ages, it
    /// says whose the request is; a self word alone does not («Ich (41) und mein Sohn (15)»).
    private var namesWriterAlone: Bool {
        let extractor = knowledge.nlu.extractor
        var clauseStart = 0
        for end in tokens.indices where end + 1 == tokens.count || !EntityExtractor.continuesClause(at: end + 1, tokens) {
            let clause = tokens[clauseStart...end]
            clauseStart = end + 1
            if clause.contains(where: { extractor.selfWords.contains($0.text) }), extractor.changesMind(Array(clause), languages: [conversation.language]),
               !clause.contains(where: { $0.isNumber || extractor.ageSubjects.contains($0.text) }) { return true }
        }
        return false
    }

    /// The question marks of the scripts Lotse reads.
    static let questionMarks: Set<Character> = ["?", "؟", "？"]

    /// A message of several words: a request, where one or two words out of scope may be anything.
    private func isRequest(words: Int = requestWords) -> Bool {
        tokens.filter { !$0.isNumber }.count >= words
    }

    static let requestWords = 4

    // MARK: Output

    private mutating func say(_ key: String, _ arguments: MessageArguments = [:], buttons: [Button] = []) {
        messages.append(presenter.message(key, arguments, buttons: buttons))
    }
}

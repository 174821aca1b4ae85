/// What the dialogue is waiting for, so that a bare answer («34», «A1», «Parchim») can be read in
/// the context of the question just asked.
public enum Slot: String, Sendable, Codable, CaseIterable {
    case age, level, residence
}

/// Finds ages, German levels, places and language names in tokens. Everything it knows comes from
/// data: the gazetteer, number words, level and language phrases of the intents files, and the
/// language files' age words, place prepositions and inflection endings.
public struct EntityExtractor: Sendable {
    let gazetteer: Gazetteer
    let numberWords: PhraseIndex<Int>
    /// Number words of `NumberWords.typoLength` letters or more, for a word typed one letter off.
    let longNumberWords: [(word: [Unicode.Scalar], value: Int)]
    let levelPhrases: PhraseIndex<CEFRLevel>
    let languageNames: PhraseIndex<String>
    /// Phrases for the values of facts («anerkannt» → status=recognised_protection).
    let factPhrases: PhraseIndex<String>
    let ageWords: Set<String>
    /// Words for whom an age is given («son», «сыну»); see `isAgeOfSubject`.
    let ageSubjects: Set<String>
    /// Words of the writer («ich», «мне», «خودم»); see `Entity.aboutWriter`.
    let selfWords: Set<String>
    let placePrepositions: Set<String>
    /// Words right after a place name in verb-final languages (see `LanguagePack.placeFollowers`).
    let placeFollowers: Set<String>
    /// Negation words of all languages, and the language whose negated name is «no level» (German).
    let negations: Set<String>
    let levelLanguage: String?
    /// Month words of all languages: «7 Monate» is the age 0, «18 mois» 1.
    let monthWords: Set<String>
    /// Words and phrases of all languages that change a request (see `changesMind`).
    let changeWords: PhraseIndex<String>
    /// Words and phrases of all languages saying something is already the case (`already_words`).
    let alreadyWords: PhraseIndex<String>
    /// Words and phrases of all languages that ask for something (`request_words`).
    let requestWords: PhraseIndex<String>
    /// Words and phrases of all languages that ask about offers shown (`offer_question_words`).
    let offerQuestionWords: PhraseIndex<String>
    /// Words right before a level code that make it a goal (`goal_words`).
    let goalWords: PhraseIndex<String>
    /// Words right after a level code that make it a goal (`goal_words_after`).
    let goalWordsAfter: PhraseIndex<String>
    /// Words that put a clause's request off, and words that name the request for now (`later_words`,
    /// `now_words`; see `putOffClauses`).
    let laterWords: PhraseIndex<String>
    let nowWords: PhraseIndex<String>
    /// Words beside a number that make it an age still to come (`future_words`).
    let futureWords: PhraseIndex<String>
    /// Words and phrases of all languages that make a number a span of time, before it and after
    /// it or its unit (`duration_before`, `duration_after`).
    let durationBefore: PhraseIndex<String>
    let durationAfter: PhraseIndex<String>
    /// Each language's negations on their own: the word after another language's «already» is not
    /// negated by a word of a third («déjà à la crèche»: «la» is Arabic «no»).
    let negationsByLanguage: [String: Set<String>]
    /// Each language's self words on their own: «im» is English «I'm» and German «in the».
    let selfWordsByLanguage: [String: Set<String>]
    /// Words and phrases of all languages naming a need Lotse does not answer itself (see `needs`).
    let needWords: PhraseIndex<String>
    /// Inflection endings, longest first.
    let placeSuffixes: [String]
    /// Ordinary words of the training phrases: a place name that is also an ordinary word needs
    /// context, and only unknown words are checked for typos or inflection.
    let vocabulary: Set<String>
    let cefrLookalikes: [Character: Character]
    /// `placeSuffixes` as scalars, for the suffix test run on every unknown word.
    private let placeSuffixScalars: [[Unicode.Scalar]]
    /// The lengths (in characters) of the age words a longer word may start with (`isAgeWord`),
    /// so a word is checked by a few set lookups of its beginnings, not against every age word of
    /// every language (there are hundreds, and the test runs around every number).
    private let agePrefixLengths: [Int]

    init(gazetteer: Gazetteer, numberWords: PhraseIndex<Int>, longNumberWords: [(word: [Unicode.Scalar], value: Int)] = [], levelPhrases: PhraseIndex<CEFRLevel>,
         languageNames: PhraseIndex<String>, factPhrases: PhraseIndex<String>, ageWords: Set<String>, ageSubjects: Set<String>, selfWords: Set<String> = [], placePrepositions: Set<String>, placeFollowers: Set<String> = [],
         negations: Set<String> = [], levelLanguage: String? = nil, monthWords: Set<String> = [],
         changeWords: PhraseIndex<String> = PhraseIndex(), alreadyWords: PhraseIndex<String> = PhraseIndex(), negationsByLanguage: [String: Set<String>] = [:], selfWordsByLanguage: [String: Set<String>] = [:], requestWords: PhraseIndex<String> = PhraseIndex(), offerQuestionWords: PhraseIndex<String> = PhraseIndex(), durationBefore: PhraseIndex<String> = PhraseIndex(), durationAfter: PhraseIndex<String> = PhraseIndex(), goalWords: PhraseIndex<String> = PhraseIndex(), goalWordsAfter: PhraseIndex<String> = PhraseIndex(), laterWords: PhraseIndex<String> = PhraseIndex(), nowWords: PhraseIndex<String> = PhraseIndex(), futureWords: PhraseIndex<String> = PhraseIndex(), needWords: PhraseIndex<String> = PhraseIndex(),
         placeSuffixes: [String], vocabulary: Set<String>, cefrLookalikes: [Character: Character]) {
        self.gazetteer = gazetteer
        self.numberWords = numberWords
        self.longNumberWords = longNumberWords
        self.levelPhrases = levelPhrases
        self.languageNames = languageNames
        self.factPhrases = factPhrases
        self.ageWords = ageWords
        self.ageSubjects = ageSubjects
        self.selfWords = selfWords
        self.placePrepositions = placePrepositions
        self.placeFollowers = placeFollowers
        self.negations = negations
        self.levelLanguage = levelLanguage
        self.monthWords = monthWords
        self.changeWords = changeWords
        self.alreadyWords = alreadyWords
        self.negationsByLanguage = negationsByLanguage
        self.selfWordsByLanguage = selfWordsByLanguage
        self.requestWords = requestWords
        self.offerQuestionWords = offerQuestionWords
        self.goalWords = goalWords
        self.goalWordsAfter = goalWordsAfter
        self.laterWords = laterWords
        self.nowWords = nowWords
        self.futureWords = futureWords
        self.durationBefore = durationBefore
        self.durationAfter = durationAfter
        self.needWords = needWords
        self.placeSuffixes = placeSuffixes
        self.vocabulary = vocabulary
        self.cefrLookalikes = cefrLookalikes
        self.placeSuffixScalars = placeSuffixes.map { Array($0.unicodeScalars) }
        self.agePrefixLengths = Set(ageWords.map(\.count).filter { $0 >= 3 }).sorted()
    }

    public static let plausibleAges = 0...110

    /// The needs a message names that Lotse does not answer itself («Anwalt» → legal), in order.
    public func needs(_ tokens: [Token]) -> [String] {
        var found: [String] = []
        for index in tokens.indices {
            for need in needWords.longestMatch(in: tokens, at: index)?.values ?? [] where !found.contains(need) { found.append(need) }
        }
        return found
    }

    /// Whether the message says it changes a request («eigentlich», «no wait», «laisse tomber»).
    ///
    /// A short change word of none of `languages` does not count: German «ne» («nein») is French «ne»
    /// of «je ne le parle pas».
    public func changesMind(_ tokens: [Token], languages: Set<String>? = nil) -> Bool {
        tokens.indices.contains { index in
            guard let match = changeWords.longestMatch(in: tokens, at: index) else { return false }
            let letters = tokens[index..<(index + match.length)].reduce(0) { $0 + $1.text.count }
            return languages.map { !$0.isDisjoint(with: match.values) } != false || letters >= Self.foreignChangeWord
        }
    }

    /// Whether the clause of a fact, or a short clause right before it, corrects: a change word or a
    /// negation («Nein, ich kann nur ein bisschen»). «Eigentlich brauche ich eher eine Ausbildung.
    /// Deutsch kann ich ja schon ein bisschen» changes the request, not the level.
    public func correctsNear(_ value: Entity, in tokens: [Token], languages: Set<String>) -> Bool {
        guard let first = tokens.firstIndex(where: { $0.end > value.start }) else { return false }
        let clauses = Self.clauses(tokens)
        let own = clauses.lastIndex { $0.lowerBound <= first } ?? 0
        // The clause before counts when it is a word or two («Nein, …»), not a sentence of its own.
        let from = own > 0 && clauses[own - 1].count <= Self.shortClause ? clauses[own - 1].lowerBound : clauses[own].lowerBound
        let words = Array(tokens[from..<first])
        return changesMind(words, languages: languages) || words.contains { negations.contains($0.text) }
    }

    /// The clauses of a message as ranges of token indices: a clause ends where anything but one space
    /// stands between two words (`continuesClause`).
    public static func clauses(_ tokens: [Token]) -> [Range<Int>] {
        var clauses: [Range<Int>] = [], start = 0
        for index in tokens.indices.dropFirst() where !continuesClause(at: index, tokens) {
            clauses.append(start..<index)
            start = index
        }
        if !tokens.isEmpty { clauses.append(start..<tokens.count) }
        return clauses
    }

    /// How many words a clause before a fact may have and still introduce it («Nein, …», «ah sorry, …»).
    static let shortClause = 2

    /// How many letters a change word of another language needs to count («sorry» in a German message).
    static let foreignChangeWord = 4

    /// Whether a phrase of `index` stands anywhere in the tokens.
    private static func contains(_ index: PhraseIndex<String>, in tokens: [Token]) -> Bool {
        tokens.indices.contains { index.longestMatch(in: tokens, at: $0) != nil }
    }

    /// Whether a clause says what is already the case («sie geht schon in die Kita», «kreşe gidiyor
    /// zaten»): it tells what the person has, not what they ask for. Not with a negation right
    /// after it: «still» before «not» is «not yet» («er hat immer noch keinen Platz»).
    public func saysAlready(_ tokens: [Token]) -> Bool {
        tokens.indices.contains { index in
            guard let match = alreadyWords.longestMatch(in: tokens, at: index) else { return false }
            let after = index + match.length
            return after >= tokens.count || !match.values.contains { negationsByLanguage[$0]?.contains(tokens[after].text) == true }
        }
    }

    /// Of several values of one kind in one message, the one the person gives as theirs: the
    /// first, unless a correction stands between it and a later one («A2, nein, B1», «Rostock
    /// değil, Güstrow»). A value right after a negation is one they do not mean («nicht Rostock,
    /// sondern Güstrow»). The other values are what is said around it: a goal («B2, hopefully C1
    /// soon»), what came before («A2, j'ai fait le A1 en France»), a landmark («Flöha, near
    /// Chemnitz»), a part of the town («в Ростоке, в Лютен Кляйне»).
    public func given(_ values: [Entity], in tokens: [Token]) -> Entity? {
        guard values.count > 1 else { return values.first }
        func first(_ value: Entity) -> Int { tokens.firstIndex { $0.end > value.start } ?? tokens.count }
        func last(_ value: Entity) -> Int { tokens.lastIndex { $0.start < value.end } ?? 0 }
        // «kein Deutsch» is itself a value, not a negated one.
        // Nor one a negation follows in verb-final languages («Döbeln değil», «دوبلن نیستم»).
        var meant = values.filter { value in
            value.extractor == Self.negatedLanguage
                || !(max(0, first(value) - 2)..<first(value)).contains { negations.contains(tokens[$0].text) }
                    && !(last(value) + 1 < tokens.count && negations.contains(tokens[last(value) + 1].text)
                         && Self.continuesClause(at: last(value) + 1, tokens))
        }
        // A level asked for is a goal («ich suche Deutschkurs für B2, ich habe B1 bestanden»).
        let goals = meant.filter { $0.kind == .languageLevel && isAskedFor(at: first($0), tokens) }
        if goals.count < meant.count { meant.removeAll { goals.contains($0) } }
        // A place after a preposition is where the person is («deutsch wenig, wohne in Lübz»: not
        // «wenig», which is one letter from Penig).
        let placed = meant.filter { $0.kind == .residence && hasPreposition(first($0), tokens) }
        if !placed.isEmpty { meant.removeAll { $0.kind == .residence && !placed.contains($0) } }
        guard var chosen = meant.first else { return values.last }
        for value in meant.dropFirst() where corrects(tokens, from: last(chosen) + 1, to: first(value)) {
            chosen = value
        }
        return chosen
    }

    /// Of several ages, those of people still without what they need: not one followed, before the
    /// next age, by what the person already has («die jüngere Tochter (6) hat schon einen
    /// Schulplatz, aber der Sohn ist 14», «молодшому 7, він вже ходить в школу»). All when every one is.
    public func stillLooking(_ ages: [Entity], in tokens: [Token]) -> [Entity] {
        guard ages.count > 1 else { return ages }
        let starts = ages.compactMap { age in tokens.firstIndex { $0.end > age.start } }
        let open = ages.filter { age in
            guard let first = tokens.firstIndex(where: { $0.end > age.start }),
                  let last = tokens.lastIndex(where: { $0.start < age.end }) else { return true }
            let next = starts.filter { $0 > first }.min() ?? tokens.count
            return next <= last + 1 || !saysAlready(Array(tokens[(last + 1)..<next]))
        }
        return open.isEmpty ? ages : open
    }

    /// The ages a message means: not one it denies («20 salame na 19», «20 yaşındayım, 19 değil»,
    /// «not 19, 20»), unless it denies them all.
    public func meantAges(_ ages: [Entity], in tokens: [Token]) -> [Entity] {
        guard ages.count > 1 else { return ages }
        let meant = ages.filter { age in
            guard let first = tokens.firstIndex(where: { $0.end > age.start }),
                  let last = tokens.lastIndex(where: { $0.start < age.end }) else { return true }
            let deniedBefore = first > 0 && negations.contains(tokens[first - 1].text) && Self.continuesClause(at: first, tokens)
            let deniedAfter = last + 1 < tokens.count && negations.contains(tokens[last + 1].text)
                && (last + 2 == tokens.count || !Self.continuesClause(at: last + 2, tokens))
            return !deniedBefore && !deniedAfter
        }
        // «15 yaşında, kasımda 16 olacak», «he is 6 and turns 7 in May»: beside the age the person
        // has, one still to come is not it.
        let present = meant.filter { !isFuture($0, in: tokens) }
        return meant.isEmpty ? ages : present.isEmpty ? meant : present
    }

    /// Whether a fact stands in a clause about the writer alone: a self word of the conversation's
    /// language opening its clause and no person word before the fact («Moi je parle un peu» beside
    /// «elle ne parle pas allemand»). Of that language: «im» is English «I'm» and German «in the»
    /// («hat im Sommer die B1-Prüfung bestanden» is no clause about the writer).
    public func isWritersOwn(_ value: Entity, in tokens: [Token], language: String) -> Bool {
        guard let first = tokens.firstIndex(where: { $0.end > value.start }), let own = selfWordsByLanguage[language] else { return false }
        let before = Self.clauseBefore(first, reach: Self.writerReach, tokens)
        guard let start = before.last, start == 0 || !Self.continuesClause(at: start, tokens) else { return false }
        let opening = [start, start + 1].filter { $0 < first }
        return opening.contains { own.contains(tokens[$0].text) } && !before.contains { ageSubjects.contains(tokens[$0].text) }
    }

    /// Whether a message speaks of the writer: a self word of the conversation's language.
    public func namesWriter(_ tokens: [Token], language: String) -> Bool {
        guard let own = selfWordsByLanguage[language] else { return false }
        return tokens.contains { own.contains($0.text) }
    }

    /// Whether two facts stand in one clause.
    public static func sameClause(_ a: Entity, _ b: Entity, in tokens: [Token]) -> Bool {
        guard let x = tokens.firstIndex(where: { $0.end > a.start }), let y = tokens.firstIndex(where: { $0.end > b.start }) else { return false }
        let (from, to) = (min(x, y), max(x, y))
        return !(from + 1...max(from + 1, to)).contains { $0 <= to && $0 < tokens.count && !continuesClause(at: $0, tokens) }
    }

    /// How far before a fact the self word of its clause may stand («moi je parle un peu»).
    static let writerReach = 6

    /// Whether an age is given in months («2 Monate», «8 mois»).
    public func saysMonths(_ age: Entity, in tokens: [Token]) -> Bool {
        guard let last = tokens.lastIndex(where: { $0.start < age.end }) else { return false }
        return monthWords.contains(tokens[last].text) || (last + 1 < tokens.count && monthWords.contains(tokens[last + 1].text))
    }

    /// Whether a future word stands in an age's clause shortly before it or right after it or its unit.
    private func isFuture(_ age: Entity, in tokens: [Token]) -> Bool {
        guard let first = tokens.firstIndex(where: { $0.end > age.start }),
              let last = tokens.lastIndex(where: { $0.start < age.end }) else { return false }
        if Self.clauseBefore(first, reach: Self.futureReach, tokens).contains(where: { k in
            futureWords.longestMatch(in: tokens, at: k).map { k + $0.length <= first } == true
        }) { return true }
        return Self.clauseAfter(last + 1, reach: Self.futureReach - 1, tokens).contains { futureWords.longestMatch(in: tokens, at: $0) != nil }
    }

    /// How far a future word may stand before an age («wird im Mai 7»); after it, one word less
    /// («16 yaşına girecek»).
    static let futureReach = 3

    /// Whether a request word stands shortly before `index` in its clause («suche … für B2», «хочу
    /// дальше на б2», «baddi kammel b2»), or a goal word right before it («щоб до B2 дотягнути»).
    private func isAskedFor(at index: Int, _ tokens: [Token]) -> Bool {
        Self.clauseBefore(index, reach: Self.requestReach, tokens).contains { k in
            requestWords.longestMatch(in: tokens, at: k).map { k + $0.length <= index } == true
                || goalWords.longestMatch(in: tokens, at: k).map { k + $0.length == index } == true
        }
    }

    /// Whether a level is one the message wants rather than has («ich suche einen Kurs für B2»), or
    /// one a goal word after it names as the next or the one needed («a2 ye geçmek istiyom», «dann
    /// wäre a2 ja der nächste», «hemşirelik için B2 lazımmış»).
    public func isGoal(_ level: Entity, in tokens: [Token]) -> Bool {
        guard let first = tokens.firstIndex(where: { $0.end > level.start }) else { return false }
        if isAskedFor(at: first, tokens) { return true }
        let end = tokens.lastIndex { $0.start < level.end }.map { $0 + 1 } ?? first + 1
        return Self.clauseAfter(end, reach: Self.goalAfterReach + 1, tokens).contains { goalWordsAfter.longestMatch(in: tokens, at: $0) != nil }
    }

    /// How many words may stand between a level and a goal word after it («B1 wäre dann ja der nächste»).
    static let goalAfterReach = 3

    /// Whether a negation or a word that changes what was said stands in `tokens[from..<to]`.
    private func corrects(_ tokens: [Token], from: Int, to: Int) -> Bool {
        guard from < to else { return false }
        return (from..<to).contains { index in
            negations.contains(tokens[index].text)
                || changeWords.longestMatch(in: tokens, at: index).map { index + $0.length <= to } == true
        }
    }

    /// The clauses (ranges of token indices) a message puts off: those with a word that puts a request
    /// off («ich würde später auch gern einen Deutschkurs machen», «…, aber das frag ich später»), and,
    /// where a clause names the request for now («aber jetzt erst mal für die Frau selbst»), those
    /// before it (those after it go on with it: «d'abord une crèche pour mon fils, il a 2 ans»).
    /// Such a clause fills gaps but changes nothing: no known fact, no request made.
    public func putOffClauses(_ tokens: [Token]) -> [Range<Int>] {
        let clauses = Self.clauses(tokens)
        func has(_ words: PhraseIndex<String>, _ clause: Range<Int>) -> Bool {
            clause.contains { index in words.longestMatch(in: tokens, at: index).map { index + $0.length <= clause.upperBound } == true }
        }
        let later = clauses.filter { has(laterWords, $0) }
        let now = clauses.filter { has(nowWords, $0) && !has(laterWords, $0) }
        guard let firstNow = now.first else { return later }
        return clauses.filter { later.contains($0) || $0.upperBound <= firstNow.lowerBound }
    }

    /// Whether a clause asks for something («she wants a German course», «gibt es Kurse …?»).
    public func asks(_ tokens: [Token]) -> Bool { Self.contains(requestWords, in: tokens) }

    /// Whether a message asks about the cost, times, length or sign-up of offers («gibt's die auch abends?»).
    public func asksAboutOffers(_ tokens: [Token]) -> Bool { Self.contains(offerQuestionWords, in: tokens) }

    /// The words of a message that are not words of a question about offers («а ввечері є?» → «а є»).
    public func withoutOfferQuestionWords(_ tokens: [Token]) -> [Token] {
        var kept: [Token] = []
        var index = 0
        while index < tokens.count {
            if let match = offerQuestionWords.longestMatch(in: tokens, at: index) { index += match.length; continue }
            kept.append(tokens[index])
            index += 1
        }
        return kept
    }

    /// Entities in reading order, and which tokens they cover.
    public func extract(_ tokens: [Token], expecting: Slot?) -> (entities: [Entity], covered: [Entity.Kind?]) {
        var covered = [Entity.Kind?](repeating: nil, count: tokens.count)
        var entities: [Entity] = []
        func add(_ kind: Entity.Kind, _ value: String, _ range: Range<Int>, _ extractor: String, places: [Place] = []) {
            for i in range { covered[i] = kind }
            let text = range.map { tokens[$0].original }.joined(separator: " ")
            entities.append(Entity(kind: kind, value: value, start: tokens[range.lowerBound].start,
                                   end: tokens[range.upperBound - 1].end, text: text, extractor: extractor, places: places))
        }
        let free: (Int) -> Bool = { covered[$0] == nil }

        let deniedLevels = extractLevelCodes(tokens, expecting: expecting, covered: covered, add: add)
        extractPlaces(tokens, expecting: expecting, free: free, add: add)
        extractPhrases(tokens, free: free, add: add)
        // A level denied once is no level anywhere in the message: «not B2, i failed B2 exam so i have B1».
        entities.removeAll { $0.kind == .languageLevel && deniedLevels.contains($0.value) }
        extractNumbers(tokens, expecting: expecting, free: free, add: add)
        let placeFound = entities.contains { place in
            place.kind == .residence && !(tokens.firstIndex { $0.start == place.start }.map { isDenied($0, tokens) } ?? false)
        }
        extractLoosePlaces(tokens, expecting: expecting, free: free, placeFound: placeFound, add: add)

        // The level question answered with a bare negation («Null.», «aucun niveau», «немецкий вообще никакой»),
        // in a short message or a short first clause («Null. Ich schreibe mit Google Übersetzer.»).
        let answer = tokens.count <= Self.shortAnswer ? tokens.count : Self.firstClauseLength(tokens)
        if expecting == .level, !entities.contains(where: { $0.kind == .languageLevel }), answer <= Self.shortAnswer,
           let index = tokens.indices.prefix(answer).first(where: { free($0) && negations.contains(tokens[$0].text) }) {
            add(.languageLevel, CEFRLevel.none.code, index..<(index + 1), "negated_level", places: [])
        }
        for index in entities.indices where entities[index].kind == .age {
            guard let token = tokens.firstIndex(where: { $0.start == entities[index].start }) else { continue }
            // «ich bin Oma, 64»: a person word the writer says they are is the writer.
            let end = tokens.lastIndex { $0.start < entities[index].end } ?? token
            // A person word that is also an age word («їй», «سالشه») only in the number's own clause:
            // in «شصت و دو سالشه. من خودم ۳۵ سالمه» the «سالشه» is the 62's.
            let clause = Self.clauseBefore(token, reach: Self.subjectReach, tokens)
            let subjectBefore = (max(0, token - Self.subjectReach)..<token).contains { k in
                ageSubjects.contains(tokens[k].text) && (clause.contains(k) || !isAgeWord(tokens[k].text))
                    && !Self.clauseBefore(k, reach: 2, tokens).prefix { !tokens[$0].isNumber }.contains { selfWords.contains(tokens[$0].text) }
            }
            // «شصت و دو سالشه»: an age word that names the person after the number («her years»).
            let subjectAfter = end + 1 < tokens.count && Self.continuesClause(at: end + 1, tokens)
                && ageSubjects.contains(tokens[end + 1].text) && isAgeWord(tokens[end + 1].text)
            entities[index].aboutSomeoneElse = subjectBefore || subjectAfter
            // «ich bin 35», «мне 41», «۴۱ سالمه», «38 yaşındayım»: before the number (back to an
            // earlier number and the word after it: «ben 38 yaşındayım, o 10 yaşında») or right after it.
            let before = (max(0, token - Self.subjectReach)..<token).reversed().prefix { !tokens[$0].isNumber && ($0 == 0 || !tokens[$0 - 1].isNumber) }
            entities[index].aboutWriter = !entities[index].aboutSomeoneElse
                && (Array(before) + Array(token...min(tokens.count - 1, end + 1))).contains { selfWords.contains(tokens[$0].text) }
            let number = tokens[token].text
            entities[index].saidAsAge = entities[index].aboutSomeoneElse || entities[index].aboutWriter
                || score(near: token, length: end - token + 1, tokens) > 0 || (end > token && monthWords.contains(tokens[end].text))
                || (!tokens[token].isNumber && gluedAge(number) != nil)
                || ((token == 0 || !Self.continuesClause(at: token, tokens)) && (end + 1 == tokens.count || !Self.continuesClause(at: end + 1, tokens)))
        }
        // Reading order, except that several ages keep their ranking: the dialogue takes the first.
        entities = entities.enumerated().sorted { a, b in
            if a.element.kind == .age && b.element.kind == .age { return a.offset < b.offset }
            return a.element.start < b.element.start || (a.element.start == b.element.start && a.offset < b.offset)
        }.map(\.element)
        return (entities, covered)
    }

    // MARK: Levels

    /// Adds the level codes of the message; returns those it denies («not B2»).
    private func extractLevelCodes(_ tokens: [Token], expecting: Slot?, covered: [Entity.Kind?],
                                   add: (Entity.Kind, String, Range<Int>, String, [Place]) -> Void) -> Set<String> {
        var denied: Set<String> = []
        var i = 0
        while i < tokens.count {
            let chars = Array(tokens[i].text)
            if chars.count == 2, let level = level(letter: chars[0], digit: chars[1]), !isAge(before: i + 1, tokens) {
                // «not even A1», «j'ai le A2 pas le B2»: a negated code is the level the person does not have.
                if isNegatedCode(at: i, tokens) { denied.insert(level.code) } else { add(.languageLevel, level.code, i..<(i + 1), Self.levelCode, []) }
            } else if chars.count == 1, i + 1 < tokens.count, tokens[i + 1].text.count == 1,
                      let digit = tokens[i + 1].text.first, let level = level(letter: chars[0], digit: digit),
                      expecting == .level || tokens[i].original.first?.isUppercase == true || tokens[i + 1].start == tokens[i].end,
                      !isAge(before: i + 2, tokens, apart: true) {
                // «B 1» needs a capital letter or a level question, so «a 1» in a sentence is left alone;
                // typed together, the letter and digit are one code («آ۲», split where the scripts meet).
                add(.languageLevel, level.code, i..<(i + 2), Self.levelCode, [])
                i += 1
            } else if let level = gluedLevel(chars) {
                if isNegatedCode(at: i, tokens) { denied.insert(level.code) } else { add(.languageLevel, level.code, i..<(i + 1), Self.levelCode, []) }
            }
            i += 1
        }
        return denied
    }

    /// A code typed onto a word: after letters of another script («ومستوايa2», «уровеньb1») or
    /// before an ending of one or two letters («a2e», «b1am», «a2de»). A code between Latin
    /// letters is part of a word («ka2b»), and so is one before a longer tail.
    private func gluedLevel(_ chars: [Character]) -> CEFRLevel? {
        guard chars.count >= 3 else { return nil }
        let count = chars.count
        if let level = level(letter: chars[count - 2], digit: chars[count - 1]),
           chars[count - 3].isLetter, !chars[count - 3].isASCII, !cefrLookalikes.keys.contains(chars[count - 3]) {
            return level
        }
        if count <= 4, let level = level(letter: chars[0], digit: chars[1]), chars[2...].allSatisfy(\.isLetter) {
            return level
        }
        return nil
    }

    /// A negation one or two words before a level code in the same clause («pas le B2», «not even
    /// A1», «nicht mal B1»; not «ой, нет, уже A2»: a comma between, or anything but a space).
    /// A negation a change word follows denies what was said before, not the code («yok pardon b1
    /// sınavını geçtim», «no sorry B1»).
    private func isNegatedCode(at index: Int, _ tokens: [Token]) -> Bool {
        Self.clauseBefore(index, reach: 2, tokens).contains { k in
            negations.contains(tokens[k].text) && !((k + 1)..<index).contains { changeWords.longestMatch(in: tokens, at: $0) != nil }
        }
    }

    /// «il a 2 ans»: what looks like a level («a 2») is a number before an age word.
    /// Only a word right after it counts: in «A1, мені 45» the comma ends the level. Abbreviations
    /// of one or two letters do not: «A1 j'habite», «B2 mo» — except after a letter and a digit typed
    /// apart (`apart`): «il a 1 an» is no A1, «A2 an der VHS» is.
    private func isAge(before index: Int, _ tokens: [Token], apart: Bool = false) -> Bool {
        guard index > 0, index < tokens.count, Self.continuesClause(at: index, tokens),
              tokens[index].text.count >= (apart ? 2 : 3) else { return false }
        return ageWords.contains(tokens[index].text) || monthWords.contains(tokens[index].text)
    }

    private func level(letter: Character, digit: Character) -> CEFRLevel? {
        let latin = cefrLookalikes[letter] ?? letter
        guard "abc".contains(latin), digit == "1" || digit == "2" else { return nil }
        return CEFRLevel(code: "\(latin)\(digit)")
    }

    // MARK: Phrases: level phrases and language names

    private func extractPhrases(_ tokens: [Token], free: (Int) -> Bool,
                                add: (Entity.Kind, String, Range<Int>, String, [Place]) -> Void) {
        var i = 0
        while i < tokens.count {
            guard free(i) else { i += 1; continue }
            let level = levelPhrases.longestMatch(in: tokens, at: i, usable: free)
            let language = languageNames.longestMatch(in: tokens, at: i, usable: free)
            let fact = factPhrases.longestMatch(in: tokens, at: i, usable: free)
            if let fact, fact.length > max(level?.length ?? 0, language?.length ?? 0), let value = fact.values.first {
                add(.fact, value, i..<(i + fact.length), "fact_phrase", [])
                i += fact.length
            } else if let level, level.length >= (language?.length ?? 0), let value = level.values.first,
                      !isAge(before: i + level.length, tokens, apart: level.length > 1 && tokens[i + level.length - 1].isNumber) {
                // «nur Arabisch und ein bisschen Englisch»: a level of another language is none of German's.
                // A level code after a negation is the level the person does not have.
                let span = i..<(i + level.length)
                if !isAboutAnotherLanguage(span, tokens), value == .none || !isNegatedCode(at: i, tokens) {
                    add(.languageLevel, value.code, span, Self.levelPhrase, [])
                }
                i += level.length
            } else if let language, let value = language.values.first {
                let span = i..<(i + language.length)
                if value == levelLanguage, isNegated(span, tokens) {
                    // «немецкий не знаю», «ما بعرف ألماني», «I don't speak German»: a level, not a language request.
                    add(.languageLevel, CEFRLevel.none.code, span, Self.negatedLanguage, [])
                } else {
                    add(.language, value, span, "language_name", [])
                }
                i += language.length
            } else {
                i += 1
            }
        }
    }

    /// A short answer to the level question: a negation in it says «no German».
    static let shortAnswer = 5

    /// How a level read from the negated name of German is marked («немецкий не знаю»).
    static let negatedLanguage = "negated_language"
    /// How a level was found: as a CEFR code («A2», «а2») or as words («ein bisschen», «كويس»).
    public static let levelCode = "cefr_code"
    public static let levelPhrase = "level_phrase"
    /// A place found by how it sounds (`soundAlike`), the weakest reading of a place.
    public static let placeBySound = "gazetteer_sound"
    public static let postcode = "postcode"

    /// Whether word `index` continues the clause of the word before it: nothing but one space
    /// stands between them («Null. Ich …», «ноль, пишу …» start a new one).
    @inline(__always)
    static func continuesClause(at index: Int, _ tokens: [Token]) -> Bool {
        tokens[index].start - tokens[index - 1].end <= 1
    }

    /// The words before `index` in its clause, nearest first, at most `reach` of them.
    static func clauseBefore(_ index: Int, reach: Int, _ tokens: [Token]) -> [Int] {
        var words: [Int] = []
        var k = index - 1
        while k >= max(0, index - reach), continuesClause(at: k + 1, tokens) { words.append(k); k -= 1 }
        return words
    }

    /// The words from `index` on in the clause of the word before it, at most `reach` of them (the
    /// twin of `clauseBefore`, looking forward).
    static func clauseAfter(_ index: Int, reach: Int, _ tokens: [Token]) -> [Int] {
        var words: [Int] = []
        var k = index
        while k < min(tokens.count, index + reach), k > 0, continuesClause(at: k, tokens) { words.append(k); k += 1 }
        return words
    }

    /// How many words the first clause has: it ends where anything but one space stands between two
    /// words («Null. Ich …», «ноль, пишу …»).
    static func firstClauseLength(_ tokens: [Token]) -> Int {
        (tokens.indices.dropFirst().first { !continuesClause(at: $0, tokens) }) ?? tokens.count
    }

    /// How far before a level a request word makes it a goal, within its clause («I am looking for
    /// a course for C1»).
    static let requestReach = 5

    /// How far before an age a word for another person («Sohn», «she») makes it that person's age.
    static let subjectReach = 3

    /// How far a negation may stand from the language name it negates, in words either side
    /// («I do not speak German», «немецкий не знаю совсем»).
    static let negationReach = 3

    /// A language other than the one whose level Lotse asks about named right beside `span`, and
    /// that one not within it («kein Deutsch, nur Arabisch» is about German).
    private func isAboutAnotherLanguage(_ span: Range<Int>, _ tokens: [Token]) -> Bool {
        guard let levelLanguage else { return false }
        if span.contains(where: { namesLevelLanguage(at: $0, tokens) }) { return false }
        let near = max(0, span.lowerBound - Self.languageReach)..<min(tokens.count, span.upperBound + Self.languageReach)
        return near.contains { index in
            !span.contains(index) && languageNames.longestMatch(in: tokens, at: index).map { !$0.values.contains(levelLanguage) } == true
        }
    }

    /// The number a word one edit off a long number word means (a letter more, less or another, or
    /// two swapped: «achtzhen»), when all such words mean the same number and the word is no word
    /// of the phrase files.
    private func numberWord(typedOff word: String) -> Int? {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= NumberWords.typoLength, !vocabulary.contains(word) else { return nil }
        var found: Int?
        for (candidate, value) in longNumberWords where abs(candidate.count - scalars.count) <= 1 {
            guard SpellingIndex.isOneEdit(word, String(String.UnicodeScalarView(candidate))) else { continue }
            if let found, found != value { return nil }
            found = value
        }
        return found
    }

    /// Whether the message names the language whose level Lotse asks about («Deutsch», «немецкий»).
    public func namesLevelLanguage(_ tokens: [Token]) -> Bool {
        tokens.indices.contains { namesLevelLanguage(at: $0, tokens) }
    }

    /// Whether the name of the language whose level Lotse asks about starts at `index`.
    private func namesLevelLanguage(at index: Int, _ tokens: [Token]) -> Bool {
        guard let levelLanguage else { return false }
        return languageNames.longestMatch(in: tokens, at: index)?.values.contains(levelLanguage) == true
    }

    /// How far from a level phrase the name of the language it is about may stand.
    static let languageReach = 2

    private func isNegated(_ span: Range<Int>, _ tokens: [Token]) -> Bool {
        let before = max(0, span.lowerBound - Self.negationReach)..<span.lowerBound
        let after = span.upperBound..<min(tokens.count, span.upperBound + Self.negationReach)
        return before.contains { negations.contains(tokens[$0].text) } || after.contains { negations.contains(tokens[$0].text) }
    }

    // MARK: Numbers: ages and postcodes

    /// A number with its unit («7 Monate», «30J») is an age beyond doubt: it outranks a bare number.
    static let unitCue = 3

    /// The age in whole years of `count` months when a month word follows in the same clause
    /// («7 Monate» → 0; not «۱۶، ماه گذشته …», «16, last month …»).
    private func months(after index: Int, _ count: Int, _ tokens: [Token], _ free: (Int) -> Bool) -> Int? {
        guard index > 0, index < tokens.count, free(index), monthWords.contains(tokens[index].text), count < 12 * 4,
              Self.continuesClause(at: index, tokens) else { return nil }
        return count / 12
    }

    /// How many words after an age in years its months may follow («1 Jahr und 8 Monate»).
    static let monthsReach = 2

    /// «30j», «30yo», «7monate»: digits followed by an age word or a month word in one token; or an
    /// age word followed by digits («мне29», «عمري30»).
    private func gluedAge(_ text: String) -> Int? {
        // Most words have no digit at either end: this runs for every word, so it looks first.
        guard let first = text.utf8.first, let last = text.utf8.last,
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(last) else { return nil }
        let lead = text.prefix { !($0.isASCII && $0.isNumber) }
        if !lead.isEmpty, ageWords.contains(String(lead)) {
            let digits = text.dropFirst(lead.count)
            guard (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
            return Self.plausibleAges.contains(value) ? value : nil
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard (1...3).contains(digits.count), let value = Int(digits) else { return nil }
        let unit = String(text.dropFirst(digits.count))
        guard !unit.isEmpty else { return nil }
        if ageWords.contains(unit) { return Self.plausibleAges.contains(value) ? value : nil }
        if monthWords.contains(unit), value < 12 * 4 { return value / 12 }
        return nil
    }

    private func extractNumbers(_ tokens: [Token], expecting: Slot?, free: (Int) -> Bool,
                                add: (Entity.Kind, String, Range<Int>, String, [Place]) -> Void) {
        var candidates: [(range: Range<Int>, value: Int, score: Int, words: Bool)] = []
        /// Where ages given in months end: «1 Jahr und 8 Monate» is one age, the years'.
        var monthAges: Set<Int> = []
        var i = 0
        while i < tokens.count {
            guard free(i) else { i += 1; continue }
            let token = tokens[i]
            if token.isNumber {
                if token.text.count == 5 {
                    let places = (gazetteer.postcodes[token.text] ?? []).map { gazetteer.places[$0] }
                    add(.residence, places.count == 1 ? places[0].name : token.text, i..<(i + 1), Self.postcode, places)
                } else if token.text.count <= 3, let value = Int(token.text), Self.plausibleAges.contains(value) {
                    // Digits say «number» unambiguously; a number word may be an ordinary word («نه» is «no» and «nine»).
                    if let months = months(after: i + 1, value, tokens, free) {
                        monthAges.insert(i)
                        candidates.append((i..<(i + 2), months, Self.unitCue, false))
                        i += 2
                        continue
                    }
                    candidates.append((i..<(i + 1), value, score(near: i, length: 1, tokens) + 1, false))
                }
                i += 1
            } else if let glued = gluedAge(token.text) {
                // «30J», «30yo», «18monate»: the number and its unit typed as one word.
                candidates.append((i..<(i + 1), glued, Self.unitCue, false))
                i += 1
            } else if let match = numberWords.longestMatch(in: tokens, at: i, usable: free), let value = match.values.first {
                // «اطناشر سنة ونص»: a number word that starts with the unit of the number before it
                // («سنة ونص», a year and a half) is that number's unit and half, no age of its own.
                if candidates.last?.range.upperBound == i, isAgeWord(tokens[i].text) {
                    i += match.length
                    continue
                }
                let range = i..<(i + match.length)
                if let months = months(after: range.upperBound, value, tokens, free) {
                    monthAges.insert(i)
                    candidates.append((i..<(range.upperBound + 1), months, Self.unitCue, true))
                    i = range.upperBound + 1
                    continue
                }
                let cue = max(score(near: i, length: match.length, tokens), isAgeOfSubject(range, tokens) ? 1 : 0)
                candidates.append((range, value, cue, true))
                i += match.length
            } else if token.text.unicodeScalars.count >= NumberWords.typoLength,
                      expecting == .age || (i + 1 < tokens.count && isAgeWord(tokens[i + 1].text)),
                      let value = numberWord(typedOff: token.text) {
                // «sie ist zweienhalb jahre» while the age is asked, «3ando sabata3shar sana» with its
                // unit: a long number word one letter off.
                candidates.append((i..<(i + 1), value, max(score(near: i, length: 1, tokens), 1), true))
                i += 1
            } else {
                i += 1
            }
        }
        // «seit 8 Monaten», «on est arrivés il y a 3 semaines», «3 years ago»: a span of time, not an age.
        candidates.removeAll { isTimeSpan($0.range, tokens) }
        // The months after an age in years are part of it («1 Jahr und 8 Monate», «2 years 3 months»).
        let years = candidates.filter { !monthAges.contains($0.range.lowerBound) }
        candidates.removeAll { candidate in
            monthAges.contains(candidate.range.lowerBound) && years.contains { other in
                other.score >= Self.unitCue - 1
                    && (other.range.upperBound...(other.range.upperBound + Self.monthsReach)).contains(candidate.range.lowerBound)
            }
        }
        // «год и восемь месяцев», «a year and four months», «سنة و ٨ شهور»: a year word without a
        // number, then a short «and», is one year («عمره ١٠ شهور», his age, is none).
        for index in candidates.indices where monthAges.contains(candidates[index].range.lowerBound) && candidates[index].value == 0 {
            let start = candidates[index].range.lowerBound
            guard start >= 2, Self.clauseBefore(start, reach: 2, tokens).count == 2, !tokens[start - 1].isNumber,
                  tokens[start - 1].text.count <= 3, isAgeWord(tokens[start - 2].text), !tokens[start - 2].isNumber else { continue }
            candidates[index].value = 1
        }
        // Small number words are everyday words too («one», «un», Persian «نه» is «no» and «nine»);
        // take them only with a cue: an age word nearby or the age question.
        // A number word that is also a «no» (Persian «نه») needs its age word even then.
        let usable = candidates.filter { candidate in
            guard candidate.words else { return true }
            // Digits say which number is meant; a number word right beside them is another word
            // («20 salame na 19»: Persian «نه» is «no» too; «33 sana w nuss»: «sana» is «a year»).
            if candidates.contains(where: { !$0.words && ($0.range.upperBound == candidate.range.lowerBound || candidate.range.upperBound == $0.range.lowerBound) }) {
                return false
            }
            if candidate.score == 0, candidate.range.count == 1, negations.contains(tokens[candidate.range.lowerBound].text) { return false }
            return candidate.score > 0 || expecting == .age || candidate.value >= 13
        }
        // Beside an age said with its unit or age word («my son is 9yrs, …»), a bare number in
        // another clause with no person word before it is a count, a date or a time («… we came 2
        // weeks ago»), not an age.
        let cued = usable.filter { $0.score >= 2 }.map(\.range)
        func sameClause(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            let (from, to) = a.lowerBound < b.lowerBound ? (a.upperBound, b.lowerBound) : (b.upperBound, a.lowerBound)
            return from >= to || !(from...to).contains { $0 > 0 && $0 < tokens.count && !Self.continuesClause(at: $0, tokens) }
        }
        let ages = usable.filter { candidate in
            cued.isEmpty || candidate.score >= 2 || candidate.words || cued.contains { sameClause($0, candidate.range) }
                || (max(0, candidate.range.lowerBound - Self.subjectReach)..<candidate.range.lowerBound).contains { ageSubjects.contains(tokens[$0].text) }
        }
        // Every age is reported («my children are 8 and 10»); the best-supported one comes first.
        let ranked = ages.sorted { $0.score > $1.score || ($0.score == $1.score && $0.range.lowerBound < $1.range.lowerBound) }
        for candidate in ranked {
            add(.age, String(candidate.value), candidate.range, candidate.words ? "number_words" : "digits", [])
        }
    }

    /// Whether a duration word stands right before the number, or right after it or its unit
    /// («3 years ago»), in its clause.
    private func isTimeSpan(_ range: Range<Int>, _ tokens: [Token]) -> Bool {
        let before = Self.clauseBefore(range.lowerBound, reach: Self.durationReach, tokens).contains { k in
            durationBefore.longestMatch(in: tokens, at: k).map { k + $0.length == range.lowerBound } == true
        }
        // «for 15 years» is a span of time, «for 15 years old» and «for 3yo» an age all the same.
        if before {
            let unit = range.upperBound
            let glued = !tokens[range.lowerBound].isNumber && gluedAge(tokens[range.lowerBound].text) != nil
            let saysOld = unit + 1 < tokens.count && isAgeWord(tokens[unit].text) && isAgeWord(tokens[unit + 1].text)
            return !glued && !saysOld
        }
        // Right after the number or its unit («years», «سنين»): «3 weeks», «7 yrs experience», «7 ans
        // d'expérience» («d'expérience» is a phrase of the list). Not further: «j'ai eu 20 ans la
        // semaine passée» is an age.
        var after = range.upperBound
        while after < tokens.count, after <= range.upperBound + 1, Self.continuesClause(at: after, tokens) {
            if durationAfter.longestMatch(in: tokens, at: after) != nil { return true }
            let word = tokens[after].text
            guard isAgeWord(word) || monthWords.contains(word) else { return false }
            after += 1
        }
        return false
    }

    /// How many words a duration phrase before a number may have («ça fait», «il y a»).
    static let durationReach = 3

    /// How strongly the words around a number say it is an age.
    /// Only in the number's clause: in «onze ans, on est arrivés» the «ans» is not Turkish «on»'s.
    private func score(near index: Int, length: Int, _ tokens: [Token]) -> Int {
        var lower = index, upper = index + length
        while lower > max(0, index - 2), Self.continuesClause(at: lower, tokens) { lower -= 1 }
        while upper < min(tokens.count, index + length + 2), Self.continuesClause(at: upper, tokens) { upper += 1 }
        return (lower..<upper).contains { isAgeWord(tokens[$0].text) } ? 2 : 0
    }

    /// «my son is six», «сыну три, …», «oğlum altı»: a person word shortly before the number, and the
    /// number ends the clause (the message ends or punctuation follows). «my son has two friends»
    /// and «I have two sons» stay counts.
    private func isAgeOfSubject(_ range: Range<Int>, _ tokens: [Token]) -> Bool {
        let last = range.upperBound - 1
        let endsClause = range.upperBound == tokens.count || tokens[range.upperBound].start > tokens[last].end + 1
        guard endsClause else { return false }
        return (max(0, range.lowerBound - 3)..<range.lowerBound).contains { ageSubjects.contains(tokens[$0].text) }
    }

    /// One-letter abbreviations («30j», «27л») count only written onto the number: on their own
    /// they are other words' letters (French «j'ai un fils» is no age 1).
    private func isAgeWord(_ word: String) -> Bool {
        let length = word.count
        if length > 1, ageWords.contains(word) { return true }
        guard length > 3 else { return false }
        return agePrefixLengths.contains { $0 < length && ageWords.contains(String(word.prefix($0))) }
    }

    // MARK: Places

    /// Pilot-region names found as written (any script), longest first.
    private func extractPlaces(_ tokens: [Token], expecting: Slot?, free: (Int) -> Bool,
                               add: (Entity.Kind, String, Range<Int>, String, [Place]) -> Void) {
        var i = 0
        while i < tokens.count {
            guard free(i), !tokens[i].isNumber, let match = gazetteer.regional.longestMatch(in: tokens, at: i, usable: free) else {
                i += 1; continue
            }
            // «Rom», «Plate», «Besitz» are municipalities and ordinary words: take them with a cue only.
            if match.length == 1 && vocabulary.contains(tokens[i].text) && !hasPlaceCue(i, tokens, expecting) {
                i += 1; continue
            }
            let places = match.values.map { gazetteer.places[$0] }
            let range = withInflection(i..<(i + match.length), tokens, free: free)
            add(.residence, placeValue(places, tokens, i..<(i + match.length)), range, "gazetteer", places)
            i = range.upperBound
        }
    }

    /// A place name and an inflection ending written apart from it («Rostock'ta», «Mainz'da»):
    /// the ending belongs to the place, not to the words of the sentence.
    private func withInflection(_ range: Range<Int>, _ tokens: [Token], free: (Int) -> Bool) -> Range<Int> {
        let next = range.upperBound
        guard next < tokens.count, free(next), tokens[next].text.count >= 2,
              tokens[next].start == tokens[next - 1].end + 1, placeSuffixes.contains(tokens[next].text) else { return range }
        return range.lowerBound..<(next + 1)
    }

    /// Inflected or misspelt pilot-region names, and places elsewhere in Germany.
    private func extractLoosePlaces(_ tokens: [Token], expecting: Slot?, free: (Int) -> Bool, placeFound: Bool,
                                    add: (Entity.Kind, String, Range<Int>, String, [Place]) -> Void) {
        var placeFound = placeFound
        var i = 0
        while i < tokens.count {
            guard free(i), !tokens[i].isNumber else { i += 1; continue }
            let word = tokens[i].text
            // Asked at most once per word: it compares the neighbours with the cue words of every language.
            lazy var cue = hasPlaceCue(i, tokens, expecting)
            if let match = gazetteer.nationwide.longestMatch(in: tokens, at: i, usable: free), match.length > 1 || cue {
                let places = match.values.map { gazetteer.places[$0] }
                let range = withInflection(i..<(i + match.length), tokens, free: free)
                add(.residence, placeValue(places, tokens, i..<(i + match.length)), range, "gazetteer_germany", places)
                placeFound = placeFound || !isDenied(i, tokens)
                i = range.upperBound
                continue
            }
            let scalars = Array(word.unicodeScalars)
            guard scalars.count >= 4 else { i += 1; continue }
            let endings = stems(of: scalars)
            let stems = endings.map(\.stem)
            // An unknown word with an ending of two letters or more is its own cue («berlindeyim»,
            // «Leipzigte»); a one-letter ending («Берлине» without «в») ends too many ordinary words.
            let ownCue = endings.filter { $0.ending >= 2 && $0.stem.unicodeScalars.count >= 4 }.map(\.stem)
            let cued = cue ? stems : vocabulary.contains(word) ? [] : ownCue
            // A pilot-region name before one elsewhere: «в Хагенові» is Hagenow with «і», not Hagen with «ові».
            if !cued.isEmpty, let places = inflected(cued, in: gazetteer.regional) {
                add(.residence, places.count == 1 ? places[0].name : tokens[i].original, i..<(i + 1), "gazetteer_fuzzy", places)
                placeFound = placeFound || !isDenied(i, tokens)
            } else if !cued.isEmpty, let places = inflected(cued, in: gazetteer.nationwide) {
                add(.residence, places.count == 1 ? places[0].name : tokens[i].original, i..<(i + 1), "gazetteer_germany", places)
                placeFound = placeFound || !isDenied(i, tokens)
            } else if !vocabulary.contains(word), !ownCue.isEmpty || hasPreposition(i, tokens) || !laterWordHasPreposition(after: i, tokens),
                      let places = inflectedOrMisspelt(word, stems: stems), !places.isEmpty {
                // As with a sound, a word one letter from a name with no cue of its own is not it when
                // a later word has a preposition («راستی … از کجا»: «by the way» is one letter from Rastow).
                add(.residence, places.count == 1 ? places[0].name : tokens[i].original, i..<(i + 1), "gazetteer_fuzzy", places)
                placeFound = placeFound || !isDenied(i, tokens)
            } else if !placeFound, hasPreposition(i, tokens) || !laterWordHasPreposition(after: i, tokens),
                      let (places, length) = soundAlike(at: i, tokens, expecting, free: free,
                                                                      cued: cue ? [word] + stems : []) {
                add(.residence, placeValue(places, tokens, i..<(i + length)), i..<(i + length), Self.placeBySound, places)
                i += length
                continue
            }
            i += 1
        }
    }

    /// A place name typed by ear («Gjustrov», «Frajberg», «پرشیم») — the last resort, so only where
    /// the message names no place otherwise and says this word is one: `cued` holds the word and
    /// its stems after a preposition or as the answer to the place question (an ending alone is no
    /// cue here: «на прошлой неделе» is no place). A one-letter preposition written onto it («вгамбурге»,
    /// «بشفيرين») is a cue too. Except in a bare answer the key must be long and the spelling close:
    /// «зачекайте» less «з» must not become Sickte, nor «d'allemen» Leimen. Two words of one name
    /// («Нойштадт Глеве») before one.
    private func soundAlike(at i: Int, _ tokens: [Token], _ expecting: Slot?, free: (Int) -> Bool,
                            cued: [String]) -> (places: [Place], length: Int)? {
        let word = tokens[i].text
        guard !vocabulary.contains(word) else { return nil }
        // A one-letter preposition of some language in Latin letters is an ordinary word of another
        // («I'm a retired teacher»): after one, only a capitalised name counts.
        if i > 0, tokens[i - 1].text.count == 1, tokens[i - 1].text.unicodeScalars.allSatisfy(\.isASCII),
           tokens[i].original.first?.isUppercase != true, !(expecting == .residence && tokens.count <= Self.bareAnswer) {
            return nil
        }
        let clear = expecting == .residence && tokens.count <= Self.bareAnswer
        var spellings = cued
        // Written onto the name in Cyrillic and Arabic script; a Latin «a» or «d» starts too many words.
        if let first = word.first, !first.isASCII, placePrepositions.contains(String(first)) {
            let rest = String(word.dropFirst())
            spellings += [rest] + stems(of: Array(rest.unicodeScalars)).map(\.stem)
        }
        // Without a clear cue only long keys count, spelt closely; a key one sound away only after a
        // preposition (a message of an unknown word or two is common, and this is its cost).
        let afterPreposition = i > 0 && placePrepositions.contains(tokens[i - 1].text)
        let sounding: ([String]) -> [Place]? = { spellings in
            gazetteer.soundingLike(clear ? spellings : spellings.filter { gazetteer.soundKey.keys($0).contains { $0.count >= Gazetteer.nearSoundLength } },
                                   clear: clear, near: clear || afterPreposition)
        }
        guard let whole = spellings.first else { return nil }
        // Names of two or three words («Нойштадт Глеве», «Плау ам Зее»), the longest first.
        // A word of two letters inside a name may be an ordinary word too («ام» in «بلاو ام زيه»).
        let following = (i + 1..<min(tokens.count, i + 3)).prefix {
            free($0) && !tokens[$0].isNumber && (!vocabulary.contains(tokens[$0].text) || $0 < i + 2 && tokens[$0].text.count <= 2)
        }
        for length in stride(from: following.count, through: 1, by: -1) {
            if let places = sounding([whole + following.prefix(length).map { tokens[$0].text }.joined()]) { return (places, length + 1) }
        }
        return sounding(spellings).map { ($0, 1) }
    }

    /// A place preposition before the word, or a one-letter one of another script written onto it
    /// («в Гюстрове», «بهاغنو»). In a short answer every word may be the place; a word sounding like
    /// one is not it when a later word has a preposition («نحنا بهاغنو»: «we» sounds like Nohn).
    private func hasPreposition(_ index: Int, _ tokens: [Token]) -> Bool {
        if index > 0, placePrepositions.contains(tokens[index - 1].text) { return true }
        guard let first = tokens[index].text.first, !first.isASCII, tokens[index].text.count > 3 else { return false }
        return placePrepositions.contains(String(first))
    }

    /// Whether a word after `index` has a place preposition (`hasPreposition`); not the word right
    /// after the next one, whose «preposition» may be an ending of this word written apart
    /// («Şverin'de oturuyoruz»: Turkish «-de» is French «de»).
    private func laterWordHasPreposition(after index: Int, _ tokens: [Token]) -> Bool {
        tokens.indices.dropFirst(index + 1).contains { later in
            later == index + 2 ? hasPreposition(later, tokens) && !placePrepositions.contains(tokens[later - 1].text) : hasPreposition(later, tokens)
        }
    }

    /// A message this short, while the place is asked, is the answer: «Gjustrov», «в Гюстрове».
    static let bareAnswer = 2

    /// A pilot-region name with an inflection ending («Ростоке»), a typo («Parchm»), or both — the
    /// ending may also change the stem a little («Фрайберзі» for «Фрайберг»).
    private func inflectedOrMisspelt(_ word: String, stems: [String]) -> [Place]? {
        if let places = inflected(stems, in: gazetteer.regional) { return places }
        for candidate in [word] + stems {
            let corrections = gazetteer.fuzzy.corrections(for: candidate)
            if corrections.count == 1 { return gazetteer.regional.values(forKey: corrections[0]).map { gazetteer.places[$0] } }
        }
        return nil
    }

    /// A name of `index` with an inflection ending («Мюнхене», «Кельні»).
    private func inflected(_ stems: [String], in index: PhraseIndex<Int>) -> [Place]? {
        for stem in stems {
            let found = index.values(forKey: stem)
            if !found.isEmpty { return found.map { gazetteer.places[$0] } }
        }
        return nil
    }

    /// Whether a negation stands right before the word («مو لوبس»): a place the person does not mean
    /// leaves room for the one they do.
    private func isDenied(_ index: Int, _ tokens: [Token]) -> Bool {
        index > 0 && negations.contains(tokens[index - 1].text)
            || index + 1 < tokens.count && negations.contains(tokens[index + 1].text) && Self.continuesClause(at: index + 1, tokens)
    }

    /// The word without each inflection ending it has, keeping at least three letters. Compared as
    /// Unicode scalars: tokens and endings are both folded, so no canonical equivalence is needed.
    private func stems(of word: [Unicode.Scalar]) -> [(stem: String, ending: Int)] {
        var stems: [(stem: String, ending: Int)] = []
        for suffix in placeSuffixScalars where word.count - suffix.count >= 3 && word.suffix(suffix.count).elementsEqual(suffix) {
            var stem = String.UnicodeScalarView()
            stem.append(contentsOf: word.dropLast(suffix.count))
            stems.append((String(stem), suffix.count))
        }
        return stems
    }

    /// A preposition before the word («in», «в», «في»), an inflection ending attached after it
    /// («Münih'te»), a short answer to «where do you live?», or a message that is nothing but an
    /// unknown word or two (a place given while another question is open: «Лейпциг» for the age).
    private func hasPlaceCue(_ index: Int, _ tokens: [Token], _ expecting: Slot?) -> Bool {
        if index > 0, placePrepositions.contains(tokens[index - 1].text) { return true }
        if index + 1 < tokens.count, tokens[index + 1].start == tokens[index].end + 1, placeSuffixes.contains(tokens[index + 1].text) { return true }
        if index + 1 < tokens.count, placeFollowers.contains(tokens[index + 1].text) { return true }
        return expecting == .residence && tokens.count <= 4 || isBare(tokens)
    }

    /// A message of at most `bareAnswer` words, none an ordinary word of the phrase files.
    private func isBare(_ tokens: [Token]) -> Bool {
        tokens.count <= Self.bareAnswer && tokens.allSatisfy { !$0.isNumber && !vocabulary.contains($0.text) }
    }

    private func placeValue(_ places: [Place], _ tokens: [Token], _ range: Range<Int>) -> String {
        places.count == 1 ? places[0].name : range.map { tokens[$0].original }.joined(separator: " ")
    }
}

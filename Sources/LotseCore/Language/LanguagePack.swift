import Foundation

/// Everything Lotse knows about one language, read from `knowledge/languages/<code>.yml`: adding a
/// language means adding files, not Swift code. A class: every message of a turn reads it.
public final class LanguagePack: Sendable {
    public enum Direction: String, Sendable { case ltr, rtl }

    public let code: String
    /// The language's name in its own script, for language pickers.
    public let name: String
    public let englishName: String
    /// ISO 15924 script code of the language's usual writing (Latn, Cyrl, Arab).
    public let script: String
    public let direction: Direction
    /// ICU locale used to spell out numbers when building the number-word table.
    public let locale: String
    public let plural: PluralRules
    /// Extra number words beyond ICU's spell-out (colloquial forms, common misspellings).
    public let numberWords: [String: Int]
    /// Words that mark a number as an age ("Jahre", "years", "лет").
    public let ageWords: [String]
    /// Words for the person an age belongs to («son», «сыну», «oğlum»): before a small number word
    /// that ends a clause they make it an age («my son is six»), where «I have two sons» stays a count.
    public let ageSubjects: [String]
    /// Words of the person writing («ich», «I'm», «мне», «خودم», «yaşındayım»): an age beside one is
    /// the writer's own, which does not replace the age of another person the request is for.
    public let selfWords: [String]
    /// Words before a place name ("in", "aus", "в", "في").
    public let placePrepositions: [String]
    /// Words right after a place name where the verb comes last («لایپزیگ زندگی می‌کنم», «Rostock'ta
    /// oturuyorum»): the name needs no preposition.
    public let placeFollowers: [String]
    /// Inflection endings that may be attached to a place name («Ростоке», «Mainz'da»).
    public let placeSuffixes: [String]
    /// Words that negate what stands beside them («nicht», «не», «ما», «yok»): beside the name of the
    /// language whose level Lotse asks about they say «no German» («немецкий не знаю»).
    public let negations: [String]
    /// Words for months after a number («7 Monate», «18 mois»): a baby's age, given in whole years.
    public let monthWords: [String]
    /// Words that change a request («eigentlich», «actually», «вообще-то»): beside them a topic in a
    /// message that does not answer the open question is a change of mind, not a stray guess.
    public let changeWords: [String]
    /// Words naming a need Lotse does not answer itself, by need (`needs` of topics.yml):
    /// «Anwalt» → legal, «Arbeit» → work.
    public let needs: [String: [String]]
    /// Rules spelling German place names in this language's script, longest match first.
    public let transliteration: [(from: String, to: String)]
    /// Rules reading this language typed in Latin letters in its own script («privet» → «привет»,
    /// «3omri» → «عمري»), longest match first; empty for a language written in Latin letters.
    public let romanisation: [(from: String, to: String)]
    /// Words that say something is already the case («schon», «déjà», «zaten», «уже»): a clause
    /// with one tells what the person has, not what they ask for («she already goes to Kita, the
    /// course is for me»).
    public let alreadyWords: [String]
    /// Words that ask for something («suche», «wants», «нужен», «بدي»): of the clauses of a
    /// message, one with such a word is the request, not one that describes the person («I am a
    /// volunteer helping a family»).
    public let requestWords: [String]
    /// Words of a question about offers already shown: their cost, times, length or how to sign up
    /// («was kostet das?», «а ввечері є?»). After the list such a question is no new search.
    public let offerQuestionWords: [String]
    /// Words that make a number a span of time, not an age: before it («seit 8 Monaten», «il y a 3
    /// semaines») and after it or its unit («2 weeks», «3 місяці тому»).
    public let durationBefore: [String]
    public let durationAfter: [String]
    /// Words right before a level code that make it the level wanted, not the one the person has
    /// («щоб до B2 дотягнути», «bis B2», «کلاس برای B1»).
    public let goalWords: [String]
    /// Words right after a level code that make it the level wanted or needed («a2 ye geçmek»,
    /// «B2 lazımmış», «A2 ist dann der nächste»).
    public let goalWordsAfter: [String]
    /// Words that put a request off («das frag ich später», «потом»), and words that name the one
    /// for now («aber erst mal die Kita»): a clause put off fills gaps but changes nothing.
    public let laterWords: [String]
    public let nowWords: [String]
    /// Words beside a number that make it an age still to come («kasımda 16 olacak», «il aura 7 ans»).
    public let futureWords: [String]
    public let messages: [String: MessageTemplate]
    public let file: String

    init(code: String, name: String, englishName: String, script: String, direction: Direction, locale: String,
         plural: PluralRules, numberWords: [String: Int], ageWords: [String], ageSubjects: [String], selfWords: [String] = [], placePrepositions: [String],
         placeSuffixes: [String], placeFollowers: [String] = [], negations: [String] = [], monthWords: [String] = [], changeWords: [String] = [], needs: [String: [String]] = [:], transliteration: [(from: String, to: String)], romanisation: [(from: String, to: String)] = [], alreadyWords: [String] = [], requestWords: [String] = [], offerQuestionWords: [String] = [], durationBefore: [String] = [], durationAfter: [String] = [], goalWords: [String] = [], goalWordsAfter: [String] = [], laterWords: [String] = [], nowWords: [String] = [], futureWords: [String] = [], messages: [String: MessageTemplate], file: String) {
        self.code = code
        self.name = name
        self.englishName = englishName
        self.script = script
        self.direction = direction
        self.locale = locale
        self.plural = plural
        self.numberWords = numberWords
        self.ageWords = ageWords
        self.ageSubjects = ageSubjects
        self.selfWords = selfWords
        self.placePrepositions = placePrepositions
        self.placeSuffixes = placeSuffixes
        self.placeFollowers = placeFollowers
        self.negations = negations
        self.monthWords = monthWords
        self.changeWords = changeWords
        self.needs = needs
        self.transliteration = transliteration
        self.romanisation = romanisation
        self.alreadyWords = alreadyWords
        self.requestWords = requestWords
        self.offerQuestionWords = offerQuestionWords
        self.durationBefore = durationBefore
        self.durationAfter = durationAfter
        self.goalWords = goalWords
        self.goalWordsAfter = goalWordsAfter
        self.laterWords = laterWords
        self.nowWords = nowWords
        self.futureWords = futureWords
        self.messages = messages
        self.file = file
    }

    /// Renders a message. In right-to-left languages each inserted value (a place, a number, a
    /// phone number) is isolated with FSI…PDI so it keeps its own direction inside the sentence.
    public func render(_ key: String, _ arguments: MessageArguments = [:], fallback: LanguagePack? = nil) -> String {
        guard let entry = messages[key] ?? fallback?.messages[key] else { return key }
        let template: Template
        switch entry {
        case .text(let text):
            template = text
        case .plural(let forms):
            let count = arguments.first { $0.key == "count" }.flatMap { Int($0.value) } ?? 0
            guard let form = forms[plural.category(for: count)] ?? forms[.other] ?? forms.values.first else { return key }
            template = form
        }
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .placeholder(let name):
                guard let value = arguments.first(where: { $0.key == name })?.value else { text += "{\(name)}"; continue }
                if direction == .rtl { text += "\u{2068}" + value + "\u{2069}" } else { text += value }
            }
        }
        return text
    }

    public func has(_ key: String) -> Bool { messages[key] != nil }
}

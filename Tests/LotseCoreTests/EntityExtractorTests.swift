import Testing
@testable import LotseCore

@Suite struct EntityExtractorTests {
    func entity(_ kind: Entity.Kind, in text: String, expecting: Slot? = nil) -> Entity? {
        Fixtures.parse(text, expecting: expecting).entities.first { $0.kind == kind }
    }

    @Test(arguments: [("ich bin 34 Jahre alt", "34"), ("I am 34", "34"), ("عمري ٣٤", "34"), ("من ۲۸ سالمه", "28"),
                      ("vierunddreißig", "34"), ("thirty-four years old", "34"), ("thirty four", "34"),
                      ("meine Tochter ist drei Jahre alt", "3")])
    func agesInDigitsAndWords(text: String, age: String) {
        #expect(entity(.age, in: text)?.value == age)
    }

    @Test func implausibleAgesAndPostcodesAreNotAges() {
        #expect(entity(.age, in: "ich bin 150 Jahre alt") == nil)
        #expect(entity(.age, in: "19370") == nil)
    }

    @Test func smallNumberWordsNeedAnAgeCue() {
        #expect(entity(.age, in: "I need one course") == nil)
        #expect(entity(.age, in: "one", expecting: .age)?.value == "1")
    }

    @Test(arguments: [("my daughter is six", "6"), ("my son is two, where can he go to kita", "2"),
                      ("сыну три, нужен садик", "3"), ("дочке шесть", "6"), ("oğlum altı", "6"),
                      ("mein Sohn ist sechs", "6")])
    func smallNumberWordsAfterAPersonAreAges(text: String, age: String) {
        #expect(entity(.age, in: text)?.value == age)
    }

    @Test(arguments: ["I have two sons", "my son has two friends", "we are two", "у меня двое детей", "j'ai un fils",
                      "my daughter needs two courses"])
    func countsAreNotAges(text: String) {
        #expect(entity(.age, in: text) == nil)
    }

    @Test(arguments: [("B1", "B1"), ("b 1", "B1"), ("A2-Niveau", "A2"), ("Deutsch auf С1", "C1"),
                      ("А2", "A2"), ("В1", "B1"), ("kein Deutsch", "none"), ("I don't speak German", "none"),
                      ("Muttersprache", "C2")])
    func levelsFromCodesLookalikesAndPhrases(text: String, level: String) {
        #expect(entity(.languageLevel, in: text, expecting: .level)?.value == level)
    }

    @Test func residenceCarriesDistrictAndMunicipalityKeys() throws {
        let place = try #require(entity(.residence, in: "ich wohne in Parchim"))
        #expect(place.places.count == 1)
        #expect(place.places[0].districtKey == "13076")
        #expect(place.places[0].municipalityKey?.count == 8)
    }

    @Test func neustadtIsAmbiguous() throws {
        let place = try #require(entity(.residence, in: "Neustadt"))
        let names = Set(place.places.map(\.name))
        #expect(names == ["Neustadt an der Weinstraße", "Neustadt-Glewe", "Mainz-Neustadt"])
    }

    @Test func fullNeustadtNamesAreNotAmbiguous() {
        #expect(entity(.residence, in: "Neustadt an der Weinstraße")?.places.map(\.districtKey) == ["07316"])
        #expect(entity(.residence, in: "neustadt glewe")?.places.map(\.districtKey) == ["13076"])
    }

    @Test func sharedPostcodeIsAmbiguous() throws {
        let place = try #require(entity(.residence, in: "18059"))
        #expect(place.places.count > 1)
        #expect(place.places.contains { $0.districtKey == "13003" })
    }

    @Test func mainzKastelBelongsToWiesbaden() {
        #expect(entity(.residence, in: "ich wohne in Mainz-Kastel")?.places.first?.stateKey == "06")
    }

    @Test func placesElsewhereInGermanyAreKnownWithTheirState() throws {
        let place = try #require(entity(.residence, in: "ich wohne in Köln"))
        #expect(place.places.first?.stateKey == "05")
        #expect(place.places.first?.districtKey == nil)
        // Without a cue, an everyday word that is also a town is not read as a place.
        #expect(entity(.residence, in: "ich möchte essen") == nil)
    }

    @Test(arguments: [("berlindeyim", "Berlin"), ("Leipzigte oturuyorum", "Leipzig"), ("bir aydır Kiel'deyiz", "Kiel"),
                      ("hamburgta yaşıyoruz", "Hamburg")])
    func turkishEndingsOnTownsElsewhereAreTheirOwnCue(text: String, place: String) {
        #expect(entity(.residence, in: text)?.value == place)
    }

    @Test(arguments: ["okulda", "evimde kurs var mı", "burada ne yapabilirim"])
    func endingsOnOrdinaryWordsAreNoPlaces(text: String) {
        #expect(entity(.residence, in: text) == nil)
    }

    @Test func typosAndInflectionsFindPilotPlaces() {
        #expect(entity(.residence, in: "ich wohne in Parchm")?.places.first?.name == "Parchim")
        #expect(entity(.residence, in: "живу в Ростоке")?.places.first?.name == "Rostock")
        #expect(entity(.residence, in: "Mainz'da oturuyorum")?.places.first?.name == "Mainz")
    }

    @Test func cyrillicAndArabicSpellingsAreGeneratedFromTheGazetteer() {
        #expect(entity(.residence, in: "Пархим")?.places.first?.name == "Parchim")
        #expect(entity(.residence, in: "روستوك")?.places.first?.name == "Rostock")
    }

    /// Names typed by ear, in any script, of places without a spelling of that script in the files.
    @Test(arguments: [("Вісмар", "Wismar"), ("Noibrandenburg", "Neubrandenburg"), ("نويبراندنبورغ", "Neubrandenburg"),
                      ("Грайфсвалд", "Greifswald"), ("Shtralzund", "Stralsund")])
    func placesTypedByEarAnswerThePlaceQuestion(text: String, place: String) {
        #expect(entity(.residence, in: text, expecting: .residence)?.places.map(\.name) == [place])
    }

    @Test func placesTypedByEarAfterAPrepositionOrWithOneWrittenOn() {
        #expect(entity(.residence, in: "ich wohne in Vismar")?.places.map(\.name) == ["Wismar"])
        #expect(entity(.residence, in: "живу увісмарі")?.places.map(\.name) == ["Wismar"])
    }

    /// Sound classes are coarse: outside a bare answer only long keys count, and only as a last resort.
    @Test(arguments: [("ні, зачекайте, мені спершу треба визнати диплом", Slot.level), ("je veux un cours d'allemen", nil),
                      ("Freiberg in Sachsen", .residence)])
    func wordsThatOnlySoundLikeAPlaceAreNone(text: String, expecting: Slot?) {
        let places = Fixtures.parse(text, expecting: expecting).entities.filter { $0.kind == .residence }.flatMap(\.places).map(\.name)
        #expect(places.allSatisfy { $0 == "Freiberg" })
    }

    /// What a level is about: a negated code is the level the person does not have, and a level
    /// phrase beside another language's name is that language's level, not German's.
    @Test(arguments: [("kein B1, eher A2", ["A2"]), ("Deutsch null, aber Englisch ein bisschen", ["none"]),
                      ("не B2, а только A2", ["A2"]), ("нет, уже B1", ["B1"])])
    func levelsThatAreNotGermansAreLeftOut(text: String, levels: [String]) {
        #expect(Fixtures.parse(text).entities.filter { $0.kind == .languageLevel }.map(\.value) == levels)
    }

    /// Where the verb comes last, the words after a place name are its cue.
    @Test(arguments: [("من الان در هانوفر زندگی می‌کنم", "Hannover"), ("Dresden'de değil, Bremen oturuyorum", "Bremen")])
    func wordsAfterAPlaceAreItsCueWhereTheVerbComesLast(text: String, place: String) {
        #expect(Fixtures.parse(text).entities.filter { $0.kind == .residence }.last?.places.map(\.name) == [place])
    }

    /// Ages in years and months are the years; an age word written onto the number counts; a
    /// number word that is also «no» needs its age word.
    @Test(arguments: [("meine Tochter ist 2 Jahre und 5 Monate alt", "2"), ("عمري30 وساكن في ماينز", "30"), ("she is 1 year 10 months", "1")])
    func agesWithMonthsAndGluedAgeWords(text: String, age: String) {
        #expect(Fixtures.parse(text).entities.filter { $0.kind == .age }.map(\.value) == [age])
    }

    @Test func aNumberWordThatIsAlsoNoIsNoAge() {
        #expect(entity(.age, in: "نه، ممنون", expecting: .age) == nil)
        #expect(entity(.age, in: "نه سالشه", expecting: .age)?.value == "9")
    }

    @Test func languageNames() {
        #expect(entity(.language, in: "English please")?.value == "en")
        #expect(entity(.language, in: "auf Arabisch bitte")?.value == "ar")
    }

    @Test(arguments: [("mein Sohn ist 18 Monate", "1"), ("7 Monate alt", "0"), ("bébé de 10 mois", "0"), ("30J", "30"), ("30yo", "30"),
                      ("сыну полтора года", "1"), ("mon fils a 2 ans et demi", "2"), ("oğlum 18 aylık", "1")])
    func agesWithUnitsHalvesAndGluedForms(text: String, age: String) {
        #expect(entity(.age, in: text)?.value == age, "\(text)")
    }

    @Test func aNumberBeforeAnAgeWordIsNoLevel() {
        #expect(entity(.languageLevel, in: "il a 2 ans") == nil)
        #expect(entity(.age, in: "il a 2 ans")?.value == "2")
        #expect(entity(.languageLevel, in: "в мене A1, мені 45")?.value == "A1")
        #expect(entity(.languageLevel, in: "j'ai le niveau A2")?.value == "A2")
    }

    @Test func aBabysAgeInMonthsWinsOverTheParentsForKita() {
        let ages = Fixtures.parse("Hallo, mein Baby ist 7 Monate alt und ich bin 29").entities.filter { $0.kind == .age }.map(\.value)
        #expect(ages.first == "0" && ages.contains("29"))
    }

    @Test func aBareNegationAnswersTheLevelQuestion() {
        for text in ["Null.", "aucun niveau, je débute complètement", "немецкий вообще никакой"] {
            #expect(entity(.languageLevel, in: text, expecting: .level)?.value == "none", "\(text)")
        }
        #expect(entity(.languageLevel, in: "Null.") == nil, "only as the answer to the level question")
        #expect(entity(.languageLevel, in: "almancam sıfır")?.value == "none")
    }
}


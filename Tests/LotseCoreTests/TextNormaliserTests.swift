import Testing
@testable import LotseCore

@Suite struct TextNormaliserTests {
    let tokeniser = Fixtures.nlu.tokeniser

    func words(_ text: String) -> [String] { tokeniser.tokens(TextNormaliser.clean(text)).map(\.text) }

    @Test func foldsCaseAndDiacritics() {
        #expect(words("Döbeln MÜNCHEN Straße") == ["dobeln", "munchen", "strasse"])
        #expect(words("Français Türkçe IŞIK") == ["francais", "turkce", "isik"])
    }

    @Test func unifiesArabicAndPersianLetters() {
        // Persian yeh/keheh and Arabic yeh/kaf fold together; tashkeel and tatweel disappear.
        #expect(words("کتاب") == words("كتاب"))
        #expect(words("سلامی") == words("سلامي"))
        #expect(words("مَرْحَبًا") == words("مرحبا"))
        #expect(words("مـــرحبا") == words("مرحبا"))
        #expect(words("أحمد إبراهيم آمنة") == words("احمد ابراهيم امنه"))
    }

    @Test func persianHalfSpaceJoinsTheWord() {
        #expect(words("می\u{200C}خواهم") == ["ميخواهم"])
    }

    @Test func digitsOfAnyScriptBecomeASCII() {
        #expect(words("٣٤") == ["34"])
        #expect(words("۳۴") == ["34"])
        #expect(tokeniser.tokens("١٨٠٥٥")[0].isNumber)
    }

    @Test func removesControlAndBidiCharactersAndCollapsesSpace() {
        let dirty = "\u{202E}hallo\u{0007}  \t welt\u{2066}\u{FEFF}\n"
        #expect(TextNormaliser.clean(dirty) == "hallo welt")
    }

    /// Digits and Latin letters typed onto a word of Arabic script are words of their own; a level
    /// code in Cyrillic look-alikes and Arabizi's letter digits stay one word.
    @Test func digitsTypedOntoArabicScriptSeparate() {
        #expect(words("پسرم۱۲سالشه") == ["پسرم", "12", "سالشه"])
        #expect(words("عمري45سنة") == ["عمري", "45", "سنه"])
        #expect(words("B1دارم") == ["b1", "دارم"])
        #expect(tokeniser.tokens("۱۲")[0].isNumber)
        #expect(words("у него А2").count == 3)
        #expect(words("3ayez a3raf") == ["3ayez", "a3raf"])
        #expect(tokeniser.words("پسرم۱۲سالشه") == ["پسرم", "12", "سالشه"])
    }

    @Test func apostrophesAndDashesSeparateWords() {
        #expect(words("Mainz’da") == ["mainz", "da"])
        #expect(words("A2–Niveau") == ["a2", "niveau"])
    }

    @Test func offsetsCountUnicodeScalarsOfTheCleanText() {
        let tokens = tokeniser.tokens("ich wohne in Döbeln")
        #expect(tokens.last?.start == 13)
        #expect(tokens.last?.end == 19)
        #expect(tokens.last?.original == "Döbeln")
    }
}

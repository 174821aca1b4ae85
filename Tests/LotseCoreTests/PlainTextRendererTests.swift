import Testing
@testable import LotseCore

@Suite struct PlainTextRendererTests {
    @Test func wrapsAtWordsAndKeepsChoicesIndented() {
        let message = BotMessage(text: "Wie gut ist dein Deutsch? Zum Beispiel: kein Deutsch, A1, A2, B1, B2, C1 oder C2.",
                                 buttons: [Button(title: "Anerkennung von ausländischen Berufsabschlüssen", payload: "/x")])
        let text = PlainTextRenderer.render([message], width: 24)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { PlainTextRenderer.columns($0) <= 24 })
        #expect(lines[0] == "Wie gut ist dein")
        #expect(text.contains("  [1] Anerkennung von\n      ausländischen"))
        #expect(text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "      ", with: "").contains("Berufsabschlüssen"))
    }

    @Test func cutsWordsLongerThanTheLineAndMarksEveryRightToLeftLine() {
        let long = String(repeating: "x", count: 50)
        #expect(PlainTextRenderer.render([BotMessage(text: long)], width: 20).split(separator: "\n").map(\.count) == [20, 20, 10])
        let arabic = PlainTextRenderer.render([BotMessage(text: "أساعدك في العثور على عروض تعليمية قريبة منك في \u{2068}Parchim\u{2069}")], width: 20)
        let lines = arabic.split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.hasPrefix("\u{200F}") && PlainTextRenderer.columns($0) <= 20 })
    }

    @Test func withoutAWidthLinesStayWhole() {
        let text = String(repeating: "Wort ", count: 40)
        #expect(PlainTextRenderer.render([BotMessage(text: text)]) == text)
    }
}

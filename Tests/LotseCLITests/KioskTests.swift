import Foundation
import Testing

/// `lotse chat --kiosk` driven through a pseudo-terminal, as a newcomer at a public terminal uses
/// it, and through a pipe.
@Suite(.serialized) struct KioskTests {
    static let arabicWelcome = "مرحبًا"

    @Test func pickerNamesEveryLanguageInItsOwnScriptAndANumberChooses() throws {
        let terminal = try TerminalSession(["chat", "--kiosk"])
        let picker = try terminal.waitFor("[8] Français")
        for name in ["Deutsch", "English", "العربية", "فارسی", "Українська", "Русский", "Türkçe", "Français"] {
            #expect(picker.contains(name), "picker lacks \(name)")
        }
        let welcome = try terminal.answer("7", until: "Merhaba")
        #expect(!welcome.contains("[8] Français"), "the picker should be gone after choosing")
        try terminal.answer("2", until: "yaşındasınız")  // the second topic button: German course
    }

    @Test func idleTimeoutWipesScreenScrollbackAndConversation() throws {
        let terminal = try TerminalSession(["chat", "--kiosk", "--idle-timeout", "2"])
        try terminal.waitFor("[8] Français")
        try terminal.answer("1", until: "Was suchen Sie?")
        try terminal.answer("Ich bin 34 und wohne in Parchim", until: "Wie gut ist Ihr Deutsch")
        Thread.sleep(forTimeInterval: 2.5)
        let screen = try terminal.waitFor("[8] Français")
        let history = try terminal.history()
        #expect(!history.contains("Parchim"), "the last person's place is still in the scrollback:\n\(history)")
        #expect(!screen.contains("Was suchen Sie?"))
        // The next person starts from nothing: no age or place carried over.
        try terminal.answer("1", until: "Was suchen Sie?")
        try terminal.answer("Deutschkurs", until: "Wie alt sind Sie?")
        #expect(terminal.isRunning)
    }

    @Test func controlKeysRestartInsteadOfQuittingAndOnlyTheOperatorKeyEnds() throws {
        let terminal = try TerminalSession(["chat", "--kiosk", "--operator-key", "service-7342"])
        try terminal.waitFor("[8] Français")
        try terminal.answer("2", until: "What are you looking for")
        try terminal.type("I am 40")
        try terminal.press("C-c")
        try terminal.waitFor("[8] Français")
        #expect(terminal.isRunning)
        #expect(!(try terminal.history()).contains("I am 40"))
        try terminal.answer("2", until: "What are you looking for")
        try terminal.press("C-d")
        try terminal.waitFor("[8] Français")
        try terminal.press("C-\\")
        try terminal.press("C-z")
        try terminal.answer("1", until: "Was suchen Sie?")
        try terminal.answer("0", until: "[8] Français")
        #expect(terminal.isRunning)
        try terminal.type("service-7342")
        try terminal.waitForExit()
    }

    /// Text typed and then Ctrl-D twice (the first hands the text over without a newline, the
    /// second reads nothing) used to end the kiosk; it restarts like any Ctrl-D.
    @Test func ctrlDTwiceAfterTypedTextRestartsInsteadOfEnding() throws {
        let terminal = try TerminalSession(["chat", "--kiosk"])
        try terminal.waitFor("[8] Français")
        try terminal.answer("2", until: "What are you looking for")
        try terminal.keys("my name is Ahmad")
        try terminal.waitFor("my name is Ahmad")
        try terminal.press("C-d")
        try terminal.press("C-d")
        try terminal.waitFor("[8] Français")
        #expect(terminal.isRunning)
        #expect(!(try terminal.history()).contains("Ahmad"))
        try terminal.answer("2", until: "What are you looking for")
        #expect(terminal.isRunning)
    }

    /// A line typed at the language picker is on the screen too: the idle wipe takes it away.
    @Test func theIdleWipeRunsAtThePickerToo() throws {
        let terminal = try TerminalSession(["chat", "--kiosk", "--idle-timeout", "2"])
        try terminal.waitFor("[8] Français")
        try terminal.type("Ahmad, Telefon 0176 5550123")
        try terminal.waitFor("0176 5550123")
        let deadline = Date().addingTimeInterval(20)
        while (try terminal.history()).contains("0176") && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let history = try terminal.history()
        #expect(!history.contains("0176"), "the line typed at the picker is still there:\n\(history)")
        try terminal.waitFor("[8] Français")
        #expect(terminal.isRunning)
    }

    @Test func longPastedLinesAndResizingNeitherCrashNorOverflow() throws {
        let terminal = try TerminalSession(["chat", "--kiosk"], width: 100, height: 40)
        try terminal.waitFor("[8] Français")
        try terminal.answer("2", until: "What are you looking for")
        try terminal.type(String(repeating: "x\u{7}\u{1B}\u{202E}ä", count: 1500))
        try terminal.waitFor("too long")
        try terminal.resize(width: 42, height: 30)
        let screen = try terminal.answer("help", until: "where you live")
        for line in screen.split(separator: "\n") {
            #expect(line.count <= 42, "line wider than the terminal: \(line)")
        }
        #expect(terminal.isRunning)
    }

    @Test func worksOverAPipeAndStopsAtTheEndOfInput() throws {
        let input = "3\n\u{FF}\u{FE}binary\u{0}\n2\n35\nA2\nRostock\n0\n4\nسلام\n"
        let output = try CLITests.run(["chat", "--kiosk"], input: input)
        #expect(output.status == 0)
        #expect(output.stdout.contains(Self.arabicWelcome))
        #expect(output.stdout.contains("Integrationskurs"), "a referral in Arabic names the offers")
        #expect(!output.stdout.contains("\u{1B}["), "no terminal control codes on a pipe")
        let pickers = output.stdout.components(separatedBy: "[8] Français").count - 1
        #expect(pickers == 2, "the picker shows at the start and after «0»")
    }

    @Test func kioskWritesNothingToDisk() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-kiosk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let output = try CLITests.run(["chat", "--kiosk", "--root", CLITests.root], input: "1\nDeutschkurs\n34\nA1\nParchim\n", directory: scratch)
        #expect(output.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }
}

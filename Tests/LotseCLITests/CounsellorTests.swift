import Foundation
import Testing

/// `lotse chat --counsellor` as a counsellor uses it in a consultation: over a pipe for the
/// contents, through a pseudo-terminal for the screen.
@Suite struct CounsellorTests {
    static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-counsellor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func oneLineProfileGivesTheFullExplainedList() throws {
        let output = try CLITests.run(["chat", "--counsellor"], input: "/profile 34 A1 Parchim\n")
        #expect(output.status == 0)
        #expect(output.stdout.contains("Profil: 34 Jahre · Deutsch A1 · Parchim · alle Themen"))
        #expect(output.stdout.contains("[integrationskurs]"))
        #expect(output.stdout.contains("Passt: bundesweit"))
        #expect(output.stdout.contains("Koordination des Landkreises Ludwigslust-Parchim"), "the district's coordination office is named")
        #expect(output.stdout.contains("/excluded"), "says that some offers do not fit")
    }

    @Test func singleFactsTopicFilterWhyAndExcluded() throws {
        let input = """
            /age 34
            /level B1
            /place 19370
            /topic Deutschkurs
            /why integrationskurs
            /why 1
            /excluded
            /topic
            /age 200
            /level Z9
            /place Atlantis
            /why nichts
            /foo

            """
        let output = try CLITests.run(["chat", "--counsellor"], input: input)
        #expect(output.status == 0)
        #expect(output.stdout.contains("34 Jahre · Deutsch B1 · Parchim · Deutschkurs"))
        #expect(output.stdout.contains("[integrationskurs] passt nicht: nur bis Deutsch"), "B1 is above the integration course's range")
        #expect(output.stdout.contains("] passt: "), "/why 1 explains the first offer of the list")
        #expect(output.stdout.contains("- Integrationskurs [integrationskurs]: nur bis Deutsch"))
        #expect(output.stdout.contains("Parchim · alle Themen"))
        #expect(output.stdout.contains("Das Alter bitte als Zahl von 0 bis 110"))
        #expect(output.stdout.contains("Das Niveau bitte als kein, A1"))
        #expect(output.stdout.contains("Den Ort «Atlantis» kenne ich nicht"))
        #expect(output.stdout.contains("Kein Angebot «nichts»"))
        #expect(output.stdout.contains("Unbekannter Befehl /foo"))
    }

    @Test func ambiguousPlaceIsChosenByNumberAndFreeTextWorks() throws {
        let output = try CLITests.run(["chat", "--counsellor"], input: "/place Neustadt\n/place 3\n7 Jahre, Schule\n")
        #expect(output.stdout.contains("«Neustadt» gibt es mehrmals"))
        #expect(output.stdout.contains("3. Neustadt-Glewe"))
        #expect(output.stdout.contains("7 Jahre · Neustadt-Glewe · Schule"))
    }

    @Test func handoutShowsTheClientLanguageBesideGermanRightToLeft() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try CLITests.run(["chat", "--counsellor", "--handout-dir", directory],
                                      input: "/profile 34 A1 Parchim\n/topic Deutschkurs\n/lang ar\n/handout 1 2\n/quit\n")
        #expect(output.status == 0)
        #expect(output.stdout.contains("Handzettel mit 2 Angeboten gespeichert: \(directory)/lotse-handout-"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1)
        let html = try String(contentsOfFile: directory + "/" + files[0], encoding: .utf8)
        #expect(html.contains("<html lang=\"ar\">"))
        #expect(html.contains("<div class=\"column\" lang=\"ar\" dir=\"rtl\">"))
        #expect(html.contains("<div class=\"column\" lang=\"de\" dir=\"ltr\">"))
        #expect(html.contains("Bildungsangebote für Sie"))
        #expect(html.contains("<h2>1. Integrationskurs</h2>"))
        #expect(html.contains("@page { size: A4"))
        #expect(!html.contains("<script") && !html.contains("http://fonts") && !html.contains("src="), "self-contained")
        #expect(!html.contains("34 Jahre"), "no age on the handout")
    }

    @Test func counsellorScreenIsClearedAtTheEnd() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let terminal = try TerminalSession(["chat", "--counsellor", "--handout-dir", directory])
        try terminal.waitFor("Beratungsmodus")
        try terminal.type("/profile 34 A1 Parchim")
        try terminal.waitFor("[integrationskurs]", scrolled: true)
        try terminal.answer("/handout", until: "Handzettel mit")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
        try terminal.type("/quit")
        try terminal.waitForExit()
        let history = try terminal.history()
        #expect(!history.contains("Parchim"), "the consultation is still on the screen:\n\(history)")
    }
}

import Foundation
import LotseCore

/// `lotse chat --counsellor`: a consultation. Commands and free text in, the full explained list
/// out; `/handout` writes an HTML page for the client. The session lives in memory only and the
/// screen (with its scrollback) is cleared at the end, so nothing of the consultation remains.
struct CounsellorMode {
    let knowledge: KnowledgeBase
    let screenLanguage: String
    let clientLanguage: String?
    let handoutDirectory: String
    let statistics: StatisticsRecorder?

    func run() {
        let input = TerminalInput(catchInterrupt: false)
        let screen = TerminalScreen()
        var session = CounsellorSession(knowledge: knowledge, screenLanguage: screenLanguage, clientLanguage: clientLanguage)
        let presenter = Presenter(knowledge: knowledge, language: session.screenLanguage)
        screen.show([BotMessage(text: session.welcome())])
        loop: while true {
            screen.prompt()
            guard case .line(let line) = input.next() else { break loop }
            let reply = session.handle(line)
            if reply.quit { break loop }
            if !reply.text.isEmpty { screen.show([BotMessage(text: reply.text)]) }
            if let handout = reply.handout {
                screen.show([BotMessage(text: write(handout, presenter))])
                statistics?.record(reply.enquiry)
            }
        }
        screen.clear()
    }

    /// Writes the handout next to the others and says where, or why not.
    private func write(_ handout: Handout, _ presenter: Presenter) -> String {
        let url = URL(fileURLWithPath: handoutDirectory).appendingPathComponent(handout.fileName)
        do {
            try FileManager.default.createDirectory(atPath: handoutDirectory, withIntermediateDirectories: true)
            try Data(handout.html().utf8).write(to: url, options: .atomic)
            return presenter.text("counsellor_handout_written", ["count": String(handout.matches.count), "path": url.path])
        } catch {
            return presenter.text("counsellor_handout_failed", ["reason": "\(url.path): \(error.localizedDescription)"])
        }
    }
}

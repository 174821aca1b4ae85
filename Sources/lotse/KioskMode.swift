import Foundation
import LotseCore
#if canImport(Glibc)
import Glibc
#endif

/// `lotse chat --kiosk`: a public terminal for newcomers. It never exits on the person's input:
/// Ctrl-C, Ctrl-D, the idle timeout and «0» all wipe the conversation and the screen and go back
/// to the language picker. Only the operator key (or a signal from outside) ends it. Nothing is
/// written to disk.
struct KioskMode {
    let engine: DialogueEngine
    let idleTimeout: Double
    let operatorKey: String?
    let statistics: StatisticsRecorder?

    func run() {
        signal(SIGQUIT, SIG_IGN)  // Ctrl-\ would dump and quit
        signal(SIGTSTP, SIG_IGN)  // Ctrl-Z would leave a stopped kiosk
        signal(SIGPIPE, SIG_IGN)
        let input = TerminalInput(catchInterrupt: true)
        let screen = TerminalScreen()
        var session = KioskSession(engine: engine)
        show(session.reset(), on: screen)
        while true {
            screen.prompt()
            // The idle wipe runs on every screen: a line typed at the picker (a name, a phone
            // number) is on the screen too.
            switch input.next(idleAfter: idleTimeout) {
            case .line(let line):
                if let operatorKey, line.trimmingCharacters(in: .whitespaces) == operatorKey {
                    screen.clear()
                    return
                }
                let output = session.handle(line)
                statistics?.record(output.enquiry)
                show(output, on: screen)
            case .idle, .interrupt, .endOfInput:
                input.discardPendingInput()
                show(session.reset(), on: screen)
            case .closed:
                screen.clear()
                return
            }
        }
    }

    private func show(_ output: KioskSession.Screen, on screen: TerminalScreen) {
        if output.clear {
            screen.clear()
            if !screen.isTerminal { screen.write("\n") }
        }
        screen.show(output.messages, footer: output.footer)
    }
}

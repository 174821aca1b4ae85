import Foundation
import LotseCore
#if canImport(Glibc)
import Glibc
#endif

/// Standard output as a screen: messages wrapped to the terminal's current width (read at every
/// answer, so a resized window just gets the new width), clearing that also wipes the scrollback,
/// and writes that survive a closed reader.
struct TerminalScreen {
    let isTerminal = isatty(STDOUT_FILENO) != 0

    /// Columns of the terminal now; nil on a pipe (no wrapping).
    var width: Int? {
        guard isTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    func show(_ messages: [BotMessage], footer: String? = nil) {
        var text = PlainTextRenderer.render(messages, width: width.map { $0 - 1 })
        if let footer { text += "\n\n" + PlainTextRenderer.render([BotMessage(text: footer)], width: width.map { $0 - 1 }) }
        write(text + "\n\n")
    }

    /// Clears the screen and the scrollback, so scrolling up shows nothing of the last person.
    func clear() {
        if isTerminal { write("\u{1B}[H\u{1B}[2J\u{1B}[3J") }
    }

    func prompt() {
        if isTerminal { write("> ") }
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                exit(0)  // the reader is gone (a closed pipe or terminal): nothing left to show
            }
            offset += written
        }
    }
}

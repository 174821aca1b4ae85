import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads lines from standard input with an idle timeout, and turns Ctrl-C into an event instead of
/// an exit, so the kiosk can wipe the screen rather than quit. Works the same on a terminal and on
/// a pipe (tests): only the end of input differs — Ctrl-D on a terminal is one event, the end of a
/// pipe is the end.
final class TerminalInput {
    enum Event: Equatable {
        case line(String)
        /// Nothing typed for the idle time.
        case idle
        /// Ctrl-C (when caught).
        case interrupt
        /// Ctrl-D on an empty line of a terminal; more input may follow.
        case endOfInput
        /// The pipe ended or the terminal hung up: nothing will follow.
        case closed
    }

    let isTerminal = isatty(STDIN_FILENO) != 0
    /// Longer lines are cut here (a person does not type them; pasted binary might be one).
    static let maxLineBytes = 16 * 1024
    private var buffer: [UInt8] = []
    private var discardingRestOfLine = false
    private var closed = false

    init(catchInterrupt: Bool) {
        if catchInterrupt { InterruptSignal.catchInterrupt() }
    }

    /// The next event; `idleAfter` nil waits for ever.
    func next(idleAfter seconds: Double? = nil) -> Event {
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        while true {
            if let line = takeLine() { return .line(line) }
            if closed { return .closed }
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: InterruptSignal.readEnd, events: Int16(POLLIN), revents: 0)]
            var timeout: Int32 = -1
            if let deadline {
                let remaining = deadline.timeIntervalSinceNow
                if remaining <= 0 { return .idle }
                timeout = Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up))
            }
            let ready = poll(&descriptors, InterruptSignal.readEnd >= 0 ? 2 : 1, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if ready == 0 { continue }
            if descriptors[1].revents & Int16(POLLIN) != 0 {
                InterruptSignal.drain()
                buffer.removeAll()
                discardingRestOfLine = false
                return .interrupt
            }
            if let event = readAvailable(descriptors[0].revents) { return event }
        }
    }

    /// Reads what standard input has; returns an event when the input ended.
    private func readAvailable(_ events: Int16) -> Event? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = read(STDIN_FILENO, &chunk, chunk.count)
        if count < 0 {
            return errno == EINTR || errno == EAGAIN ? nil : finish()
        }
        if count == 0 {
            // A terminal that hung up reports POLLHUP; Ctrl-D on a live terminal does not. After
            // typed text, the first Ctrl-D hands over the text without a newline and the second
            // reads nothing: that too is Ctrl-D, not the end (the typed text stays pending, and
            // the kiosk discards it).
            if isTerminal && events & Int16(POLLHUP) == 0 { return .endOfInput }
            return finish()
        }
        append(chunk[0..<count])
        return nil
    }

    /// The input is over: what is left without a newline is the last line.
    private func finish() -> Event? {
        closed = true
        if !buffer.isEmpty && !discardingRestOfLine { buffer.append(UInt8(ascii: "\n")) }
        return nil
    }

    private func append(_ bytes: ArraySlice<UInt8>) {
        for byte in bytes {
            if discardingRestOfLine {
                if byte == UInt8(ascii: "\n") { discardingRestOfLine = false }
                continue
            }
            buffer.append(byte)
            if buffer.count > Self.maxLineBytes && !buffer.contains(UInt8(ascii: "\n")) {
                // Keep the start of an endless line as one line; the dialogue says it is too long.
                buffer.append(UInt8(ascii: "\n"))
                discardingRestOfLine = true
            }
        }
    }

    private func takeLine() -> String? {
        guard let end = buffer.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var line = buffer[..<end]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        buffer.removeSubrange(...end)
        return String(decoding: line, as: UTF8.self)
    }

    /// Forgets what was typed but not yet sent (a half-typed line of the previous person).
    func discardPendingInput() {
        buffer.removeAll()
        discardingRestOfLine = false
        if isTerminal { tcflush(STDIN_FILENO, TCIFLUSH) }
    }
}

/// Ctrl-C as bytes on a pipe, so that `poll` wakes up for it (the self-pipe trick: a signal
/// handler may only do async-signal-safe things such as `write`).
enum InterruptSignal {
    nonisolated(unsafe) static var readEnd: Int32 = -1

    static func catchInterrupt() {
        guard readEnd < 0 else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        readEnd = ends[0]
        interruptWriteEnd = ends[1]
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptWriteEnd, &byte, 1)
        }
    }

    static func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &bytes, bytes.count) > 0 {}
    }
}

nonisolated(unsafe) private var interruptWriteEnd: Int32 = -1

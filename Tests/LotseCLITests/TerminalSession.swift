import Foundation

/// The real `lotse` binary in a pseudo-terminal (a private tmux server), typed at with keys and
/// read off the screen — what a person at a kiosk sees, including the scrollback.
final class TerminalSession {
    private let socket = "lotse-test-\(UUID().uuidString.prefix(8))"

    init(_ arguments: [String], width: Int = 100, height: Int = 40, directory: String = CLITests.root) throws {
        let command = ([CLITests.binary] + arguments).map(Self.quoted).joined(separator: " ")
        // The tmux server forks off this first client and inherits the descriptors Foundation uses
        // to see a child end, so the client is never waited for; the later clients are.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["tmux", "-L", socket, "-f", "/dev/null",
                            "new-session", "-d", "-x", String(width), "-y", String(height), "-c", directory, "-s", "t", command,
                            ";", "set-option", "-t", "t", "remain-on-exit", "on",
                            ";", "set-option", "-t", "t", "history-limit", "5000"]
        server.environment = ProcessInfo.processInfo.environment.filter { $0.key != "TMUX" }
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let deadline = Date().addingTimeInterval(10)
        while (try? tmux(["has-session", "-t", "t"])) == nil {
            guard Date() < deadline else { throw Failure("tmux did not start") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Types a line and presses Enter.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "t", "-l", text])
        try tmux(["send-keys", "-t", "t", "Enter"])
    }

    /// Presses a key by its tmux name: `C-c`, `C-d`, `C-\\`.
    func press(_ key: String) throws { try tmux(["send-keys", "-t", "t", key]) }

    /// Types a line and waits until `expected` is on the screen: one step of a conversation.
    @discardableResult
    func answer(_ text: String, until expected: String) throws -> String {
        try type(text)
        return try waitFor(expected)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "t", "-x", String(width), "-y", String(height)])
    }

    /// The visible screen.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "t"]) }

    /// Everything the terminal still holds: the scrollback and the screen.
    func history() throws -> String { try tmux(["capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-"]) }

    var isRunning: Bool { ((try? tmux(["display-message", "-p", "-t", "t", "#{pane_dead}"])) ?? "1").hasPrefix("0") }

    /// Waits until the screen (or with `scrolled`, the scrollback too) shows `text`, wherever the
    /// terminal wrapped its lines; returns the screen.
    @discardableResult
    func waitFor(_ text: String, scrolled: Bool = false, timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let wanted = Self.flattened(text)
        var last = ""
        while Date() < deadline {
            last = scrolled ? try history() : try screen()
            if Self.flattened(last).contains(wanted) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure("the screen did not show «\(text)» within \(timeout) s; it shows:\n\(last)")
    }

    /// Waits until the program has ended.
    func waitForExit(timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            guard Date() < deadline else { throw Failure("the program is still running after \(timeout) s") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The words of a text with single spaces, so that a line break of the terminal does not matter.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    struct Failure: Error, CustomStringConvertible { var description: String; init(_ text: String) { description = text } }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        process.environment = environment
        // A file, not a pipe: the tmux server started by the first command inherits the output and
        // would keep a pipe open for ever.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try FileHandle(forWritingTo: file)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        try output.close()
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Failure("tmux \(arguments.joined(separator: " ")): \(text)") }
        return text
    }

    private static func quoted(_ argument: String) -> String { "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

import Foundation

/// The real `lotse` binary in a pseudo-terminal (a private tmux server), typed at with keys and
/// read off the screen — what a person at a kiosk sees, including the scrollback.
///
/// Every tmux server it starts is stopped again: when the session ends, when the test process
/// exits (the sessions still open then), and — for a run that was killed — by the next run, which
/// stops the servers whose test process is gone (their socket names carry its pid).
final class TerminalSession {
    private static let prefix = "lotse-test-"
    private let socket = "\(TerminalSession.prefix)\(getpid())-\(UUID().uuidString.prefix(8))"

    init(_ arguments: [String], width: Int = 100, height: Int = 40, directory: String = CLITests.root) throws {
        Self.cleanUpOnce
        Self.register(socket)
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
            guard Date() < deadline else {
                Self.stop(socket)
                throw Failure("tmux did not start")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit { Self.stop(socket) }

    // MARK: No tmux server outlives the tests

    nonisolated(unsafe) private static var open: Set<String> = []
    private static let openLock = NSLock()

    private static func register(_ socket: String) {
        openLock.withLock { _ = open.insert(socket) }
    }

    /// Stops the tmux server and the program in its pane. `kill-server` alone is not enough: the
    /// server inherits the test process's blocked signals, never sees its children end, and
    /// stays — so both are ended by their process ids.
    private static func stop(_ socket: String) {
        openLock.withLock { _ = open.remove(socket) }
        let pids = ((try? runTmux(socket, ["display-message", "-p", "-t", "t", "#{pid} #{pane_pid}"])) ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int32($0) }
        _ = try? runTmux(socket, ["kill-server"])
        for pid in pids.reversed() where pid > 1 { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: socketDirectory + "/" + socket)
    }

    private static let socketDirectory = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())"

    /// Once per test process: stop the servers of earlier runs whose test process is gone, and
    /// stop this run's servers when the process exits.
    private static let cleanUpOnce: Void = {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: socketDirectory)) ?? [] where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).prefix { $0 != "-" }
            guard let pid = Int32(pid), kill(pid, 0) != 0, errno == ESRCH else { continue }
            stop(name)
        }
        atexit { for socket in TerminalSession.openLock.withLock({ TerminalSession.open }) { TerminalSession.stop(socket) } }
    }()

    /// Types a line and presses Enter.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "t", "-l", text])
        try tmux(["send-keys", "-t", "t", "Enter"])
    }

    /// Types text without pressing Enter (a half-typed line).
    func keys(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

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
    private func tmux(_ arguments: [String]) throws -> String { try Self.runTmux(socket, arguments) }

    @discardableResult
    private static func runTmux(_ socket: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        process.environment = environment
        // A file, not a pipe: the tmux server started by the first command inherits the output and
        // would keep a pipe open for ever.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
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

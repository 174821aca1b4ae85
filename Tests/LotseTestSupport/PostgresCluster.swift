import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of a test's own, in a temporary folder on a free loopback port, for a test
/// that stops and starts the database under load (the shared server of `LOTSE_TEST_POSTGRES_URL`
/// cannot be restarted while other tests use it). Needs the server programs
/// (`LOTSE_TEST_POSTGRES_BIN`, set by `.ci/run`); as root they run as the `postgres` user, because
/// initdb refuses root. Removed, and its server killed, when the value goes — also after a failure.
public final class PostgresCluster: @unchecked Sendable {
    public static let binaries = ProcessInfo.processInfo.environment["LOTSE_TEST_POSTGRES_BIN"].flatMap { $0.isEmpty ? nil : $0 }
    public static var available: Bool { binaries != nil }
    public static let skipNotice = "LOTSE_TEST_POSTGRES_BIN is not set: the database restart test is skipped (.ci/run sets it)"

    public let port: Int
    let folder: String
    var data: String { folder + "/data" }
    public var url: String { "postgres://lotse@127.0.0.1:\(port)/postgres?sslmode=disable" }

    public init() throws {
        guard let binaries = Self.binaries else { throw ClusterError.failed("LOTSE_TEST_POSTGRES_BIN is not set") }
        self.binaries = binaries
        port = LoopbackPort.unused()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-cluster-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 { try run("/bin/chown", ["postgres", folder], asPostgres: false) }
        try run(binaries + "/initdb", ["-D", data, "-A", "trust", "-U", "lotse", "--no-sync"])
        try start()
    }

    private let binaries: String

    public func start() throws {
        try run(binaries + "/pg_ctl", ["-D", data, "-l", folder + "/log", "-w",
                                       "-o", "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
    }

    /// Stops at once, as a crash or a failover would: open connections are cut.
    public func stop() throws {
        try run(binaries + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs a program to its end. Not Foundation's `Process`: its wait did not return for
    /// `pg_ctl start`, whose server outlives it.
    private func run(_ program: String, _ arguments: [String], asPostgres: Bool = true) throws {
        let command = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else {
            throw ClusterError.failed("cannot start \(command[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status >> 8) & 0xFF
        guard status & 0x7F == 0, code == 0 else {
            throw ClusterError.failed("\(URL(fileURLWithPath: program).lastPathComponent) \(arguments.last ?? "") exited with \(code)")
        }
    }

    public enum ClusterError: Error { case failed(String) }
}

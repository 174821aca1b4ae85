import Foundation
import LotseCore
import LotseTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several `lotse serve` processes on one PostgreSQL database, as behind a load balancer: a
/// person's turns arriving at either, one instance killed mid-load, the database restarted under
/// load. Real processes, real HTTP, a real database (skipped, saying so, without one).
@Suite(.serialized) struct MultiInstanceTests {
    static let skip = Comment(rawValue: TemporaryPostgresDatabase.skipNotice)
    /// A rate limit high enough never to answer these tests, and a database timeout patient with a
    /// machine that runs the whole suite in parallel (the restart test sets its own).
    static let arguments = ["--rate-per-minute", "100000", "--database-timeout", "30"]

    /// One turn over a connection of its own (`Connection: close`), read to the end: status 0 when
    /// the server cannot be reached. Raw sockets rather than URLSession, whose shared session did
    /// not recover from the connections a killed server left behind.
    static func turn(_ server: ServerProcess, _ sender: String, _ text: String) -> (status: Int, text: String) {
        let body = String(decoding: try! JSONSerialization.data(withJSONObject: ["sender": sender, "message": text]), as: UTF8.self)
        let (status, json) = exchange(server, "POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                              + "Connection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let messages = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] ?? []
        return (status, messages.compactMap { $0["text"] as? String }.joined(separator: "\n"))
    }

    /// The status of `GET /health`.
    static func health(_ server: ServerProcess) -> Int {
        exchange(server, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status
    }

    /// Seconds one exchange may take before it counts as unanswered.
    static let exchangeDeadline = 15.0

    /// Sends a whole request and reads the answer until the server closes: its status and body.
    /// Reads with `poll` and a deadline of its own: in the full suite another test's `Process` once
    /// closed a descriptor twice, and a blocking `recv` then waited on a reused one for ever.
    static func exchange(_ server: ServerProcess, _ request: String) -> (status: Int, body: String) {
        guard let socket = try? server.rawConnection() else { return (0, "") }
        defer { close(socket) }
        ServerProcess.write(socket, request)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(exchangeDeadline)
        reading: while Date() < deadline {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 500) >= 0 else { break }
            if descriptor.revents == 0 { continue }
            let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            switch count {
            case 1...: bytes += buffer[0..<count]
            case 0: break reading
            default: if errno != EAGAIN { break reading }
            }
        }
        let response = String(decoding: bytes, as: UTF8.self)
        let parts = response.components(separatedBy: "\r\n\r\n")
        guard let statusLine = parts.first?.split(separator: "\r\n").first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)) else { return (0, "") }
        return (status, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// How many turns the database holds for `sender` (the state's turn counter).
    static func storedTurns(_ database: TemporaryPostgresDatabase, _ sender: String) async throws -> Int? {
        let escaped = sender.replacingOccurrences(of: "'", with: "''")
        guard let bytes = try await database.bytes("SELECT state FROM conversations WHERE sender = '\(escaped)'") else { return nil }
        return ConversationCodec.decode(Data(bytes))?.turns
    }

    /// Runs `body` for each worker on a thread of its own (the HTTP calls block) and waits for all.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread { body(index); group.leave() }.start()
        }
        group.wait()
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func aConversationAlternatingBetweenTwoServersReachesItsReferralAndIsReported() async throws {
        try await TemporaryPostgresDatabase.with { database in
            let servers = [try ServerProcess(arguments: Self.arguments, database: database.url),
                           try ServerProcess(arguments: Self.arguments, database: database.url)]
            let senders = (1...5).map { "alternating-\($0)-\(UUID().uuidString)" }
            for sender in senders {
                var last = ""
                for (index, text) in ["Ich heiße Zainab und suche einen Deutschkurs", "34", "A1", "Parchim"].enumerated() {
                    let answer = Self.turn(servers[index % 2], sender, text)
                    #expect(answer.status == 200)
                    last = answer.text
                }
                // The facts given at the one server were known at the other.
                #expect(last.contains("passende Angebote gefunden (34 Jahre · Deutsch A1 · Parchim)"), "\(last)")
            }
            let today = Day(Date()).description
            let report = try StatisticsServerTests.lotse(["report", "--database", database.url, "--from", today, "--to", today, "--format", "csv"])
            #expect(report.status == 0, "\(report.stderr)")
            // Five referrals, each with a local offer (the district's adult education centre).
            #expect(report.stdout.split(separator: "\r\n").first { $0.hasPrefix("total,") }?.hasSuffix(",5,0,0") == true, "\(report.stdout)")
            // Neither the typed text nor the sender ids are in the statistics, the stored states or the logs.
            #expect(try await database.number("SELECT COUNT(*) FROM enquiries") > 0)
            for secret in ["Zainab", "Deutschkurs"] + senders {
                #expect(try await database.number("SELECT COUNT(*) FROM enquiries e WHERE e::text LIKE '%\(secret)%'") == 0)
                #expect(try await database.number("SELECT COUNT(*) FROM conversations WHERE position(convert_to('\(secret)', 'UTF8') in state) > 0") == 0)
            }
            for server in servers {
                #expect(!server.log.contains("Zainab"))
                for sender in senders { #expect(!server.log.contains(sender)) }
                server.stop()
            }
        }
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func concurrentTurnsOfOneSenderAtBothServersAreEachAppliedOnce() async throws {
        try await TemporaryPostgresDatabase.with { database in
            let servers = [try ServerProcess(arguments: Self.arguments, database: database.url),
                           try ServerProcess(arguments: Self.arguments, database: database.url)]
            let sender = "burst-\(UUID().uuidString)"
            let perThread = 5
            let statuses = Statuses()
            Self.onThreads(8) { index in
                for _ in 0..<perThread { statuses.add(Self.turn(servers[index % 2], sender, "hallo").status) }
            }
            #expect(statuses.all == Array(repeating: 200, count: 8 * perThread))
            #expect(try await Self.storedTurns(database, sender) == 8 * perThread)
            servers.forEach { $0.stop() }
        }
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func killingOneServerMidLoadLosesNoAcknowledgedTurn() async throws {
        try await TemporaryPostgresDatabase.with { database in
            let servers = [try ServerProcess(arguments: Self.arguments, database: database.url),
                           try ServerProcess(arguments: Self.arguments, database: database.url)]
            let senders = (0..<6).map { "kill-\($0)-\(UUID().uuidString)" }
            let acknowledged = Statuses()
            let killed = Flag()
            Thread {
                usleep(1_500_000)
                servers[0].kill9()
                killed.set()
            }.start()
            Self.onThreads(senders.count) { index in
                var answered = 0
                var turn = 0
                // Each sender alternates between the servers; after the kill only the survivor answers.
                while turn < 400 && !(killed.isSet && answered > 40) {
                    let server = servers[turn % 2]
                    turn += 1
                    if Self.turn(server, senders[index], "hallo").status == 200 { answered += 1 }
                }
                acknowledged.set(answered, for: index)
            }
            #expect(killed.isSet)
            for (index, sender) in senders.enumerated() {
                let stored = try await Self.storedTurns(database, sender) ?? 0
                let answered = acknowledged.count(for: index)
                // Every acknowledged turn is there; at most the one in flight at the kill went in unanswered.
                #expect(answered <= stored && stored <= answered + 1, "sender \(index): \(stored) stored, \(answered) answered")
                #expect(answered > 40)
            }
            servers[1].stop()
        }
    }

    @Test(.disabled(if: !PostgresCluster.available, Comment(rawValue: PostgresCluster.skipNotice)))
    func theServiceAnswers503WhileTheDatabaseIsDownAndRecoversWithoutARestart() async throws {
        let cluster = try PostgresCluster()
        let database = try await TemporaryPostgresDatabase.create(on: cluster.url)
        let server = try ServerProcess(arguments: ["--rate-per-minute", "100000", "--database-timeout", "2"], database: database.url)
        let senders = (0..<4).map { "restart-\($0)-\(UUID().uuidString)" }
        let results = Statuses()
        let phase = Flag()
        Thread {
            usleep(1_000_000)
            try? cluster.stop()
            // While it is down: readiness says so, within the timeout.
            let started = Date()
            results.note(health: Self.health(server), seconds: Date().timeIntervalSince(started))
            usleep(2_000_000)
            try? cluster.start()
            phase.set()
        }.start()
        let answered = Statuses()
        Self.onThreads(senders.count) { index in
            var count = 0
            var afterRestart = 0
            let deadline = Date().addingTimeInterval(120)
            while afterRestart < 20 && Date() < deadline {
                let status = Self.turn(server, senders[index], "hallo").status
                results.add(status)
                if status == 200 { count += 1 }
                if phase.isSet && status == 200 { afterRestart += 1 }
                if status != 200 { usleep(100_000) }
            }
            answered.set(count, for: index)
        }
        let statuses = Set(results.all)
        #expect(statuses.isSubset(of: [200, 503]), "statuses seen: \(statuses)")
        #expect(statuses.contains(503), "the outage was not noticed")
        #expect(results.health == 503)
        #expect(results.healthSeconds < 5)
        #expect(Self.health(server) == 200)
        for (index, sender) in senders.enumerated() {
            let stored = try await Self.storedTurns(database, sender) ?? 0
            let count = answered.count(for: index)
            #expect(count <= stored && stored <= count + 1, "\(stored) stored, \(count) answered")
        }
        server.stop()
        try? await database.drop()
    }
}

/// What the worker threads of a test report.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    private var counts: [Int: Int] = [:]
    private(set) var health = 0
    private(set) var healthSeconds = 0.0

    func add(_ value: Int) { lock.withLock { values.append(value) } }
    var all: [Int] { lock.withLock { values } }
    func set(_ count: Int, for index: Int) { lock.withLock { counts[index] = count } }
    func count(for index: Int) -> Int { lock.withLock { counts[index] ?? 0 } }
    func note(health status: Int, seconds: Double) { lock.withLock { health = status; healthSeconds = seconds } }
}

/// A one-way switch threads can read.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

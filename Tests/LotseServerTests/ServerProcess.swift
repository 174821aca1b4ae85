import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A real `lotse serve` process on a free loopback port with its own database file, for tests
/// that talk HTTP to it, kill it and start it again.
final class ServerProcess: @unchecked Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var binary: String {
        let nextToTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lotse").path
        if FileManager.default.isExecutableFile(atPath: nextToTests) { return nextToTests }
        return root + "/.build/debug/lotse"
    }

    /// How long a server may take to answer /health after it was started.
    static let startupSeconds: Double = 60

    let port: Int
    let database: String
    let arguments: [String]
    let knowledgeRoot: String
    private(set) var process: Process?
    let logFile: String

    init(arguments: [String] = [], database: String? = nil, knowledgeRoot: String = ServerProcess.root) throws {
        port = try Self.freePort()
        self.database = database ?? FileManager.default.temporaryDirectory.appendingPathComponent("lotse-server-\(UUID().uuidString).sqlite").path
        self.arguments = arguments
        self.knowledgeRoot = knowledgeRoot
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-server-\(UUID().uuidString).log").path
        try start()
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--root", knowledgeRoot, "--port", String(port), "--database", database] + arguments
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = FileHandle(forWritingAtPath: logFile)!
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        Self.register(process.processIdentifier, files: ["", "-wal", "-shm", ".lock"].map { database + $0 } + [logFile])
        // A debug build on a busy shared machine, several servers starting at once: a minute, not 20 s.
        let deadline = Date().addingTimeInterval(Self.startupSeconds)
        while Date() < deadline {
            if (try? Self.request("GET", url("/health"), timeout: 1))?.status == 200 { return }
            guard process.isRunning else { throw ServerError.exited(log: self.log) }
            usleep(50_000)
        }
        throw ServerError.notReady(log: self.log)
    }

    /// Polls `condition` until it holds or `timeout` seconds have passed; whether it held.
    static func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { return false }
            usleep(50_000)
        }
        return true
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    func signal(_ number: Int32) { if let process { kill(process.processIdentifier, number) } }

    func kill9() {
        signal(SIGKILL)
        process?.waitUntilExit()
    }

    func stop() {
        guard let process, process.isRunning else { return }
        signal(SIGTERM)
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: database)
        try? FileManager.default.removeItem(atPath: database + "-wal")
        try? FileManager.default.removeItem(atPath: database + "-shm")
        try? FileManager.default.removeItem(atPath: database + ".lock")
        try? FileManager.default.removeItem(atPath: logFile)
    }

    enum ServerError: Error { case exited(log: String), notReady(log: String) }

    // MARK: No server outlives the tests

    /// Servers held in statics are never deinitialised; they are stopped, and their database and
    /// log files removed, when the test process exits.
    nonisolated(unsafe) private static var running: [Int32: [String]] = [:]
    private static let runningLock = NSLock()
    nonisolated(unsafe) private static var exitHandlerInstalled = false

    private static func register(_ pid: Int32, files: [String]) {
        runningLock.withLock {
            running[pid] = files
            if !exitHandlerInstalled {
                exitHandlerInstalled = true
                atexit { ServerProcess.stopAll() }
            }
        }
    }

    static func stopAll() {
        for (pid, files) in runningLock.withLock({ running }) {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            for file in files { try? FileManager.default.removeItem(atPath: file) }
        }
    }

    // MARK: HTTP

    struct HTTPResult {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
    }

    func post(_ path: String, json: Any, headers: [String: String] = [:]) throws -> HTTPResult {
        let body = try JSONSerialization.data(withJSONObject: json)
        return try Self.request("POST", url(path), body: body, headers: ["Content-Type": "application/json"].merging(headers) { $1 })
    }

    func send(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) throws -> HTTPResult {
        try Self.request(method, url(path), body: body, headers: headers)
    }

    static func request(_ method: String, _ url: URL, body: Data? = nil, headers: [String: String] = [:], timeout: Double = 10) throws -> HTTPResult {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let box = ResultBox()
        let semaphore = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse {
                var fields: [String: String] = [:]
                for (key, value) in response.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
                box.result = .success(HTTPResult(status: response.statusCode, headers: fields, body: data ?? Data()))
            } else {
                box.result = .failure(error ?? URLError(.badServerResponse))
            }
            semaphore.signal()
        }.resume()
        semaphore.wait()
        return try box.result!.get()
    }

    final class ResultBox: @unchecked Sendable { var result: Result<HTTPResult, any Error>? }

    // MARK: Raw sockets

    /// A TCP connection to the server for what an HTTP client library will not send.
    func rawConnection() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(socket); throw URLError(.cannotConnectToHost) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    static func write(_ socket: Int32, _ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the server closes the connection (or the 10 s receive timeout); returns what came.
    static func readAll(_ socket: Int32) -> (text: String, closed: Bool) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: data, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: data, as: UTF8.self), false) }
            data += buffer[0..<count]
        }
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

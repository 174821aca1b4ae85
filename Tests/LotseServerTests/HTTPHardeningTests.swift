import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a fuzzing and fault run against `lotse serve` found (issue 12), each case replayed over a
/// raw socket or real HTTP: client faults are answered 4xx with the JSON error body and are not
/// server errors; no client can hold a connection open by writing slowly or by writing before it
/// reads; Telegram updates are neither lost nor given to the wrong chat.
@Suite(.serialized) struct HTTPHardeningTests {
    static let server = try! ServerProcess(arguments: [
        "--rest-token", "rest-secret", "--telegram-secret", "tg", "--max-body-bytes", "4096", "--request-timeout", "2",
        "--rate-per-minute", "60",
    ])
    var server: ServerProcess { Self.server }
    let secret = ["X-Telegram-Bot-Api-Secret-Token": "tg"]

    /// Writes `request` on a new connection and reads until the server closes it (or 10 s).
    func exchange(_ request: String) throws -> (text: String, closed: Bool, seconds: Double) {
        let socket = try server.rawConnection()
        defer { close(socket) }
        let started = Date()
        ServerProcess.write(socket, request)
        let (text, closed) = ServerProcess.readAll(socket)
        return (text, closed, Date().timeIntervalSince(started))
    }

    func body(_ response: String) -> [String: Any]? {
        guard let start = response.range(of: "\r\n\r\n") else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(response[start.upperBound...].utf8)) as? [String: Any]
    }

    /// No request so far was a server error: none counted, none logged at error level.
    func expectNoServerErrors(_ comment: Comment) throws {
        let metrics = try server.send("GET", "/metrics").text
        #expect(!metrics.contains("lotse_errors_total"), comment)
        #expect(!server.log.contains(" error "), "\(comment): \(server.log)")
    }

    static let parseHead = "POST /model/parse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"

    @Test(arguments: ["zz", "FFFFFFFFFFFFFFFFFFFFFFFF", "-5"])
    func malformedChunkSizesAre400(size: String) throws {
        let answer = try exchange(Self.parseHead + "Transfer-Encoding: chunked\r\n\r\n\(size)\r\n{\"text\":\"x\"}\r\n0\r\n\r\n")
        #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text)")
        #expect(body(answer.text)?["status"] as? Int == 400)
        #expect(answer.closed)
        try expectNoServerErrors("chunk size \(size)")
    }

    @Test func aBodyTheClientBreaksOffIsNoServerError() throws {
        let socket = try server.rawConnection()
        ServerProcess.write(socket, Self.parseHead + "Content-Length: 200\r\n\r\n{\"text\":")
        close(socket)
        let chunked = try server.rawConnection()
        ServerProcess.write(chunked, Self.parseHead + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"te")
        close(chunked)
        Thread.sleep(forTimeInterval: 0.5)
        try expectNoServerErrors("abandoned bodies")
    }

    @Test func malformedHeadsGetTheJSONErrorBody() throws {
        for request in ["THIS IS NOT HTTP\r\n\r\n", "GET /health HTTP/1.1\r\nHost: x\r\nBroken Header\r\n\r\n"] {
            let answer = try exchange(request)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text)")
            #expect((body(answer.text)?["error"] as? String)?.contains("malformed HTTP request") == true, "\(answer.text)")
            #expect(answer.closed)
        }
    }

    @Test func http10WithoutKeepAliveIsClosedAfterTheAnswer() throws {
        let answer = try exchange("GET /health HTTP/1.0\r\n\r\n")
        #expect(answer.text.contains(" 200 OK"))
        #expect(answer.text.lowercased().contains("connection: close"))
        #expect(answer.closed && answer.seconds < 5, "closed: \(answer.closed) after \(answer.seconds) s")
    }

    /// A client that writes its whole body before it reads (Python's urllib) gets the 413: the
    /// server reads and discards the rest instead of leaving the client blocked on a full buffer.
    @Test func anOversizedBodyIsAnswered413AndDiscardedNotLeftHanging() throws {
        let socket = try server.rawConnection()
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let size = 4 * 1024 * 1024
        let started = Date()
        ServerProcess.write(socket, Self.parseHead + "Connection: close\r\nContent-Length: \(size)\r\n\r\n")
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        var sent = 0
        while sent < size {
            let count = chunk.withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, min(chunk.count, size - sent), Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        #expect(sent == size, "the server stopped reading after \(sent) bytes")
        let (text, closed) = ServerProcess.readAll(socket)
        #expect(text.hasPrefix("HTTP/1.1 413"), "\(text)")
        #expect(closed)
        #expect(Date().timeIntervalSince(started) < 8)
    }

    @Test func expectContinueGets100OrAnEarly413() throws {
        let large = try exchange(Self.parseHead + "Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
        #expect(large.text.hasPrefix("HTTP/1.1 413"), "\(large.text)")
        #expect(large.closed && large.seconds < 5)
        let socket = try server.rawConnection()
        defer { close(socket) }
        let json = "{\"text\":\"hallo\"}"
        ServerProcess.write(socket, Self.parseHead + "Content-Length: \(json.utf8.count)\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n")
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = recv(socket, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue"))
        ServerProcess.write(socket, json)
        let (text, _) = ServerProcess.readAll(socket)
        #expect(text.contains("HTTP/1.1 200 OK") && text.contains("\"greet\""), "\(text)")
    }

    /// `Content-Length: 100000`, then a byte now and then: answered 408 and closed after the request
    /// timeout (2 s here), though every byte arrives well within the idle timeout.
    @Test func aSlowBodyIsTimedOut() throws {
        let socket = try server.rawConnection()
        defer { close(socket) }
        let started = Date()
        ServerProcess.write(socket, Self.parseHead + "Content-Length: 3000\r\n\r\n{")
        final class Reply: @unchecked Sendable { var text = ""; var closed = false; var done = false }
        let reply = Reply()
        Thread.detachNewThread {
            (reply.text, reply.closed) = ServerProcess.readAll(socket)
            reply.done = true
        }
        for _ in 0..<20 where !reply.done {
            Thread.sleep(forTimeInterval: 0.4)
            ServerProcess.write(socket, "a")
        }
        while !reply.done { Thread.sleep(forTimeInterval: 0.05) }
        #expect(reply.text.hasPrefix("HTTP/1.1 408"), "\(reply.text)")
        #expect(reply.closed)
        #expect(Date().timeIntervalSince(started) < 6)
    }

    /// `/model/parse` has no sender: it is limited per client address.
    @Test func parseIsRateLimitedPerClientAddress() throws {
        let limited = try ServerProcess(arguments: ["--parse-rate-per-minute", "3"])
        let statuses = try (0..<4).map { _ in try limited.post("/model/parse", json: ["text": "hallo"]).status }
        #expect(statuses == [200, 200, 200, 429])
        #expect(try limited.post("/webhooks/rest/webhook", json: ["sender": "s", "message": "hallo"]).status == 200)
    }

    /// A head sent a byte at a time produces no request the routes see; the idle timeout closes it.
    @Test func aSlowHeadIsClosedByTheIdleTimeout() throws {
        let strict = try ServerProcess(arguments: ["--idle-timeout", "1"])
        let socket = try strict.rawConnection()
        defer { close(socket) }
        let started = Date()
        final class Reply: @unchecked Sendable { var closed = false; var done = false }
        let reply = Reply()
        Thread.detachNewThread {
            reply.closed = ServerProcess.readAll(socket).closed
            reply.done = true
        }
        for byte in "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 where !reply.done {
            ServerProcess.write(socket, String(UnicodeScalar(byte)))
            Thread.sleep(forTimeInterval: 0.2)
        }
        while !reply.done { Thread.sleep(forTimeInterval: 0.05) }
        #expect(reply.closed)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func theBearerSchemeIsCaseInsensitive() throws {
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let result = try server.post("/webhooks/rest/webhook", json: ["sender": "case-\(UUID().uuidString)", "message": "hallo"],
                                         headers: ["Authorization": "\(scheme) rest-secret"])
            #expect(result.status == 200, "\(scheme): \(result.text)")
        }
    }

    // MARK: Telegram

    func telegram(_ json: String) throws -> ServerProcess.HTTPResult {
        try server.send("POST", "/webhooks/telegram", body: Data(json.utf8), headers: secret.merging(["Content-Type": "application/json"]) { $1 })
    }

    func update(_ id: Int64, chat: String, text: String) -> String {
        "{\"update_id\":\(id),\"message\":{\"message_id\":1,\"text\":\"\(text)\",\"chat\":{\"id\":\(chat)}}}"
    }

    @Test func chatIdsOutsideInt64AreRefusedAndTheWholeRangeIsAccepted() throws {
        let base = Int64.random(in: 1...1_000_000_000)
        for (offset, chat) in ["18446744073709551615", "9223372036854775808", "-9223372036854775809", "1.5", "true"].enumerated() {
            let answer = try telegram(update(base + Int64(offset), chat: chat, text: "hallo"))
            #expect(answer.status == 400, "\(chat): \(answer.text)")
            #expect((answer.json as? [String: Any])?["field"] as? String == "message.chat.id")
        }
        for (offset, chat) in [Int64.min, Int64.max, -1].enumerated() {
            let answer = try telegram(update(base + 10 + Int64(offset), chat: String(chat), text: "hallo"))
            #expect(answer.status == 200, "\(chat): \(answer.text)")
            #expect(answer.text.contains("\"chat_id\":\(chat)"), "\(answer.text)")
        }
        let overflowingUpdate = try telegram(update(0, chat: "5", text: "x").replacingOccurrences(of: "\"update_id\":0", with: "\"update_id\":18446744073709551615"))
        #expect(overflowingUpdate.status == 400)
    }

    /// A button of an inline-mode message has no `message`: acknowledged, or Telegram retries it.
    @Test func anInlineCallbackWithoutMessageIsAcknowledged() throws {
        let answer = try telegram("{\"update_id\":\(Int64.random(in: 1...Int64(Int32.max))),\"callback_query\":{\"id\":\"q\",\"from\":{\"id\":7},\"inline_message_id\":\"i\",\"data\":\"/greet\"}}")
        #expect(answer.status == 200, "\(answer.text)")
        #expect((answer.json as? [String: Any])?.isEmpty == true)
    }

    /// An update answered 429 is sent again by Telegram; that redelivery is answered, not dropped
    /// as a duplicate (the person's message would vanish).
    @Test func anUpdateAnswered429IsAnsweredWhenTelegramSendsItAgain() throws {
        let chat = String(Int64.random(in: 1...Int64.max))
        let base = Int64.random(in: 2_000_000_000...3_000_000_000)
        var refused: (id: Int64, retryAfter: Double)? = nil
        for offset in 0..<200 {
            let answer = try telegram(update(base + Int64(offset), chat: chat, text: "hallo"))
            if answer.status == 429 {
                refused = (base + Int64(offset), Double(answer.headers["retry-after"] ?? "1") ?? 1)
                break
            }
            #expect(answer.status == 200)
        }
        let (id, wait) = try #require(refused, "the rate limit never answered 429")
        Thread.sleep(forTimeInterval: wait + 0.2)
        let again = try telegram(update(id, chat: chat, text: "Deutschkurs"))
        #expect(again.status == 200)
        #expect((again.json as? [String: Any])?["method"] as? String == "sendMessage", "the redelivery was dropped: \(again.text)")
    }
}

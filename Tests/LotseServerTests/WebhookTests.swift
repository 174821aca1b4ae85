import Foundation
import Testing
import LotseCore
import LotseSQLite

/// Real HTTP requests against a running `lotse serve`.
@Suite(.serialized) struct WebhookTests {
    static let restToken = "rest-secret"
    static let server = try! ServerProcess(arguments: [
        "--admin-token", "admin-secret", "--rest-token", restToken, "--telegram-secret", "tg-secret",
        "--max-body-bytes", "4096", "--max-message-length", "500",
    ])
    var server: ServerProcess { Self.server }
    let auth = ["Authorization": "Bearer \(WebhookTests.restToken)"]

    func rest(_ sender: String, _ message: String, metadata: [String: Any]? = nil) throws -> [[String: Any]] {
        var body: [String: Any] = ["sender": sender, "message": message]
        if let metadata { body["metadata"] = metadata }
        let result = try server.post("/webhooks/rest/webhook", json: body, headers: auth)
        #expect(result.status == 200, "\(result.text)")
        return result.json as? [[String: Any]] ?? []
    }

    @Test func restConversationFromGreetingToReferral() throws {
        let sender = "rest-\(UUID().uuidString)"
        #expect(try rest(sender, "hallo").first?["buttons"] != nil)
        _ = try rest(sender, "ich suche einen Deutschkurs")
        _ = try rest(sender, "34")
        let level = try rest(sender, "/inform{\"language_level\":\"A1\"}")
        #expect((level.first?["text"] as? String)?.contains("Ort") == true)
        let referral = try rest(sender, "Parchim")
        #expect(referral.allSatisfy { $0["recipient_id"] as? String == sender })
        let custom = try #require(referral.compactMap { $0["custom"] as? [String: Any] }.first)
        let offers = try #require(custom["offers"] as? [[String: Any]])
        #expect(offers.contains { $0["id"] as? String == "integrationskurs" })
        #expect(try server.send("GET", "/webhooks/rest/").json as? [String: String] == ["status": "ok"])
    }

    @Test func metadataLanguageIsAHint() throws {
        let reply = try rest("hint-\(UUID().uuidString)", "34", metadata: ["language": "ar"])
        #expect((reply.first?["text"] as? String)?.unicodeScalars.contains { Script($0) == .arabic } == true)
    }

    @Test func preciseErrors() throws {
        let path = "/webhooks/rest/webhook"
        let malformed = try server.send("POST", path, body: Data("{\"sender\": ".utf8), headers: ["Content-Type": "application/json"] .merging(auth) { $1 })
        #expect(malformed.status == 400)
        #expect((malformed.json as? [String: Any])?["error"] as? String == "body is not valid JSON")
        let missing = try server.post(path, json: ["sender": "x"], headers: auth)
        #expect(missing.status == 400)
        #expect((missing.json as? [String: Any])?["field"] as? String == "message")
        let wrongType = try server.post(path, json: ["sender": 5, "message": "hi"], headers: auth)
        #expect((wrongType.json as? [String: Any])?["field"] as? String == "sender")
        let utf8 = try server.send("POST", path, body: Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), headers: ["Content-Type": "application/json"].merging(auth) { $1 })
        #expect(utf8.status == 400)
        #expect(utf8.text.contains("UTF-8"))
        let type = try server.send("POST", path, body: Data("sender=x".utf8), headers: ["Content-Type": "text/plain"].merging(auth) { $1 })
        #expect(type.status == 415)
        let large = try server.post(path, json: ["sender": "x", "message": String(repeating: "a", count: 10_000)], headers: auth)
        #expect(large.status == 413)
        let unknown = try server.send("GET", "/nowhere")
        #expect(unknown.status == 404)
        #expect((unknown.json as? [String: Any])?["error"] != nil)
        let longSender = try server.post(path, json: ["sender": String(repeating: "s", count: 200), "message": "hi"], headers: auth)
        #expect(longSender.status == 400)
        let controlSender = try server.post(path, json: ["sender": "a\u{0007}b", "message": "hi"], headers: auth)
        #expect(controlSender.status == 400)
        let noToken = try server.post(path, json: ["sender": "x", "message": "hi"])
        #expect(noToken.status == 401)
        #expect(noToken.headers["www-authenticate"] == "Bearer")
    }

    @Test func oversizedMessageTextGetsALocalisedReply() throws {
        let reply = try rest("long-\(UUID().uuidString)", String(repeating: "Deutschkurs ", count: 45))
        #expect((reply.first?["text"] as? String)?.contains("500") == true)
    }

    @Test func hostileTextNeverCrashes() throws {
        let sender = "hostile-\(UUID().uuidString)"
        for text in ["", "\u{202E}\u{2066}", "\u{0000}\u{0001}", String(repeating: "🙂", count: 400), "/inform{\"age\":", "/unknown_intent"] {
            #expect(try !rest(sender, text).isEmpty)
        }
        #expect(try server.send("GET", "/health").status == 200)
    }

    @Test func telegramMessageAndButtons() throws {
        let chat: Int64 = -1_001_234_567_890_123
        let secret = ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"]
        let update: [String: Any] = ["update_id": 9_000_000_001, "message": [
            "message_id": 1, "date": 1_700_000_000, "text": "Привіт",
            "chat": ["id": chat, "type": "private"], "from": ["id": 42, "is_bot": false, "first_name": "O", "language_code": "uk"]]]
        let answer = try server.post("/webhooks/telegram", json: update, headers: secret)
        #expect(answer.status == 200)
        let call = try #require(answer.json as? [String: Any])
        #expect(call["method"] as? String == "sendMessage")
        #expect((call["chat_id"] as? NSNumber)?.int64Value == chat)
        #expect((call["text"] as? String)?.isEmpty == false)
        let keyboard = try #require((call["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]])
        #expect(keyboard.count == 9)
        for row in keyboard { for key in row { #expect(((key["callback_data"] as? String)?.utf8.count ?? 99) <= 64) } }
        // Pressing the second button.
        let press: [String: Any] = ["update_id": 9_000_000_002, "callback_query": [
            "id": "q1", "data": keyboard[1][0]["callback_data"]!, "from": ["id": 42, "language_code": "uk"],
            "message": ["message_id": 2, "chat": ["id": chat, "type": "private"]]]]
        let next = try server.post("/webhooks/telegram", json: press, headers: secret)
        #expect(((next.json as? [String: Any])?["text"] as? String)?.isEmpty == false)
    }

    @Test func telegramUpdatesAreProcessedOnce() throws {
        let chat = Int64.random(in: 1...Int64.max)
        let secret = ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"]
        let id = Int64.random(in: 1...Int64(Int32.max))
        let update: [String: Any] = ["update_id": id, "message": ["message_id": 1, "text": "Deutschkurs", "chat": ["id": chat]]]
        let first = try server.post("/webhooks/telegram", json: update, headers: secret)
        #expect((first.json as? [String: Any])?["method"] as? String == "sendMessage")
        let again = try server.post("/webhooks/telegram", json: update, headers: secret)
        #expect(again.status == 200)
        #expect((again.json as? [String: Any])?.isEmpty == true)
        // The conversation advanced once: the next message is read as the age question's answer.
        let next: [String: Any] = ["update_id": id + 1, "message": ["message_id": 2, "text": "34", "chat": ["id": chat]]]
        let reply = try server.post("/webhooks/telegram", json: next, headers: secret)
        #expect(((reply.json as? [String: Any])?["text"] as? String)?.contains("Deutsch") == true)
    }

    @Test func telegramNeedsTheSecret() throws {
        let update: [String: Any] = ["update_id": 1, "message": ["message_id": 1, "text": "hi", "chat": ["id": 1]]]
        #expect(try server.post("/webhooks/telegram", json: update).status == 401)
        #expect(try server.post("/webhooks/telegram", json: update, headers: ["X-Telegram-Bot-Api-Secret-Token": "nope"]).status == 401)
    }

    @Test func parseHasRasaShape() throws {
        let result = try server.post("/model/parse", json: ["text": "Ich wohne in Rostock und bin 25"])
        let object = try #require(result.json as? [String: Any])
        #expect((object["intent"] as? [String: Any])?["name"] as? String == "inform")
        let entities = try #require(object["entities"] as? [[String: Any]])
        #expect(entities.contains { $0["entity"] as? String == "residence" && $0["region"] as? String == "13003" })
        #expect(entities.contains { $0["entity"] as? String == "age" && $0["value"] as? String == "25" })
    }

    @Test func healthAndMetricsWithoutPersonalData() throws {
        let health = try #require(try server.send("GET", "/health").json as? [String: Any])
        #expect(health["status"] as? String == "ok")
        #expect(health["database"] as? String == "writable")
        let sender = "metrics-\(UUID().uuidString)"
        _ = try rest(sender, "Mein Name ist Samira, Kita bitte")
        let metrics = try server.send("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("lotse_http_requests_total{route=\"/webhooks/rest/webhook\",status=\"200\"}"))
        #expect(metrics.text.contains("lotse_turns_total{intent="))
        #expect(metrics.text.contains("lotse_http_request_duration_seconds_bucket"))
        #expect(!metrics.text.contains(sender))
        #expect(!metrics.text.contains("Samira"))
        #expect(!server.log.contains("Samira"))
        #expect(!server.log.contains(sender))
    }

    @Test func erasureNeedsTheAdminTokenAndErases() throws {
        let sender = "erase me/\(UUID().uuidString)"
        for line in ["Deutschkurs", "34", "A1"] { _ = try rest(sender, line) }
        let path = "/conversations/" + sender.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(try server.send("DELETE", path).status == 401)
        #expect(try server.send("DELETE", path, headers: ["Authorization": "Bearer admin-secret"]).status == 204)
        #expect(try server.send("DELETE", path, headers: ["Authorization": "Bearer admin-secret"]).status == 404)
        // Erased: the conversation starts again. Kept, «Parchim» would complete the profile and refer
        // (34 Jahre · Deutsch A1 · Parchim); forgotten, it is a place without age and topic.
        let reply = try rest(sender, "Parchim").compactMap { $0["text"] as? String }.joined(separator: "\n")
        #expect(reply.contains("Wie alt sind Sie?"), "\(reply)")
        #expect(!reply.contains("34 Jahre"), "\(reply)")
    }

    @Test func oneSendersMessagesAreProcessedInOrderWithoutLostTurns() async throws {
        let server = try ServerProcess()
        let sender = "burst"
        let count = 20
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<count {
                group.addTask { (try? server.post("/webhooks/rest/webhook", json: ["sender": sender, "message": "hallo"]).status) ?? 0 }
            }
            for await status in group { #expect(status == 200) }
        }
        server.stop()
        // Every turn was applied to the state the previous one saved: none was lost to interleaving.
        let store = try SQLiteConversationStore(path: server.database)
        #expect(try store.load(sender: sender, notBefore: .distantPast)?.turns == count)
    }

    @Test func slowClientsAreCutOff() throws {
        let slow = try ServerProcess(arguments: ["--idle-timeout", "1"])
        let socket = try slow.rawConnection()
        defer { close(socket) }
        ServerProcess.write(socket, "POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"sen")
        let started = Date()
        let (_, closed) = ServerProcess.readAll(socket)
        #expect(closed)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(try slow.send("GET", "/health").status == 200)
    }

    @Test func malformedHTTPGetsAnAnswerNotAHang() throws {
        let socket = try server.rawConnection()
        defer { close(socket) }
        ServerProcess.write(socket, "THIS IS NOT HTTP\r\n\r\n")
        let (text, closed) = ServerProcess.readAll(socket)
        #expect(closed || text.contains("400"))
    }
}

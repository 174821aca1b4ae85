import Foundation
import Testing
import Yams
import LotseCore
import LotseSQLite

@Suite(.serialized) struct OperationsTests {
    @Test func conversationSurvivesKill9AndRestart() throws {
        let server = try ServerProcess()
        let sender = "restart-\(UUID().uuidString)"
        func say(_ text: String) throws -> String {
            let result = try server.post("/webhooks/rest/webhook", json: ["sender": sender, "message": text])
            #expect(result.status == 200)
            return ((result.json as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined(separator: "\n")
        }
        _ = try say("ich suche einen Deutschkurs")
        _ = try say("34")
        server.kill9()
        try server.start()
        // The profile survived: after the level, the next question is the place, not the age.
        let answer = try say("A1")
        #expect(answer.contains("Wo wohnen Sie"))
        let referral = try say("Parchim")
        #expect(referral.contains("34"))
    }

    @Test func rateLimitPerSender() throws {
        let server = try ServerProcess(arguments: ["--rate-per-minute", "3"])
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<5 {
            let result = try server.post("/webhooks/rest/webhook", json: ["sender": "busy", "message": "hallo"])
            statuses.append(result.status)
            if result.status == 429 { retryAfter = result.headers["retry-after"] }
        }
        #expect(statuses.prefix(3).allSatisfy { $0 == 200 })
        #expect(statuses.last == 429)
        #expect(Int(retryAfter ?? "") ?? 0 >= 1)
        // Another sender is not affected.
        #expect(try server.post("/webhooks/rest/webhook", json: ["sender": "calm", "message": "hallo"]).status == 200)
    }

    @Test func reloadOnSIGHUPKeepsServingWhenAFileIsBroken() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-reload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["knowledge", "intents"] {
            try FileManager.default.copyItem(atPath: ServerProcess.root + "/" + name, toPath: root + "/" + name)
        }
        let server = try ServerProcess(knowledgeRoot: root)
        let offers = { (try? server.send("GET", "/health").json as? [String: Any]).flatMap { ($0?["knowledge"] as? [String: Any])?["offers"] as? Int } }
        let before = offers()
        try "offers:\n- id: broken\n  category: nonsense\n".write(toFile: root + "/knowledge/offers/zz.yml", atomically: true, encoding: .utf8)
        server.signal(SIGHUP)
        // A reload loads and trains from scratch: seconds on a loaded machine, so the test waits for
        // the outcome (up to a minute), not for a fixed time.
        #expect(ServerProcess.waitUntil(timeout: 60) { server.log.contains("zz.yml:3") }, "\(server.log)")
        #expect(offers() == before)
        #expect(try server.post("/webhooks/rest/webhook", json: ["sender": "r", "message": "hallo"]).status == 200)
        // A good change is taken.
        try FileManager.default.removeItem(atPath: root + "/knowledge/offers/zz.yml")
        let removed = try String(contentsOfFile: root + "/knowledge/offers/14522-mittelsachsen.yml", encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/knowledge/offers/14522-mittelsachsen.yml")
        server.signal(SIGHUP)
        #expect(ServerProcess.waitUntil(timeout: 60) { offers() != before })
        #expect(offers() == (before ?? 0) - removed.components(separatedBy: "\n- id:").count + 1)
    }

    @Test func gracefulShutdownOnSIGTERM() throws {
        let server = try ServerProcess()
        server.stop()
        #expect(server.process?.terminationStatus == 0)
    }

    @Test func expiredConversationsStartAgain() throws {
        let server = try ServerProcess(arguments: ["--expiry", "1", "--purge-interval", "1"])
        _ = try server.post("/webhooks/rest/webhook", json: ["sender": "e", "message": "Deutschkurs"])
        sleep(3)
        let health = try #require(try server.send("GET", "/health").json as? [String: Any])
        #expect(health["conversations"] as? Int == 0)
    }

    @Test func databaseDoesNotGrowWithoutBound() throws {
        let server = try ServerProcess(arguments: ["--expiry", "1", "--purge-interval", "1"])
        for round in 0..<3 {
            for index in 0..<50 {
                _ = try server.post("/webhooks/rest/webhook", json: ["sender": "g\(round)-\(index)", "message": "hallo"])
            }
            sleep(2)
        }
        let health = try #require(try server.send("GET", "/health").json as? [String: Any])
        #expect((health["conversations"] as? Int ?? 999) < 50)
        server.stop()
        let size = (try FileManager.default.attributesOfItem(atPath: server.database)[.size] as? Int) ?? 0
        #expect(size < 1_000_000)
    }

    /// The OpenAPI document in the repository is what the server serves, and it describes exactly
    /// the routes the server has.
    @Test func openAPIDocumentMatchesTheServer() throws {
        let server = try ServerProcess(arguments: ["--admin-token", "a"])
        // Fetched over a plain socket: FoundationNetworking refuses this response size on Linux.
        let socket = try server.rawConnection()
        ServerProcess.write(socket, "GET /openapi.yaml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        let (response, _) = ServerProcess.readAll(socket)
        close(socket)
        #expect(response.hasPrefix("HTTP/1.1 200"))
        let served = response.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        let file = try String(contentsOfFile: ServerProcess.root + "/Sources/LotseServer/openapi.yaml", encoding: .utf8)
        #expect(served == file)
        let document = try #require(try Yams.load(yaml: file) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let routes: Set<String> = ["GET /webhooks/rest/", "POST /webhooks/rest/webhook", "POST /webhooks/telegram",
                                   "POST /model/parse", "GET /health", "GET /metrics", "DELETE /conversations/{sender}",
                                   "GET /openapi.yaml"]
        #expect(documented == routes)
        // Every documented route exists on the server (answers something other than 404 or 405).
        for route in routes {
            let parts = route.split(separator: " ")
            let path = String(parts[1]).replacingOccurrences(of: "{sender}", with: "nobody")
            let method = String(parts[0])
            if route == "GET /openapi.yaml" { continue }  // fetched above
            let result = try server.send(method, path, body: method == "POST" ? Data("{}".utf8) : nil, headers: ["Content-Type": "application/json"])
            #expect(result.status != 404 || route.hasPrefix("DELETE"), "\(route): \(result.status)")
            #expect(result.status != 405, "\(route)")
        }
    }
}

@Suite struct DatabaseLockTests {
    @Test func aSecondServerCannotUseTheSameDatabase() throws {
        let first = try ServerProcess()
        _ = try first.post("/webhooks/rest/webhook", json: ["sender": "a", "message": "hallo"])
        #expect(throws: (any Error).self) { try ServerProcess(database: first.database) }
        do {
            _ = try ServerProcess(database: first.database)
        } catch ServerProcess.ServerError.exited(let log) {
            #expect(log.contains("\(first.database) is in use by another lotse server"), "\(log)")
        }
        #expect(try first.send("GET", "/health").status == 200)
    }
}

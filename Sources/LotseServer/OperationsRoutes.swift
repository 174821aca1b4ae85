import Foundation
import Hummingbird
import LotseCore
import LotseSQLite

/// Health, metrics, erasure (GDPR Art. 17), the OpenAPI document and the load test's echo route.
struct OperationsRoutes {
    let service: ConversationService
    let limiter: RateLimiter
    let metrics: Metrics
    let configuration: ServerConfiguration

    func register(on router: Router<LotseRequestContext>) {
        router.get("/health") { _, _ in await health() }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.delete("/conversations/:sender") { request, context in try await erase(request, context) }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        if configuration.enableEchoRoute {
            // A JSON echo: the body is parsed and written again, the baseline of the load test.
            router.post("/bench/echo") { request, _ in
                let body = try await JSONRequest.read(request, limit: configuration.maxBodyBytes)
                let data = try JSONSerialization.data(withJSONObject: body.object)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
    }

    private func health() async -> Response {
        struct Health: Encodable {
            var status: String
            var knowledge: Knowledge
            var database: String
            var conversations: Int?
            struct Knowledge: Encodable { var offers: Int; var languages: [String] }
        }
        let knowledge = service.knowledge.engine.knowledge
        let writable = await service.store.isWritable()
        let report = Health(status: writable ? "ok" : "unavailable",
                            knowledge: .init(offers: knowledge.offers.count, languages: knowledge.languageOrder),
                            database: writable ? "writable" : "not writable",
                            conversations: writable ? try? await service.store.count() : nil)
        return JSONResponse.make(report, status: writable ? .ok : .serviceUnavailable)
    }

    private func erase(_ request: Request, _ context: LotseRequestContext) async throws -> Response {
        guard let token = configuration.adminToken else {
            throw APIError(.forbidden, "erasure over HTTP is disabled: start the server with --admin-token")
        }
        try BearerToken.require(token, in: request)
        let raw = context.parameters.get("sender") ?? ""
        let sender = try SenderID.validate(raw.removingPercentEncoding ?? raw, field: "sender")
        limiter.forget(sender)
        let erased: Bool
        do { erased = try await service.erase(sender: sender) } catch DatabaseError.logInUse {
            // The row is gone, but its old page images are still in the log: 204 would promise too much.
            throw APIError(.serviceUnavailable, "erased from the table, but a reader holds the write-ahead log; repeat the request to finish",
                           headers: [.retryAfter: "5"])
        }
        guard erased else {
            throw APIError(.notFound, "no conversation stored for this sender")
        }
        return Response(status: .noContent)
    }
}

import Foundation
import Hummingbird
import LotseCore

/// Rasa's REST channel: `{"sender", "message", "metadata"?}` in, a JSON array of messages out —
/// the same messages as `lotse chat --json`.
struct RestWebhook {
    let service: ConversationService
    let limiter: RateLimiter
    let configuration: ServerConfiguration
    let metrics: Metrics

    func register(on router: Router<LotseRequestContext>) {
        router.get("/webhooks/rest/") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.post("/webhooks/rest/webhook") { request, _ in try await handle(request) }
    }

    func handle(_ request: Request) async throws -> Response {
        try BearerToken.require(configuration.restToken, in: request)
        let body = try await JSONRequest.read(request, limit: configuration.maxBodyBytes)
        let sender = try SenderID.validate(try body.string("sender"))
        let message = try body.string("message")
        let hint = try body.optionalObject("metadata")?["language"] as? String
        try limiter.enforce(sender, metrics: metrics)
        let messages = try await service.turn(sender: sender, text: message, languageHint: hint)?.messages ?? []
        return JSONResponse.raw(JSONWriter.messageBytes(messages.map { RasaMessage(recipient: sender, message: $0) }))
    }
}

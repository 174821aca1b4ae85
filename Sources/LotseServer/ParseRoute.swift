import Hummingbird
import LotseCore

/// Rasa's `/model/parse`: `{"text"}` in, the same JSON as `lotse parse --json` out. Limited per
/// client address (`--parse-rate-per-minute`): there is no sender to count by, and each parse
/// costs the server CPU.
struct ParseRoute {
    let knowledge: KnowledgeHolder
    let configuration: ServerConfiguration
    let limiter: RateLimiter
    let metrics: Metrics

    func register(on router: Router<LotseRequestContext>) {
        router.post("/model/parse") { request, context in
            try limiter.enforce(context.clientKey, metrics: metrics, what: "requests from this address")
            let body = try await JSONRequest.read(request, limit: configuration.maxBodyBytes)
            let text = try body.string("text")
            guard text.count <= configuration.maxMessageLength else {
                throw APIError(.contentTooLarge, "field 'text' is longer than \(configuration.maxMessageLength) characters", field: "text")
            }
            return JSONResponse.make(RasaParse(knowledge.engine.knowledge.nlu.parse(text, explaining: true)))
        }
    }
}

import Hummingbird
import LotseCore

/// Rasa's `/model/parse`: `{"text"}` in, the same JSON as `lotse parse --json` out.
struct ParseRoute {
    let knowledge: KnowledgeHolder
    let configuration: ServerConfiguration

    func register(on router: Router<BasicRequestContext>) {
        router.post("/model/parse") { request, _ in
            let body = try await JSONRequest.read(request, limit: configuration.maxBodyBytes)
            let text = try body.string("text")
            guard text.count <= configuration.maxMessageLength else {
                throw APIError(.contentTooLarge, "field 'text' is longer than \(configuration.maxMessageLength) characters", field: "text")
            }
            return JSONResponse.make(RasaParse(knowledge.engine.knowledge.nlu.parse(text)))
        }
    }
}

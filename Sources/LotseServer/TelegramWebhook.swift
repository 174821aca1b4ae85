import Foundation
import Hummingbird
import LotseCore

/// Telegram's webhook: an `Update` in, a `sendMessage` call in the response body out. Texts,
/// button payloads and ids follow Telegram's limits; an update delivered twice is answered once.
struct TelegramWebhook {
    let service: ConversationService
    let limiter: RateLimiter
    let configuration: ServerConfiguration
    let metrics: Metrics

    /// Telegram's limits: 4096 characters of text, 64 bytes of callback data.
    static let maxText = 4096
    static let maxCallbackData = 64

    func register(on router: Router<LotseRequestContext>) {
        router.post("/webhooks/telegram") { request, _ in try await handle(request) }
    }

    func handle(_ request: Request) async throws -> Response {
        if let secret = configuration.telegramSecret {
            let given = request.headers.first { $0.name.canonicalName == "x-telegram-bot-api-secret-token" }?.value ?? ""
            guard BearerToken.constantTimeEqual(given, secret) else {
                throw APIError(.unauthorized, "missing or wrong X-Telegram-Bot-Api-Secret-Token")
            }
        }
        let body = try await JSONRequest.read(request, limit: configuration.maxBodyBytes)
        let updateID = try body.int64("update_id")
        guard let incoming = try Incoming(body) else { return JSONResponse.make([String: String]()) }
        let sender = "telegram:\(incoming.chatID)"
        // The rate check comes before the update is recorded as delivered: Telegram sends an update
        // answered 429 again, and that redelivery must be answered, not dropped as a duplicate.
        try limiter.enforce(sender, metrics: metrics)
        // The update id is saved with the turn, so it counts as delivered only once the turn is
        // committed and answered — by whichever server on the database answered it first.
        guard let answer = try await service.turn(sender: sender, text: incoming.text, languageHint: incoming.languageCode,
                                                  delivery: updateID) else {
            metrics.increment("lotse_telegram_duplicates_total")
            return JSONResponse.make([String: String]())
        }
        return JSONResponse.make(SendMessage(chatID: incoming.chatID, messages: answer.messages))
    }

    /// The parts of an Update Lotse answers: a text message or a pressed inline button.
    struct Incoming {
        var chatID: Int64
        var text: String
        var languageCode: String?

        /// Nil for updates Lotse does not answer (edited messages, channel posts, …).
        init?(_ body: JSONRequest) throws {
            if let message = try body.optionalObject("message") {
                chatID = try Self.chatID(of: message, field: "message.chat.id")
                text = message["text"] as? String ?? ""
                languageCode = (message["from"] as? [String: Any])?["language_code"] as? String
            } else if let query = try body.optionalObject("callback_query") {
                // A button of an inline-mode message comes without `message`: there is no chat to
                // answer in, so it is acknowledged (a 4xx would make Telegram send it again and again).
                guard let message = query["message"] as? [String: Any] else { return nil }
                chatID = try Self.chatID(of: message, field: "callback_query.message.chat.id")
                text = query["data"] as? String ?? ""
                languageCode = (query["from"] as? [String: Any])?["language_code"] as? String
            } else {
                return nil
            }
            // Telegram sends IETF tags such as "pt-br"; Lotse's languages are the primary subtag.
            languageCode = languageCode.map { String($0.prefix { $0 != "-" && $0 != "_" }).lowercased() }
        }

        /// The chat id of a message: any 64-bit integer (groups are negative); anything else is 400.
        private static func chatID(of message: [String: Any], field: String) throws -> Int64 {
            guard let chat = message["chat"] as? [String: Any], let id = JSONRequest.integer(chat["id"]) else {
                throw APIError(.badRequest, "field '\(field)' must be a 64-bit integer", field: field)
            }
            return id
        }
    }

    /// The `sendMessage` method call answered in the webhook response.
    struct SendMessage: Encodable {
        struct Keyboard: Encodable {
            struct Key: Encodable { var text: String; var callback_data: String }
            var inline_keyboard: [[Key]]
        }

        var method = "sendMessage"
        var chat_id: Int64
        var text: String
        var reply_markup: Keyboard?

        init(chatID: Int64, messages: [BotMessage]) {
            chat_id = chatID
            let joined = messages.compactMap(\.text).joined(separator: "\n\n")
            text = joined.count > TelegramWebhook.maxText ? String(joined.prefix(TelegramWebhook.maxText - 1)) + "…" : joined
            if text.isEmpty { text = "…" }
            let buttons = messages.last(where: { !$0.buttons.isEmpty })?.buttons ?? []
            // A payload too long for callback data is sent as its number and resolved from the stored buttons.
            let keys = buttons.enumerated().map { index, button in
                Keyboard.Key(text: button.title,
                             callback_data: button.payload.utf8.count <= TelegramWebhook.maxCallbackData ? button.payload : "#\(index + 1)")
            }
            reply_markup = keys.isEmpty ? nil : Keyboard(inline_keyboard: keys.map { [$0] })
        }
    }
}

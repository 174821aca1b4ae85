/// Writes the JSON of the messages every turn returns, directly into a string: the same bytes as
/// `JSONEncoder` with sorted keys (a test holds them equal), at a fraction of the cost — the
/// webhook writes one such array per request.
public struct JSONWriter {
    public private(set) var text = ""

    public init() { text.reserveCapacity(2048) }

    public static func messages(_ messages: [RasaMessage]) -> String {
        var writer = JSONWriter()
        writer.array(messages) { $0.message($1) }
        return writer.text
    }

    mutating func message(_ message: RasaMessage) {
        var fields = Fields(writer: self)
        if let buttons = message.buttons { fields.key("buttons"); fields.writer.array(buttons) { $0.button($1) } }
        if let custom = message.custom { fields.key("custom"); fields.writer.referral(custom) }
        fields.key("recipient_id"); fields.writer.string(message.recipient_id)
        if let text = message.text { fields.key("text"); fields.writer.string(text) }
        self = fields.close()
    }

    mutating func button(_ button: Button) {
        var fields = Fields(writer: self)
        fields.key("payload"); fields.writer.string(button.payload)
        fields.key("title"); fields.writer.string(button.title)
        self = fields.close()
    }

    mutating func referral(_ referral: ReferralPayload) {
        var fields = Fields(writer: self)
        fields.key("offers"); fields.writer.array(referral.offers) { $0.offer($1) }
        fields.key("profile"); fields.writer.profile(referral.profile)
        if let topic = referral.topic { fields.key("topic"); fields.writer.string(topic) }
        fields.key("type"); fields.writer.string(referral.type)
        self = fields.close()
    }

    mutating func profile(_ profile: ReferralPayload.ProfileData) {
        var fields = Fields(writer: self)
        if let age = profile.age { fields.key("age"); fields.writer.text += String(age) }
        fields.key("language"); fields.writer.string(profile.language)
        if let level = profile.language_level { fields.key("language_level"); fields.writer.string(level) }
        if let residence = profile.residence {
            fields.key("residence")
            var inner = Fields(writer: fields.writer)
            if let key = residence.municipality_key { inner.key("municipality_key"); inner.writer.string(key) }
            inner.key("name"); inner.writer.string(residence.name)
            inner.key("region"); inner.writer.string(residence.region)
            fields.writer = inner.close()
        }
        self = fields.close()
    }

    mutating func offer(_ offer: ReferralPayload.OfferData) {
        var fields = Fields(writer: self)
        fields.key("category"); fields.writer.string(offer.category)
        if let conditions = offer.conditions { fields.key("conditions"); fields.writer.string(conditions) }
        fields.key("contact")
        var contact = Fields(writer: fields.writer)
        for (name, value) in [("address", offer.contact.address), ("email", offer.contact.email), ("hours", offer.contact.hours),
                              ("phone", offer.contact.phone), ("url", offer.contact.url)] {
            if let value { contact.key(name); contact.writer.string(value) }
        }
        fields.writer = contact.close()
        fields.key("id"); fields.writer.string(offer.id)
        fields.key("reason"); fields.writer.string(offer.reason)
        fields.key("region"); fields.writer.string(offer.region)
        fields.key("scope"); fields.writer.string(offer.scope)
        fields.key("title"); fields.writer.string(offer.title)
        self = fields.close()
    }

    mutating func array<T>(_ items: [T], _ write: (inout JSONWriter, T) -> Void) {
        text += "["
        for (index, item) in items.enumerated() {
            if index > 0 { text += "," }
            write(&self, item)
        }
        text += "]"
    }

    /// A JSON string, escaped as `JSONEncoder` does (with `.withoutEscapingSlashes`). Runs of
    /// bytes that need no escape are copied whole.
    mutating func string(_ value: String) {
        text += "\""
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if start < index { text += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) }
                switch byte {
                case 0x22: text += "\\\""
                case 0x5C: text += "\\\\"
                case 0x0A: text += "\\n"
                case 0x0D: text += "\\r"
                case 0x09: text += "\\t"
                case 0x08: text += "\\b"
                case 0x0C: text += "\\f"
                default:
                    let hex = String(byte, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                start = index + 1
            }
            if start < bytes.count { text += String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self) }
        }
        text += "\""
    }

    /// The fields of one object, separated by commas.
    struct Fields {
        var writer: JSONWriter
        var first = true

        init(writer: JSONWriter) {
            self.writer = writer
            self.writer.text += "{"
        }

        mutating func key(_ name: String) {
            if !first { writer.text += "," }
            first = false
            writer.string(name)
            writer.text += ":"
        }

        func close() -> JSONWriter {
            var done = writer
            done.text += "}"
            return done
        }
    }
}

/// Writes the JSON of the messages every turn returns, directly into UTF-8 bytes: the same bytes
/// as `JSONEncoder` with sorted keys (a test holds them equal), at a fraction of the cost — the
/// webhook writes one such array per request, a referral several kilobytes of it. Everything is
/// appended to one growing buffer; nothing is built and copied per object.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(4096) }

    public static func messages(_ messages: [RasaMessage]) -> String {
        String(decoding: messageBytes(messages), as: UTF8.self)
    }

    /// The JSON of `messages(_:)` as bytes, for a response body.
    public static func messageBytes(_ messages: [RasaMessage]) -> [UInt8] {
        var writer = JSONWriter()
        writer.array(messages) { $0.message($1) }
        return writer.bytes
    }

    // Keys in sorted order, as `JSONEncoder` with `.sortedKeys` writes them.

    mutating func message(_ message: RasaMessage) {
        object { json in
            if let buttons = message.buttons { json.key("buttons"); json.array(buttons) { $0.button($1) } }
            if let custom = message.custom { json.key("custom"); json.referral(custom) }
            json.key("recipient_id"); json.string(message.recipient_id)
            if let text = message.text { json.key("text"); json.string(text) }
        }
    }

    mutating func button(_ button: Button) {
        object { json in
            json.key("payload"); json.string(button.payload)
            json.key("title"); json.string(button.title)
        }
    }

    mutating func referral(_ referral: ReferralPayload) {
        object { json in
            json.key("offers"); json.array(referral.offers) { $0.offer($1) }
            json.key("profile"); json.profile(referral.profile)
            if let topic = referral.topic { json.key("topic"); json.string(topic) }
            json.key("type"); json.string(referral.type)
        }
    }

    mutating func profile(_ profile: ReferralPayload.ProfileData) {
        object { json in
            if let age = profile.age { json.key("age"); json.bytes.append(contentsOf: String(age).utf8) }
            json.key("language"); json.string(profile.language)
            if let level = profile.language_level { json.key("language_level"); json.string(level) }
            if let residence = profile.residence {
                json.key("residence")
                json.object { json in
                    if let key = residence.municipality_key { json.key("municipality_key"); json.string(key) }
                    json.key("name"); json.string(residence.name)
                    json.key("region"); json.string(residence.region)
                }
            }
        }
    }

    mutating func offer(_ offer: ReferralPayload.OfferData) {
        object { json in
            json.key("category"); json.string(offer.category)
            if let conditions = offer.conditions { json.key("conditions"); json.string(conditions) }
            json.key("contact"); json.contact(offer.contact)
            json.key("id"); json.string(offer.id)
            if let onlyIf = offer.only_if { json.key("only_if"); json.string(onlyIf) }
            json.key("reason"); json.string(offer.reason)
            json.key("region"); json.string(offer.region)
            json.key("scope"); json.string(offer.scope)
            json.key("title"); json.string(offer.title)
        }
    }

    mutating func contact(_ contact: Contact) {
        object { json in
            if let address = contact.address { json.key("address"); json.string(address) }
            if let email = contact.email { json.key("email"); json.string(email) }
            if let hours = contact.hours { json.key("hours"); json.string(hours) }
            if let phone = contact.phone { json.key("phone"); json.string(phone) }
            if let url = contact.url { json.key("url"); json.string(url) }
        }
    }

    // MARK: Syntax

    mutating func array<T>(_ items: [T], _ write: (inout JSONWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `{`, the fields `body` writes with `key` and a value each, `}`.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        body(&self)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A key of an object, after a comma unless it is the object's first (no value ends in `{`).
    mutating func key(_ name: StaticString) {
        if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A JSON string, escaped as `JSONEncoder` does (with `.withoutEscapingSlashes`). Runs of
    /// bytes that need no escape are copied whole.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        let escaped: String
        switch byte {
        case 0x22: escaped = "\\\""
        case 0x5C: escaped = "\\\\"
        case 0x0A: escaped = "\\n"
        case 0x0D: escaped = "\\r"
        case 0x09: escaped = "\\t"
        case 0x08: escaped = "\\b"
        case 0x0C: escaped = "\\f"
        default:
            let hex = String(byte, radix: 16)
            escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        bytes.append(contentsOf: escaped.utf8)
    }
}

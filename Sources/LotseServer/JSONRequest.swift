import Foundation
import Hummingbird

/// Reads a JSON object from a request with precise errors: 415 for another content type, 413 for
/// a body over the limit, 400 for invalid UTF-8, malformed JSON, a missing or mistyped field.
struct JSONRequest {
    let object: [String: Any]

    static func read(_ request: Request, limit: Int) async throws -> JSONRequest {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") || type.hasPrefix("application/") && type.contains("+json") else {
            throw APIError(.unsupportedMediaType, type.isEmpty ? "Content-Type must be application/json" : "Content-Type must be application/json, not \(type)")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch let error as HTTPResponseError { throw error } catch {
            // A malformed chunk, or a body the client broke off: the client's fault, not the server's.
            throw APIError(.badRequest, "the request body could not be read: \(Swift.type(of: error))")
        }
        let bytes = Array(buffer.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError(.badRequest, "body is not valid UTF-8")
        }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) } catch {
            throw APIError(.badRequest, "body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw APIError(.badRequest, "body must be a JSON object") }
        return JSONRequest(object: object)
    }

    func string(_ field: String) throws -> String {
        guard let value = object[field] else { throw APIError(.badRequest, "missing field '\(field)'", field: field) }
        guard let text = value as? String else { throw APIError(.badRequest, "field '\(field)' must be a string", field: field) }
        return text
    }

    func optionalObject(_ field: String) throws -> [String: Any]? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let nested = value as? [String: Any] else { throw APIError(.badRequest, "field '\(field)' must be an object", field: field) }
        return nested
    }

    func int64(_ field: String) throws -> Int64 {
        guard let value = object[field] else { throw APIError(.badRequest, "missing field '\(field)'", field: field) }
        guard let exact = JSONRequest.integer(value) else {
            throw APIError(.badRequest, "field '\(field)' must be a 64-bit integer", field: field)
        }
        return exact
    }
}

extension JSONRequest {
    /// A JSON integer within Int64 (Telegram's chat ids need all 64 bits), nil for anything else:
    /// fractions, booleans, and integers outside the range, which must not wrap into another id
    /// (18446744073709551615 is not -1). Read from the number's digits, because JSONSerialization
    /// hands large integers over as unsigned or decimal numbers whose `int64Value` wraps or rounds.
    static func integer(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber else { return nil }
        // JSON true/false also arrive as NSNumber (a boolean subclass); only integral numbers count.
        guard !String(describing: type(of: number)).contains("Boolean") else { return nil }
        return Int64(number.stringValue)
    }
}

/// Sender ids are keys of stored conversations: short, printable, no control characters.
enum SenderID {
    static let maxLength = 128

    static func validate(_ sender: String, field: String = "sender") throws -> String {
        guard !sender.isEmpty else { throw APIError(.badRequest, "field '\(field)' must not be empty", field: field) }
        guard sender.utf8.count <= maxLength else {
            throw APIError(.badRequest, "field '\(field)' is longer than \(maxLength) bytes", field: field)
        }
        // Printable ASCII, the usual id, is fine as it is; anything else is checked scalar by scalar.
        let printable = sender.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        guard printable || !sender.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) else {
            throw APIError(.badRequest, "field '\(field)' contains control characters", field: field)
        }
        return sender
    }
}

/// `Authorization: Bearer <token>` checks, in constant time.
enum BearerToken {
    static func require(_ expected: String?, in request: Request) throws {
        guard let expected else { return }
        let header = request.headers[.authorization] ?? ""
        // The scheme is case-insensitive (RFC 9110 § 11.1): «bearer x» is as good as «Bearer x».
        let scheme = "bearer "
        let given = header.lowercased().hasPrefix(scheme) ? String(header.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces) : ""
        guard constantTimeEqual(given, expected) else {
            throw APIError(.unauthorized, "missing or wrong bearer token", headers: [.wwwAuthenticate: "Bearer"])
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}

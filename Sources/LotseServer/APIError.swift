import Hummingbird
import LotseCore

/// A precise client error: the status, what is wrong and, for a bad field, which one.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    let field: String?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.error(status, message, field: field, headers: headers)
    }
}

/// JSON responses built by hand from `Encodable` values, so every route answers the same way.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: LotseJSON.encode(value))))
    }

    static func raw(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// JSON already written as UTF-8 bytes (`JSONWriter`).
    static func raw(_ json: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields,
                        body: .init(byteBuffer: ByteBuffer(string: errorBody(status: status.code, message, field: field))))
    }

    /// The error body every answer of the server uses, also those written below the router
    /// (`ConnectionGuard`): `{"error","field"?,"status"}`.
    static func errorBody(status: Int, _ message: String, field: String? = nil) -> String {
        struct Body: Encodable { var error: String; var field: String?; var status: Int }
        return LotseJSON.encode(Body(error: message, field: field, status: status))
    }
}

import Foundation
import Hummingbird
import Logging

/// Turns every error into a JSON answer with a precise status, counts requests, and logs them by
/// route pattern only: no message text, no sender id (the path of an erasure contains one).
struct ObservingMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: Metrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = Self.render(error, request: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["route": "\(context.endpointPath ?? "-")", "error": "\(type(of: error))"])
            metrics.increment("lotse_errors_total")
            response = JSONResponse.error(.internalServerError, "internal error")
        }
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.increment("lotse_http_requests_total", [("route", route), ("status", String(response.status.code))])
        metrics.observe("lotse_http_request_duration_seconds", [("route", route)], seconds: seconds)
        context.logger.debug("request", metadata: ["method": "\(request.method)", "route": "\(route)",
                                                  "status": "\(response.status.code)", "ms": "\(Int(seconds * 1000))"])
        return response
    }

    static func render(_ error: HTTPResponseError, request: Request, context: Context) -> Response {
        if let api = error as? APIError { return JSONResponse.error(api.status, api.message, field: api.field, headers: api.headers) }
        let message: String
        switch error.status {
        case .notFound: message = "no such route: \(request.method) \(request.uri.path)"
        case .contentTooLarge: message = "request body too large"
        case .methodNotAllowed: message = "method not allowed"
        default: message = error.status.reasonPhrase
        }
        return JSONResponse.error(error.status, message)
    }
}

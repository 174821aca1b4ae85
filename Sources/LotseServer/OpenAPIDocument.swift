import Foundation

/// The OpenAPI 3 document of the server, kept in the repository as `openapi.yaml` beside this
/// file and served at `/openapi.yaml`. A test checks that it and the router agree.
public enum OpenAPIDocument {
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "openapi: 3.0.3\n" }
        return text
    }()
}

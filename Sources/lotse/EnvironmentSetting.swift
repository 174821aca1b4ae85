import ArgumentParser
import Foundation

/// An option's value from its environment variable when the flag is not given. A variable that is
/// set but does not parse is an error naming the variable — never silently the default
/// (`LOTSE_PORT=abc` used to start the server on 5005).
enum EnvironmentSetting {
    static func value<Value: ExpressibleByArgument>(_ flag: Value?, _ variable: String) throws -> Value? {
        if let flag { return flag }
        guard let raw = env(variable) else { return nil }
        guard let value = Value(argument: raw) else {
            let expected = Value.allValueStrings.isEmpty ? expected(Value.self) : "one of " + Value.allValueStrings.joined(separator: ", ")
            throw ValidationError("environment variable \(variable) must be \(expected), not '\(raw)'")
        }
        return value
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return "a valid \(type)"
        }
    }
}

/// An environment variable, when set and not empty.
func env(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

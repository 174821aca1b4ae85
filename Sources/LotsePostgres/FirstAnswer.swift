import NIOConcurrencyHelpers

/// The first of several racing answers — an operation's result, its deadline, the caller's
/// cancellation — handed to the one waiting caller; later ones are dropped. Unlike a task group,
/// waiting for it does not wait for the losers to end.
final class FirstAnswer<T: Sendable>: Sendable {
    private enum State {
        case open
        case answered(Result<T, any Error>)
        case awaited(CheckedContinuation<T, any Error>)
        case done
    }

    private let state = NIOLockedValueBox(State.open)

    /// Hands `result` to the caller unless an answer came first.
    func give(_ result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = state.withLockedValue { state in
            switch state {
            case .open:
                state = .answered(result)
                return nil
            case .awaited(let continuation):
                state = .done
                return continuation
            case .answered, .done:
                return nil
            }
        }
        waiting?.resume(with: result)
    }

    /// The first answer, waiting for it if none came yet. Awaited once.
    var value: T {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let answered: Result<T, any Error>? = state.withLockedValue { state in
                    switch state {
                    case .open:
                        state = .awaited(continuation)
                        return nil
                    case .answered(let result):
                        state = .done
                        return result
                    case .awaited, .done:
                        preconditionFailure("FirstAnswer is awaited once")
                    }
                }
                if let answered { continuation.resume(with: answered) }
            }
        }
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body (the standard library has only the synchronous one).
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

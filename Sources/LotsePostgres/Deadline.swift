import Synchronization

/// Races work against the clock and answers at the deadline without waiting for the work to end.
/// A task group cannot do this: it awaits every child, and PostgresNIO's pool keeps a request for a
/// connection to an unreachable server until its own 60 s circuit breaker, whatever the
/// cancellation — so a turn would hang for a minute instead of being answered 503 in seconds.
enum Deadline {
    static func run<T: Sendable>(within timeout: Duration, onTimeout: @escaping @Sendable () -> any Error,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let gate = Gate<T>()
        return try await withCheckedThrowingContinuation { continuation in
            gate.arm(continuation)
            let running = Task {
                do { gate.resume(.success(try await work())) } catch { gate.resume(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                // The work is told to stop, but not waited for: it finishes or fails in the background.
                if gate.resume(.failure(onTimeout())) { running.cancel() }
            }
        }
    }

    /// Resumes a continuation once, by whichever of the work and the clock comes first.
    private final class Gate<T: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)

        func arm(_ value: CheckedContinuation<T, any Error>) { continuation.withLock { $0 = value } }

        /// True when this call resumed it.
        @discardableResult
        func resume(_ result: Result<T, any Error>) -> Bool {
            guard let waiting = continuation.withLock({ value -> CheckedContinuation<T, any Error>? in
                defer { value = nil }
                return value
            }) else { return false }
            waiting.resume(with: result)
            return true
        }
    }
}

/// Runs operations with the same key one after another, in arrival order, and operations with
/// different keys in parallel: two messages of one sender are never processed interleaved.
actor SerialByKey {
    private var tails: [String: Task<Void, Never>] = [:]

    func run<T: Sendable>(_ key: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task<Result<T, any Error>, Never> {
            await previous?.value
            do { return .success(try await operation()) } catch { return .failure(error) }
        }
        let tail = Task<Void, Never> { _ = await task.value }
        tails[key] = tail
        let result = await task.value
        // Forget the key once nothing else queued behind this operation.
        if tails[key] == tail { tails[key] = nil }
        return try result.get()
    }

    var pendingKeys: Int { tails.count }
}

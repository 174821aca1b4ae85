import Dispatch

/// Runs independent pieces of start-up work on all cores and waits for them.
enum Concurrently {
    /// Each task writes only its own element of a buffer allocated before the tasks start. The
    /// buffer is raw memory, not a Swift array: writing `array[index]` from several threads is a
    /// mutating access to the whole array, which ThreadSanitizer rightly reports as a race even when
    /// the indices differ.
    static func map<Input: Sendable, Output>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let results = UnsafeMutableBufferPointer<Output>.allocate(capacity: inputs.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            (slots.baseAddress! + index).initialize(to: transform(inputs[index]))
        }
        // concurrentPerform returns after every iteration, so every element is initialised.
        let output = Array(results)
        _ = results.deinitialize()
        return output
    }
}

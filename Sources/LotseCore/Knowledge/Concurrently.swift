import Dispatch

/// Runs independent pieces of start-up work on all cores and waits for them. Each task writes only
/// its own result slot, so no locking is needed.
enum Concurrently {
    final class Slots<Value>: @unchecked Sendable {
        var values: [Value?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
    }

    static func map<Input: Sendable, Output>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let slots = Slots<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            slots.values[index] = transform(inputs[index])
        }
        return slots.values.map { $0! }
    }
}

import Dispatch
import SalonCore
import SalonNormalizers

/// One event of a read batch, with the record's column binding resolved.
enum BatchItem: Sendable {
    case record(Record, CustomerColumnBinding)
    case reject(Reject)
    case warning(Warning)
}

/// Normalizes a batch of records on all cores. Normalizers are pure functions of the record, so
/// the outputs are the same whatever the number of workers; they come back in batch order.
enum ParallelNormalizer {
    /// Output slots written by disjoint workers; each index is written by exactly one worker.
    private final class Slots: @unchecked Sendable {
        var outputs: [CustomerRecordNormalizer.Output?]
        init(count: Int) { outputs = Array(repeating: nil, count: count) }
    }

    static let workers = max(1, System.activeProcessorCount)

    static func normalize(_ batch: [BatchItem], with normalizer: CustomerRecordNormalizer) -> [CustomerRecordNormalizer.Output?] {
        let slots = Slots(count: batch.count)
        let workers = batch.count < 256 ? 1 : Self.workers
        let chunk = (batch.count + workers - 1) / max(workers, 1)
        slots.outputs.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let outputs = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = worker * chunk
                let end = min(start + chunk, batch.count)
                guard start < end else { return }
                for index in start..<end {
                    if case .record(let record, let binding) = batch[index] {
                        outputs[index] = normalizer.normalize(record, binding: binding)
                    }
                }
            }
        }
        return slots.outputs
    }
}

/// Processor count without Foundation's ProcessInfo in the hot module.
enum System {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif

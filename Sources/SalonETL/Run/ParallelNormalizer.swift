import Dispatch
import SalonCore
import SalonNormalizers

/// One event of a read batch, with the record's column binding resolved.
enum BatchItem: Sendable {
    case record(Record, CustomerColumnBinding)
    case reject(Reject)
    case warning(Warning)
}

/// A batch being normalized on a background thread.
final class NormalizationJob: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the background thread before `done` is signalled, read after `wait()`.
    private var outputs: [CustomerRecordNormalizer.Output?] = []

    fileprivate func finish(_ outputs: [CustomerRecordNormalizer.Output?]) {
        self.outputs = outputs
        done.signal()
    }

    /// Blocks until the batch is normalized and returns its outputs in batch order.
    func wait() -> [CustomerRecordNormalizer.Output?] {
        done.wait()
        return outputs
    }
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
    private static let queue = DispatchQueue(label: "salon-etl.normalize")

    /// Starts normalizing a batch on a background thread (the caller's thread meanwhile stages the
    /// previous batch, so two cores are busy). With one core the work simply interleaves.
    static func start(_ batch: [BatchItem], with normalizer: CustomerRecordNormalizer) -> NormalizationJob {
        let job = NormalizationJob()
        queue.async {
            job.finish(normalize(batch, with: normalizer, workers: 1))
        }
        return job
    }

    static func normalize(
        _ batch: [BatchItem], with normalizer: CustomerRecordNormalizer, workers requested: Int = workers
    ) -> [CustomerRecordNormalizer.Output?] {
        let slots = Slots(count: batch.count)
        let workers = batch.count < 256 ? 1 : requested
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

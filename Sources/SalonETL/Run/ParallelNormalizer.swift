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

/// Normalizes batches on a second thread while the caller stages the previous batch, so both
/// cores are busy. Normalizers are pure functions of the record, so outputs do not depend on
/// timing; they come back in batch order (nil for the batch's rejects and warnings).
enum ParallelNormalizer {
    private static let queue = DispatchQueue(label: "salon-etl.normalize")

    static func start(_ batch: [BatchItem], with normalizer: CustomerRecordNormalizer) -> NormalizationJob {
        let job = NormalizationJob()
        queue.async {
            job.finish(batch.map { item in
                guard case .record(let record, let binding) = item else { return nil }
                return normalizer.normalize(record, binding: binding)
            })
        }
        return job
    }
}

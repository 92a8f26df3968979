import CSalonICU

/// Converts text between scripts with an ICU transliterator: Traditional→Simplified for names and
/// notes typed on Hong Kong or Taiwan keyboards, full-width→half-width for forms typed with a
/// full-width IME. Owns one `salon_transform` and frees it in deinit.
///
/// Thread safety: ICU transliterators and our work buffers are not thread-safe, so every
/// conversion runs under the transform's mutex and one converter may be shared. The lock is cheap
/// when uncontended; a worker thread that converts a lot can take its own copy with
/// `makeThreadLocal()` so threads never wait on each other. Text the transliterator cannot change
/// (judged from its source set, without the lock) is returned as is and costs no ICU call.
public final class ScriptConverter: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The ICU transform ID, for messages and for `makeThreadLocal()`.
    public let transformID: String

    private init(handle: OpaquePointer, transformID: String) {
        self.handle = handle
        self.transformID = transformID
    }

    /// Opens an ICU system transform by ID (`salon_transform_open`).
    /// - Throws: `SalonError(.unsupported)` when ICU does not know the ID.
    public convenience init(transformID: String) throws {
        var error: Int32 = 0
        guard let handle = salon_transform_open(transformID, &error) else {
            throw SalonError(
                .unsupported, "ICU has no script transform \"\(transformID)\" (code \(error))",
                fix: "check that the system ICU data includes transliterators")
        }
        self.init(handle: handle, transformID: transformID)
    }

    deinit { salon_transform_close(handle) }

    /// Traditional Chinese to Simplified (ICU "Traditional-Simplified"): 頭髮 → 头发.
    ///
    /// ICU's rules hold about 3,000 characters and 1,000 phrases, far fewer phrases than OpenCC's
    /// dictionaries, so some choices differ (乾安縣 → 干安县, 李昇 → 李升; 27 of OpenCC's 55 t2s
    /// cases agree); names and salon vocabulary convert as expected.
    public static func traditionalToSimplified() throws -> ScriptConverter {
        try ScriptConverter(transformID: "Traditional-Simplified")
    }

    /// Full-width forms to their half-width counterparts (ICU "Fullwidth-Halfwidth"): １３８ → 138,
    /// ＡＢＣ → ABC, and half-width katakana the other way, as ICU defines it.
    public static func fullwidthToHalfwidth() throws -> ScriptConverter {
        try ScriptConverter(transformID: "Fullwidth-Halfwidth")
    }

    /// An independent copy (`salon_transform_clone`) for another thread, so conversions there never
    /// wait on this converter's lock.
    /// - Throws: `SalonError(.internalError)` when ICU cannot clone the transliterator.
    public func makeThreadLocal() throws -> ScriptConverter {
        var error: Int32 = 0
        guard let copy = salon_transform_clone(handle, &error) else {
            throw SalonError(.internalError, "cannot clone script transform \(transformID) (code \(error))")
        }
        return ScriptConverter(handle: copy, transformID: transformID)
    }

    /// Sends every text through ICU's transliterator, bypassing the single-character table
    /// (`salon_transform_set_table`); tests use it to prove the table converts exactly as ICU does.
    func disableTableForTesting() {
        salon_transform_lock(handle)
        salon_transform_set_table(handle, 0)
        salon_transform_unlock(handle)
    }

    /// Whether `convert` could change the text; false lets callers keep their original String.
    public func mayChange(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { mayChange($0) }
    }

    /// Converts the text; text with no character the transform touches (ASCII, Simplified names)
    /// comes back unchanged without an ICU call, and text that meets no phrase rule (the heads of
    /// 染髮, 乾隆, ... are absent) is mapped through a table of ICU's single-character rules.
    ///
    /// Never fails on a Swift String (always valid UTF-8); should ICU report an error anyway, the
    /// input is returned unchanged rather than dropping a customer's name.
    public func convert(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard mayChange(bytes) else { return nil }
            return transform(bytes)
        } ?? text
    }

    /// `salon_transform_may_change`: a span over the frozen source set, lock-free.
    private func mayChange(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        return salon_transform_may_change(handle, bytes.baseAddress, bytes.count) != 0
    }

    /// `salon_transform_utf8` under the transform's lock; nil when ICU fails.
    private func transform(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        salon_transform_lock(handle)
        defer { salon_transform_unlock(handle) }
        var out: UnsafePointer<UInt8>?
        var outLength = 0
        let status = salon_transform_utf8(handle, bytes.baseAddress, bytes.count, &out, &outLength, nil)
        guard status == SALON_TRANSFORM_OK else { return nil }
        return String(decoding: UnsafeBufferPointer(start: out, count: outLength), as: UTF8.self)
    }
}

import Foundation
import SalonStore

/// Paths and helpers shared by the end-to-end tests.
enum TestSupport {
    /// The package root (the folder holding Package.swift).
    static let packageRoot: URL = {
        _ = keyFile
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    static func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    /// A key file for the whole test process, in `SALON_ETL_KEY_FILE` (inherited by the CLI runs):
    /// runs encrypt phones by default, as they do for users.
    static let keyFile: String = {
        let path = NSTemporaryDirectory() + "salon-test-keys-\(UUID().uuidString)/keys"
        try! KeySource.writeKeyFile(try! KeyRing.generate(origin: path), to: path)
        setenv(KeySource.keyFileVariable, path, 1)
        return path
    }()

    /// A plain copy of an encrypted CRM database (decrypted with the test keys), for tests that
    /// check what was published by phone number.
    static func plainCopy(of database: String) throws -> String {
        let copy = try makeDirectory("plain") + "/crm.sqlite"
        try CRMDatabase(path: database).connection.execute("VACUUM INTO ?1", [.text(copy)])
        try CRMDatabase(path: copy).rotateKeys(to: nil)
        return copy
    }

    /// The consent sample (samples/consent) as a pipeline into `target`, with profiling consent
    /// required: the privacy tests run it on SQLite and on PostgreSQL.
    static func consentPipeline(target: String) -> String {
        """
        name: consent
        target: \(target)
        sources:
          - id: consent
            entity: customers
            store: SH01
            read: { format: csv, path: \(path("samples/consent/客户同意.csv")) }
            columns: { name: 姓名, phone: 手机, notes: 备注, marketing_opt_out: 拒收营销, profiling_consent: 同意画像 }
        normalize:
          tags: \(path("schemas/tags.yaml"))
          consent: { require_for_profiling: true }
        validate: { max_reject_rate: 0.5 }
        """
    }

    /// A fresh temporary folder.
    static func makeDirectory(_ label: String = "e2e") throws -> String {
        _ = keyFile
        let path = NSTemporaryDirectory() + "salon-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The debug build of the CLI, built by `swift build --build-tests` beside the test bundle.
    static var executable: String {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.deletingLastPathComponent().appendingPathComponent("salon-etl").path,
            packageRoot.appendingPathComponent(".build/debug/salon-etl").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the CLI with arguments, in `directory`.
    static func runCLI(_ arguments: [String], in directory: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

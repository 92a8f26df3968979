import ArgumentParser
import Foundation
import SalonCore
import SalonETL
import SalonStore

/// `salon-etl keys`: the keys that encrypt phones and personal text in the CRM database.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, rotate and check the keys that encrypt phones in the CRM database.",
        discussion: """
        Keys are read from SALON_ETL_DATA_KEY and SALON_ETL_INDEX_KEY (base64), else from the key \
        file in SALON_ETL_KEY_FILE, else ~/.config/salon-etl/keys (mode 0600). Never from a \
        pipeline file or the database. Exit codes: 0 ok, 2 missing or wrong keys, 3 runtime failure.
        """,
        subcommands: [Init.self, Rotate.self, Status.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key file with fresh random keys (never overwrites one).")

        @Option(help: "Where to write it (default: $SALON_ETL_KEY_FILE, else ~/.config/salon-etl/keys).")
        var keyFile: String?

        func run() throws {
            do {
                let path = keyFile ?? KeySource.keyFilePath()
                let ring = try KeyRing.generate(origin: path)
                try KeySource.writeKeyFile(ring, to: path)
                print("created key file \(path) (key \(ring.keyID), mode 0600): back it up; encrypted phones cannot be read without it")
            } catch let error as SalonError {
                throw failure(reporting: error)
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt a CRM database under fresh keys in one transaction (a plain one is encrypted).",
            discussion: """
            Reads the current keys from the key file, writes the new ones to KEYFILE.next, \
            re-encrypts every phone, blind index and sealed text in one transaction, records the \
            rotation in the audit log, then moves the old key file to KEYFILE.previous and the new \
            one into place.
            """)

        @Option(help: "The CRM database (SQLite).")
        var db = "out/crm.sqlite"

        @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
        var postgres: String?

        @Option(help: "The key file (default: $SALON_ETL_KEY_FILE, else ~/.config/salon-etl/keys).")
        var keyFile: String?

        func run() throws {
            do {
                let path = keyFile ?? KeySource.keyFilePath()
                let manager = FileManager.default
                guard postgres != nil || manager.fileExists(atPath: db) else {
                    throw SalonError(.configuration, "no CRM database here", location: db, fix: "pass --db PATH or --postgres URL")
                }
                let current = manager.fileExists(atPath: path) ? try KeySource.readKeyFile(path) : nil
                let next = try KeyRing.generate(origin: path + ".next")
                try? manager.removeItem(atPath: path + ".next")
                try KeySource.writeKeyFile(next, to: path + ".next")
                let count: Int
                let shown: String
                if let postgres {
                    count = try PostgresCRMDatabase(url: postgres).rotateKeys(from: current, to: next)
                    shown = PostgresURL.redacted(postgres)
                } else {
                    count = try CRMDatabase(path: db, keys: current).rotateKeys(to: next)
                    shown = db
                }
                if manager.fileExists(atPath: path) {
                    try? manager.removeItem(atPath: path + ".previous")
                    try manager.moveItem(atPath: path, toPath: path + ".previous")
                }
                try manager.moveItem(atPath: path + ".next", toPath: path)
                let from = current.map { "key \($0.keyID)" } ?? "plain text"
                print("re-encrypted \(count) values in \(shown): \(from) -> key \(next.keyID); new keys in \(path)"
                    + (current == nil ? "" : ", previous keys in \(path).previous"))
            } catch let error as SalonError {
                throw failure(reporting: error)
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether a CRM database is encrypted and whether the configured keys open it.")

        @Option(help: "The CRM database (SQLite).")
        var db = "out/crm.sqlite"

        @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db.")
        var postgres: String?

        func run() throws {
            do {
                if let postgres {
                    let database = try PostgresCRMDatabase(url: postgres)
                    try database.useKeys(nil)
                    let shown = PostgresURL.redacted(postgres)
                    if let ring = database.keyRing {
                        print("\(shown): encrypted with key \(ring.keyID); the keys from \(ring.origin) open it")
                    } else {
                        print("\(shown): not encrypted (phones in plain text)")
                    }
                    return
                }
                let database = try CRMDatabase(path: db)
                if let ring = database.keyRing {
                    print("\(db): encrypted with key \(ring.keyID); the keys from \(ring.origin) open it")
                } else {
                    print("\(db): not encrypted (phones in plain text)")
                }
            } catch let error as SalonError {
                throw failure(reporting: error)
            }
        }
    }
}

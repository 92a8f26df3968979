import Foundation
import SalonCore
@testable import SalonReaders

/// One reader under the fuzzer: where its seeds come from, the tokens that mean something to its
/// format, and how to open a file with it. Adding a reader is one entry in `all`.
struct FuzzTarget: Sendable, CustomStringConvertible {
    /// Short name, used in messages, saved mutant names and `SALON_FUZZ_TARGET`.
    var name: String
    /// Extension of the mutant files (some readers sniff by it).
    var fileExtension: String
    /// Files or folders (relative to the package root; the corpus is `../shared/corpus/...`).
    /// A folder contributes every file ending in `.fileExtension`, recursively.
    var seeds: [String]
    /// Format-aware tokens spliced into mutants, beside `FuzzTokens.common`.
    var tokens: [[UInt8]]
    /// Opens a reader on a mutant. A thrown `SalonError` is a whole-file refusal, which is allowed.
    var open: @Sendable (String) throws -> any RecordReader

    var description: String { name }

    init(
        _ name: String, ext: String, seeds: [String], tokens: [[UInt8]],
        open: @escaping @Sendable (String) throws -> any RecordReader
    ) {
        self.name = name
        self.fileExtension = ext
        self.seeds = seeds
        self.tokens = tokens
        self.open = open
    }

    static let all: [FuzzTarget] = [
        .init(
            "csv", ext: "csv",
            seeds: [
                "samples/SH01", "samples/BJ02", "samples/GZ03", "samples/pet-grooming", "../shared/corpus/csv-encodings-phpspreadsheet",
                "../shared/corpus/csv-spectrum",
            ], tokens: FuzzTokens.csv
        ) { try CSVRecordReader(path: $0, options: .init(sourceID: "fuzz")) },
        .init("csv-gb18030", ext: "csv", seeds: ["samples/SH01", "../shared/corpus/csv-encodings-phpspreadsheet"], tokens: FuzzTokens.csv) {
            try CSVRecordReader(path: $0, options: .init(sourceID: "fuzz", encoding: .gb18030))
        },
        .init("csv-utf16le", ext: "csv", seeds: ["samples/BJ02", "../shared/corpus/csv-encodings-phpspreadsheet"], tokens: FuzzTokens.csv) {
            try CSVRecordReader(path: $0, options: .init(sourceID: "fuzz", encoding: .utf16LE))
        },
        .init("csv-big5", ext: "csv", seeds: ["../shared/corpus/csv-encodings-phpspreadsheet"], tokens: FuzzTokens.csv) {
            try CSVRecordReader(path: $0, options: .init(sourceID: "fuzz", encoding: .big5))
        },
        .init("spreadsheetml", ext: "xml", seeds: ["samples/SZ04", "../shared/corpus/spreadsheetml-2003"], tokens: FuzzTokens.xml) {
            try SpreadsheetMLRecordReader(path: $0, options: .init(sourceID: "fuzz"))
        },
        .init("wechat-txt", ext: "txt", seeds: ["samples/chat/wechat-group.txt"], tokens: FuzzTokens.chat) {
            try ChatRecordReader(path: $0, format: .wechatTXT, options: .init(sourceID: "fuzz"))
        },
        .init(
            "wechat-csv", ext: "csv", seeds: ["samples/chat/memotrace-wangjie.csv", "samples/chat/pywxdump-group.csv"],
            tokens: FuzzTokens.csv
        ) { try ChatRecordReader(path: $0, format: .wechatCSV, options: .init(sourceID: "fuzz")) },
        .init("whatsapp-txt", ext: "txt", seeds: ["../shared/corpus/whatsapp-chat-miner"], tokens: FuzzTokens.chat) {
            try ChatRecordReader(path: $0, format: .whatsappTXT, options: .init(sourceID: "fuzz"))
        },
        .init("pos-csv", ext: "csv", seeds: ["samples/pos/SH01_20240301.csv", "samples/pos/SH01_20240302.csv"], tokens: FuzzTokens.csv) {
            try POSRecordReader(path: $0, options: .init(sourceID: "fuzz"))
        },
        .init("wechatpay", ext: "csv", seeds: ["samples/pos/wechatpay_1900000109_20240301-20240302.csv"], tokens: FuzzTokens.csv) {
            try WeChatPayBillReader(path: $0, options: .init(sourceID: "fuzz"))
        },
        .init("sql-dump", ext: "sql", seeds: ["samples/pos/legacy_pos_sh01.sql"], tokens: FuzzTokens.sql) {
            try SQLDumpRecordReader(path: $0, options: .init(sourceID: "fuzz"))
        },
    ]

    /// The package root (the folder holding Package.swift).
    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    /// The seed files, sorted so a seed number means the same file on every machine.
    func seedFiles() -> [String] {
        var files: [String] = []
        for entry in seeds {
            let url = Self.packageRoot.appendingPathComponent(entry).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                files.append(url.path)
                continue
            }
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
            while let next = walker?.nextObject() {
                guard let file = next as? URL, file.pathExtension == fileExtension else { continue }
                files.append(file.standardizedFileURL.path)
            }
        }
        return files.sorted()
    }
}

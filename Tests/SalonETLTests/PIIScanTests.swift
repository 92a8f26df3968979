import Foundation
import Testing

/// Runs the sample migration into a temporary folder and reads back every file it wrote (the
/// SQLite databases aside, which hold full values by design) and the CLI's stdout and stderr:
/// no mainland mobile, Hong Kong / Macao / Taiwan number or resident ID number may appear unmasked.
@Suite struct PIIScanTests {
    /// Finds unmasked personal numbers in text; full-width digits count as digits.
    enum Leak {
        static let patterns: [(String, NSRegularExpression)] = [
            // 11-digit mainland mobile, optionally +86 / 0086 / 86, with spaces or dashes inside.
            ("mobile", try! NSRegularExpression(pattern: #"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])"#)),
            // Hong Kong and Macao (+852 / +853, 8 digits) and Taiwan (+886, or 09xx mobiles).
            ("hk-mo", try! NSRegularExpression(pattern: #"(?:\+|00)?85[23][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])"#)),
            ("tw", try! NSRegularExpression(pattern: #"(?<![0-9])(?:(?:\+|00)?886[ -]?9|09)[0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{3}(?![0-9])"#)),
            // Resident ID numbers: 18 digits (last may be X) and the old 15-digit form.
            (
                "id-18",
                try! NSRegularExpression(
                    pattern:
                        #"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])"#)
            ),
            (
                "id-15",
                try! NSRegularExpression(
                    pattern: #"(?<![0-9])[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9])"#)
            ),
        ]
        /// Numbers in the samples with no prefix to recognise them by (a Hong Kong mobile written
        /// without +852, a Shanghai landline): looked for in every digit run, separators removed.
        static let bareNumbers = ["61234567"]

        static func find(in raw: String) -> [String] {
            let text = String(
                String.UnicodeScalarView(
                    raw.unicodeScalars.map { scalar in
                        ("\u{FF10}"..."\u{FF19}").contains(scalar) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
                    }))
            let range = NSRange(text.startIndex..., in: text)
            var found: [String] = []
            for (kind, pattern) in patterns {
                for match in pattern.matches(in: text, range: range) {
                    found.append("\(kind): \((text as NSString).substring(with: match.range))")
                }
            }
            let runs = try! NSRegularExpression(pattern: #"[0-9](?:[ -]?[0-9])*"#)
            for match in runs.matches(in: text, range: range) {
                let digits = (text as NSString).substring(with: match.range).filter(\.isNumber)
                found += bareNumbers.filter { digits.contains($0) }.map { "bare: \($0)" }
            }
            return found
        }
    }

    @Test("the scanner itself finds every form the samples use")
    func scannerFindsTheForms() {
        for leak in [
            "13800138000", "138 0013 8002", "138-0013-8001", "+86 139 0013 9022", "008613900139020",
            "+852 6123 4567", "021-61234567", "0912-345-678", "11010519491231002X", "110105491231002",
            "１３８００１３８０００",
        ] {
            #expect(!Leak.find(in: "备注: \(leak) 。").isEmpty, "\(leak)")
        }
        for masked in ["138****8000", "+86 138****8000", "1101**********002X", "2024-03-01", "20240301002", "¥128.00"] {
            #expect(Leak.find(in: masked).isEmpty, "\(masked)")
        }
    }

    @Test("a sample run writes no unmasked phone or ID number, and its workspace is private")
    func sampleRunLeaksNothing() throws {
        let dir = try TestSupport.makeDirectory("pii")
        let result = try TestSupport.runCLI([
            "run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", "\(dir)/crm.sqlite",
            "--workspace", "\(dir)/runs", "--report-json", "\(dir)/report.json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        var scanned: [String: String] = ["stdout": result.stdout, "stderr": result.stderr]
        let walker = FileManager.default.enumerator(atPath: dir)
        while let relative = walker?.nextObject() as? String {
            let path = "\(dir)/\(relative)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                !relative.contains(".sqlite")
            else { continue }
            scanned[relative] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        }
        #expect(scanned.keys.contains { $0.hasSuffix("rejects.csv") } && scanned.keys.contains { $0.hasSuffix(".html") })
        for (name, text) in scanned {
            let leaks = Leak.find(in: text)
            #expect(leaks.isEmpty, "\(name): \(leaks)")
        }

        let workspace = "\(dir)/runs"
        let runs = FileManager.default.enumerator(atPath: workspace)
        var checked = 0
        while let relative = runs?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(workspace)/\(relative)")
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            let expected = attributes[.type] as? FileAttributeType == .typeDirectory ? 0o700 : 0o600
            #expect(mode == expected, "\(relative) is \(String(mode, radix: 8))")
            checked += 1
        }
        let root = try FileManager.default.attributesOfItem(atPath: workspace)
        #expect((root[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(checked >= 4)
    }
}

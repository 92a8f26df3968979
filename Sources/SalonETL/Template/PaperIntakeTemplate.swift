import Foundation
import SalonCore
import SalonReaders

/// Writes the paper-intake template: a CSV that Excel opens with Chinese headers intact (UTF-8 with
/// a byte order mark, CRLF line ends), an instruction row and an example row, which the reader
/// skips. Staff fill it in from paper cards; a pipeline reads it with `format: paper-intake`.
public enum PaperIntakeTemplate {
    /// The file name used when no `--out` is given.
    public static func defaultFileName(_ vocabulary: PaperIntakeLayout.Vocabulary) -> String {
        vocabulary == .pet ? "宠物纸质档案录入.csv" : "纸质档案录入.csv"
    }

    /// The template's bytes.
    public static func csv(_ vocabulary: PaperIntakeLayout.Vocabulary) -> Data {
        let columns = PaperIntakeLayout.columns(vocabulary)
        let rows = [columns.map(\.header), columns.map(\.instruction), columns.map(\.example)]
        var text = "\u{FEFF}"
        for row in rows { text += row.map(CSVCell.escape).joined(separator: ",") + "\r\n" }
        return Data(text.utf8)
    }

    /// Writes the template to `path`.
    /// - Parameter overwrite: replace an existing file; without it an existing file (perhaps already
    ///   filled in) is refused.
    /// - Throws: `SalonError(.configuration)` when the file exists, `.io` when it cannot be written.
    public static func write(to path: String, vocabulary: PaperIntakeLayout.Vocabulary, overwrite: Bool) throws {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw SalonError(
                .configuration, "the file already exists and may hold keyed records", location: path,
                fix: "choose another --out path, or pass --force to replace it")
        }
        do {
            try csv(vocabulary).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SalonError(.io, "cannot write the template", location: path, fix: "check the folder exists and is writable", cause: error)
        }
    }

    /// What to tell the user after writing: where the file is and the `sources:` entry that reads it.
    /// - Parameter pipelineDirectory: the folder of the pipeline the entry goes into; the path in it
    ///   is relative to that folder, as pipelines resolve paths.
    public static func instructions(path: String, pipelineDirectory: String, vocabulary: PaperIntakeLayout.Vocabulary) -> String {
        let pipelinePath = Inspector.yamlQuote(SourceFiles.displayPath(path, base: pipelineDirectory))
        let tags = vocabulary == .pet ? "tags-pet-grooming.yaml" : "tags.yaml"
        return """
            wrote \(path)
            Fill one row per paper card, below the 说明 and 示例 rows (they are skipped when read).
            Type what the card says; suspected keying errors (O for 0, l for 1, a missing digit,
            a partial date) are not corrected but sent to the review queue with a proposal.
            Add it to a pipeline's sources:

              - id: paper-cards
                entity: customers
                store: STORE01                      # the store the cards belong to
                read: { format: paper-intake, path: \(pipelinePath) }
                # columns: are known from the template; list any to override

            and map notes to tags with normalize: { tags: ../schemas/\(tags) }

            """
    }
}

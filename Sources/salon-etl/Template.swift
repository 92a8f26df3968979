import ArgumentParser
import Foundation
import SalonETL
import SalonReaders

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a template for keying records by hand.",
        subcommands: [PaperIntake.self])
}

extension PaperIntakeLayout.Vocabulary: ExpressibleByArgument {}

struct PaperIntake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper-intake",
        abstract: "Write the paper-card intake template (CSV, UTF-8 with BOM, opens in Excel) and print how to read it back.")

    @Option(help: "Where to write the template. Default: 纸质档案录入.csv in the current folder.")
    var out: String?

    @Option(help: "Card vocabulary: hair (hair and beauty clients) or pet (owners and their pets).")
    var vocabulary: PaperIntakeLayout.Vocabulary = .hair

    @Flag(help: "Replace an existing file.")
    var force = false

    @Option(name: .customLong("pipeline-dir"), help: "Folder of the pipeline the entry goes into; the printed path is relative to it. Default: ./pipelines when it exists, else the current folder.")
    var pipelineDirectory: String?

    func run() throws {
        let current = FileManager.default.currentDirectoryPath
        let base = URL(fileURLWithPath: current + "/")
        let path = URL(fileURLWithPath: out ?? PaperIntakeTemplate.defaultFileName(vocabulary), relativeTo: base).standardized.path
        let directory = pipelineDirectory
            ?? (FileManager.default.fileExists(atPath: "\(current)/pipelines") ? "\(current)/pipelines" : current)
        let absoluteDirectory = URL(fileURLWithPath: directory, relativeTo: base).standardized.path
        do {
            try PaperIntakeTemplate.write(to: path, vocabulary: vocabulary, overwrite: force)
            print(PaperIntakeTemplate.instructions(path: path, pipelineDirectory: absoluteDirectory, vocabulary: vocabulary), terminator: "")
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}

import ArgumentParser
import SalonETL

@main
struct SalonETLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "salon-etl")
}

import App
import Foundation

/// Entry point of the `sorashare` executable: parses the subcommand and hands over to `App`.
@main
enum SoraShare {
    static func main() {
        do {
            let arguments = try CommandLineArguments(Array(CommandLine.arguments.dropFirst()))
            exit(Commands.run(arguments, environment: ProcessInfo.processInfo.environment))
        } catch {
            print("\(error)\n\n\(CommandLineArguments.usage)")
            exit(2)
        }
    }
}

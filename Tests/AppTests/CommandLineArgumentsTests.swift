import Testing

@testable import App

@Suite struct CommandLineArgumentsTests {
    @Test func commandOptionsAndFlags() throws {
        let arguments = try CommandLineArguments(["serve", "--socket", "/tmp/s.sock", "--threads", "4", "--migrate"])
        #expect(arguments.command == "serve")
        #expect(arguments.options == ["--socket": "/tmp/s.sock", "--threads": "4"])
        #expect(arguments.flags == ["--migrate"])
    }

    @Test func noArgumentsMeansHelp() throws {
        #expect(try CommandLineArguments([]).command == "help")
    }

    @Test func optionWithoutValueAndStrayWordsAreRefused() {
        #expect(throws: ConfigurationError.self) { try CommandLineArguments(["serve", "--socket"]) }
        #expect(throws: ConfigurationError.self) { try CommandLineArguments(["serve", "extra"]) }
    }

    @Test func unknownCommandExitsWithUsage() throws {
        #expect(Commands.run(try CommandLineArguments(["frobnicate"]), environment: [:]) == 2)
    }
}

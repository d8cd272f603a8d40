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

    @Test func optionWithoutValueIsRefused() {
        #expect(throws: ConfigurationError.self) { try CommandLineArguments(["serve", "--socket"]) }
    }

    @Test func positionalsAreKeptButOnlyAdminTakesThem() throws {
        #expect(try CommandLineArguments(["admin", "grant", "ada@example.com"]).positionals == ["grant", "ada@example.com"])
        #expect(Commands.run(try CommandLineArguments(["serve", "extra"]), environment: ["SORASHARE_DATABASE_URL": "dbname=x"]) == 2)
        #expect(Commands.run(try CommandLineArguments(["admin", "grant"]), environment: ["SORASHARE_DATABASE_URL": "dbname=x"]) == 2)
    }

    @Test func unknownCommandExitsWithUsage() throws {
        #expect(Commands.run(try CommandLineArguments(["frobnicate"]), environment: [:]) == 2)
    }

    @Test func workerTakesOnlyOnce() throws {
        #expect(try CommandLineArguments(["worker", "--once"]).flags == ["--once"])
        #expect(Commands.run(try CommandLineArguments(["worker", "--forever"]), environment: ["SORASHARE_DATABASE_URL": "dbname=x"]) == 2)
        #expect(Commands.run(try CommandLineArguments(["worker", "extra"]), environment: ["SORASHARE_DATABASE_URL": "dbname=x"]) == 2)
    }
}

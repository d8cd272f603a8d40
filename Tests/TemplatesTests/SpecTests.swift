import Testing

/// Every case of each spec module, one parameterised test per module.
@Suite("Mustache spec")
struct SpecTests {
    @Test(arguments: SpecSuite.cases("comments"))
    func comments(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("delimiters"))
    func delimiters(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("interpolation"))
    func interpolation(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("inverted"))
    func inverted(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("partials"))
    func partials(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("sections"))
    func sections(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("~inheritance"))
    func inheritance(_ specCase: SpecCase) { specCase.check() }

    @Test(arguments: SpecSuite.cases("~dynamic-names"))
    func dynamicNames(_ specCase: SpecCase) { specCase.check() }
}

/// Pins the number of spec cases, so a missing or truncated file cannot make the suite pass by running less.
@Suite("Mustache spec case counts")
struct SpecCountTests {
    @Test func coreModulesHave136Cases() throws {
        let counts = try ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]
            .map { try SpecSuite.load($0).count }
        #expect(counts == [12, 14, 42, 22, 12, 34])
        #expect(counts.reduce(0, +) == 136)
    }

    @Test func inheritanceHas27Cases() throws {
        #expect(try SpecSuite.load("~inheritance").count == 27)
    }

    @Test func dynamicNamesHas21Cases() throws {
        #expect(try SpecSuite.load("~dynamic-names").count == 21)
    }
}

import Testing
import WireFormat

/// Tests of `JSONValue`'s accessors and literals.
struct JSONValueTests {
    @Test func subscriptFindsTheFirstMemberWithTheKey() {
        let value: JSONValue = .object([JSONMember("a", 1), JSONMember("b", "x"), JSONMember("a", 2)])
        #expect(value["a"] == 1)
        #expect(value["b"] == "x")
        #expect(value["c"] == nil)
        #expect(JSONValue.array([1])["a"] == nil)
    }

    @Test(arguments: [
        (JSONValue.number("42"), 42 as Int?),
        (.number("-7"), -7),
        (.number("1.0"), nil),
        (.number("1e3"), nil),
        (.number("99999999999999999999999"), nil),
        (.string("42"), nil),
    ])
    func intValueReadsIntegerLiterals(value: JSONValue, expected: Int?) {
        #expect(value.intValue == expected)
    }

    @Test func accessorsReturnTheirCaseOnly() {
        let string: JSONValue = "s"
        let array: JSONValue = [1, "x"]
        let object: JSONValue = ["k": true]
        #expect(string.stringValue == "s")
        #expect(array.stringValue == nil)
        #expect(array.arrayValue == [.number("1"), .string("x")])
        #expect(object.arrayValue == nil)
        #expect(object.objectValue == [JSONMember("k", .bool(true))])
        #expect(object["k"]?.boolValue == true)
        #expect(JSONValue.null.isNull)
        #expect(!string.isNull)
    }

    @Test func literalsMakeTheMatchingCases() {
        let value: JSONValue = ["b": [nil, false, 3, "t"], "a": [:]]
        let expected = JSONValue.object([
            JSONMember("b", .array([.null, .bool(false), .number("3"), .string("t")])),
            JSONMember("a", .object([])),
        ])
        #expect(value == expected)
    }
}

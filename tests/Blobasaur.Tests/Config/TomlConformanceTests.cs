using System.Text.Json.Nodes;
using Blobasaur.Config.Toml;

namespace Blobasaur.Tests.Config;

// Every case of toml-test (TOML 1.0.0): valid documents decode to the expected tagged JSON, invalid ones are rejected.
public sealed class TomlConformanceTests
{
    [Theory]
    [TomlTestCases("valid")]
    public void Valid_document_decodes_to_the_expected_tagged_json(string testCase)
    {
        if (!SuiteAvailable(testCase))
            return;
        // Raw bytes: some cases hold a BOM, CRLF or no final newline, which a text reader would quietly change.
        var input = File.ReadAllBytes(Path.Combine(TomlTestSuite.Root!, testCase));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(TomlTestSuite.Root!, Path.ChangeExtension(testCase, ".json"))));

        var actual = TaggedJson.Encode(TomlParser.Parse(input));

        var difference = TaggedJson.Difference(expected, actual);
        Assert.True(difference is null, $"{testCase}: {difference}\nactual: {actual.ToJsonString()}");
    }

    [Theory]
    [TomlTestCases("invalid")]
    public void Invalid_document_is_rejected_with_a_position(string testCase)
    {
        if (!SuiteAvailable(testCase))
            return;
        var input = File.ReadAllBytes(Path.Combine(TomlTestSuite.Root!, testCase));

        var error = Record.Exception(() => TomlParser.Parse(input));

        var parsed = error is null ? TaggedJson.Encode(TomlParser.Parse(input)).ToJsonString() : "";
        var ex = Assert.IsType<TomlException>(error, exactMatch: true);
        Assert.True(ex.Line >= 1 && ex.Column >= 1, $"{testCase}: position {ex.Line}:{ex.Column} {parsed}");
    }

    // The sentinel row exists only when the data is missing: it is skipped outside CI (see TomlTestCasesAttribute) and fails in CI.
    private static bool SuiteAvailable(string testCase)
    {
        if (testCase != TomlTestSuite.Missing)
            return true;
        if (TomlTestSuite.IsCi)
            Assert.Fail($"toml-test data not found and CI is set: {TomlTestSuite.SearchedFor}");
        return false;
    }
}

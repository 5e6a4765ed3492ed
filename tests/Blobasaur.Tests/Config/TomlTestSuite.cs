using System.Reflection;
using Xunit.Sdk;

namespace Blobasaur.Tests.Config;

/// <summary>
/// Finds the toml-test data: env BLOBASAUR_TOML_TEST_DIR, else ../shared/toml-test next to the folder holding Blobasaur.sln.
/// </summary>
internal static class TomlTestSuite
{
    public const string Missing = "(toml-test data not found)";

    public static readonly string? Root = FindRoot();

    public static string SearchedFor =>
        "set BLOBASAUR_TOML_TEST_DIR, or put the suite at ../shared/toml-test beside the repository (the folder holding Blobasaur.sln)";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("BLOBASAUR_TOML_TEST_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
            return Directory.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
        if (RepoPaths.Root is null)
            return null;
        var candidate = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "toml-test"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    // Cases come from the suite's own list file, which names exactly the TOML 1.0.0 cases.
    public static IEnumerable<string> Cases(string kind)
    {
        if (Root is null)
            return [Missing];
        return File.ReadLines(Path.Combine(Root, "files-toml-1.0.0"))
            .Where(rel => rel.StartsWith(kind + "/", StringComparison.Ordinal) && rel.EndsWith(".toml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }
}

/// <summary>
/// One theory row per case of a toml-test folder. When the data is missing the theory has a single row, skipped with the
/// reason outside CI; in CI (CI=true) the row runs and fails, so a broken checkout cannot pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class TomlTestCasesAttribute(string kind) : DataAttribute
{
    public override string? Skip
    {
        get => TomlTestSuite.Root is null && !TomlTestSuite.IsCi ? $"toml-test data not found: {TomlTestSuite.SearchedFor}" : base.Skip;
        set => base.Skip = value;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => TomlTestSuite.Cases(kind).Select(c => new object[] { c });
}

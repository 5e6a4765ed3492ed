using System.Text.RegularExpressions;
using Blobasaur.Config;

namespace Blobasaur.Tests.Config;

public sealed class ConfigLoaderTests
{
    internal static readonly Dictionary<string, string?> NoEnvironment = new();

    private static IEnumerable<string> AllKeys => ConfigSettings.All.Select(s => s.Path);

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var config = new BlobasaurConfig();

        Assert.Equal("./data", config.DataDir);
        Assert.Equal(4, config.NumShards);
        Assert.Equal("127.0.0.1:6379", config.Addr);
        Assert.False(config.AsyncWrite);
        Assert.Equal(256, config.BatchSize);
        Assert.Equal(0, config.BatchTimeoutMs);
        Assert.False(config.OutputCompression);
        Assert.Equal(SqliteSynchronous.Normal, config.Sqlite.Synchronous);
        Assert.Equal("information", config.Logging.Level);
        Assert.False(config.Cluster.Enabled);
    }

    [Fact]
    public void Missing_default_file_gives_the_defaults_and_says_so()
    {
        using var dir = new TempDir();

        var config = ConfigLoader.LoadOrDefaults(NoEnvironment, directory: dir.Path);

        AssertEquivalent(new BlobasaurConfig { Source = config.Source }, config);
        Assert.StartsWith("defaults (no config.toml in ", config.Source);
    }

    [Fact]
    public void Default_file_in_the_directory_is_used_when_present()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.toml"), "num_shards = 8\n");

        var config = ConfigLoader.LoadOrDefaults(NoEnvironment, directory: dir.Path);

        Assert.Equal(8, config.NumShards);
        Assert.EndsWith("config.toml", config.Source);
    }

    [Fact]
    public void Missing_explicit_file_is_an_error_naming_it()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve("no/such/blobasaur.toml", NoEnvironment));

        Assert.Contains("no/such/blobasaur.toml", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Repository_config_toml_means_exactly_the_defaults()
    {
        var path = RepoPaths.File("config.toml");

        var config = ConfigLoader.Load(path, NoEnvironment);

        AssertEquivalent(new BlobasaurConfig { Source = path }, config);
    }

    [Fact]
    public void Repository_config_toml_lists_every_key()
    {
        var text = File.ReadAllText(RepoPaths.File("config.toml"));
        var section = "";
        var seen = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            if (Regex.Match(line, @"^\[(\w+)\]") is { Success: true } header)
                section = header.Groups[1].Value;
            // Keys without a default (cluster.port, ...) appear commented out, with an example value.
            else if (Regex.Match(line, @"^#?\s?(\w+) = ") is { Success: true } key)
                seen.Add(section.Length == 0 ? key.Groups[1].Value : $"{section}.{key.Groups[1].Value}");
        }

        var missing = AllKeys.Except(seen).ToList();
        Assert.True(missing.Count == 0, "config.toml lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Docs_list_every_key_and_its_environment_variable()
    {
        var docs = File.ReadAllText(RepoPaths.File("docs/configuration.md"));

        // Section tables list the short key; the variable name is unique, so it ties the row to its section.
        var missing = ConfigSettings.All
            .Where(s => !docs.Contains($"| `{s.Key}` |") || !docs.Contains($"`{s.EnvironmentVariable}`")
                || (s.Section != "" && !docs.Contains($"`[{s.Section}]`")))
            .Select(s => s.Path).ToList();

        Assert.True(missing.Count == 0, "docs/configuration.md lacks: " + string.Join(", ", missing));
    }

    // Records compare lists by reference; compare the cluster lists by content, then everything else.
    internal static void AssertEquivalent(BlobasaurConfig expected, BlobasaurConfig actual)
    {
        Assert.Equal(expected.Cluster.Seeds, actual.Cluster.Seeds);
        Assert.Equal(expected.Cluster.Slots, actual.Cluster.Slots);
        Assert.Equal(expected.Cluster.SlotRanges, actual.Cluster.SlotRanges);
        Assert.Equal(expected.Users, actual.Users);
        Assert.Equal(WithoutLists(expected), WithoutLists(actual));
    }

    private static BlobasaurConfig WithoutLists(BlobasaurConfig c) =>
        c with { Cluster = c.Cluster with { Seeds = [], Slots = [], SlotRanges = [] }, Users = [] };
}

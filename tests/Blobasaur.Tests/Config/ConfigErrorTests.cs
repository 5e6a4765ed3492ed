using Blobasaur.Config;

namespace Blobasaur.Tests.Config;

// Every message names where the setting came from, the key, the value and what is allowed.
public sealed class ConfigErrorTests
{
    private static ConfigException LoadFails(string toml, Dictionary<string, string?>? env = null, ConfigOverrides? cli = null) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.LoadText(toml, "config.toml", env ?? ConfigLoaderTests.NoEnvironment, cli));

    [Fact]
    public void Out_of_range_value_names_file_line_key_and_range()
    {
        var ex = LoadFails("# shards\n\nnum_shards = 0\n");

        Assert.Equal("config.toml:3: num_shards = 0 is invalid: must be an integer from 1 to 1024", ex.Message);
        Assert.Equal("num_shards", ex.Key);
    }

    [Theory]
    [InlineData("num_shards = \"4\"", "num_shards = \"4\" is invalid: must be an integer from 1 to 1024")]
    [InlineData("async_write = 1", "async_write = 1 is invalid: must be true or false")]
    [InlineData("batch_size = 100001", "batch_size = 100001 is invalid: must be an integer from 1 to 100000")]
    [InlineData("batch_timeout_ms = -1", "must be an integer from 0 to 60000")]
    [InlineData("data_dir = \"\"", "data_dir = \"\" is invalid: must be a non-empty path")]
    [InlineData("[sqlite]\nsynchronous = \"EXTRA\"", "sqlite.synchronous = \"EXTRA\" is invalid: must be one of: OFF, NORMAL, FULL")]
    [InlineData("[sqlite]\nbusy_timeout_ms = -5", "sqlite.busy_timeout_ms = -5 is invalid")]
    [InlineData("[logging]\nlevel = \"loud\"", "must be one of: trace, debug, information, warning, error, critical, none")]
    [InlineData("[storage_compression]\nalgorithm = \"snappy\"", "must be one of: none, gzip, zstd, lz4, brotli")]
    [InlineData("[cluster]\nnamespace_strategy = \"hash\"", "must be one of: namespace, key")]
    [InlineData("[cluster]\nport = 0", "cluster.port = 0 is invalid: must be an integer from 1 to 65535")]
    [InlineData("sqlite = 3", "sqlite = 3 is invalid: it must be a table, written [sqlite]")]
    public void Bad_value_is_reported_with_key_value_and_rule(string toml, string expected)
    {
        var ex = LoadFails(toml);

        Assert.Contains(expected, ex.Message);
        Assert.Matches(@"^config\.toml:\d+: ", ex.Message);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("::1:6379")]
    [InlineData("[::1]")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("bad host:80")]
    [InlineData(":6379")]
    public void Bad_address_is_rejected(string addr)
    {
        var ex = LoadFails($"addr = \"{addr}\"");

        Assert.Contains("must be host:port", ex.Message);
    }

    [Fact]
    public void Unknown_key_lists_the_allowed_keys_of_its_section()
    {
        var ex = LoadFails("[sqlite]\nbusy_timeout_ms = 1\ncache_size = 10\n");

        Assert.StartsWith("config.toml:3: unknown key 'cache_size' in [sqlite]; allowed: cache_size_mb, busy_timeout_ms,", ex.Message);
    }

    [Fact]
    public void Unknown_top_level_key_and_unknown_section_are_errors()
    {
        Assert.StartsWith("config.toml:1: unknown key 'numshards'", LoadFails("numshards = 4").Message);
        Assert.StartsWith("config.toml:2: unknown key 'replication'", LoadFails("\n[replication]\nx = 1").Message);
    }

    [Fact]
    public void Bad_array_element_is_reported_at_its_own_line()
    {
        var ex = LoadFails("[cluster]\nslots = [\n  1,\n  16384,\n]\n");

        Assert.StartsWith("config.toml:4: cluster.slots[1] = 16384 is invalid", ex.Message);
    }

    [Theory]
    [InlineData("start = 10\nend = 5")]
    [InlineData("start = 0\nend = 16384")]
    [InlineData("start = 0")]
    [InlineData("start = 0\nend = 1\nstep = 1")]
    public void Bad_slot_range_is_reported_at_its_table(string body)
    {
        var ex = LoadFails($"[[cluster.slot_ranges]]\nstart = 0\nend = 1\n\n[[cluster.slot_ranges]]\n{body}\n");

        Assert.StartsWith("config.toml:5: cluster.slot_ranges[1] = {", ex.Message);
        Assert.Contains("0 <= start <= end <= 16383", ex.Message);
    }

    [Fact]
    public void Toml_syntax_error_gives_line_and_column()
    {
        var ex = LoadFails("num_shards = 4\naddr = 127.0.0.1:6379\n");

        Assert.StartsWith("config.toml:2:8: not valid TOML: ", ex.Message);
    }

    [Fact]
    public void Cluster_needs_a_port_when_the_client_port_leaves_no_default()
    {
        var ex = LoadFails("addr = \"127.0.0.1:60000\"\n[cluster]\nenabled = true\nnode_id = \"n1\"\n");

        Assert.StartsWith("config.toml:3: cluster.port is required when cluster.enabled = true and the client port (60000) is above 55535",
            ex.Message);
    }

    [Theory]
    [InlineData("output_compression = true",
        "config.toml:1: output_compression = true is not accepted: Redis clients cannot decompress replies")]
    public void Features_this_build_lacks_are_refused_with_a_reason(string toml, string expected)
    {
        Assert.StartsWith(expected, LoadFails(toml).Message);
    }

    [Fact]
    public void Cluster_mode_is_accepted_once_its_required_keys_are_set()
    {
        var c = ConfigLoader.LoadText("[cluster]\nenabled = true\nnode_id = \"n1\"\nport = 7000", "f.toml", ConfigLoaderTests.NoEnvironment);

        Assert.True(c.Cluster.Enabled);
        Assert.Equal(7000, c.Cluster.Port);
    }

    [Fact]
    public void Compression_enabled_with_algorithm_none_is_accepted()
    {
        const string toml = "[storage_compression]\nenabled = true\nalgorithm = \"none\"";

        var c = ConfigLoader.LoadText(toml, "f.toml", ConfigLoaderTests.NoEnvironment);

        Assert.True(c.StorageCompression.Enabled);
    }

    [Fact]
    public void Compression_level_must_suit_the_algorithm()
    {
        var ex = LoadFails("[storage_compression]\nalgorithm = \"gzip\"\nlevel = 12\n");

        Assert.Equal("config.toml:3: storage_compression.level = 12 is invalid: with algorithm gzip it must be from 0 to 9", ex.Message);
    }

    [Fact]
    public void Bad_environment_value_names_the_variable()
    {
        var ex = LoadFails("", new() { ["BLOBASAUR_SQLITE_BUSY_TIMEOUT_MS"] = "soon" });

        Assert.Equal("environment variable BLOBASAUR_SQLITE_BUSY_TIMEOUT_MS: BLOBASAUR_SQLITE_BUSY_TIMEOUT_MS=\"soon\" is invalid: "
            + "sqlite.busy_timeout_ms must be an integer from 0 to 2147483647", ex.Message);
    }

    [Fact]
    public void Unknown_environment_variable_is_an_error()
    {
        var ex = LoadFails("", new() { ["BLOBASAUR_NUMSHARDS"] = "4" });

        Assert.StartsWith("environment variable BLOBASAUR_NUMSHARDS: unknown setting BLOBASAUR_NUMSHARDS", ex.Message);
    }

    [Fact]
    public void Feature_switched_on_from_the_environment_names_the_variable()
    {
        var ex = LoadFails("", new() { ["BLOBASAUR_OUTPUT_COMPRESSION"] = "1" });

        Assert.StartsWith("environment variable BLOBASAUR_OUTPUT_COMPRESSION: output_compression = true is not accepted", ex.Message);
    }

    [Theory]
    [InlineData(70000, null, "command line --port: --port 70000 is invalid")]
    [InlineData(null, "nope", "command line --addr: --addr \"nope\" is invalid: must be host:port")]
    public void Bad_command_line_override_names_the_option(int? port, string? addr, string expected)
    {
        Assert.StartsWith(expected, LoadFails("", cli: new ConfigOverrides(port, null, addr)).Message);
    }

    [Fact]
    public void Long_or_multiline_values_are_cut_and_escaped_in_messages()
    {
        var ex = LoadFails($"addr = \"{new string('x', 300)}\\r\\nINJECTED\"");

        Assert.DoesNotContain("\n", ex.Message);
        Assert.Contains("...", ex.Message);
    }
}

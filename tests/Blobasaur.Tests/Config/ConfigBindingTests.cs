using Blobasaur.Config;

namespace Blobasaur.Tests.Config;

public sealed class ConfigBindingTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = ConfigLoaderTests.NoEnvironment;

    // Every key set to something other than its default, features this build lacks left off.
    private const string EveryKey = """
        data_dir = "/var/lib/blobasaur"
        num_shards = 16
        addr = "[::1]:7000"
        async_write = true
        batch_size = 1000
        batch_timeout_ms = 5
        output_compression = false
        inflight_max_bytes = 1048576

        [server]
        maxclients = 50
        timeout = 300
        proto_max_bulk_len = 2097152
        max_multibulk_length = 4096
        max_inline_length = 8192
        shutdown_timeout_ms = 2500

        [logging]
        level = "Warn"

        [storage_compression]
        enabled = false
        algorithm = "zstd"
        level = 19

        [sqlite]
        cache_size_mb = 800
        busy_timeout_ms = 0
        synchronous = "full"
        mmap_size = 3000
        max_connections = 8

        [metrics]
        enabled = false
        addr = "0.0.0.0:9191"

        [cluster]
        enabled = false
        node_id = "node-1"
        seeds = ["10.0.0.2:7946", "node-3.local:7946"]
        port = 7946
        advertise_addr = "10.0.0.1:6379"
        gossip_interval_ms = 250
        slots = [1, 16383]
        node_timeout_ms = 5000
        secret = "s3cret"
        require_full_coverage = false
        namespace_strategy = "key"

        [[cluster.slot_ranges]]
        start = 0
        end = 5460

        [[cluster.slot_ranges]]
        start = 10923
        end = 16383
        """;

    [Fact]
    public void Every_key_is_bound_to_its_property()
    {
        var c = ConfigLoader.LoadText(EveryKey, "every.toml", NoEnvironment);

        Assert.Equal(("/var/lib/blobasaur", 16, "[::1]:7000", true, 1000, 5, false, 1048576L),
            (c.DataDir, c.NumShards, c.Addr, c.AsyncWrite, c.BatchSize, c.BatchTimeoutMs, c.OutputCompression, c.InflightMaxBytes));
        Assert.Equal(new ServerSection
        {
            MaxClients = 50, Timeout = 300, ProtoMaxBulkLen = 2097152,
            MaxMultibulkLength = 4096, MaxInlineLength = 8192, ShutdownTimeoutMs = 2500,
        }, c.Server);
        Assert.Equal("warning", c.Logging.Level);
        Assert.Equal(new CompressionSection { Enabled = false, Algorithm = CompressionAlgorithm.Zstd, Level = 19 }, c.StorageCompression);
        Assert.Equal(new SqliteSection
        {
            CacheSizeMb = 800, BusyTimeoutMs = 0, Synchronous = SqliteSynchronous.Full, MmapSize = 3000, MaxConnections = 8,
        }, c.Sqlite);
        Assert.Equal(new MetricsSection { Enabled = false, Addr = "0.0.0.0:9191" }, c.Metrics);
        var k = c.Cluster;
        Assert.Equal(("node-1", 7946, "10.0.0.1:6379", 250, 5000, "s3cret", false, "key"),
            (k.NodeId, k.Port, k.AdvertiseAddr, k.GossipIntervalMs, k.NodeTimeoutMs, k.Secret, k.RequireFullCoverage, k.NamespaceStrategy));
        Assert.Equal(["10.0.0.2:7946", "node-3.local:7946"], k.Seeds);
        Assert.Equal([1, 16383], k.Slots);
        Assert.Equal([new SlotRange(0, 5460), new SlotRange(10923, 16383)], k.SlotRanges);
        Assert.Equal("every.toml", c.Source);
    }

    [Fact]
    public void Rust_blobasaur_example_config_loads()
    {
        // Written in the style of the Rust project's config.example.toml, with its keys and its inline-table slot ranges.
        const string rust = """
            data_dir = "data"
            num_shards = 8
            async_write = false
            batch_size = 100
            batch_timeout_ms = 10
            addr = "0.0.0.0:6379"
            output_compression = false

            [storage_compression]
            enabled = false
            algorithm = "gzip"
            level = 6

            [sqlite]
            cache_size_mb = 800
            busy_timeout_ms = 5000
            synchronous = "NORMAL"
            mmap_size = 0
            max_connections = 16

            [metrics]
            enabled = false
            addr = "0.0.0.0:9090"

            [cluster]
            enabled = false
            node_id = "node1"
            seeds = ["127.0.0.1:7001", "127.0.0.1:7002"]
            port = 7000
            advertise_addr = "127.0.0.1:6379"
            gossip_interval_ms = 1000
            node_timeout_ms = 15000
            secret = "cluster-secret"
            require_full_coverage = true
            namespace_strategy = "namespace"
            slots = [0, 1, 2]
            slot_ranges = [{ start = 3, end = 5460 }]
            """;

        var c = ConfigLoader.LoadText(rust, "rust.toml", NoEnvironment);

        Assert.Equal(("data", 8, "0.0.0.0:6379", 100, 10), (c.DataDir, c.NumShards, c.Addr, c.BatchSize, c.BatchTimeoutMs));
        Assert.Equal(CompressionAlgorithm.Gzip, c.StorageCompression.Algorithm);
        Assert.Equal([new SlotRange(3, 5460)], c.Cluster.SlotRanges);
        Assert.Equal(16, c.Sqlite.MaxConnections);
    }

    [Fact]
    public void Environment_overrides_the_file_with_the_same_type_rules()
    {
        var env = new Dictionary<string, string?>
        {
            ["BLOBASAUR_NUM_SHARDS"] = "32",
            ["BLOBASAUR_ASYNC_WRITE"] = "true",
            ["BLOBASAUR_SQLITE_SYNCHRONOUS"] = "off",
            ["BLOBASAUR_SERVER_MAXCLIENTS"] = "77",
            ["BLOBASAUR_STORAGE_COMPRESSION_ALGORITHM"] = "brotli",
            ["BLOBASAUR_LOGGING_LEVEL"] = "debug",
            ["BLOBASAUR_CLUSTER_SEEDS"] = "a:1, b:2",
            ["BLOBASAUR_CLUSTER_SLOTS"] = "5,6",
            ["BLOBASAUR_CLUSTER_SLOT_RANGES"] = "0-10,20-30",
            ["BLOBASAUR_TEST_TARGET"] = "anything: read by the integration tests, not by the loader",
            ["PATH"] = "/usr/bin",
        };

        var c = ConfigLoader.LoadText("num_shards = 8\nasync_write = false\n[sqlite]\nsynchronous = \"FULL\"\n", "f.toml", env);

        Assert.Equal((32, true, SqliteSynchronous.Off, 77), (c.NumShards, c.AsyncWrite, c.Sqlite.Synchronous, c.Server.MaxClients));
        Assert.Equal((CompressionAlgorithm.Brotli, "debug"), (c.StorageCompression.Algorithm, c.Logging.Level));
        Assert.Equal(["a:1", "b:2"], c.Cluster.Seeds);
        Assert.Equal([5, 6], c.Cluster.Slots);
        Assert.Equal([new SlotRange(0, 10), new SlotRange(20, 30)], c.Cluster.SlotRanges);
    }

    [Fact]
    public void Command_line_wins_over_environment_and_file()
    {
        var env = new Dictionary<string, string?> { ["BLOBASAUR_ADDR"] = "0.0.0.0:6000", ["BLOBASAUR_DATA_DIR"] = "/env" };

        var c = ConfigLoader.LoadText("addr = \"10.1.1.1:5000\"\n", "f.toml", env, new ConfigOverrides(Port: 7001, DataDir: "/cli"));

        Assert.Equal(("0.0.0.0:7001", "/cli"), (c.Addr, c.DataDir));
    }

    [Theory]
    [InlineData("127.0.0.1:6379", null, 7000, "127.0.0.1:7000")]
    [InlineData("[::1]:6379", null, 7000, "[::1]:7000")]
    [InlineData("127.0.0.1:6379", "example.org:1", null, "example.org:1")]
    [InlineData("127.0.0.1:6379", "[fe80::1]:1", 2, "[fe80::1]:2")]
    public void Port_override_replaces_only_the_port(string fileAddr, string? cliAddr, int? port, string expected)
    {
        var c = ConfigLoader.LoadText($"addr = \"{fileAddr}\"", "f.toml", NoEnvironment, new ConfigOverrides(port, null, cliAddr));

        Assert.Equal(expected, c.Addr);
    }
}

namespace Blobasaur.Config;

// Every configuration key, one row each. The binder, the environment variables and the unknown-key messages all come from here.
// How to add a setting:
//   1. add the property (with its default) to its record in BlobasaurConfig.cs;
//   2. add a row below: section, key, allowed values and where it is stored; the env var name follows from section and key;
//   3. rules between keys (X required when Y) go in ConfigValidation.cs; "not supported yet" switches go in FeatureGate.cs;
//   4. document it in config.toml and docs/configuration.md (a test checks that config.toml lists every key).
internal static class ConfigSettings
{
    public const int MaxSlot = 16383;

    public static readonly IReadOnlyList<string> Sections = ["server", "logging", "storage_compression", "sqlite", "metrics", "cluster", "tls"];

    public static readonly IReadOnlyList<string> LogLevels = ["trace", "debug", "information", "warning", "error", "critical", "none"];

    public static readonly IReadOnlyList<ConfigSetting> All =
    [
        ConfigSetting.Text("", "data_dir", "must be a non-empty path", NonEmpty, (c, v) => c with { DataDir = v }),
        ConfigSetting.Integer("", "num_shards", 1, 1024, (c, v) => c with { NumShards = (int)v }),
        ConfigSetting.Text("", "addr", HostPort.Rule, Address, (c, v) => c with { Addr = v }),
        ConfigSetting.Boolean("", "async_write", (c, v) => c with { AsyncWrite = v }),
        ConfigSetting.Integer("", "batch_size", 1, 100_000, (c, v) => c with { BatchSize = (int)v }),
        ConfigSetting.Integer("", "batch_timeout_ms", 0, 60_000, (c, v) => c with { BatchTimeoutMs = (int)v }),
        ConfigSetting.Boolean("", "output_compression", (c, v) => c with { OutputCompression = v }),
        ConfigSetting.Integer("", "inflight_max_bytes", 1, 1L << 40, (c, v) => c with { InflightMaxBytes = v }),
        ConfigSetting.Integer("", "expiry_sweep_interval_ms", 0, 3_600_000, (c, v) => c with { ExpirySweepIntervalMs = (int)v }),
        UserSettings.Users("", "users", (c, v) => c with { Users = v }),

        ConfigSetting.Integer("server", "maxclients", 1, 1_000_000, (c, v) => c with { Server = c.Server with { MaxClients = (int)v } }),
        ConfigSetting.Integer("server", "timeout", 0, int.MaxValue, (c, v) => c with { Server = c.Server with { Timeout = (int)v } }),
        // Redis's floor is 1 MB; the ceiling is SQLite's default SQLITE_MAX_LENGTH, so a value that fits the limit also fits a row.
        ConfigSetting.Integer("server", "proto_max_bulk_len", 1024 * 1024, 1_000_000_000,
            (c, v) => c with { Server = c.Server with { ProtoMaxBulkLen = v } }),
        ConfigSetting.Integer("server", "max_multibulk_length", 1, int.MaxValue,
            (c, v) => c with { Server = c.Server with { MaxMultibulkLength = (int)v } }),
        ConfigSetting.Integer("server", "max_inline_length", 1024, 1 << 30,
            (c, v) => c with { Server = c.Server with { MaxInlineLength = (int)v } }),
        ConfigSetting.Integer("server", "client_output_buffer_limit_hard", 0, 1L << 40,
            (c, v) => c with { Server = c.Server with { ClientOutputBufferLimitHard = v } }),
        ConfigSetting.Integer("server", "client_output_buffer_limit_soft", 0, 1L << 40,
            (c, v) => c with { Server = c.Server with { ClientOutputBufferLimitSoft = v } }),
        ConfigSetting.Integer("server", "client_output_buffer_limit_soft_seconds", 0, 86_400,
            (c, v) => c with { Server = c.Server with { ClientOutputBufferLimitSoftSeconds = (int)v } }),
        // Redis's floor is 1 MB.
        ConfigSetting.Integer("server", "client_query_buffer_limit", 1024 * 1024, 1L << 40,
            (c, v) => c with { Server = c.Server with { ClientQueryBufferLimit = v } }),
        ConfigSetting.Integer("server", "shutdown_timeout_ms", 0, 600_000,
            (c, v) => c with { Server = c.Server with { ShutdownTimeoutMs = (int)v } }),
        ConfigSetting.Integer("server", "slowlog_log_slower_than", -1, long.MaxValue,
            (c, v) => c with { Server = c.Server with { SlowlogLogSlowerThan = v } }),
        ConfigSetting.Integer("server", "slowlog_max_len", 0, int.MaxValue,
            (c, v) => c with { Server = c.Server with { SlowlogMaxLen = (int)v } }),
        ConfigSetting.Text("server", "requirepass", "must be a non-empty string", NonEmpty,
            (c, v) => c with { Server = c.Server with { RequirePass = v } }),
        ConfigSetting.Boolean("server", "protected_mode", (c, v) => c with { Server = c.Server with { ProtectedMode = v } }),

        ConfigSetting.Text("logging", "level", "must be one of: " + string.Join(", ", LogLevels) + " (info and warn are accepted too)",
            LogLevel, (c, v) => c with { Logging = c.Logging with { Level = v } }),

        ConfigSetting.Boolean("storage_compression", "enabled",
            (c, v) => c with { StorageCompression = c.StorageCompression with { Enabled = v } }),
        ConfigSetting.Choice("storage_compression", "algorithm", ["none", "gzip", "zstd", "lz4", "brotli"],
            (c, v) => c with { StorageCompression = c.StorageCompression with { Algorithm = Enum.Parse<CompressionAlgorithm>(v, true) } }),
        ConfigSetting.Integer("storage_compression", "level", 0, 22,
            (c, v) => c with { StorageCompression = c.StorageCompression with { Level = (int)v } }),
        ConfigSetting.Integer("storage_compression", "min_size", 0, int.MaxValue,
            (c, v) => c with { StorageCompression = c.StorageCompression with { MinSize = (int)v } }),

        ConfigSetting.Integer("sqlite", "cache_size_mb", 1, 1024 * 1024,
            (c, v) => c with { Sqlite = c.Sqlite with { CacheSizeMb = (int)v } }),
        ConfigSetting.Integer("sqlite", "busy_timeout_ms", 0, int.MaxValue,
            (c, v) => c with { Sqlite = c.Sqlite with { BusyTimeoutMs = (int)v } }),
        ConfigSetting.Choice("sqlite", "synchronous", ["OFF", "NORMAL", "FULL"],
            (c, v) => c with { Sqlite = c.Sqlite with { Synchronous = Enum.Parse<SqliteSynchronous>(v, true) } }),
        ConfigSetting.Integer("sqlite", "mmap_size", 0, 1024 * 1024, (c, v) => c with { Sqlite = c.Sqlite with { MmapSize = v } }),
        ConfigSetting.Integer("sqlite", "max_shard_size_mb", 0, 1L << 30,
            (c, v) => c with { Sqlite = c.Sqlite with { MaxShardSizeMb = v } }),
        ConfigSetting.Integer("sqlite", "max_connections", 1, 1024,
            (c, v) => c with { Sqlite = c.Sqlite with { MaxConnections = (int)v } }),

        ConfigSetting.Boolean("metrics", "enabled", (c, v) => c with { Metrics = c.Metrics with { Enabled = v } }),
        ConfigSetting.Text("metrics", "addr", HostPort.Rule, Address, (c, v) => c with { Metrics = c.Metrics with { Addr = v } }),

        ConfigSetting.Boolean("cluster", "enabled", (c, v) => c with { Cluster = c.Cluster with { Enabled = v } }),
        // Empty is the "not set" default: the node id is then random (persisted); set, the id is SHA-1 of the name.
        ConfigSetting.Text("cluster", "node_id", "must be a string", v => v, (c, v) => c with { Cluster = c.Cluster with { NodeId = v } }),
        ConfigSetting.TextList("cluster", "seeds", HostPort.Rule, s => Address(s) is not null,
            (c, v) => c with { Cluster = c.Cluster with { Seeds = v } }),
        ConfigSetting.Integer("cluster", "port", 1, 65535, (c, v) => c with { Cluster = c.Cluster with { Port = (int)v } }),
        ConfigSetting.Text("cluster", "advertise_addr", HostPort.Rule, Address,
            (c, v) => c with { Cluster = c.Cluster with { AdvertiseAddr = v } }),
        ConfigSetting.Integer("cluster", "gossip_interval_ms", 10, 60_000,
            (c, v) => c with { Cluster = c.Cluster with { GossipIntervalMs = (int)v } }),
        ConfigSetting.IntegerList("cluster", "slots", 0, MaxSlot, (c, v) => c with { Cluster = c.Cluster with { Slots = v } }),
        ConfigSetting.SlotRanges("cluster", "slot_ranges", MaxSlot, (c, v) => c with { Cluster = c.Cluster with { SlotRanges = v } }),
        ConfigSetting.Integer("cluster", "node_timeout_ms", 100, 3_600_000,
            (c, v) => c with { Cluster = c.Cluster with { NodeTimeoutMs = (int)v } }),
        ConfigSetting.Text("cluster", "secret", "must be a non-empty string", NonEmpty,
            (c, v) => c with { Cluster = c.Cluster with { Secret = v } }),
        ConfigSetting.Boolean("cluster", "require_full_coverage",
            (c, v) => c with { Cluster = c.Cluster with { RequireFullCoverage = v } }),
        ConfigSetting.Choice("cluster", "namespace_strategy", ["namespace", "key"],
            (c, v) => c with { Cluster = c.Cluster with { NamespaceStrategy = v } }),

        ConfigSetting.Boolean("tls", "enabled", (c, v) => c with { Tls = c.Tls with { Enabled = v } }),
        ConfigSetting.Text("tls", "addr", HostPort.Rule, Address, (c, v) => c with { Tls = c.Tls with { Addr = v } }),
        ConfigSetting.Integer("tls", "port", 0, 65535, (c, v) => c with { Tls = c.Tls with { Port = (int)v } }),
        ConfigSetting.Text("tls", "cert_file", "must be a non-empty path", NonEmpty, (c, v) => c with { Tls = c.Tls with { CertFile = v } }),
        ConfigSetting.Text("tls", "key_file", "must be a non-empty path", NonEmpty, (c, v) => c with { Tls = c.Tls with { KeyFile = v } }),
        ConfigSetting.Text("tls", "ca_file", "must be a non-empty path", NonEmpty, (c, v) => c with { Tls = c.Tls with { CaFile = v } }),
        ConfigSetting.Choice("tls", "auth_clients", ["no", "optional", "yes"],
            (c, v) => c with { Tls = c.Tls with { AuthClients = Enum.Parse<TlsClientAuth>(v, true) } }),
    ];

    private static readonly Dictionary<string, ConfigSetting> _byPath = All.ToDictionary(s => s.Path, StringComparer.Ordinal);
    private static readonly Dictionary<string, ConfigSetting> _byVariable =
        All.ToDictionary(s => s.EnvironmentVariable, StringComparer.Ordinal);

    public static ConfigSetting? Find(string section, string key) =>
        _byPath.GetValueOrDefault(section.Length == 0 ? key : $"{section}.{key}");

    public static ConfigSetting? FindVariable(string name) => _byVariable.GetValueOrDefault(name);

    public static IEnumerable<string> KeysOf(string section) => All.Where(s => s.Section == section).Select(s => s.Key);

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;

    private static string? Address(string text) => HostPort.TryParse(text.Trim(), out _) ? text.Trim() : null;

    private static string? LogLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "info" => "information",
        "warn" => "warning",
        var level when LogLevels.Contains(level) => level,
        _ => null,
    };
}

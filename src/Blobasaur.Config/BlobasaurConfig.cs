namespace Blobasaur.Config;

// The whole configuration, immutable once loaded. Every key of the Rust Blobasaur's config.toml is here, plus ours.
// How to add a setting:
//   1. add the property (with its default) to the record of its section below;
//   2. add its row to ConfigSettings (TOML key, environment variable BLOBASAUR_<SECTION>_<KEY>, what is allowed);
//   3. document it in config.toml and docs/configuration.md; if it can change at run time, list it in CONFIG SET.
public sealed record BlobasaurConfig
{
    /// <summary>Directory holding one SQLite file per shard plus the layout record.</summary>
    public string DataDir { get; init; } = "./data";
    public int NumShards { get; init; } = 4;
    /// <summary>Client listen address, "host:port". Redis's default port.</summary>
    public string Addr { get; init; } = "127.0.0.1:6379";
    public bool AsyncWrite { get; init; }
    public int BatchSize { get; init; } = 256;
    public int BatchTimeoutMs { get; init; }
    /// <summary>Accepted for compatibility with the Rust Blobasaur; only <c>false</c> is allowed (clients cannot decompress).</summary>
    public bool OutputCompression { get; init; }
    /// <summary>Byte budget of pending async writes; writers wait when it is exceeded.</summary>
    public long InflightMaxBytes { get; init; } = 256L * 1024 * 1024;
    /// <summary>How often each shard deletes expired rows (in chunks); 0 turns the background sweep off (reads still hide them).</summary>
    public int ExpirySweepIntervalMs { get; init; } = 1000;

    public ServerSection Server { get; init; } = new();
    public LoggingSection Logging { get; init; } = new();
    public CompressionSection StorageCompression { get; init; } = new();
    public SqliteSection Sqlite { get; init; } = new();
    public MetricsSection Metrics { get; init; } = new();
    public ClusterSection Cluster { get; init; } = new();
    public TlsSection Tls { get; init; } = new();
    /// <summary>ACL users (<c>[[users]]</c> tables); see docs/security.md.</summary>
    public IReadOnlyList<UserConfig> Users { get; init; } = [];

    /// <summary>Where the configuration came from (a file path, or "defaults (no config.toml in DIR)"), for the startup log.</summary>
    public string Source { get; init; } = "defaults";
}

/// <summary>Limits and connection settings (Redis names where Redis has one).</summary>
public sealed record ServerSection
{
    public int MaxClients { get; init; } = 10000;
    /// <summary>Idle client timeout in seconds; 0 disables it, as in Redis.</summary>
    public int Timeout { get; init; }
    public long ProtoMaxBulkLen { get; init; } = 512L * 1024 * 1024;
    public int MaxMultibulkLength { get; init; } = 1024 * 1024;
    public int MaxInlineLength { get; init; } = 64 * 1024;
    /// <summary>Redis's client-output-buffer-limit for normal clients, in bytes (0 = off); see docs/limits.md.</summary>
    public long ClientOutputBufferLimitHard { get; init; } = 256L * 1024 * 1024;
    public long ClientOutputBufferLimitSoft { get; init; } = 64L * 1024 * 1024;
    public int ClientOutputBufferLimitSoftSeconds { get; init; } = 60;
    /// <summary>Redis's client-query-buffer-limit: unparsed input held for one client, in bytes (0 = off).</summary>
    public long ClientQueryBufferLimit { get; init; } = 1024L * 1024 * 1024;
    /// <summary>Grace period for in-flight requests at shutdown.</summary>
    public int ShutdownTimeoutMs { get; init; } = 10000;
    /// <summary>Commands slower than this many microseconds go to the slow log; 0 logs every command, negative none (Redis's default).</summary>
    public long SlowlogLogSlowerThan { get; init; } = 10000;
    /// <summary>Slow log entries kept (Redis's default).</summary>
    public int SlowlogMaxLen { get; init; } = 128;
    /// <summary>Password of the "default" user (Redis requirepass); null: the default user needs none.</summary>
    public string? RequirePass { get; init; }
    /// <summary>Redis protected-mode: with no password for the default user, only loopback clients are served.</summary>
    public bool ProtectedMode { get; init; } = true;
}

public sealed record LoggingSection
{
    /// <summary>trace, debug, information, warning, error, critical, none.</summary>
    public string Level { get; init; } = "information";
}

public enum CompressionAlgorithm { None, Gzip, Zstd, Lz4, Brotli }

public sealed record CompressionSection
{
    public bool Enabled { get; init; }
    public CompressionAlgorithm Algorithm { get; init; } = CompressionAlgorithm.None;
    public int? Level { get; init; }
    /// <summary>Values shorter than this many bytes are stored raw: compressing them costs more than it saves.</summary>
    public int MinSize { get; init; } = 64;
}

public enum SqliteSynchronous { Off, Normal, Full }

public sealed record SqliteSection
{
    /// <summary>Page cache for the whole process in MB, split across shards. Null: 8 MB per shard (keeps RSS small; see docs/storage.md).</summary>
    public int? CacheSizeMb { get; init; }
    public int BusyTimeoutMs { get; init; } = 5000;
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Normal;
    /// <summary>Memory-mapped I/O for the whole process in MB, split across shards; 0 disables it.</summary>
    public long MmapSize { get; init; }
    /// <summary>Largest size of one shard file in MB (SQLite max_page_count); 0 = no cap. Past it writes fail as on a full disk.</summary>
    public long MaxShardSizeMb { get; init; }
    /// <summary>Read connections per shard.</summary>
    public int MaxConnections { get; init; } = 4;
}

public sealed record MetricsSection
{
    public bool Enabled { get; init; }
    public string Addr { get; init; } = "127.0.0.1:9090";
}

public sealed record SlotRange(int Start, int End);

public sealed record ClusterSection
{
    public bool Enabled { get; init; }
    public string NodeId { get; init; } = "";
    public IReadOnlyList<string> Seeds { get; init; } = [];
    public int? Port { get; init; }
    public string? AdvertiseAddr { get; init; }
    public int GossipIntervalMs { get; init; } = 1000;
    public IReadOnlyList<SlotRange> SlotRanges { get; init; } = [];
    public IReadOnlyList<int> Slots { get; init; } = [];
    public int NodeTimeoutMs { get; init; } = 15000;
    public string? Secret { get; init; }
    public bool RequireFullCoverage { get; init; } = true;
    public string NamespaceStrategy { get; init; } = "namespace";
}

public enum TlsClientAuth { No, Optional, Yes }

/// <summary>A second, TLS-only client listener (Redis tls-port); the plain listener on <c>addr</c> keeps running.</summary>
public sealed record TlsSection
{
    public bool Enabled { get; init; }
    public string Addr { get; init; } = "127.0.0.1:6380";
    /// <summary>When set, replaces the port of <see cref="Addr"/> (Redis tls-port); 0 lets the OS pick one.</summary>
    public int? Port { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    public string? CaFile { get; init; }
    public TlsClientAuth AuthClients { get; init; } = TlsClientAuth.No;
}

/// <summary>One <c>[[users]]</c> table: a subset of a Redis ACL user.</summary>
public sealed record UserConfig
{
    public required string Name { get; init; }
    /// <summary>Lower-case hex SHA-256 digests of the accepted passwords.</summary>
    public IReadOnlyList<string> PasswordSha256 { get; init; } = [];
    /// <summary>Any password is accepted (Redis nopass).</summary>
    public bool NoPass { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>Command rules applied left to right: +@read, -@admin, +get, -flushall, allcommands, nocommands.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];
    /// <summary>Key patterns (Redis ~pattern without the tilde); "*" or allkeys allows every key.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];
}

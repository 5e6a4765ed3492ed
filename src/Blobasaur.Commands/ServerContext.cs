using System.Security.Cryptography;
using Blobasaur.Config;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Commands;

/// <summary>
/// The services every handler may use. Built once by the hosting layer; handlers reach it through <see cref="CommandContext"/>.
/// </summary>
public sealed class ServerContext
{
    public ServerContext(BlobasaurConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        Config = config;
        Time = time;
        Loggers = loggers;
        Settings = new RuntimeSettings(config);
        StartedAt = time.GetUtcNow();
        RunId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        Observers = new Observability.CommandObservers(this);
        _security = new Lazy<Security.AccessControl>(() => new Security.AccessControl(Config, Commands, Loggers));
    }

    private readonly Lazy<Security.AccessControl> _security;

    /// <summary>Users, authentication and the ACL check (built on first use from the configuration and the command table).</summary>
    public Security.AccessControl Security => _security.Value;

    public BlobasaurConfig Config { get; }
    public RuntimeSettings Settings { get; }
    public TimeProvider Time { get; }
    public ILoggerFactory Loggers { get; }
    public ClientRegistry Clients { get; } = new();
    public CommandTable Commands { get; init; } = CommandTable.CreateDefault();

    /// <summary>The storage engine; set by the hosting layer once the data directory is open.</summary>
    public Storage.BlobStore Store { get; set; } = null!;
    public ServerStats Stats { get; } = new();

    /// <summary>Metrics instruments, slow log and MONITOR feed; the dispatcher reports every executed command to them.</summary>
    public Observability.CommandObservers Observers { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>40 random hex characters per process start, as Redis's run_id.</summary>
    public string RunId { get; }

    /// <summary>The bound client port (known after the listener starts; port 0 picks one).</summary>
    public int Port { get; set; }

    public string? ConfigFile { get; init; }

    /// <summary>Keyspace figures for INFO keyspace, supplied by the storage layer once it is open.</summary>
    public Func<KeyspaceSummary>? Keyspace { get; set; }

    /// <summary>The cluster layer in cluster mode (set by the hosting layer before the listener starts); null on a standalone node.</summary>
    public global::Blobasaur.Cluster.IClusterService? Cluster { get; set; }

    /// <summary>Cancelled when the server begins shutting down.</summary>
    public CancellationToken ShutdownToken { get; set; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>Settings that CONFIG SET may change while the server runs.</summary>
public sealed class RuntimeSettings(BlobasaurConfig config)
{
    public int MaxClients { get; set; } = config.Server.MaxClients;

    /// <summary>Idle client timeout in seconds; 0 disables it.</summary>
    public int Timeout { get; set; } = config.Server.Timeout;

    public string LogLevel { get; set; } = config.Logging.Level;

    /// <summary>The minimum level the console logger lets through; CONFIG SET loglevel changes it while the server runs.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel { get; set; } =
        LogLevels.TryParse(config.Logging.Level, out var level) ? level : Microsoft.Extensions.Logging.LogLevel.Information;
}

public readonly record struct KeyspaceSummary(long Keys, long Expires, long AvgTtl);

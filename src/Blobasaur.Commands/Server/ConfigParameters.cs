namespace Blobasaur.Commands.Server;

/// <summary>A CONFIG GET/SET parameter. <see cref="Set"/> is null for parameters fixed at startup; it returns an error detail or null.</summary>
internal sealed record ConfigParameter(string Name, Func<ServerContext, string> Get, Func<ServerContext, string, string?>? Set = null);

/// <summary>
/// The parameters CONFIG knows: the ones clients ask for on connect (timeout, save, appendonly, databases, slave-read-only,
/// maxmemory, per clients.md) with the values that describe this server honestly, and ours (shards, batching, durability).
/// To add one: a row here, and a line in docs/configuration.md.
/// </summary>
internal static class ConfigParameters
{
    public static readonly IReadOnlyList<ConfigParameter> All =
    [
        new("timeout", s => s.Settings.Timeout.ToString(), (s, v) => SetInt(v, 0, int.MaxValue, x => s.Settings.Timeout = x)),
        new("maxclients", s => s.Settings.MaxClients.ToString(), (s, v) => SetInt(v, 1, 1_000_000, x => s.Settings.MaxClients = x)),
        new("save", _ => ""),
        new("appendonly", _ => "no"),
        new("appendfsync", _ => "no"),
        new("databases", _ => "1"),
        new("slave-read-only", _ => "yes"),
        new("replica-read-only", _ => "yes"),
        new("maxmemory", _ => "0"),
        new("maxmemory-policy", _ => "noeviction"),
        new("proto-max-bulk-len", s => s.Config.Server.ProtoMaxBulkLen.ToString()),
        new("client-query-buffer-limit", s => s.Config.Server.ClientQueryBufferLimit.ToString()),
        new("client-output-buffer-limit", s => OutputBufferLimit(s.Config.Server)),
        new("port", s => s.Port.ToString()),
        new("bind", s => BindHost(s.Config.Addr)),
        new("dir", s => Path.GetFullPath(s.Config.DataDir)),
        new("loglevel", s => s.Settings.LogLevel, SetLogLevel),
        new("slowlog-log-slower-than", s => s.Observers.Slowlog.LogSlowerThan.ToString(),
            (s, v) => SetLong(v, -1, long.MaxValue, x => s.Observers.Slowlog.LogSlowerThan = x)),
        new("slowlog-max-len", s => s.Observers.Slowlog.MaxLen.ToString(),
            (s, v) => SetLong(v, 0, long.MaxValue, x => s.Observers.Slowlog.MaxLen = (int)Math.Min(x, int.MaxValue))),
        new("cluster-enabled", s => s.Config.Cluster.Enabled ? "yes" : "no"),
        new("blobasaur-num-shards", s => s.Config.NumShards.ToString()),
        new("blobasaur-async-write", s => s.Config.AsyncWrite ? "yes" : "no"),
        new("blobasaur-batch-size", s => s.Config.BatchSize.ToString()),
        new("blobasaur-batch-timeout-ms", s => s.Config.BatchTimeoutMs.ToString()),
        new("blobasaur-inflight-max-bytes", s => s.Config.InflightMaxBytes.ToString()),
        new("blobasaur-sqlite-synchronous", s => s.Config.Sqlite.Synchronous.ToString().ToUpperInvariant()),
    ];

    private static string? SetInt(string value, int min, int max, Action<int> apply)
    {
        if (!int.TryParse(value, out var x)) return "argument couldn't be parsed into an integer";
        if (x < min || x > max) return $"argument must be between {min} and {max} inclusive";
        apply(x);
        return null;
    }

    private static string? SetLong(string value, long min, long max, Action<long> apply)
    {
        if (!long.TryParse(value, out var x)) return "argument couldn't be parsed into an integer";
        if (x < min || x > max) return $"argument must be between {min} and {max} inclusive";
        apply(x);
        return null;
    }

    private static string? SetLogLevel(ServerContext s, string value)
    {
        if (!LogLevels.TryParse(value, out var level))
            return "argument(s) must be one of the following: debug, verbose, notice, warning, nothing (or trace, information, error, critical, none)";
        s.Settings.LogLevel = value.ToLowerInvariant();
        s.Settings.MinimumLogLevel = level;
        return null;
    }

    // Redis lists all three classes; we have normal clients only (no replicas, no pub/sub), so the other two are zero.
    private static string OutputBufferLimit(Config.ServerSection server) =>
        $"normal {server.ClientOutputBufferLimitHard} {server.ClientOutputBufferLimitSoft} {server.ClientOutputBufferLimitSoftSeconds} " +
        "slave 0 0 0 pubsub 0 0 0";

    private static string BindHost(string addr)
    {
        var colon = addr.LastIndexOf(':');
        return (colon < 0 ? addr : addr[..colon]).Trim('[', ']');
    }
}

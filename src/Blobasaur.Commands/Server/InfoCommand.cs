using System.Diagnostics;
using System.Text;
using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>
/// INFO [section ...] (https://redis.io/docs/latest/commands/info/). Fields clients read are present with Redis's names:
/// redis_version, redis_mode, role, run_id, tcp_port, cluster_enabled, loading, connected_clients, used_memory, ...
/// A verbatim string in RESP3, a bulk string in RESP2.
/// </summary>
public static class InfoCommand
{
    private static readonly string[] DefaultSections =
        ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"];

    private static readonly Dictionary<string, Action<StringBuilder, ServerContext>> Writers = new()
    {
        ["server"] = InfoSections.Server,
        ["clients"] = InfoSections.Clients,
        ["memory"] = InfoSections.Memory,
        ["persistence"] = InfoSections.Persistence,
        ["stats"] = InfoSections.Stats,
        ["replication"] = InfoSections.Replication,
        ["cpu"] = InfoSections.Cpu,
        ["modules"] = (_, _) => { },
        ["commandstats"] = InfoSections.CommandStats,
        ["errorstats"] = InfoSections.ErrorStats,
        ["cluster"] = InfoSections.Cluster,
        ["keyspace"] = InfoSections.Keyspace,
    };

    public static ValueTask<Reply> Info(CommandContext ctx)
    {
        var wanted = new List<string>();
        if (ctx.Count == 1) wanted.AddRange(DefaultSections);
        for (var i = 1; i < ctx.Count; i++)
        {
            var name = ctx.ArgString(i).ToLowerInvariant();
            if (name is "all" or "everything") wanted.AddRange(Writers.Keys);
            else if (name == "default") wanted.AddRange(DefaultSections);
            else wanted.Add(name);
        }

        var sb = new StringBuilder();
        foreach (var name in wanted.Distinct())
        {
            if (!Writers.TryGetValue(name, out var write)) continue;
            if (sb.Length > 0) sb.Append("\r\n");
            sb.Append("# ").Append(char.ToUpperInvariant(name[0])).Append(name[1..]).Append("\r\n");
            write(sb, ctx.Server);
        }

        return ValueTask.FromResult(Reply.Verbatim(sb.ToString()));
    }
}

internal static partial class InfoSections
{
    private static readonly string BlobasaurVersion =
        typeof(InfoSections).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void Server(StringBuilder sb, ServerContext s)
    {
        var uptime = (long)(s.Time.GetUtcNow() - s.StartedAt).TotalSeconds;
        Field(sb, "redis_version", HelloCommand.CompatibleRedisVersion);
        Field(sb, "blobasaur_version", BlobasaurVersion);
        Field(sb, "redis_mode", s.Config.Cluster.Enabled ? "cluster" : "standalone");
        Field(sb, "os", $"{Environment.OSVersion.Platform} {Environment.OSVersion.Version}");
        Field(sb, "arch_bits", Environment.Is64BitProcess ? "64" : "32");
        Field(sb, "runtime", $".NET {Environment.Version}");
        Field(sb, "multiplexing_api", "dotnet-sockets");
        Field(sb, "process_id", Environment.ProcessId);
        Field(sb, "run_id", s.RunId);
        Field(sb, "tcp_port", s.Port);
        Field(sb, "server_time_usec", (s.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        Field(sb, "uptime_in_seconds", uptime);
        Field(sb, "uptime_in_days", uptime / 86400);
        Field(sb, "executable", Environment.ProcessPath ?? "");
        Field(sb, "config_file", s.ConfigFile ?? "");
    }

    public static void Clients(StringBuilder sb, ServerContext s)
    {
        Field(sb, "connected_clients", s.Clients.Count);
        Field(sb, "maxclients", s.Settings.MaxClients);
        Field(sb, "blocked_clients", 0);
        Field(sb, "pubsub_clients", 0);
    }

    public static void Memory(StringBuilder sb, ServerContext s)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        Field(sb, "used_memory", managed);
        Field(sb, "used_memory_human", Human(managed));
        Field(sb, "used_memory_rss", process.WorkingSet64);
        Field(sb, "used_memory_rss_human", Human(process.WorkingSet64));
        Field(sb, "used_memory_peak", process.PeakWorkingSet64);
        Field(sb, "total_system_memory", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        Field(sb, "maxmemory", 0);
        Field(sb, "maxmemory_policy", "noeviction");
        Field(sb, "mem_allocator", "dotnet-gc");
    }

    public static void Stats(StringBuilder sb, ServerContext s)
    {
        Field(sb, "total_connections_received", s.Clients.TotalConnections);
        Field(sb, "total_commands_processed", s.Stats.CommandsProcessed);
        Field(sb, "rejected_connections", s.Clients.RejectedConnections);
        Field(sb, "expired_keys", s.Store?.ExpiredKeys ?? 0);
        Field(sb, "evicted_keys", 0);
        Field(sb, "keyspace_hits", 0);
        Field(sb, "keyspace_misses", 0);
        Field(sb, "total_error_replies", s.Stats.ErrorReplies);
    }

    public static void Cpu(StringBuilder sb, ServerContext s)
    {
        using var process = Process.GetCurrentProcess();
        Field(sb, "used_cpu_sys", process.PrivilegedProcessorTime.TotalSeconds.ToString("F6"));
        Field(sb, "used_cpu_user", process.UserProcessorTime.TotalSeconds.ToString("F6"));
    }

    public static void Cluster(StringBuilder sb, ServerContext s) => Field(sb, "cluster_enabled", s.Config.Cluster.Enabled ? 1 : 0);

    public static void Keyspace(StringBuilder sb, ServerContext s)
    {
        if (s.Keyspace?.Invoke() is { Keys: > 0 } ks)
            sb.Append("db0:keys=").Append(ks.Keys).Append(",expires=").Append(ks.Expires).Append(",avg_ttl=").Append(ks.AvgTtl).Append("\r\n");
    }

    internal static void Field<T>(StringBuilder sb, string name, T value) => sb.Append(name).Append(':').Append(value).Append("\r\n");

    internal static string Human(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2}G",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F2}M",
        >= 1L << 10 => $"{bytes / 1024.0:F2}K",
        _ => $"{bytes}B",
    };
}

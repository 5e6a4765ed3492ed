using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Blobasaur.Commands.Server;

// INFO sections with live figures: persistence (Redis's fields clients parse, then ours per shard), replication (a standalone
// primary's placeholder, field for field as Redis 7.0), commandstats and errorstats (as Redis 7.0: calls, usec, usec_per_call,
// rejected_calls = refused before running (wrong arity), failed_calls = ran and replied with an error).
internal static partial class InfoSections
{
    public static void Persistence(StringBuilder sb, ServerContext s)
    {
        Field(sb, "loading", 0);
        Field(sb, "async_loading", 0);
        Field(sb, "current_cow_peak", 0);
        Field(sb, "current_cow_size", 0);
        Field(sb, "current_cow_size_age", 0);
        Field(sb, "current_fork_perc", "0.00");
        Field(sb, "current_save_keys_processed", 0);
        Field(sb, "current_save_keys_total", 0);
        Field(sb, "rdb_changes_since_last_save", 0); // every write is durable in its shard once committed
        Field(sb, "rdb_bgsave_in_progress", 0);
        Field(sb, "rdb_last_save_time", s.Store?.LastBackupUnixSeconds ?? s.StartedAt.ToUnixTimeSeconds()); // LASTSAVE: the last BLOBASAUR.BACKUP
        Field(sb, "rdb_last_bgsave_status", "ok");
        Field(sb, "rdb_last_bgsave_time_sec", -1);
        Field(sb, "rdb_current_bgsave_time_sec", -1);
        Field(sb, "rdb_saves", 0);
        Field(sb, "rdb_last_cow_size", 0);
        Field(sb, "rdb_last_load_keys_expired", 0);
        Field(sb, "rdb_last_load_keys_loaded", 0);
        Field(sb, "aof_enabled", 0);
        Field(sb, "aof_rewrite_in_progress", 0);
        Field(sb, "aof_rewrite_scheduled", 0);
        Field(sb, "aof_last_rewrite_time_sec", -1);
        Field(sb, "aof_current_rewrite_time_sec", -1);
        Field(sb, "aof_last_bgrewrite_status", "ok");
        Field(sb, "aof_rewrites", 0);
        Field(sb, "aof_rewrites_consecutive_failures", 0);
        Field(sb, "aof_last_write_status", "ok");
        Field(sb, "aof_last_cow_size", 0);
        Field(sb, "module_fork_in_progress", 0);
        Field(sb, "module_fork_last_cow_size", 0);
        Field(sb, "storage_engine", "sqlite");
        Field(sb, "storage_shards", s.Config.NumShards);
        Field(sb, "storage_async_write", s.Config.AsyncWrite ? 1 : 0);
        if (s.Store is not { } store) return;
        var shards = store.ShardFigures();
        Field(sb, "storage_db_bytes", shards.Sum(f => f.DbBytes));
        Field(sb, "storage_wal_bytes", shards.Sum(f => f.WalBytes));
        Field(sb, "storage_inflight_entries", store.PendingInflightOps);
        Field(sb, "storage_inflight_bytes", store.PendingInflightBytes);
        foreach (var f in shards)
            sb.Append("shard").Append(f.Shard).Append(":keys=").Append(f.Keys).Append(",db_bytes=").Append(f.DbBytes)
                .Append(",wal_bytes=").Append(f.WalBytes).Append(",commits=").Append(f.Commits).Append(",ops=").Append(f.CommittedOps)
                .Append(",queued=").Append(f.QueuedWrites).Append("\r\n");
    }

    public static void Replication(StringBuilder sb, ServerContext s)
    {
        Field(sb, "role", "master");
        Field(sb, "connected_slaves", 0);
        Field(sb, "master_failover_state", "no-failover");
        Field(sb, "master_replid", s.RunId);
        Field(sb, "master_replid2", new string('0', 40));
        Field(sb, "master_repl_offset", 0);
        Field(sb, "second_repl_offset", -1);
        Field(sb, "repl_backlog_active", 0);
        Field(sb, "repl_backlog_size", 1048576);
        Field(sb, "repl_backlog_first_byte_offset", 0);
        Field(sb, "repl_backlog_histlen", 0);
    }

    public static void CommandStats(StringBuilder sb, ServerContext s)
    {
        foreach (var (name, stat) in s.Stats.Commands.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var calls = stat.Calls;
            if (calls == 0 && stat.RejectedCalls == 0 && stat.FailedCalls == 0) continue;
            var usec = stat.Ticks * 1_000_000 / Stopwatch.Frequency;
            var perCall = calls == 0 ? 0 : (double)usec / calls;
            sb.Append("cmdstat_").Append(name).Append(":calls=").Append(calls).Append(",usec=").Append(usec)
                .Append(",usec_per_call=").Append(perCall.ToString("F2", CultureInfo.InvariantCulture))
                .Append(",rejected_calls=").Append(stat.RejectedCalls).Append(",failed_calls=").Append(stat.FailedCalls).Append("\r\n");
        }
    }

    public static void ErrorStats(StringBuilder sb, ServerContext s)
    {
        foreach (var (prefix, count) in s.Stats.ErrorsByPrefix.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("errorstat_").Append(prefix).Append(":count=").Append(count).Append("\r\n");
    }
}

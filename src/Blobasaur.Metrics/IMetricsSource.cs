using System.Diagnostics.Metrics;

namespace Blobasaur.Metrics;

/// <summary>
/// Where the observable instruments read their figures. The command layer implements it over the counters the server already
/// keeps (ServerStats, ClientRegistry, BlobStore, ClusterView), so a scrape reads them and the request path does no extra work.
/// Each method is called only while a scrape runs. Labelled series are returned as measurements with their tags.
/// </summary>
public interface IMetricsSource
{
    /// <summary>Calls per command, tag <c>command</c> (lower-case, "client|list" for subcommands).</summary>
    IEnumerable<Measurement<long>> CommandCalls();

    /// <summary>Error replies by the error's first word, tag <c>kind</c> (ERR, WRONGTYPE, MOVED, ...).</summary>
    IEnumerable<Measurement<long>> ErrorReplies();

    long ConnectionsActive();
    long ConnectionsAccepted();
    long ConnectionsRejected();

    /// <summary>Write operations committed per shard, tag <c>shard</c>.</summary>
    IEnumerable<Measurement<long>> StorageOperations();

    /// <summary>Committed write transactions (batches) per shard, tag <c>shard</c>.</summary>
    IEnumerable<Measurement<long>> BatchCommits();

    /// <summary>Storage faults, tag <c>kind</c>: failed_commit, unreadable_value.</summary>
    IEnumerable<Measurement<long>> StorageErrors();

    /// <summary>Keys per shard (plain keys plus namespaces), tag <c>shard</c>.</summary>
    IEnumerable<Measurement<long>> KeysPerShard();

    /// <summary>Bytes on disk per shard, tags <c>shard</c> and <c>file</c> (db, wal).</summary>
    IEnumerable<Measurement<long>> ShardFileBytes();

    /// <summary>Writes queued in the shard writers, tag <c>shard</c>.</summary>
    IEnumerable<Measurement<long>> QueuedWrites();

    long InflightEntries();
    long InflightBytes();
    long ExpiredKeys();

    /// <summary>Compression bytes, tag <c>direction</c>: in (before), out (stored).</summary>
    IEnumerable<Measurement<long>> CompressionBytes();

    /// <summary>Slow log entries recorded since start.</summary>
    long SlowlogEntries();

    /// <summary>MONITOR lines dropped because a monitoring client was too slow.</summary>
    long MonitorDropped();

    /// <summary>1 when the node is ready (storage open and, in cluster mode, cluster_state ok).</summary>
    long Ready();

    /// <summary>Cluster-bus messages, tags <c>direction</c> (sent, received) and <c>type</c>; empty on a standalone node.</summary>
    IEnumerable<Measurement<long>> GossipMessages();

    /// <summary>Known cluster nodes by state, tag <c>state</c> (ok, pfail, fail, handshake); empty on a standalone node.</summary>
    IEnumerable<Measurement<long>> ClusterPeers();
}

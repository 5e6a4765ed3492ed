using System.Diagnostics.Metrics;
using Blobasaur.Cluster;
using Blobasaur.Metrics;

namespace Blobasaur.Commands.Observability;

/// <summary>Reads the figures the server already keeps, at scrape time only (see <see cref="IMetricsSource"/>).</summary>
internal sealed class ServerMetricsSource(ServerContext server) : IMetricsSource
{
    public IEnumerable<Measurement<long>> CommandCalls() =>
        server.Stats.Commands.Where(kv => kv.Value.Calls > 0).Select(kv => new Measurement<long>(kv.Value.Calls, Tag("command", kv.Key)));

    public IEnumerable<Measurement<long>> ErrorReplies() =>
        server.Stats.ErrorsByPrefix.Select(kv => new Measurement<long>(kv.Value, Tag("kind", kv.Key)));

    public long ConnectionsActive() => server.Clients.Count;
    public long ConnectionsAccepted() => server.Clients.TotalConnections;
    public long ConnectionsRejected() => server.Clients.RejectedConnections;

    public IEnumerable<Measurement<long>> StorageOperations() => PerShard(f => f.CommittedOps);
    public IEnumerable<Measurement<long>> BatchCommits() => PerShard(f => f.Commits);
    public IEnumerable<Measurement<long>> KeysPerShard() => PerShard(f => f.Keys);
    public IEnumerable<Measurement<long>> QueuedWrites() => PerShard(f => f.QueuedWrites);

    public IEnumerable<Measurement<long>> ShardFileBytes()
    {
        foreach (var f in Figures())
        {
            yield return new Measurement<long>(f.DbBytes, Tag("shard", f.Shard.ToString()), Tag("file", "db"));
            yield return new Measurement<long>(f.WalBytes, Tag("shard", f.Shard.ToString()), Tag("file", "wal"));
        }
    }

    public IEnumerable<Measurement<long>> StorageErrors()
    {
        if (Store is not { } store) yield break;
        yield return new Measurement<long>(store.FailedCommits, Tag("kind", "failed_commit"));
        yield return new Measurement<long>(store.UnreadableValues, Tag("kind", "unreadable_value"));
    }

    public long InflightEntries() => Store?.PendingInflightOps ?? 0;
    public long InflightBytes() => Store?.PendingInflightBytes ?? 0;
    public long ExpiredKeys() => Store?.ExpiredKeys ?? 0;

    public IEnumerable<Measurement<long>> CompressionBytes()
    {
        if (Store is not { } store) yield break;
        yield return new Measurement<long>(store.CompressionBytesIn, Tag("direction", "in"));
        yield return new Measurement<long>(store.CompressionBytesOut, Tag("direction", "out"));
    }

    public long SlowlogEntries() => server.Observers.Slowlog.TotalRecorded;
    public long MonitorDropped() => server.Observers.Monitors.Dropped;
    public long Ready() => Readiness.Check(server).Ready ? 1 : 0;

    public IEnumerable<Measurement<long>> GossipMessages()
    {
        if (ClusterView() is not { } view) yield break;
        foreach (var (type, n) in view.Stats.Sent) yield return new Measurement<long>(n, Tag("direction", "sent"), Tag("type", type));
        foreach (var (type, n) in view.Stats.Received) yield return new Measurement<long>(n, Tag("direction", "received"), Tag("type", type));
    }

    public IEnumerable<Measurement<long>> ClusterPeers()
    {
        if (ClusterView() is not { } view) yield break;
        foreach (var state in new[] { "ok", "pfail", "fail", "handshake" })
            yield return new Measurement<long>(view.Nodes.Count(n => StateOf(n) == state), Tag("state", state));
    }

    private static string StateOf(ClusterNodeView node) => node.Flags switch
    {
        var f when (f & NodeFlags.Fail) != 0 => "fail",
        var f when (f & NodeFlags.PFail) != 0 => "pfail",
        var f when (f & NodeFlags.Handshake) != 0 => "handshake",
        _ => "ok",
    };

    /// <summary>The cluster's current view, or null on a standalone node or while the cluster layer cannot answer yet.</summary>
    private ClusterView? ClusterView()
    {
        try
        {
            return server.Cluster?.View;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private Storage.BlobStore? Store => server.Store;

    private IReadOnlyList<Storage.ShardFigures> Figures() => Store?.ShardFigures() ?? [];

    private IEnumerable<Measurement<long>> PerShard(Func<Storage.ShardFigures, long> value) =>
        Figures().Select(f => new Measurement<long>(value(f), Tag("shard", f.Shard.ToString())));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}

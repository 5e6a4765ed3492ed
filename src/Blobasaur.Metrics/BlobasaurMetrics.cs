using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Blobasaur.Metrics;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> ("Blobasaur") and every instrument, named as the Rust Blobasaur's
/// METRICS.md where it has a name (blobasaur_commands_total, blobasaur_command_duration_seconds, blobasaur_connections_*,
/// blobasaur_batch_size, ...). Names are final Prometheus names: counters end in _total, units are in the name.
/// Most instruments are observable and read existing counters through <see cref="IMetricsSource"/> at scrape time; only three
/// histograms are recorded as things happen (command duration in the dispatcher, batch size and commit duration in the shard
/// writers), and only while a listener is attached (<see cref="Instrument.Enabled"/>).
/// One instance per server, so two servers in one process (tests) keep separate figures. Every name is listed in docs/metrics.md.
/// To add an instrument: create it here (name, unit, help), feed it from IMetricsSource or a Record* method, document it.
/// </summary>
public sealed class BlobasaurMetrics : IDisposable
{
    public const string MeterName = "Blobasaur";

    /// <summary>Command latency buckets (seconds): a loopback GET is served in tens of microseconds, a large write in milliseconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Batch sizes (operations per committed transaction); batch_size defaults to 256.</summary>
    public static readonly IReadOnlyList<long> BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    private static readonly object?[] ShardNames = [.. Enumerable.Range(0, 1024).Select(i => (object?)i.ToString())];

    private readonly Histogram<double> _commandDuration;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _batchDuration;

    public BlobasaurMetrics(IMetricsSource source)
    {
        Meter = new Meter(MeterName, typeof(BlobasaurMetrics).Assembly.GetName().Version?.ToString(3));
        _commandDuration = Meter.CreateHistogram("blobasaur_command_duration_seconds", "s",
            "Time from dispatch to reply per command (for a write: until committed)", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _batchSize = Meter.CreateHistogram("blobasaur_batch_size", "{operation}",
            "Operations per committed write transaction, per shard", null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = BatchSizeBuckets });
        _batchDuration = Meter.CreateHistogram("blobasaur_batch_duration_seconds", "s",
            "Time to apply and commit one write transaction, per shard", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

        Meter.CreateObservableCounter("blobasaur_commands_total", source.CommandCalls, null, "Commands processed, per command");
        Meter.CreateObservableCounter("blobasaur_errors_total", source.ErrorReplies, null,
            "Error replies sent, per kind (the error's first word: ERR, WRONGTYPE, MOVED, ...)");
        Meter.CreateObservableGauge("blobasaur_connections_active", source.ConnectionsActive, null, "Client connections open now");
        Meter.CreateObservableCounter("blobasaur_connections_total", source.ConnectionsAccepted, null, "Client connections accepted");
        Meter.CreateObservableCounter("blobasaur_connections_dropped_total", source.ConnectionsRejected, null,
            "Client connections refused at maxclients");
        Meter.CreateObservableCounter("blobasaur_storage_operations_total", source.StorageOperations, null,
            "Write operations committed, per shard");
        Meter.CreateObservableCounter("blobasaur_batch_operations_total", source.BatchCommits, null,
            "Write transactions committed, per shard");
        Meter.CreateObservableCounter("blobasaur_storage_errors_total", source.StorageErrors, null,
            "Storage faults, per kind (failed_commit, unreadable_value)");
        Meter.CreateObservableGauge("blobasaur_keys", source.KeysPerShard, null, "Keys stored (plain keys and namespaces), per shard");
        Meter.CreateObservableGauge("blobasaur_shard_file_bytes", source.ShardFileBytes, null,
            "Size of each shard's files on disk, per shard and file (db, wal)");
        Meter.CreateObservableGauge("blobasaur_write_queue_length", source.QueuedWrites, null,
            "Writes waiting in a shard writer's queue, per shard");
        Meter.CreateObservableGauge("blobasaur_inflight_entries", source.InflightEntries, null,
            "async_write values accepted but not yet committed");
        Meter.CreateObservableGauge("blobasaur_inflight_bytes", source.InflightBytes, null,
            "Bytes of async_write values accepted but not yet committed");
        Meter.CreateObservableCounter("blobasaur_expired_keys_total", source.ExpiredKeys, null,
            "Expired keys deleted by the expiry sweeper and by writes");
        Meter.CreateObservableCounter("blobasaur_compression_bytes_total", source.CompressionBytes, null,
            "Bytes given to storage compression (direction=in) and bytes stored for them (direction=out)");
        Meter.CreateObservableCounter("blobasaur_slowlog_entries_total", source.SlowlogEntries, null,
            "Commands recorded in the slow log (slowlog-log-slower-than)");
        Meter.CreateObservableCounter("blobasaur_monitor_dropped_total", source.MonitorDropped, null,
            "MONITOR lines dropped because a monitoring client could not keep up");
        Meter.CreateObservableGauge("blobasaur_ready", source.Ready, null,
            "1 when the node serves requests (storage open and, in cluster mode, cluster_state ok), else 0");
        Meter.CreateObservableCounter("blobasaur_gossip_messages_total", source.GossipMessages, null,
            "Cluster-bus messages, per direction (sent, received) and type");
        Meter.CreateObservableGauge("blobasaur_cluster_peers", source.ClusterPeers, null,
            "Known cluster nodes by state (ok, pfail, fail, handshake), this node included");
    }

    public Meter Meter { get; }

    /// <summary>Dispatcher hook: one call per command; costs one branch while no listener is attached.</summary>
    public void RecordCommand(string command, long elapsedTimestampTicks)
    {
        if (!_commandDuration.Enabled) return;
        _commandDuration.Record(elapsedTimestampTicks / (double)Stopwatch.Frequency, new KeyValuePair<string, object?>("command", command));
    }

    /// <summary>Shard writer hook: one call per committed transaction.</summary>
    public void RecordBatch(int shard, int operations, long elapsedTimestampTicks)
    {
        if (!_batchSize.Enabled && !_batchDuration.Enabled) return;
        var tag = new KeyValuePair<string, object?>("shard", (uint)shard < ShardNames.Length ? ShardNames[shard] : shard.ToString());
        _batchSize.Record(operations, tag);
        _batchDuration.Record(elapsedTimestampTicks / (double)Stopwatch.Frequency, tag);
    }

    public void Dispose() => Meter.Dispose();
}

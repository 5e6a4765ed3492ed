using Blobasaur.Config;
using Blobasaur.Hashing;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// The storage facade: plain blobs (Redis strings) and namespaces (Redis hashes) in SQLite shard files.
// Keys and values are binary. In sync mode (default) a write's task completes after its transaction committed; in
// async_write mode blind SET/MSET complete once queued (see docs/storage.md for what survives a crash in each).
// A ReadOnlyMemory passed to a write is borrowed until the returned task completes.
// Files: BlobStore.Strings.cs (blobs), BlobStore.Keys.cs (any name), BlobStore.Hashes.cs (namespaces), BlobStore.Expiry.cs (TTLs).
public sealed partial class BlobStore : IAsyncDisposable
{
    private readonly Shard[] _shards;
    private readonly ShardRing _ring;
    private readonly TimeProvider _time;
    private readonly ByteBudget _budget;
    private readonly DataDirLock _lock;
    private readonly ILogger _logger;
    private readonly string _dataDir;
    private readonly SemaphoreSlim _crossShard = new(1, 1);
    private readonly ValueCompression _compression;
    private int _disposed;

    private BlobStore(Shard[] shards, ShardRing ring, TimeProvider time, ByteBudget budget, DataDirLock dirLock, ILogger logger,
        BlobasaurConfig config, ValueCompression compression)
    {
        _compression = compression;
        _shards = shards;
        _ring = ring;
        _time = time;
        _budget = budget;
        _lock = dirLock;
        _logger = logger;
        _dataDir = config.DataDir;
        IsAsyncWrite = config.AsyncWrite;
    }

    public bool IsAsyncWrite { get; }

    /// <summary>
    /// Opens (or creates) data_dir. Throws StorageLayoutException when the directory was written with another
    /// num_shards or is held by another process; SqliteException for a damaged file; CodecUnavailableException (naming
    /// the Debian package) when storage_compression asks for zstd or lz4 and the library is not installed.
    /// </summary>
    public static BlobStore Open(BlobasaurConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(config.NumShards, 1);
        var compression = ValueCompression.Create(config, loggers.CreateLogger("Blobasaur.Storage")); // before any file is touched
        Directory.CreateDirectory(config.DataDir);
        var dirLock = DataDirLock.Acquire(config.DataDir);
        var logger = loggers.CreateLogger("Blobasaur.Storage");
        var shards = new List<Shard>();
        try
        {
            Maintenance.MigrationJournal.PrepareForServing(config.DataDir); // finishes a committed shard migration, drops an unfinished one
            var layout = StorageLayout.OpenOrCreate(config.DataDir, config.NumShards);
            ShardFileCheck.ValidateAll(config.DataDir, layout.NumShards);
            var ring = new ShardRing(layout.NumShards, layout.RingProbes);
            var clock = new VersionClock();
            for (var i = 0; i < layout.NumShards; i++)
                shards.Add(Shard.Open(i, config, clock, time, logger, compression));
            var store = new BlobStore([.. shards], ring, time, new ByteBudget(config.InflightMaxBytes), dirLock, logger, config,
                compression);
            Log.Opened(logger, config.DataDir, layout.NumShards, store.CountKeys(), clock.Last, config.AsyncWrite);
            store.StartSweeper(config.ExpirySweepIntervalMs);
            Log.Compression(logger, compression.Algorithm, compression.Level, config.StorageCompression.MinSize);
            return store;
        }
        catch
        {
            foreach (var shard in shards)
                shard.DisposeAsync().AsTask().GetAwaiter().GetResult();
            dirLock.Dispose();
            throw;
        }
    }

    /// <summary>DBSIZE: plain keys plus non-empty namespaces, from counters kept by the writers (no scan).</summary>
    public long CountKeys() => _shards.Sum(s => s.KeyCount);

    public ValueTask<long> CountKeysAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(CountKeys());

    // Counters for INFO. Plain reads of values the writers update; each is exact, the set is not a snapshot.
    public IReadOnlyList<long> KeysPerShard => [.. _shards.Select(s => s.KeyCount)];
    public long PendingInflightOps => _shards.Sum(s => (long)(s.Inflight?.Count ?? 0));
    public long PendingInflightBytes => _budget.Used;
    public long BackpressureWaits => _budget.Waits;
    public long QueuedWrites => _shards.Sum(s => (long)s.Writer.QueueLength);
    public long Commits => _shards.Sum(s => s.Writer.Commits);
    public long CommittedOps => _shards.Sum(s => s.Writer.CommittedOps);
    public long LargestBatch => _shards.Max(s => s.Writer.LargestBatch);
    public long FailedCommits => _shards.Sum(s => s.Writer.FailedCommits);
    /// <summary>Values written compressed / tried but stored raw because they did not shrink (below min_size is not counted).</summary>
    public long CompressedValues => _compression.CompressedValues;
    public long RawValues => _compression.RawValues;
    /// <summary>Reads that failed because a stored value was corrupt or its codec unavailable (each also logged, event 3010).</summary>
    public long UnreadableValues => _compression.UnreadableValues;

    internal int ShardOf(ReadOnlySpan<byte> key) => _ring.ShardForSlot(HashSlot.Of(key));

    private (Shard Shard, int Slot) Route(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var slot = HashSlot.Of(key);
        return (_shards[_ring.ShardForSlot(slot)], slot);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Commits everything queued (async writes included), then closes the files and releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await StopSweeperAsync().ConfigureAwait(false);
        foreach (var shard in _shards)
            await shard.DisposeAsync().ConfigureAwait(false);
        _crossShard.Dispose();
        _lock.Dispose();
        Log.Closed(_logger, _dataDir);
    }
}

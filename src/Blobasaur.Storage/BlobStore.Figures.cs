namespace Blobasaur.Storage;

/// <summary>Per-shard figures for INFO persistence and the metrics layer: plain reads of counters the writers keep, plus file sizes.</summary>
public readonly record struct ShardFigures(int Shard, long Keys, long Commits, long CommittedOps, long QueuedWrites, long DbBytes, long WalBytes);

// Figures for observers (INFO, /metrics). Nothing here is on a request path.
public sealed partial class BlobStore
{
    public int ShardCount => _shards.Length;

    public long CompressionBytesIn => _compression.BytesIn;
    public long CompressionBytesOut => _compression.BytesOut;

    /// <summary>One row per shard; file sizes come from the file system (0 when a file does not exist, e.g. no WAL yet).</summary>
    public IReadOnlyList<ShardFigures> ShardFigures()
    {
        var rows = new ShardFigures[_shards.Length];
        for (var i = 0; i < _shards.Length; i++)
        {
            var s = _shards[i];
            var path = ShardConnection.FileName(_dataDir, s.Index);
            rows[i] = new ShardFigures(s.Index, s.KeyCount, s.Writer.Commits, s.Writer.CommittedOps, s.Writer.QueueLength,
                FileSize(path), FileSize(path + "-wal"));
        }

        return rows;
    }

    /// <summary>Calls <paramref name="observer"/> (shard, operations, Stopwatch ticks) after every committed write batch; null stops it.</summary>
    public void ObserveBatches(Action<int, int, long>? observer)
    {
        foreach (var shard in _shards) shard.Writer.BatchCommitted = observer;
    }

    private static long FileSize(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

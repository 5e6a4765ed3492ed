using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

/// <summary>
/// A write batch failed because its shard file could not grow: SQLite reported SQLITE_FULL (the file system is out of space,
/// or the shard reached [sqlite] max_shard_size_mb). The batch was rolled back as a whole; every write in it gets this error.
/// Nothing stored before is affected, reads keep working, and writes succeed again once space is available.
/// </summary>
public sealed class DiskFullException(int shard, Exception inner)
    : IOException($"shard {shard} cannot grow (SQLITE_FULL): {inner.Message}", inner)
{
    private const int SqliteFull = 13;

    public int Shard { get; } = shard;

    /// <summary>Sorted by SQLite's result code, never by message text (STYLE.md).</summary>
    internal static bool IsDiskFull(Exception ex) => ex is SqliteException { SqliteErrorCode: SqliteFull };
}

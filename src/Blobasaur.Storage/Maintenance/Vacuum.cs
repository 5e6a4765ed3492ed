using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage.Maintenance;

public enum VacuumMode
{
    /// <summary><c>PRAGMA incremental_vacuum(N)</c> in 1 MiB steps between write batches: the shard keeps serving.</summary>
    Incremental,

    /// <summary><c>VACUUM</c>: rewrites the whole file; the shard's writer is blocked for its duration (reads continue).</summary>
    Full,
}

/// <summary>One shard's vacuum outcome. Pages are SQLite pages of <see cref="PageSize"/> bytes.</summary>
public sealed record VacuumReport(
    int Shard, VacuumMode Mode, bool DryRun, long PageSize, long PagesBefore, long FreelistBefore, long PagesFreed,
    long PagesAfter, long FreelistAfter, long FileBytesBefore, long FileBytesAfter, TimeSpan Duration, string? Error = null)
{
    public bool Ok => Error is null;
    public long BytesBefore => PagesBefore * PageSize;
    public long BytesFreed => PagesFreed * PageSize;
    public long BytesAfter => PagesAfter * PageSize;
}

internal readonly record struct PageStats(long PageSize, long Pages, long Freelist);

internal static class VacuumSql
{
    /// <summary>Incremental vacuum runs in steps of this many bytes, so writes queued meanwhile wait for one step at most.</summary>
    public const int StepBytes = 1024 * 1024;

    public static PageStats Stats(SqliteConnection db) =>
        new(MaintenanceDb.Scalar(db, "PRAGMA page_size"), MaintenanceDb.Scalar(db, "PRAGMA page_count"),
            MaintenanceDb.Scalar(db, "PRAGMA freelist_count"));

    /// <summary>One step of incremental vacuum (its own transaction); returns the pages it returned to the file system.</summary>
    public static long IncrementalStep(SqliteConnection db, long pages)
    {
        var before = MaintenanceDb.Scalar(db, "PRAGMA freelist_count");
        MaintenanceDb.Execute(db, $"PRAGMA incremental_vacuum({pages});");
        return before - MaintenanceDb.Scalar(db, "PRAGMA freelist_count");
    }

    // In WAL mode the file only shrinks when a checkpoint has copied every frame back: TRUNCATE does that (waiting up to
    // busy_timeout for readers of older snapshots) and empties the -wal file.
    public static long Full(SqliteConnection db)
    {
        var before = MaintenanceDb.Scalar(db, "PRAGMA page_count");
        MaintenanceDb.Execute(db, "VACUUM;");
        MaintenanceDb.Checkpoint(db);
        return before - MaintenanceDb.Scalar(db, "PRAGMA page_count");
    }

    public static long FileBytes(string path) =>
        (File.Exists(path) ? new FileInfo(path).Length : 0) + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
}

using System.Diagnostics;
using Blobasaur.Storage.Maintenance;

namespace Blobasaur.Storage;

// Online maintenance: vacuum and backup (docs/operations.md). Both go through the shard writers' queues, so they are
// ordered with the writes and never race them.
public sealed partial class BlobStore
{
    private int _backupRunning;
    private long _lastBackupUnixSeconds;

    /// <summary>When the last successful BLOBASAUR.BACKUP finished (Unix seconds), or null when none has since the start.</summary>
    public long? LastBackupUnixSeconds => Interlocked.Read(ref _lastBackupUnixSeconds) is > 0 and var s ? s : null;

    public bool BackupInProgress => Volatile.Read(ref _backupRunning) != 0;

    /// <summary>
    /// Vacuums one shard (or all, one after the other). Incremental: at most budgetMb of free pages, in 1 MiB steps queued
    /// on the shard's writer like writes, so traffic keeps flowing between steps. Full: one VACUUM, which holds the shard's
    /// writer (not its readers) for the whole rewrite. A dry run only reads the page counts. A shard that fails is
    /// reported with its error; the others still run.
    /// </summary>
    public async Task<IReadOnlyList<VacuumReport>> VacuumAsync(int? shard, VacuumMode mode, long budgetMb, bool dryRun,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetMb, 1);
        var targets = shard is { } one ? [_shards[one]] : _shards;
        var reports = new List<VacuumReport>(targets.Length);
        foreach (var target in targets)
            reports.Add(await VacuumShardAsync(target, mode, budgetMb, dryRun, cancellationToken).ConfigureAwait(false));
        return reports;
    }

    private async Task<VacuumReport> VacuumShardAsync(Shard shard, VacuumMode mode, long budgetMb, bool dryRun, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var path = ShardConnection.FileName(_dataDir, shard.Index);
        var fileBefore = VacuumSql.FileBytes(path);
        PageStats before = default;
        try
        {
            before = await shard.WriteAsync(new ExclusiveOp<PageStats>(VacuumSql.Stats), cancel).ConfigureAwait(false);
            var budgetPages = Math.Max(1, budgetMb * 1024 * 1024 / before.PageSize);
            long freed;
            if (dryRun)
            {
                freed = mode == VacuumMode.Full ? before.Freelist : Math.Min(before.Freelist, budgetPages);
                return Report(before, freed, before, fileBefore, fileBefore);
            }

            if (mode == VacuumMode.Full)
            {
                freed = await shard.WriteAsync(new ExclusiveOp<long>(VacuumSql.Full), cancel).ConfigureAwait(false);
            }
            else
            {
                freed = 0;
                var step = Math.Max(1, VacuumSql.StepBytes / before.PageSize);
                var remaining = Math.Min(before.Freelist, budgetPages);
                while (remaining > 0)
                {
                    var pages = Math.Min(step, remaining);
                    var done = await shard.WriteAsync(new ExclusiveOp<long>(db => VacuumSql.IncrementalStep(db, pages)), cancel)
                        .ConfigureAwait(false);
                    if (done <= 0)
                        break;
                    freed += done;
                    remaining -= done;
                }
                await shard.WriteAsync(new ExclusiveOp<bool>(db =>
                {
                    MaintenanceDb.Checkpoint(db);
                    return true;
                }), cancel).ConfigureAwait(false);
            }

            var after = await shard.WriteAsync(new ExclusiveOp<PageStats>(VacuumSql.Stats), cancel).ConfigureAwait(false);
            return Report(after, freed, after, fileBefore, VacuumSql.FileBytes(path));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            return new VacuumReport(shard.Index, mode, dryRun, before.PageSize, before.Pages, before.Freelist, 0, before.Pages,
                before.Freelist, fileBefore, VacuumSql.FileBytes(path), clock.Elapsed, ex.Message);
        }

        VacuumReport Report(PageStats stats, long freed, PageStats after, long fileBytesBefore, long fileBytesAfter) =>
            new(shard.Index, mode, dryRun, stats.PageSize, before.Pages, before.Freelist, freed, after.Pages, after.Freelist,
                fileBytesBefore, fileBytesAfter, clock.Elapsed);
    }

    /// <summary>
    /// Online backup into <paramref name="directory"/> (which must be absent or empty): every shard file, the layout record
    /// and a manifest written last. Writes acknowledged before the call are included (a barrier op drains each shard's
    /// queue first, which matters for async_write); each shard is then copied with SQLite's backup API inside one read
    /// transaction, so each file is that shard's state at the moment its copy started, while the writer keeps committing.
    /// One backup runs at a time (<see cref="BackupInProgressException"/>).
    /// </summary>
    public async Task<BackupReport> BackupAsync(string directory, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _backupRunning, 1, 0) != 0)
            throw new BackupInProgressException();
        try
        {
            var started = _time.GetUtcNow();
            var clock = Stopwatch.StartNew();
            var target = Backup.PrepareTarget(directory);
            foreach (var shard in _shards)
                await shard.WriteAsync(new BarrierOp(), cancellationToken).ConfigureAwait(false);

            var files = new List<BackupFile>(_shards.Length);
            foreach (var shard in _shards)
            {
                var source = ShardConnection.FileName(_dataDir, shard.Index);
                files.Add(await Task.Run(() => Backup.CopyShard(source, target, shard.Index), cancellationToken).ConfigureAwait(false));
            }

            var layout = StorageLayout.For(_shards.Length) with { RingProbes = _ring.Probes };
            var finished = _time.GetUtcNow();
            Backup.Finish(target, layout, new BackupManifest(layout.NumShards, started.ToUnixTimeMilliseconds(),
                finished.ToUnixTimeMilliseconds(), files));
            Interlocked.Exchange(ref _lastBackupUnixSeconds, finished.ToUnixTimeSeconds());
            return new BackupReport(target, _shards.Length, files.Sum(f => f.Bytes), started, finished, clock.Elapsed);
        }
        finally
        {
            Volatile.Write(ref _backupRunning, 0);
        }
    }
}

using Blobasaur.Hashing;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage.Maintenance;

/// <summary>
/// Offline shard-count migration (<c>blobasaur shard migrate OLD NEW</c>). Slots move whole: a slot's rows are copied to
/// the shard the new ring gives it and deleted from the copy of the shard that no longer owns it. The new layout is
/// built beside the old one in data_dir/.migrate-NEW/ and switched in by <see cref="MigrationJournal"/> (one rename is
/// the commit point). Progress is recorded per slot in each staged file (table migrate_done, in the same transaction as
/// the slot's rows), so a re-run after a crash resumes where it stopped.
/// </summary>
public static class ShardMigration
{
    private const string BuiltMarker = "BUILT";
    private const int BatchRows = 2000;
    private const int BatchSlots = 256;

    public static MigrationResult Run(MigrationOptions options, IMigrationProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OldShards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NewShards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.NewShards, HashSlot.Count);
        progress ??= NullProgress.Instance;
        var dataDir = Path.GetFullPath(options.DataDir);
        if (!Directory.Exists(dataDir))
            throw new StorageLayoutException($"{dataDir} does not exist.");

        using var dirLock = DataDirLock.Acquire(dataDir); // refuses while a server (or another migration) holds the directory
        if (MigrationJournal.Recover(dataDir))
            progress.Note("finished the switch of an earlier, interrupted migration");
        var layout = LayoutRecord.Read(dataDir);
        if (layout.NumShards == options.NewShards && options.OldShards != options.NewShards)
        {
            progress.Note($"{dataDir} already has {options.NewShards} shards: nothing to do");
            return new MigrationResult(true, false, 0, 0, 0, 0, []);
        }
        if (layout.NumShards != options.OldShards)
            throw new StorageLayoutException(
                $"{dataDir} has {layout.NumShards} shards (its layout record), not {options.OldShards}: run " +
                $"`blobasaur shard migrate {layout.NumShards} {options.NewShards}` instead.");
        if (options.OldShards == options.NewShards)
        {
            progress.Note("the old and new shard counts are equal: nothing to do");
            return new MigrationResult(false, false, 0, 0, 0, 0, []);
        }

        var run = new Runner(dataDir, options, layout, progress, cancellationToken);
        return run.Execute();
    }

    private sealed class Runner(string dataDir, MigrationOptions options, StorageLayout layout, IMigrationProgress progress, CancellationToken cancel)
    {
        private readonly ShardRing _oldRing = new(options.OldShards, layout.RingProbes);
        private readonly ShardRing _newRing = new(options.NewShards, layout.RingProbes);
        private readonly string _staging = MigrationJournal.StagingDir(dataDir, options.NewShards);
        private readonly MigrationPlan _plan = new(options.OldShards, options.NewShards, layout.RingHash);
        private readonly long[] _rowsPerSlot = new long[HashSlot.Count];
        private readonly long[] _weightPerSlot = new long[HashSlot.Count];

        public MigrationResult Execute()
        {
            var resumed = PrepareStaging();
            var maxVersion = PrepareOldShards();
            var moving = Enumerable.Range(0, HashSlot.Count).Count(s => _oldRing.ShardForSlot(s) != _newRing.ShardForSlot(s));
            long rowsMoved = 0;
            if (!File.Exists(Path.Combine(_staging, BuiltMarker)))
            {
                CopyRetainedShards();
                rowsMoved = MoveSlots();
                FinishStagedFiles(maxVersion);
                DurableFile.WriteAtomically(Path.Combine(_staging, BuiltMarker), []);
            }
            DropProgressTables();

            long verified = 0;
            var differences = new List<string>();
            long differenceCount = 0;
            if (options.Verify)
            {
                (verified, differenceCount) = MigrationVerifier.Compare(dataDir, _staging, _oldRing, _newRing, differences, progress, cancel);
                if (differenceCount > 0)
                {
                    // Nothing was switched; throw the staged layout away so a re-run rebuilds it from scratch.
                    Directory.Delete(_staging, recursive: true);
                    return new MigrationResult(false, resumed, moving, rowsMoved, verified, differenceCount, differences);
                }
            }

            cancel.ThrowIfCancellationRequested();
            progress.Phase("switch layout", 1, "steps");
            for (var shard = 0; shard < options.NewShards; shard++)
                MaintenanceDb.Seal(ShardConnection.FileName(_staging, shard));
            DurableFile.FsyncDirectory(_staging);
            LayoutRecord.Write(_staging, LayoutRecord.For(options.NewShards) with { RingProbes = layout.RingProbes });
            MigrationJournal.Commit(dataDir, _staging); // the commit point
            MigrationJournal.Recover(dataDir);
            progress.Advance(1);
            return new MigrationResult(true, resumed, moving, rowsMoved, verified, 0, differences);
        }

        // A staging directory of the same plan is resumed; anything else under .migrate-* is an abandoned attempt.
        private bool PrepareStaging()
        {
            var resumed = false;
            foreach (var dir in Directory.EnumerateDirectories(dataDir, MigrationJournal.StagingPrefix + "*"))
            {
                if (Path.GetFileName(dir) == MigrationJournal.CommitDirName)
                    continue;
                if (dir == _staging && MigrationJournal.ReadPlan(dir) == _plan)
                {
                    resumed = true;
                    continue;
                }
                progress.Note($"removing the abandoned migration directory {dir}");
                Directory.Delete(dir, recursive: true);
            }
            if (!resumed)
            {
                Directory.CreateDirectory(_staging);
                MigrationJournal.WritePlan(_staging, _plan);
            }
            else
            {
                progress.Note($"resuming the migration staged in {_staging}");
            }
            return resumed;
        }

        // Brings every old file to the current schema (what a server open would do) and folds its WAL into it, so the
        // .db file alone is complete: it is copied page by page below, and its -wal is deleted at the switch.
        private long PrepareOldShards()
        {
            progress.Phase("prepare old shards", options.OldShards, "shards");
            long maxVersion = 0;
            for (var shard = 0; shard < options.OldShards; shard++)
            {
                var path = ShardConnection.FileName(dataDir, shard);
                if (!File.Exists(path))
                    throw new StorageLayoutException($"{path} is missing: the data directory is incomplete.");
                using (var db = MaintenanceDb.Open(path))
                {
                    ShardConnection.CreateSchema(db);
                    MaintenanceDb.Checkpoint(db);
                    maxVersion = Math.Max(maxVersion, MaintenanceDb.Scalar(db, "SELECT value FROM meta WHERE name = 'max_version'"));
                }
                progress.Advance(1);
            }
            return maxVersion;
        }

        // Shards that exist in both layouts start as a page copy of the old file (SQLite's backup API); new shards start
        // empty. A copy is made under a .part name and renamed, so a staged shard_N.db is always a complete starting point.
        private void CopyRetainedShards()
        {
            progress.Phase("stage shard files", options.NewShards, "shards");
            for (var shard = 0; shard < options.NewShards; shard++)
            {
                cancel.ThrowIfCancellationRequested();
                var target = ShardConnection.FileName(_staging, shard);
                if (!File.Exists(target))
                {
                    var part = target + ".part";
                    MaintenanceDb.DeleteDatabase(part);
                    using (var db = MaintenanceDb.Open(part, create: true))
                    {
                        if (shard < options.OldShards)
                        {
                            using var source = MaintenanceDb.Open(ShardConnection.FileName(dataDir, shard), readOnly: true);
                            source.BackupDatabase(db);
                        }
                        ShardConnection.CreateSchema(db);
                        MaintenanceDb.Execute(db, "CREATE TABLE IF NOT EXISTS migrate_done (slot INTEGER PRIMARY KEY);");
                        MaintenanceDb.Checkpoint(db);
                    }
                    DurableFile.FsyncFile(part);
                    File.Move(part, target);
                    DurableFile.FsyncDirectory(_staging);
                }
                progress.Advance(1);
            }
        }

        private long MoveSlots()
        {
            // The work: every slot whose owner changes is copied into its new owner and deleted from the staged copy of its
            // old owner (when that shard still exists). Rows per slot give the progress bar its units.
            var rowsPerSlot = _rowsPerSlot;
            for (var shard = 0; shard < options.OldShards; shard++)
            {
                using var db = MaintenanceDb.Open(ShardConnection.FileName(dataDir, shard), readOnly: true);
                foreach (var table in (string[])["blobs", "namespaces"])
                {
                    using var count = MaintenanceDb.Command(db, $"SELECT slot, count(*) FROM {table} GROUP BY slot");
                    using var reader = count.ExecuteReader();
                    while (reader.Read())
                        rowsPerSlot[reader.GetInt32(0)] += reader.GetInt64(1);
                }
                // Transactions are sized by weight: a key, or 64 KiB of chunked value, counts one.
                using var chunks = MaintenanceDb.Command(db, """
                    SELECT b.slot, count(*) FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id GROUP BY b.slot
                    """);
                using var chunkReader = chunks.ExecuteReader();
                while (chunkReader.Read())
                    _weightPerSlot[chunkReader.GetInt32(0)] += chunkReader.GetInt64(1);
            }

            var work = new List<(int Target, int Slot, int Source, bool MoveIn)>();
            for (var slot = 0; slot < HashSlot.Count; slot++)
            {
                int from = _oldRing.ShardForSlot(slot), to = _newRing.ShardForSlot(slot);
                if (from == to)
                    continue;
                work.Add((to, slot, from, true));
                if (from < options.NewShards)
                    work.Add((from, slot, from, false));
            }

            var done = new HashSet<(int Target, int Slot)>();
            for (var shard = 0; shard < options.NewShards; shard++)
            {
                using var db = MaintenanceDb.Open(ShardConnection.FileName(_staging, shard), readOnly: true);
                using var query = MaintenanceDb.Command(db, "SELECT slot FROM migrate_done");
                using var reader = query.ExecuteReader();
                while (reader.Read())
                    done.Add((shard, reader.GetInt32(0)));
            }

            // A slot without rows has nothing to copy or delete (chunks and fields hang off blobs and namespaces).
            var pending = work.Where(w => rowsPerSlot[w.Slot] > 0 && !done.Contains((w.Target, w.Slot))).ToList();
            progress.Phase("move slots", pending.Where(w => w.MoveIn).Sum(w => rowsPerSlot[w.Slot]), "keys");
            long moved = 0;
            foreach (var group in pending.GroupBy(w => (w.Target, w.Source)).OrderBy(g => g.Key.Target))
            {
                using var db = MaintenanceDb.Open(ShardConnection.FileName(_staging, group.Key.Target));
                if (group.Any(w => w.MoveIn))
                    MaintenanceDb.Execute(db, "ATTACH DATABASE $1 AS src", ShardConnection.FileName(dataDir, group.Key.Source));
                // Slots are committed in groups (about BatchRows keys or BatchSlots slots per transaction), each with its
                // migrate_done rows: a crash loses at most the group in progress, which the next run redoes.
                foreach (var batch in Batches(group))
                {
                    cancel.ThrowIfCancellationRequested();
                    using (var txn = db.BeginTransaction())
                    {
                        foreach (var item in batch)
                        {
                            if (item.MoveIn)
                                CopySlot(db, item.Slot);
                            else
                                DeleteSlot(db, item.Slot);
                            MaintenanceDb.Execute(db, "INSERT INTO migrate_done (slot) VALUES ($1)", item.Slot);
                        }
                        txn.Commit();
                    }
                    var rows = batch.Where(w => w.MoveIn).Sum(w => rowsPerSlot[w.Slot]);
                    moved += rows;
                    progress.Advance(rows);
                }
                if (group.Any(w => w.MoveIn))
                    MaintenanceDb.Execute(db, "DETACH DATABASE src");
            }
            return moved;
        }

        private IEnumerable<List<(int Target, int Slot, int Source, bool MoveIn)>> Batches(
            IEnumerable<(int Target, int Slot, int Source, bool MoveIn)> items)
        {
            var batch = new List<(int Target, int Slot, int Source, bool MoveIn)>();
            long rows = 0;
            foreach (var item in items)
            {
                batch.Add(item);
                rows += _rowsPerSlot[item.Slot] + _weightPerSlot[item.Slot];
                if (rows >= BatchRows || batch.Count >= BatchSlots)
                {
                    yield return batch;
                    batch = [];
                    rows = 0;
                }
            }
            if (batch.Count > 0)
                yield return batch;
        }

        // Stored bytes are copied as they are (codec, size, TTLs, versions, times): nothing is decompressed or re-encoded.
        // Chunks and entries find their new parent ids through the (slot, key) and (slot, name) unique indexes.
        private static void CopySlot(SqliteConnection db, int slot)
        {
            MaintenanceDb.Execute(db, """
                INSERT INTO main.blobs (slot, key, value, codec, size, created_at, updated_at, expires_at, version)
                SELECT slot, key, value, codec, size, created_at, updated_at, expires_at, version FROM src.blobs WHERE slot = $1;
                INSERT INTO main.blob_chunks (blob_id, n, data)
                SELECT m.id, c.n, c.data FROM src.blobs b
                    JOIN main.blobs m ON m.slot = b.slot AND m.key = b.key
                    JOIN src.blob_chunks c ON c.blob_id = b.id
                WHERE b.slot = $1 AND b.codec = 255;
                INSERT INTO main.namespaces (slot, name, entry_count, created_at, updated_at, version, expires_at)
                SELECT slot, name, entry_count, created_at, updated_at, version, expires_at FROM src.namespaces WHERE slot = $1;
                INSERT INTO main.entries (ns_id, key, value, codec, size, created_at, updated_at, expires_at, version)
                SELECT m.id, e.key, e.value, e.codec, e.size, e.created_at, e.updated_at, e.expires_at, e.version
                FROM src.namespaces n
                    JOIN main.namespaces m ON m.slot = n.slot AND m.name = n.name
                    JOIN src.entries e ON e.ns_id = n.id
                WHERE n.slot = $1;
                """, slot);
        }

        // The blobs_drop_chunks trigger removes the chunks of deleted chunked values.
        private static void DeleteSlot(SqliteConnection db, int slot) =>
            MaintenanceDb.Execute(db, """
                DELETE FROM entries WHERE ns_id IN (SELECT id FROM namespaces WHERE slot = $1);
                DELETE FROM namespaces WHERE slot = $1;
                DELETE FROM blobs WHERE slot = $1;
                """, slot);

        // The persisted counters (DBSIZE) are recounted, every file gets the node's highest version so the version clock
        // never goes back, and the pages freed by moved-out slots are returned to the file system.
        private void FinishStagedFiles(long maxVersion)
        {
            progress.Phase("finish shard files", options.NewShards, "shards");
            for (var shard = 0; shard < options.NewShards; shard++)
            {
                using (var db = MaintenanceDb.Open(ShardConnection.FileName(_staging, shard)))
                {
                    MaintenanceDb.Execute(db, """
                        UPDATE meta SET value = (SELECT count(*) FROM blobs) WHERE name = 'blob_count';
                        UPDATE meta SET value = (SELECT count(*) FROM namespaces) WHERE name = 'ns_count';
                        UPDATE meta SET value = max(value, $1) WHERE name = 'max_version';
                        """, maxVersion);
                    MaintenanceDb.Execute(db, "PRAGMA incremental_vacuum;");
                    MaintenanceDb.Checkpoint(db);
                }
                progress.Advance(1);
            }
        }

        private void DropProgressTables()
        {
            for (var shard = 0; shard < options.NewShards; shard++)
            {
                using var db = MaintenanceDb.Open(ShardConnection.FileName(_staging, shard));
                MaintenanceDb.Execute(db, "DROP TABLE IF EXISTS migrate_done;");
                MaintenanceDb.Checkpoint(db);
            }
        }
    }
}

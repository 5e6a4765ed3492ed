namespace Blobasaur.Storage.Maintenance;

public sealed record RestoreReport(string DataDir, int Shards, long Bytes, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// <c>blobasaur restore --from DIR --data-dir D</c>: copies a backup into an empty data directory and checks it. The shard
/// files are copied first and checked with PRAGMA integrity_check; the layout record is written last, only when every
/// check passed, so a failed or interrupted restore leaves a directory the server refuses to open ("shard files but no
/// layout record") instead of one it would serve wrong.
/// </summary>
public static class BackupRestore
{
    public static RestoreReport Restore(string from, string dataDir, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(from);
        var target = Path.GetFullPath(dataDir);
        if (!Directory.Exists(source))
            throw new BackupException($"{source} does not exist");
        if (File.Exists(target))
            throw new BackupException($"{target} is a file, not a directory");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new BackupException($"{target} is not empty; restore only into a new or empty directory");

        var manifest = Backup.ReadManifest(source);
        var layout = LayoutRecord.TryRead(source) ?? throw new BackupException($"{source} has no {StorageLayout.FileName}");
        var problems = new List<string>();
        if (layout.NumShards != manifest.NumShards)
            problems.Add($"the layout record says {layout.NumShards} shards, the manifest {manifest.NumShards}");
        for (var shard = 0; shard < layout.NumShards; shard++)
        {
            var file = ShardConnection.FileName(source, shard);
            if (!File.Exists(file))
                problems.Add($"{Path.GetFileName(file)} is missing");
        }
        var extra = Directory.EnumerateFiles(source, "shard_*.db").Count() - layout.NumShards;
        if (extra > 0)
            problems.Add($"{extra} shard files more than the layout record's {layout.NumShards}");
        if (problems.Count > 0)
            return new RestoreReport(target, layout.NumShards, 0, problems);

        Directory.CreateDirectory(target);
        using var dirLock = DataDirLock.Acquire(target);
        long bytes = 0;
        for (var shard = 0; shard < layout.NumShards; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var to = ShardConnection.FileName(target, shard);
            File.Copy(ShardConnection.FileName(source, shard), to + ".part", overwrite: true);
            DurableFile.FsyncFile(to + ".part");
            File.Move(to + ".part", to);
            bytes += new FileInfo(to).Length;
            problems.AddRange(Check(to, shard));
        }
        DurableFile.FsyncDirectory(target);
        if (problems.Count > 0)
            return new RestoreReport(target, layout.NumShards, bytes, problems);

        LayoutRecord.Write(target, layout);
        return new RestoreReport(target, layout.NumShards, bytes, problems);
    }

    private static List<string> Check(string path, int shard)
    {
        var problems = new List<string>();
        try
        {
            using var db = MaintenanceDb.Open(path);
            using (var check = MaintenanceDb.Command(db, "PRAGMA integrity_check"))
            using (var reader = check.ExecuteReader())
            {
                while (reader.Read())
                {
                    var line = reader.GetString(0);
                    if (line != "ok")
                        problems.Add($"shard {shard}: {line}");
                }
            }
            foreach (var table in (string[])["blobs", "namespaces", "entries", "meta"])
            {
                if (MaintenanceDb.Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1", table) == 0)
                    problems.Add($"shard {shard}: table {table} is missing");
            }
            if (problems.Count == 0)
            {
                var counted = MaintenanceDb.Scalar(db, "SELECT count(*) FROM blobs");
                var recorded = MaintenanceDb.Scalar(db, "SELECT value FROM meta WHERE name = 'blob_count'");
                if (counted != recorded)
                    problems.Add($"shard {shard}: meta.blob_count is {recorded} but the file holds {counted} blobs");
            }
            MaintenanceDb.Checkpoint(db);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            problems.Add($"shard {shard}: {ex.Message}");
        }
        return problems;
    }
}

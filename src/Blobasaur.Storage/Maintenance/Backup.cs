using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blobasaur.Storage.Maintenance;

public sealed record BackupFile(string Name, long Bytes);

/// <summary>blobasaur.backup.json: written last, so a backup directory without it is incomplete.</summary>
public sealed record BackupManifest(int NumShards, long StartedAtMs, long FinishedAtMs, IReadOnlyList<BackupFile> Files);

public sealed record BackupReport(string Directory, int Shards, long Bytes, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, TimeSpan Duration);

public sealed class BackupInProgressException() : InvalidOperationException("a backup is already in progress");

/// <summary>A backup target or source that cannot be used; the message says why.</summary>
public sealed class BackupException(string message) : Exception(message);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupJson : JsonSerializerContext;

internal static class Backup
{
    public const string ManifestFile = "blobasaur.backup.json";

    /// <summary>Creates the directory, or accepts an existing empty one; never writes into one that holds anything.</summary>
    public static string PrepareTarget(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new BackupException("the backup directory is empty");
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
            throw new BackupException($"{full} is a file, not a directory");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new BackupException($"{full} is not empty; back up into a new or empty directory");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"cannot create {full}: {ex.Message}");
        }
        return full;
    }

    // The source is opened read-only beside the server's own connections; sqlite3_backup_step(-1) copies every page
    // inside one read transaction of the source (a WAL snapshot), so the shard's writer keeps committing meanwhile.
    public static BackupFile CopyShard(string source, string targetDir, int shard)
    {
        var target = ShardConnection.FileName(targetDir, shard);
        var part = target + ".part";
        using (var from = MaintenanceDb.Open(source, readOnly: true))
        using (var to = MaintenanceDb.Open(part, create: true))
        {
            from.BackupDatabase(to);
            MaintenanceDb.Checkpoint(to);
        }
        File.Delete(part + "-wal");
        File.Delete(part + "-shm");
        DurableFile.FsyncFile(part);
        File.Move(part, target);
        return new BackupFile(Path.GetFileName(target), new FileInfo(target).Length);
    }

    public static void Finish(string targetDir, StorageLayout layout, BackupManifest manifest)
    {
        LayoutRecord.Write(targetDir, layout);
        DurableFile.WriteAtomically(Path.Combine(targetDir, ManifestFile),
            JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJson.Default.BackupManifest));
    }

    public static BackupManifest ReadManifest(string dir)
    {
        var path = Path.Combine(dir, ManifestFile);
        if (!File.Exists(path))
            throw new BackupException($"{path} is missing: {dir} is not a complete Blobasaur backup");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), BackupJson.Default.BackupManifest)
                ?? throw new BackupException($"{path} is empty");
        }
        catch (JsonException ex)
        {
            throw new BackupException($"{path} is not a valid backup manifest: {ex.Message}");
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blobasaur.Storage.Maintenance;

/// <summary>What a migration is doing: written into its staging directory so a re-run knows whether it can resume.</summary>
internal sealed record MigrationPlan(int OldShards, int NewShards, string RingHash);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MigrationPlan))]
internal sealed partial class MigrationJson : JsonSerializerContext;

/// <summary>
/// The commit protocol of a shard-count migration (docs/operations.md, "Shard-count migration").
/// The new layout is built in data_dir/.migrate-&lt;new&gt;/ (complete shard files, plan.json, and at the end the new layout
/// record). The single commit point is the rename of that directory to data_dir/.migrate-commit. Before it, the data
/// directory is untouched and opens with the old shard count. After it, <see cref="Recover"/> rolls the switch forward:
/// it moves every new shard file over the old one, deletes the old shards beyond the new count, replaces the layout record
/// and removes the journal; every step is idempotent, and <see cref="Recover"/> runs at every open of the directory
/// (BlobStore.Open and the migrate command), so a crash during the switch is finished by whoever opens it next.
/// </summary>
public static class MigrationJournal
{
    public const string CommitDirName = ".migrate-commit";
    internal const string StagingPrefix = ".migrate-";
    internal const string PlanFile = "plan.json";

    internal static string StagingDir(string dataDir, int newShards) => Path.Combine(dataDir, StagingPrefix + newShards);

    internal static MigrationPlan? ReadPlan(string dir)
    {
        var path = Path.Combine(dir, PlanFile);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), MigrationJson.Default.MigrationPlan);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static void WritePlan(string dir, MigrationPlan plan) =>
        DurableFile.WriteAtomically(Path.Combine(dir, PlanFile), JsonSerializer.SerializeToUtf8Bytes(plan, MigrationJson.Default.MigrationPlan));

    /// <summary>The commit point: a complete staging directory becomes the journal by one rename.</summary>
    internal static void Commit(string dataDir, string stagingDir)
    {
        var journal = Path.Combine(dataDir, CommitDirName);
        Directory.Move(stagingDir, journal);
        DurableFile.FsyncDirectory(dataDir);
    }

    /// <summary>
    /// What a server does when it opens data_dir: finish a committed migration, and throw away an uncommitted one (the
    /// server is about to write to the old layout, which would make the staged copy stale; the next migrate run starts
    /// over). The caller must hold the directory lock.
    /// </summary>
    public static void PrepareForServing(string dataDir)
    {
        Recover(dataDir);
        foreach (var dir in Directory.EnumerateDirectories(dataDir, StagingPrefix + "*"))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// Finishes a committed migration if data_dir holds one; returns true when it did. The caller must hold the directory
    /// lock. Safe to call on any directory, any number of times.
    /// </summary>
    public static bool Recover(string dataDir)
    {
        var journal = Path.Combine(dataDir, CommitDirName);
        if (!Directory.Exists(journal))
            return false;
        var plan = ReadPlan(journal) ?? throw new StorageLayoutException(
            $"{journal} is a committed shard migration without its {PlanFile}; restore the data directory from a backup.");
        var layout = LayoutRecord.Read(journal);
        if (layout.NumShards != plan.NewShards)
            throw new StorageLayoutException($"{journal} is inconsistent: plan.json says {plan.NewShards} shards, the layout record {layout.NumShards}.");

        for (var shard = 0; shard < plan.NewShards; shard++)
        {
            var staged = ShardConnection.FileName(journal, shard);
            if (!File.Exists(staged))
                continue; // moved by an earlier, interrupted recovery
            var target = ShardConnection.FileName(dataDir, shard);
            // The old file was checkpointed before the migration started and nothing wrote to it since (we hold the lock):
            // its -wal and -shm are empty leftovers, and a stale -wal must never be applied to the new file.
            File.Delete(target + "-wal");
            File.Delete(target + "-shm");
            File.Move(staged, target, overwrite: true);
        }
        DurableFile.FsyncDirectory(dataDir);
        for (var shard = plan.NewShards; shard < plan.OldShards; shard++)
            MaintenanceDb.DeleteDatabase(ShardConnection.FileName(dataDir, shard));
        LayoutRecord.Write(dataDir, layout);
        Directory.Delete(journal, recursive: true);
        DurableFile.FsyncDirectory(dataDir);
        return true;
    }
}

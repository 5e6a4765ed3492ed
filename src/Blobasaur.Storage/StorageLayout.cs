using System.Text.Json;
using System.Text.Json.Serialization;
using Blobasaur.Hashing;

namespace Blobasaur.Storage;

// The layout record, data_dir/blobasaur.layout.json: how keys were placed on shard files. Reading data with another
// shard count (or ring) would look up keys in the wrong file and silently miss them, so opening refuses instead.
internal sealed record StorageLayout(int FormatVersion, int NumShards, string RingHash, int RingProbes)
{
    public const string FileName = "blobasaur.layout.json";
    public const int CurrentFormat = 1;

    public static StorageLayout For(int numShards) => new(CurrentFormat, numShards, ShardRing.HashId, ShardRing.DefaultProbes);

    /// <summary>Reads the record, writing it first for a new directory; throws when it disagrees with numShards.</summary>
    public static StorageLayout OpenOrCreate(string dataDir, int numShards)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            if (Directory.EnumerateFiles(dataDir, "shard_*.db").Any())
                throw new StorageLayoutException(
                    $"{dataDir} holds shard files but no {FileName}; it was not written by this version of Blobasaur.");
            var created = For(numShards);
            DurableFile.WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(created, LayoutJson.Default.StorageLayout));
            return created;
        }

        var layout = JsonSerializer.Deserialize(File.ReadAllBytes(path), LayoutJson.Default.StorageLayout)
            ?? throw new StorageLayoutException($"{path} is empty.");
        if (layout.FormatVersion != CurrentFormat || layout.RingHash != ShardRing.HashId)
            throw new StorageLayoutException(
                $"{path} has format {layout.FormatVersion} ({layout.RingHash}); this build reads format {CurrentFormat} " +
                $"({ShardRing.HashId}).");
        if (layout.NumShards != numShards)
            throw new StorageLayoutException(
                $"The data in {dataDir} was written with {layout.NumShards} shards, but num_shards is {numShards}. " +
                $"Set num_shards = {layout.NumShards}, or migrate the data first with " +
                $"`blobasaur shard migrate {layout.NumShards} {numShards} --data-dir {dataDir}`.");
        return layout;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StorageLayout))]
internal sealed partial class LayoutJson : JsonSerializerContext;

using System.Text.Json;
using Blobasaur.Hashing;

namespace Blobasaur.Storage.Maintenance;

// Reads and writes the layout record (blobasaur.layout.json) for the maintenance tools, which must never create one
// by accident the way BlobStore.Open does for a new directory.
internal static class LayoutRecord
{
    public static string PathIn(string dir) => Path.Combine(dir, StorageLayout.FileName);

    /// <summary>The record in <paramref name="dir"/>, or null when there is none; throws when it is unreadable or foreign.</summary>
    public static StorageLayout? TryRead(string dir)
    {
        var path = PathIn(dir);
        if (!File.Exists(path))
            return null;
        StorageLayout? layout;
        try
        {
            layout = JsonSerializer.Deserialize(File.ReadAllBytes(path), LayoutJson.Default.StorageLayout);
        }
        catch (JsonException ex)
        {
            throw new StorageLayoutException($"{path} is not a valid layout record: {ex.Message}", ex);
        }
        if (layout is null)
            throw new StorageLayoutException($"{path} is empty.");
        if (layout.FormatVersion != StorageLayout.CurrentFormat || layout.RingHash != ShardRing.HashId || layout.NumShards < 1)
            throw new StorageLayoutException(
                $"{path} has format {layout.FormatVersion} ({layout.RingHash}, {layout.NumShards} shards); this build reads format " +
                $"{StorageLayout.CurrentFormat} ({ShardRing.HashId}).");
        return layout;
    }

    public static StorageLayout Read(string dir) =>
        TryRead(dir) ?? throw new StorageLayoutException($"{dir} has no {StorageLayout.FileName}: it is not a Blobasaur data directory.");

    public static byte[] Serialize(StorageLayout layout) => JsonSerializer.SerializeToUtf8Bytes(layout, LayoutJson.Default.StorageLayout);

    public static void Write(string dir, StorageLayout layout) => DurableFile.WriteAtomically(PathIn(dir), Serialize(layout));

    public static StorageLayout For(int numShards) => StorageLayout.For(numShards);
}

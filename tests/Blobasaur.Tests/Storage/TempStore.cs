using System.Text;
using Blobasaur.Config;
using Blobasaur.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Storage;

// A data directory under the temp folder, deleted with the fixture; opens stores on it with test-friendly settings.
internal sealed class TempStore : IAsyncDisposable
{
    public TempStore(bool asyncWrite = false, int shards = 4, long inflightMaxBytes = 64L * 1024 * 1024)
    {
        Config = new BlobasaurConfig
        {
            DataDir = Path.Combine(Path.GetTempPath(), "blobasaur-tests", Guid.NewGuid().ToString("N")),
            NumShards = shards,
            AsyncWrite = asyncWrite,
            InflightMaxBytes = inflightMaxBytes,
            Sqlite = new SqliteSection { MaxConnections = 2, CacheSizeMb = 8 },
        };
    }

    public BlobasaurConfig Config { get; set; }
    public BlobStore? Store { get; private set; }

    public BlobStore Open()
    {
        Store = BlobStore.Open(Config, TimeProvider.System, NullLoggerFactory.Instance);
        return Store;
    }

    public async Task<BlobStore> ReopenAsync()
    {
        if (Store is not null)
            await Store.DisposeAsync();
        return Open();
    }

    public static ReadOnlyMemory<byte> B(string s) => Encoding.UTF8.GetBytes(s);

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
            await Store.DisposeAsync();
        try
        {
            Directory.Delete(Config.DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class StoreExtensions
{
    public static async Task<byte[]?> GetBytesAsync(this BlobStore store, ReadOnlyMemory<byte> key)
    {
        using var result = await store.GetAsync(key);
        return result.Status == StoreStatus.Found ? result.Value!.ToArray() : null;
    }

    public static async Task<string?> GetStringAsync(this BlobStore store, string key) =>
        await store.GetBytesAsync(TempStore.B(key)) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    public static async Task SetStringAsync(this BlobStore store, string key, string value)
    {
        using var result = await store.SetAsync(TempStore.B(key), TempStore.B(value), SetOptions.Default);
        Assert.Equal(StoreStatus.Ok, result.Status);
    }
}

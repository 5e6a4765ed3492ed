using Blobasaur.Storage;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

public sealed class LayoutTests
{
    [Fact]
    public async Task Opening_with_another_shard_count_refuses_and_says_how_to_migrate()
    {
        await using var temp = new TempStore(shards: 4);
        await temp.Open().DisposeAsync();

        var other = temp.Config with { NumShards = 8 };
        var error = Assert.Throws<StorageLayoutException>(() =>
            BlobStore.Open(other, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        Assert.Contains("written with 4 shards", error.Message);
        Assert.Contains("num_shards = 4", error.Message);
        Assert.Contains($"blobasaur shard migrate 4 8 --data-dir {temp.Config.DataDir}", error.Message);
    }

    [Fact]
    public async Task A_second_open_of_the_same_directory_refuses_until_the_first_closes()
    {
        await using var temp = new TempStore();
        var first = temp.Open();
        var error = Assert.Throws<StorageLayoutException>(() =>
            BlobStore.Open(temp.Config, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        Assert.Contains("in use", error.Message);

        await first.DisposeAsync();
        await using var second = BlobStore.Open(temp.Config, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task Version_increases_monotonically_across_restarts()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        long last = 0;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                var key = B($"k{i}");
                await store.SetStringAsync($"k{i}", $"v{round}");
                var meta = (await store.MetaAsync(key)).Meta!;
                Assert.True(meta.Version > last, $"version {meta.Version} after {last}");
                last = meta.Version;
            }
            store = await temp.ReopenAsync();
        }
    }

    [Fact]
    public async Task Meta_reports_times_size_and_codec()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        await store.SetStringAsync("m", "hello");
        var meta = (await store.MetaAsync(B("m"))).Meta!;
        Assert.Equal(KeyType.String, meta.Type);
        Assert.Equal(5, meta.Size);
        Assert.Equal(5, meta.StoredSize);
        Assert.Equal(0, meta.Codec);
        Assert.Null(meta.ExpiresAtMs);
        Assert.True(meta.CreatedAtMs > 0 && meta.UpdatedAtMs >= meta.CreatedAtMs);
        Assert.Equal(StoreStatus.NotFound, (await store.MetaAsync(B("none"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.MetaAsync(B("m"), B("f"))).Status);
    }
}

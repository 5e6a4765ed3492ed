using System.Text;
using Blobasaur.Storage;

namespace Blobasaur.Tests.Storage;

public sealed class ScanTests
{
    private static async Task<List<string>> ScanAllAsync(BlobStore store, ScanFilter filter, int count)
    {
        var keys = new List<string>();
        ulong cursor = 0;
        do
        {
            var page = await store.ScanAsync(cursor, filter, count);
            keys.AddRange(page.Keys.Select(k => Encoding.UTF8.GetString(k)));
            cursor = page.Cursor;
        } while (cursor != 0);
        return keys;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scan_returns_every_key_and_namespace_across_shards(bool asyncWrite)
    {
        await using var temp = new TempStore(asyncWrite);
        var store = temp.Open();
        for (var i = 0; i < 300; i++)
            await store.SetStringAsync($"k{i}", "v");
        await store.HSetAsync(TempStore.B("ns"), [(TempStore.B("f"), TempStore.B("v"))]);

        var keys = await ScanAllAsync(store, ScanFilter.None, 7);

        Assert.Equal(301, keys.Distinct().Count());
        Assert.Contains("ns", keys);
    }

    [Fact]
    public async Task Scan_with_concurrent_inserts_and_deletes_returns_every_key_present_throughout()
    {
        await using var temp = new TempStore(shards: 3);
        var store = temp.Open();
        var stable = Enumerable.Range(0, 1000).Select(i => $"stable:{i}").ToList();
        foreach (var key in stable)
            await store.SetStringAsync(key, "v");
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await store.SetStringAsync($"churn:{i}", "v");
                await store.SetStringAsync($"stable:{i % 1000}", "rewritten"); // updates keep the row: still found
                if (i >= 5)
                    await store.DeleteAsync([TempStore.B($"churn:{i - 5}")]);
            }
        });

        var seen = new HashSet<string>();
        ulong cursor = 0;
        do
        {
            var page = await store.ScanAsync(cursor, ScanFilter.None, 10);
            seen.UnionWith(page.Keys.Select(k => Encoding.UTF8.GetString(k)));
            cursor = page.Cursor;
            await Task.Yield();
        } while (cursor != 0);
        stop.Cancel();
        await churn;

        var missed = stable.Where(k => !seen.Contains(k)).ToList();
        Assert.True(missed.Count == 0, "missed: " + string.Join(", ", missed.Take(10)));
    }

    [Fact]
    public async Task Scan_with_a_prefix_bound_and_type_filter_sees_only_those_names()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        await store.SetStringAsync("user:1", "a");
        await store.SetStringAsync("user:2", "b");
        await store.SetStringAsync("other", "c");
        await store.HSetAsync(TempStore.B("user:h"), [(TempStore.B("f"), TempStore.B("v"))]);

        var users = await ScanAllAsync(store, new ScanFilter(KeyBounds.ForPrefix("user:"u8), null, null), 1);
        var hashes = await ScanAllAsync(store, new ScanFilter(KeyBounds.All, null, KeyType.Hash), 10);

        Assert.Equal(["user:1", "user:2", "user:h"], users.Order());
        Assert.Equal(["user:h"], hashes);
    }

    [Fact]
    public void Prefix_bounds_cover_exactly_the_keys_with_that_prefix()
    {
        var bounds = KeyBounds.ForPrefix([(byte)'a', (byte)'b', 0xFF]);
        Assert.Equal("ac"u8.ToArray(), bounds.High);
        Assert.True(bounds.Contains([(byte)'a', (byte)'b', 0xFF, 0xFF]));
        Assert.False(bounds.Contains("ac"u8));
        Assert.Null(KeyBounds.ForPrefix([0xFF, 0xFF]).High);
    }

    [Fact]
    public async Task Keys_and_random_key_see_live_names_and_nothing_on_an_empty_store()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        Assert.Null(await store.RandomKeyAsync());
        Assert.Empty(await store.KeysAsync(ScanFilter.None));

        await store.SetStringAsync("only", "v");

        Assert.Equal("only", Encoding.UTF8.GetString((await store.RandomKeyAsync())!));
        Assert.Single(await store.KeysAsync(ScanFilter.None));
    }

    [Fact]
    public async Task HScan_pages_through_a_namespace_and_reports_WrongType_for_a_blob()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        var pairs = Enumerable.Range(0, 25).Select(i => (TempStore.B($"f{i}"), TempStore.B($"v{i}"))).ToList();
        await store.HSetAsync(TempStore.B("ns"), pairs);
        await store.SetStringAsync("blob", "v");

        var fields = new List<string>();
        ulong cursor = 0;
        do
        {
            var page = await store.HScanAsync(TempStore.B("ns"), cursor, null, 10, values: true);
            fields.AddRange(page.Entries.Select(e => Encoding.UTF8.GetString(e.Key) + "=" + Encoding.UTF8.GetString(e.Value)));
            cursor = page.Cursor;
        } while (cursor != 0);

        Assert.Equal(25, fields.Distinct().Count());
        Assert.Contains("f7=v7", fields);
        Assert.Equal(StoreStatus.WrongType, (await store.HScanAsync(TempStore.B("blob"), 0, null, 10, values: false)).Status);
    }
}

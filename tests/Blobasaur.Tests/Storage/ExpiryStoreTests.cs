using Blobasaur.Storage;
using Blobasaur.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

public sealed class ExpiryStoreTests
{
    private readonly FakeTimeProvider _clock = new();

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private BlobStore Open(TempStore temp, bool asyncWrite = false) =>
        BlobStore.Open(temp.Config with { AsyncWrite = asyncWrite, ExpirySweepIntervalMs = 0 }, _clock, NullLoggerFactory.Instance);

    [Fact]
    public async Task A_new_shard_file_is_at_schema_2_and_reopening_keeps_ttls()
    {
        await using var temp = new TempStore(shards: 1);
        await using (var store = Open(temp))
        {
            await store.SetAsync(B("k"), B("v"), new SetOptions(ExpiresAtMs: Now + 5_000));
            await store.HSetAsync(B("ns"), [(B("f"), B("v"))]);
            Assert.True(await store.ExpireAsync(B("ns"), Now + 9_000, ExpireCondition.None));
        }
        await using (var reopened = Open(temp))
        {
            Assert.Equal(Now + 5_000, (await reopened.TtlAsync(B("k"))).ExpiresAtMs);
            Assert.Equal(Now + 9_000, (await reopened.TtlAsync(B("ns"))).ExpiresAtMs);
        }
        await using var db = new SqliteConnection($"Data Source={Path.Combine(temp.Config.DataDir, "shard_0.db")};Pooling=false");
        db.Open();
        using var command = new SqliteCommand("SELECT value FROM meta WHERE name = 'schema'", db);
        Assert.Equal(2L, command.ExecuteScalar());
    }

    [Fact]
    public async Task The_sweep_deletes_in_chunks_of_500_rows_per_transaction()
    {
        await using var temp = new TempStore(shards: 1);
        await using var store = Open(temp);
        for (var i = 0; i < 1_234; i += 100)
            await store.MSetAsync([.. Enumerable.Range(i, 100).Select(j => KeyValuePair.Create(B($"k{j}"), B("v")))], false);
        for (var i = 0; i < 1_300; i++)
            await store.ExpireAsync(B($"k{i}"), Now + 1, ExpireCondition.None);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var commits = store.Commits;
        Assert.Equal(1_300, await store.SweepExpiredAsync());
        Assert.Equal(3, store.Commits - commits); // 500 + 500 + 300
        Assert.Equal(0, store.CountKeys());
        Assert.Equal(1_300, store.ExpiredKeys);
    }

    [Fact]
    public async Task A_big_namespace_past_its_ttl_is_dropped_and_its_entries_swept_later()
    {
        await using var temp = new TempStore(shards: 1);
        await using var store = Open(temp);
        for (var i = 0; i < 2_500; i += 500)
            await store.HSetAsync(B("big"), [.. Enumerable.Range(i, 500).Select(j => (B($"f{j}"), B("v")))]);
        await store.ExpireAsync(B("big"), Now + 10, ExpireCondition.None);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(KeyType.None, await store.TypeAsync(B("big")));
        Assert.Equal(0, (await store.HLenAsync(B("big"))).Count);
        Assert.True(await store.SweepExpiredAsync() >= 1);
        Assert.Equal(0, store.CountKeys());
        Assert.Equal(1, (await store.HSetAsync(B("big"), [(B("f0"), B("new"))])).Count); // a fresh namespace
        Assert.Equal(1, (await store.HLenAsync(B("big"))).Count);
    }

    [Fact]
    public async Task Entry_ttls_expire_entries_and_hlen_counts_only_live_ones()
    {
        await using var temp = new TempStore(shards: 1);
        await using var store = Open(temp);
        await store.HSetAsync(B("ns"), [(B("a"), B("1")), (B("b"), B("2")), (B("c"), B("3"))]);
        var codes = await store.HExpireAsync(B("ns"), Now + 100, ExpireCondition.None, [B("a"), B("b"), B("zz")]);
        Assert.Equal([1L, 1L, -2L], codes.Codes);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, (await store.HLenAsync(B("ns"))).Count);
        Assert.Equal(2, await store.SweepExpiredAsync());
        Assert.Equal(1, (await store.HLenAsync(B("ns"))).Count);
        Assert.Equal(1, store.CountKeys());
    }

    [Fact]
    public async Task Async_blind_set_with_ex_is_visible_at_once_and_expire_is_decided_in_the_writer()
    {
        await using var temp = new TempStore();
        await using var store = Open(temp, asyncWrite: true);
        await store.SetAsync(B("k"), B("v"), new SetOptions(ExpiresAtMs: Now + 1_000));
        Assert.Equal(Now + 1_000, (await store.TtlAsync(B("k"))).ExpiresAtMs);
        Assert.True(await store.ExpireAsync(B("k"), Now + 5_000, ExpireCondition.IfGreater));
        Assert.Equal(Now + 5_000, (await store.TtlAsync(B("k"))).ExpiresAtMs);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False((await store.TtlAsync(B("k"))).Exists);
        Assert.Null(await store.GetStringAsync("k"));
    }

    [Fact]
    public async Task Info_figures_count_live_keys_with_a_ttl_and_their_mean_ttl()
    {
        await using var temp = new TempStore();
        await using var store = Open(temp);
        await store.SetAsync(B("a"), B("v"), new SetOptions(ExpiresAtMs: Now + 1_000));
        await store.SetAsync(B("b"), B("v"), new SetOptions(ExpiresAtMs: Now + 3_000));
        await store.SetStringAsync("c", "no ttl");
        Assert.Equal((2L, 2_000L), store.KeysWithTtl());
        _clock.Advance(TimeSpan.FromMilliseconds(1_000));
        Assert.Equal((1L, 2_000L), store.KeysWithTtl());
    }
}

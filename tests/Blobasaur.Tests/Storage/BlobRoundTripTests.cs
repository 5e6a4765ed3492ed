using Blobasaur.Storage;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

public sealed class BlobRoundTripTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task All_byte_values_empty_1MB_and_64MB_round_trip_and_survive_restart(bool asyncWrite)
    {
        await using var temp = new TempStore(asyncWrite);
        var store = temp.Open();
        var every = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var mb = new byte[1 << 20];
        var big = new byte[64 << 20];
        new Random(1).NextBytes(mb);
        new Random(2).NextBytes(big);
        var cases = new (ReadOnlyMemory<byte> Key, byte[] Value)[]
        {
            (every, every), (B("empty"), []), (B(""), B("empty key").ToArray()), (B("mb"), mb), (B("big"), big),
        };
        foreach (var (key, value) in cases)
            (await store.SetAsync(key, value, SetOptions.Default)).Dispose();

        foreach (var (key, value) in cases)
            Assert.Equal(value, await store.GetBytesAsync(key));

        store = await temp.ReopenAsync();
        foreach (var (key, value) in cases)
            Assert.Equal(value, await store.GetBytesAsync(key));
        Assert.Equal(5, store.CountKeys());
        Assert.Equal(0, (await store.StrLenAsync(B("empty"))).Count);
        Assert.Equal(big.Length, (await store.StrLenAsync(B("big"))).Count);
    }

    [Fact]
    public async Task Set_conditions_and_get_old_value_follow_redis()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        Assert.Equal(StoreStatus.ConditionNotMet, (await store.SetAsync(B("k"), B("1"), new SetOptions(SetCondition.IfExists))).Status);
        Assert.Equal(StoreStatus.Ok, (await store.SetAsync(B("k"), B("1"), new SetOptions(SetCondition.IfNotExists))).Status);
        Assert.Equal(StoreStatus.ConditionNotMet, (await store.SetAsync(B("k"), B("2"), new SetOptions(SetCondition.IfNotExists))).Status);
        using (var old = await store.SetAsync(B("k"), B("3"), new SetOptions(ReturnOld: true)))
            Assert.Equal("1"u8.ToArray(), old.OldValue!.ToArray());
        using (var del = await store.GetDelAsync(B("k")))
            Assert.Equal("3"u8.ToArray(), del.Value!.ToArray());
        Assert.Equal(StoreStatus.NotFound, (await store.GetDelAsync(B("k"))).Status);
        Assert.Equal(0, store.CountKeys());
    }

    [Fact]
    public async Task Delete_and_exists_count_like_redis()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        await store.SetStringAsync("a", "1");
        await store.SetStringAsync("b", "2");
        await store.HSetAsync(B("h"), [(B("f"), B("v"))]);
        Assert.Equal(5, await store.ExistsAsync([B("a"), B("a"), B("b"), B("h"), B("h"), B("nope")]));
        Assert.Equal(3, store.CountKeys());
        Assert.Equal(3, await store.DeleteAsync([B("a"), B("a"), B("b"), B("h"), B("nope")]));
        Assert.Equal(0, store.CountKeys());
        Assert.Equal(KeyType.None, await store.TypeAsync(B("h")));
    }

    [Fact]
    public async Task Expired_values_are_invisible()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        var past = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;
        (await store.SetAsync(B("gone"), B("v"), new SetOptions(ExpiresAtMs: past))).Dispose();
        Assert.Null(await store.GetStringAsync("gone"));
        Assert.Equal(0, await store.ExistsAsync([B("gone")]));
        Assert.Equal(StoreStatus.Ok, (await store.SetAsync(B("gone"), B("v2"), new SetOptions(SetCondition.IfNotExists))).Status);
        Assert.Equal("v2", await store.GetStringAsync("gone"));
    }

    [Fact]
    public async Task Flush_all_empties_every_shard()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        for (var i = 0; i < 50; i++)
            await store.SetStringAsync($"k{i}", "v");
        await store.HSetAsync(B("h"), [(B("f"), B("v"))]);
        await store.FlushAllAsync();
        Assert.Equal(0, store.CountKeys());
        Assert.Null(await store.GetStringAsync("k1"));
        Assert.Equal(0, (await store.HLenAsync(B("h"))).Count);
    }
}

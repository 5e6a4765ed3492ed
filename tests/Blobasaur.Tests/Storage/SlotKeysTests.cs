using System.Text;
using Blobasaur.Hashing;
using Blobasaur.Storage;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

// The per-slot keyspace behind CLUSTER COUNTKEYSINSLOT / GETKEYSINSLOT and the emptiness check of FLUSHSLOTS / RESET.
public sealed class SlotKeysTests
{
    private static readonly int Slot = HashSlot.Of("s"u8);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_slot_lists_its_live_blobs_and_namespaces_in_byte_order(bool asyncWrite)
    {
        await using var temp = new TempStore(asyncWrite);
        var store = temp.Open();
        Assert.True(await store.IsEmptyAsync());
        await store.SetStringAsync("{s}b", "1");
        await store.SetStringAsync("{s}a", "1");
        await store.HSetAsync(B("{s}h"), [(B("f"), B("v"))]);
        await store.SetStringAsync("other", "1");
        using (await store.SetAsync(B("{s}gone"), B("1"), new SetOptions { ExpiresAtMs = 1 })) { }

        Assert.Equal(3, await store.CountKeysInSlotAsync(Slot));
        Assert.Equal(["{s}a", "{s}b", "{s}h"], Names(await store.GetKeysInSlotAsync(Slot, 10)));
        Assert.Equal(["{s}a", "{s}b"], Names(await store.GetKeysInSlotAsync(Slot, 2)));
        Assert.Empty(await store.GetKeysInSlotAsync(Slot, 0));
        Assert.Equal(0, await store.CountKeysInSlotAsync((Slot + 1) % HashSlot.Count));
        Assert.False(await store.IsEmptyAsync());
    }

    [Fact]
    public async Task Acknowledged_async_writes_are_counted_and_listed_exactly_once_while_they_commit()
    {
        await using var temp = new TempStore(asyncWrite: true, shards: 2);
        var store = temp.Open();
        for (var i = 0; i < 300; i++)
        {
            await store.SetStringAsync($"{{s}}{i:D4}", "v");
            Assert.Equal(i + 1, await store.CountKeysInSlotAsync(Slot));
            var keys = Names(await store.GetKeysInSlotAsync(Slot, 1000));
            Assert.Equal(i + 1, keys.Count);
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
    }

    [Fact]
    public async Task A_store_holding_only_expired_keys_is_empty()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        using (await store.SetAsync(B("k"), B("1"), new SetOptions { ExpiresAtMs = 1 })) { }

        Assert.True(await store.IsEmptyAsync());
        await store.SetStringAsync("k2", "1");
        Assert.False(await store.IsEmptyAsync());
    }

    private static List<string> Names(IEnumerable<byte[]> keys) => [.. keys.Select(k => Encoding.UTF8.GetString(k))];
}

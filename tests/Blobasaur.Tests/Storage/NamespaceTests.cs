using System.Text;
using Blobasaur.Storage;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

public sealed class NamespaceTests
{
    [Fact]
    public async Task Wrong_type_both_ways_and_set_replaces_a_namespace_as_redis_does()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        await store.SetStringAsync("blob", "v");
        Assert.Equal(1, (await store.HSetAsync(B("ns"), [(B("f"), B("v"))])).Count);

        Assert.Equal(StoreStatus.WrongType, (await store.GetAsync(B("ns"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.StrLenAsync(B("ns"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.GetDelAsync(B("ns"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.SetAsync(B("ns"), B("x"), new SetOptions(ReturnOld: true))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.HSetAsync(B("blob"), [(B("f"), B("v"))])).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.HGetAsync(B("blob"), B("f"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.HLenAsync(B("blob"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.HDelAsync(B("blob"), [B("f")])).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.HGetAllAsync(B("blob"))).Status);
        Assert.Equal(KeyType.Hash, await store.TypeAsync(B("ns")));
        Assert.Equal(KeyType.String, await store.TypeAsync(B("blob")));

        // Plain SET overwrites any type (https://redis.io/docs/latest/commands/set/).
        await store.SetStringAsync("ns", "now a blob");
        Assert.Equal("now a blob", await store.GetStringAsync("ns"));
        Assert.Equal(2, store.CountKeys());
    }

    [Fact]
    public async Task Namespaces_are_isolated_and_names_are_binary()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        var names = new[] { B("users:123"), B("users:124"), Encoding.UTF8.GetBytes("名前空間"), new byte[] { 0, 255, 13, 10 } };
        foreach (var name in names)
            Assert.Equal(2, (await store.HSetAsync(name, [(B("f"), name), (B("g"), B("same"))])).Count);

        foreach (var name in names)
        {
            using var value = await store.HGetAsync(name, B("f"));
            Assert.Equal(name.ToArray(), value.Value!.ToArray());
            Assert.Equal(2, (await store.HLenAsync(name)).Count);
        }
        Assert.Equal(names.Length, store.CountKeys());

        Assert.Equal(0, (await store.HSetAsync(names[0], [(B("f"), B("changed"))])).Count);
        Assert.Equal(0, (await store.HSetAsync(names[0], [(B("g"), B("x"))], onlyIfMissing: true)).Count);
        Assert.Equal(1, (await store.HSetAsync(names[0], [(B("h"), B("x"))], onlyIfMissing: true)).Count);
        using (var other = await store.HGetAsync(names[1], B("f")))
            Assert.Equal(names[1].ToArray(), other.Value!.ToArray());

        var all = await store.HGetAllAsync(names[0]);
        Assert.Equal(["f", "g", "h"], all.Entries.Select(e => Encoding.UTF8.GetString(e.Key)));
        Assert.Equal(["changed", "same", "x"], all.Entries.Select(e => Encoding.UTF8.GetString(e.Value)));
        Assert.Equal(3, (await store.HValsAsync(names[0])).Entries.Count);
        using (var many = await store.HMGetAsync(names[0], [B("f"), B("zz"), B("h")]))
            Assert.Equal([true, false, true], many.Values.Select(v => v is not null));

        Assert.Equal(1, (await store.HExistsAsync(names[0], B("h"))).Count);
        Assert.Equal(7, (await store.HStrLenAsync(names[0], B("f"))).Count);
        Assert.Equal(2, (await store.HDelAsync(names[0], [B("f"), B("g"), B("nope")])).Count);
        Assert.Equal(1, (await store.HDelAsync(names[0], [B("h")])).Count);
        Assert.Equal(KeyType.None, await store.TypeAsync(names[0])); // the last entry took the namespace with it
        Assert.Equal(names.Length - 1, store.CountKeys());
    }

    [Fact]
    public async Task Deleting_a_namespace_with_many_entries_frees_the_name_at_once_and_sweeps_in_the_background()
    {
        await using var temp = new TempStore(shards: 1);
        var store = temp.Open();
        var pairs = Enumerable.Range(0, 20_000).Select(i => (B($"f{i}"), B("v"))).ToList();
        for (var i = 0; i < pairs.Count; i += 5000)
            await store.HSetAsync(B("big"), pairs.GetRange(i, 5000));
        Assert.Equal(20_000, (await store.HLenAsync(B("big"))).Count);

        Assert.Equal(1, await store.DeleteAsync([B("big")]));
        Assert.Equal(KeyType.None, await store.TypeAsync(B("big")));
        Assert.Equal(1, (await store.HSetAsync(B("big"), [(B("f1"), B("new"))])).Count); // no ghost of the old entries
        Assert.Equal(1, (await store.HLenAsync(B("big"))).Count);
        await store.SetStringAsync("other", "write not stalled");

        store = await temp.ReopenAsync(); // close drains; the sweep resumes from the persisted mark if unfinished
        for (var i = 0; i < 200; i++)
        {
            await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(temp.Config.DataDir, "shard_0.db")}");
            check.Open();
            using var count = check.CreateCommand();
            count.CommandText = "SELECT count(*) FROM entries";
            if ((long)count.ExecuteScalar()! == 1)
                return;
            await Task.Delay(50);
        }
        Assert.Fail("entries of the deleted namespace were never swept");
    }
}

using Blobasaur.Storage;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

public sealed class WritePathTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 4)]
    [InlineData(true, 4)]
    public async Task MSetNx_is_all_or_nothing(bool asyncWrite, int shards)
    {
        await using var temp = new TempStore(asyncWrite, shards);
        var store = temp.Open();
        var keys = Enumerable.Range(0, 10).Select(i => B($"m{i}")).ToList();
        Assert.True(await store.MSetAsync(keys.Select(k => KeyValuePair.Create(k, B("1"))).ToList(), onlyIfNoneExist: true));
        var more = keys.Skip(5).Concat(Enumerable.Range(10, 10).Select(i => B($"m{i}"))).ToList();
        Assert.False(await store.MSetAsync(more.Select(k => KeyValuePair.Create(k, B("2"))).ToList(), onlyIfNoneExist: true));
        Assert.Null(await store.GetStringAsync("m15"));
        Assert.Equal("1", await store.GetStringAsync("m7"));
        Assert.True(await store.MSetAsync(more.Select(k => KeyValuePair.Create(k, B("3"))).ToList(), onlyIfNoneExist: false));
        Assert.Equal("3", await store.GetStringAsync("m15"));
        if (asyncWrite)
            store = await temp.ReopenAsync(); // DBSIZE counts committed rows; async writes commit a moment later
        Assert.Equal(20, store.CountKeys());
    }

    [Fact]
    public async Task Concurrent_writers_are_group_committed()
    {
        await using var temp = new TempStore(shards: 1);
        var store = temp.Open();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async t =>
        {
            for (var i = 0; i < 50; i++)
                await store.SetStringAsync($"t{t}:{i}", "v");
        }));
        Assert.Equal(64 * 50, store.CountKeys());
        Assert.True(store.LargestBatch > 1, $"largest batch {store.LargestBatch}");
        Assert.True(store.Commits < store.CommittedOps, $"{store.Commits} commits for {store.CommittedOps} ops");
    }

    [Fact]
    public async Task Async_writes_are_read_back_at_once_from_other_tasks()
    {
        await using var temp = new TempStore(asyncWrite: true);
        var store = temp.Open();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var key = $"a{t}:{i}";
                await store.SetStringAsync(key, key);
                var reader = Task.Run(() => store.GetStringAsync(key)); // another task, as another connection would
                Assert.Equal(key, await reader);
                Assert.Equal(1, await store.ExistsAsync([B(key)]));
            }
        })));
        store = await temp.ReopenAsync();
        Assert.Equal(1600, store.CountKeys());
        Assert.Equal("a7:199", await store.GetStringAsync("a7:199"));
    }

    [Fact]
    public async Task A_tiny_inflight_budget_makes_writers_wait_and_loses_nothing()
    {
        await using var temp = new TempStore(asyncWrite: true, inflightMaxBytes: 4096);
        var store = temp.Open();
        var value = new byte[1000];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                (await store.SetAsync(B($"b{t}:{i}"), value, SetOptions.Default)).Dispose();
                Assert.True(store.PendingInflightBytes <= 4096 + 1100, $"{store.PendingInflightBytes} bytes pending");
            }
        })));
        Assert.True(store.BackpressureWaits > 0);
        store = await temp.ReopenAsync();
        Assert.Equal(800, store.CountKeys());
        Assert.Equal(0, store.PendingInflightBytes);
    }

    [Fact]
    public async Task Async_conditional_writes_still_answer_exactly()
    {
        await using var temp = new TempStore(asyncWrite: true);
        var store = temp.Open();
        await store.SetStringAsync("c", "1"); // blind: acknowledged when queued
        Assert.Equal(StoreStatus.ConditionNotMet, (await store.SetAsync(B("c"), B("2"), new SetOptions(SetCondition.IfNotExists))).Status);
        Assert.Equal(1, await store.DeleteAsync([B("c"), B("c")]));
        Assert.Null(await store.GetStringAsync("c"));
    }
}

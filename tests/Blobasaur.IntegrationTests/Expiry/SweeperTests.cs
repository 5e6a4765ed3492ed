using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Expiry;

// The sweeper and the INFO figures, on their own server so DBSIZE is not shared with other classes.
public sealed class SweeperTests(FakeClockServer server) : IClassFixture<FakeClockServer>
{
    [Fact]
    public async Task Many_keys_expire_at_once_the_sweep_removes_them_in_chunks_and_dbsize_drops()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var before = long.Parse((await conn.SendAsync("DBSIZE"))[1..]);
        var expiredBefore = ExpiredKeys(await InfoAsync(conn, "stats"));
        const int count = 1_800; // > 3 chunks of 500 over 4 shards
        var prefix = TestKey.Me();
        for (var i = 0; i < count; i += 100)
        {
            var args = new List<object> { "MSET" };
            for (var j = i; j < i + 100; j++) args.AddRange([$"{prefix}:{j}", "v"]);
            await conn.SendAsync([.. args]);
            for (var j = i; j < i + 100; j++) await conn.SendAsync("PEXPIRE", $"{prefix}:{j}", "1000");
        }
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2");
        await conn.SendAsync("HPEXPIRE", ns, "1000", "FIELDS", "2", "a", "b");
        Assert.Equal($":{before + count + 1}", await conn.SendAsync("DBSIZE"));
        Assert.Contains($"db0:keys={before + count + 1},expires={count},avg_ttl=1000", await InfoAsync(conn, "keyspace"));

        server.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal($":{before + count + 1}", await conn.SendAsync("DBSIZE")); // as in Redis, unswept keys still count
        Assert.Equal(count + 2, await server.SweepAsync());                    // 1800 blobs + 2 entries
        Assert.Equal($":{before}", await conn.SendAsync("DBSIZE"));
        Assert.Equal(expiredBefore + count + 1, ExpiredKeys(await InfoAsync(conn, "stats"))); // the emptied namespace counts too
        Assert.Equal(0, await server.SweepAsync());
    }

    [Fact]
    public async Task Writes_are_served_between_sweep_chunks()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var prefix = TestKey.Me();
        for (var i = 0; i < 2_000; i += 200)
        {
            var args = new List<object> { "MSET" };
            for (var j = i; j < i + 200; j++) args.AddRange([$"{prefix}:{j}", "v"]);
            await conn.SendAsync([.. args]);
            for (var j = i; j < i + 200; j++) await conn.SendAsync("EXPIRE", $"{prefix}:{j}", "1");
        }
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var sweep = server.SweepAsync();
        Assert.Equal("+OK", await conn.SendAsync("SET", TestKey.Me(), "written during the sweep"));
        Assert.Equal(2_000, await sweep);
    }

    private static long ExpiredKeys(string info) =>
        long.Parse(info.Split("\r\n").Single(l => l.StartsWith("expired_keys:", StringComparison.Ordinal))["expired_keys:".Length..]);

    private static async Task<string> InfoAsync(RespConnection conn, string section) => await conn.SendAsync("INFO", section);
}

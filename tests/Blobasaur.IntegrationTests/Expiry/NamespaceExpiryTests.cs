using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Expiry;

// A namespace is one Redis key: EXPIRE/TTL/PERSIST act on the whole namespace; HEXPIRE and friends on its entries.
public sealed class NamespaceExpiryTests(FakeClockServer server) : IClassFixture<FakeClockServer>
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value";

    [Fact]
    public async Task Expire_on_a_namespace_removes_it_whole_when_due()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "a", "1", "b", "2"));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", ns, "30"));
        Assert.Equal(":30", await conn.SendAsync("TTL", ns));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "c", "3"));   // HSET keeps the namespace's TTL, as in Redis
        Assert.Equal(":30", await conn.SendAsync("TTL", ns));
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
        Assert.Equal("+none", await conn.SendAsync("TYPE", ns));
        Assert.Equal(":0", await conn.SendAsync("HLEN", ns));
        Assert.Equal("[]", await conn.SendAsync("HGETALL", ns));
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "a"));
        Assert.Equal(":-2", await conn.SendAsync("TTL", ns));
        Assert.Equal(":1", await conn.SendAsync("HSETNX", ns, "a", "fresh")); // a new namespace, without the old TTL
        Assert.Equal(":-1", await conn.SendAsync("TTL", ns));
        Assert.Equal(":1", await conn.SendAsync("HLEN", ns));
    }

    [Fact]
    public async Task Persist_and_set_on_a_namespace()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1");
        Assert.Equal(":1", await conn.SendAsync("PEXPIRE", ns, "500"));
        Assert.Equal(":1", await conn.SendAsync("PERSIST", ns));
        Assert.Equal(":-1", await conn.SendAsync("PTTL", ns));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", ns, "0"));  // due now: deleted
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
    }

    [Fact]
    public async Task Hexpire_replies_per_entry_minus_two_zero_one_two()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("[:-2, :-2]", await conn.SendAsync("HEXPIRE", ns, "10", "FIELDS", "2", "a", "b")); // no namespace
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2", "c", "3");
        Assert.Equal("[:1, :-2]", await conn.SendAsync("HEXPIRE", ns, "100", "FIELDS", "2", "a", "zz"));
        Assert.Equal("[:0, :1]", await conn.SendAsync("HEXPIRE", ns, "50", "NX", "FIELDS", "2", "a", "b"));
        Assert.Equal("[:0, :1]", await conn.SendAsync("HEXPIRE", ns, "200", "XX", "FIELDS", "2", "c", "a"));
        Assert.Equal("[:0, :1]", await conn.SendAsync("HEXPIRE", ns, "300", "GT", "FIELDS", "2", "c", "b")); // c has no TTL: infinite
        Assert.Equal("[:1]", await conn.SendAsync("HEXPIRE", ns, "300", "LT", "FIELDS", "1", "c"));
        Assert.Equal("[:200, :300, :300, :-2]", await conn.SendAsync("HTTL", ns, "FIELDS", "4", "a", "b", "c", "zz"));
        Assert.Equal("[:2]", await conn.SendAsync("HEXPIRE", ns, "0", "FIELDS", "1", "c"));   // 0 = due now: deleted
        Assert.Equal("[:2]", await conn.SendAsync("HPEXPIREAT", ns, "1", "FIELDS", "1", "b")); // in the past: deleted
        Assert.Equal(":1", await conn.SendAsync("HLEN", ns));
        Assert.Equal("[:2]", await conn.SendAsync("HEXPIRE", ns, "0", "FIELDS", "1", "a"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns)); // the last entry went, so did the namespace
    }

    [Fact]
    public async Task Httl_family_counts_down_and_expired_entries_disappear()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2");
        var at = server.NowMs + 10_001;
        Assert.Equal("[:1]", await conn.SendAsync("HPEXPIREAT", ns, at.ToString(), "FIELDS", "1", "a"));
        Assert.Equal("[:11, :-1]", await conn.SendAsync("HTTL", ns, "FIELDS", "2", "a", "b")); // Redis rounds HTTL up
        Assert.Equal("[:10001]", await conn.SendAsync("HPTTL", ns, "FIELDS", "1", "a"));
        Assert.Equal($"[:{at}]", await conn.SendAsync("HPEXPIRETIME", ns, "FIELDS", "1", "a"));
        Assert.Equal($"[:{(at + 999) / 1000}]", await conn.SendAsync("HEXPIRETIME", ns, "FIELDS", "1", "a"));
        server.Clock.Advance(TimeSpan.FromMilliseconds(10_001));
        Assert.Equal("[:-2, :-1]", await conn.SendAsync("HTTL", ns, "FIELDS", "2", "a", "b"));
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "a"));
        Assert.Equal(":0", await conn.SendAsync("HEXISTS", ns, "a"));
        Assert.Equal(":1", await conn.SendAsync("HLEN", ns));
        Assert.Equal("[b, 2]", await conn.SendAsync("HGETALL", ns));
        Assert.Equal(":1", await conn.SendAsync("HSETNX", ns, "a", "again")); // an expired entry is absent for HSETNX
    }

    [Fact]
    public async Task A_namespace_whose_entries_all_expired_does_not_exist()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1");
        await conn.SendAsync("HPEXPIRE", ns, "100", "FIELDS", "1", "a");
        server.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
        Assert.Equal("+none", await conn.SendAsync("TYPE", ns));
        Assert.Equal(":-2", await conn.SendAsync("TTL", ns));
        Assert.Equal("+OK", await conn.SendAsync("SET", ns, "now a string", "NX")); // absent for SET NX too
        Assert.Equal("+string", await conn.SendAsync("TYPE", ns));
    }

    [Fact]
    public async Task Hpersist_replies_minus_two_minus_one_one()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("[:-2]", await conn.SendAsync("HPERSIST", ns, "FIELDS", "1", "a"));
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2");
        await conn.SendAsync("HEXPIRE", ns, "10", "FIELDS", "1", "a");
        Assert.Equal("[:1, :-1, :-2]", await conn.SendAsync("HPERSIST", ns, "FIELDS", "3", "a", "b", "c"));
        Assert.Equal("[:-1]", await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a"));
    }

    [Fact]
    public async Task Hset_clears_an_entry_ttl()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1");
        await conn.SendAsync("HEXPIRE", ns, "10", "FIELDS", "1", "a");
        Assert.Equal(":0", await conn.SendAsync("HSET", ns, "a", "2"));
        Assert.Equal("[:-1]", await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a"));
    }

    [Fact]
    public async Task Hsetex_sets_values_and_ttls_all_or_nothing()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("HSETEX", ns, "FXX", "FIELDS", "1", "a", "1"));  // FXX on a missing namespace
        Assert.Equal(":1", await conn.SendAsync("HSETEX", ns, "EX", "100", "FIELDS", "2", "a", "1", "b", "2"));
        Assert.Equal("[:100, :100]", await conn.SendAsync("HTTL", ns, "FIELDS", "2", "a", "b"));
        Assert.Equal(":0", await conn.SendAsync("HSETEX", ns, "FNX", "FIELDS", "2", "c", "3", "a", "x")); // a exists: nothing written
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "c"));
        Assert.Equal(":0", await conn.SendAsync("HSETEX", ns, "FXX", "FIELDS", "2", "a", "x", "c", "3")); // c missing: nothing written
        Assert.Equal("1", await conn.SendAsync("HGET", ns, "a"));
        Assert.Equal(":1", await conn.SendAsync("HSETEX", ns, "FXX", "KEEPTTL", "FIELDS", "1", "a", "kept"));
        Assert.Equal("[:100]", await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a"));
        Assert.Equal(":1", await conn.SendAsync("HSETEX", ns, "FIELDS", "1", "a", "plain")); // no option: the TTL goes, as HSET
        Assert.Equal("[:-1]", await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a"));
        Assert.Equal(":1", await conn.SendAsync("HSETEX", ns, "PX", "1500", "FNX", "FIELDS", "1", "c", "3"));
        Assert.Equal("[:1500]", await conn.SendAsync("HPTTL", ns, "FIELDS", "1", "c"));
        Assert.Equal(":1", await conn.SendAsync("HSETEX", ns, "EX", "0", "FIELDS", "1", "b", "gone")); // due now: deleted
        Assert.Equal(":0", await conn.SendAsync("HEXISTS", ns, "b"));
        Assert.Equal(":2", await conn.SendAsync("HLEN", ns));
        server.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal("[a, plain]", await conn.SendAsync("HGETALL", ns));
    }

    [Fact]
    public async Task Hgetex_returns_values_then_changes_ttls()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("[(nil)]", await conn.SendAsync("HGETEX", ns, "EX", "5", "FIELDS", "1", "a"));
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2");
        Assert.Equal("[1, (nil)]", await conn.SendAsync("HGETEX", ns, "EX", "5", "FIELDS", "2", "a", "zz"));
        Assert.Equal("[:5]", await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a"));
        Assert.Equal("[1]", await conn.SendAsync("HGETEX", ns, "PERSIST", "FIELDS", "1", "a"));
        Assert.Equal("[:-1]", await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a"));
        Assert.Equal("[2]", await conn.SendAsync("HGETEX", ns, "PXAT", server.NowMs.ToString(), "FIELDS", "1", "b"));
        Assert.Equal(":0", await conn.SendAsync("HEXISTS", ns, "b"));
        Assert.Equal("[1]", await conn.SendAsync("HGETEX", ns, "FIELDS", "1", "a"));
    }

    [Fact]
    public async Task Field_expiry_errors_have_redis_8_texts()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        var plain = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1");
        await conn.SendAsync("SET", plain, "v");
        Assert.Equal("-ERR Parameter `numFields` should be greater than 0", await conn.SendAsync("HEXPIRE", ns, "10", "FIELDS", "0", "a"));
        Assert.Equal("-ERR Parameter `numFields` should be greater than 0", await conn.SendAsync("HEXPIRE", ns, "10", "FIELDS", "x", "a"));
        Assert.Equal("-ERR The `numfields` parameter must match the number of arguments",
            await conn.SendAsync("HEXPIRE", ns, "10", "FIELDS", "2", "a"));
        Assert.Equal("-ERR Mandatory argument FIELDS is missing or not at the right position",
            await conn.SendAsync("HEXPIRE", ns, "10", "BADCOND", "FIELDS", "1", "a"));
        Assert.Equal("-ERR invalid expire time, must be >= 0", await conn.SendAsync("HEXPIRE", ns, "-1", "FIELDS", "1", "a"));
        Assert.Equal("-ERR invalid expire time in 'hexpire' command",
            await conn.SendAsync("HEXPIRE", ns, "70368744177664", "FIELDS", "1", "a"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("HEXPIRE", ns, "soon", "FIELDS", "1", "a"));
        Assert.Equal("-ERR Number of fields must be a positive integer", await conn.SendAsync("HTTL", ns, "FIELDS", "0", "a"));
        Assert.Equal("-ERR Number of fields must be a positive integer", await conn.SendAsync("HPERSIST", ns, "FIELDS", "x", "a"));
        Assert.Equal("-ERR The `numfields` parameter must match the number of arguments",
            await conn.SendAsync("HTTL", ns, "FIELDS", "1", "a", "b"));
        Assert.Equal("-ERR Mandatory argument FIELDS is missing or not at the right position",
            await conn.SendAsync("HTTL", ns, "NOTFIELDS", "1", "a"));
        Assert.Equal(WrongType, await conn.SendAsync("HEXPIRE", plain, "notanum", "FIELDS", "1", "a"));
        Assert.Equal(WrongType, await conn.SendAsync("HTTL", plain, "FIELDS", "1", "a"));
        Assert.Equal(WrongType, await conn.SendAsync("HSETEX", plain, "FIELDS", "1", "a", "1"));
        Assert.Equal(WrongType, await conn.SendAsync("HGETEX", plain, "FIELDS", "1", "a"));
        Assert.Equal("-ERR Only one of FXX or FNX arguments can be specified",
            await conn.SendAsync("HSETEX", ns, "FNX", "FXX", "FIELDS", "1", "a", "1"));
        Assert.Equal("-ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified",
            await conn.SendAsync("HSETEX", ns, "EX", "1", "KEEPTTL", "FIELDS", "1", "a", "1"));
        Assert.Equal("-ERR unknown argument: BOGUS", await conn.SendAsync("HSETEX", ns, "BOGUS", "FIELDS", "1", "a", "1"));
        Assert.Equal("-ERR invalid number of fields", await conn.SendAsync("HSETEX", ns, "FIELDS", "0", "a", "1"));
        Assert.Equal("-ERR wrong number of arguments for 'hsetex' command", await conn.SendAsync("HSETEX", ns, "FIELDS", "2", "a", "1"));
    }
}

using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Expiry;

// Key TTLs on a fake clock, through a real socket. The server's clock starts at 2026-01-01T00:00:00Z.
public sealed class KeyExpiryTests(FakeClockServer server) : IClassFixture<FakeClockServer>
{
    [Fact]
    public async Task Set_with_EX_then_TTL_counts_down_with_the_clock_and_the_key_vanishes_at_zero()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "EX", "100"));
        server.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(":60", await conn.SendAsync("TTL", key));
        Assert.Equal(":60000", await conn.SendAsync("PTTL", key));
        server.Clock.Advance(TimeSpan.FromMilliseconds(59_499));
        Assert.Equal(":1", await conn.SendAsync("TTL", key)); // 501 ms left: Redis rounds to the nearest second
        server.Clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(":0", await conn.SendAsync("TTL", key));
        server.Clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal("(nil)", await conn.SendAsync("GET", key));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
        Assert.Equal("+none", await conn.SendAsync("TYPE", key));
        Assert.Equal(":0", await conn.SendAsync("STRLEN", key));
        Assert.Equal(":-2", await conn.SendAsync("TTL", key));
        Assert.Equal(":-2", await conn.SendAsync("PTTL", key));
        Assert.Equal(":-2", await conn.SendAsync("EXPIRETIME", key));
    }

    [Fact]
    public async Task Expiretime_reports_absolute_unix_times()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        var at = server.NowMs + 10_500;
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "PXAT", at.ToString()));
        Assert.Equal($":{at}", await conn.SendAsync("PEXPIRETIME", key));
        Assert.Equal($":{at / 1000}", await conn.SendAsync("EXPIRETIME", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.Equal(":-1", await conn.SendAsync("PEXPIRETIME", key)); // a plain SET clears the TTL
    }

    [Fact]
    public async Task Setex_and_psetex_set_a_ttl_and_reject_non_positive_times()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SETEX", key, "10", "v"));
        Assert.Equal(":10000", await conn.SendAsync("PTTL", key));
        Assert.Equal("+OK", await conn.SendAsync("PSETEX", key, "1500", "w"));
        Assert.Equal(":1500", await conn.SendAsync("PTTL", key));
        Assert.Equal("w", await conn.SendAsync("GET", key));
        Assert.Equal("-ERR invalid expire time in 'setex' command", await conn.SendAsync("SETEX", key, "0", "v"));
        Assert.Equal("-ERR invalid expire time in 'psetex' command", await conn.SendAsync("PSETEX", key, "-5", "v"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SETEX", key, "ten", "v"));
        server.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal("(nil)", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Expire_conditions_follow_redis_with_no_ttl_as_infinite()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "100"));        // missing key
        await conn.SendAsync("SET", key, "v");
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "100", "XX"));  // no TTL yet
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "100", "GT"));  // no TTL = infinite: nothing is greater
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "100", "LT"));  // ...and anything is less
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "200", "NX"));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "200", "GT"));
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "150", "GT"));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "150", "XX", "LT"));
        Assert.Equal(":150", await conn.SendAsync("TTL", key));
        Assert.Equal(":1", await conn.SendAsync("PEXPIRE", key, "5000"));
        Assert.Equal(":5000", await conn.SendAsync("PTTL", key));
        var at = (server.NowMs / 1000) + 60;
        Assert.Equal(":1", await conn.SendAsync("EXPIREAT", key, at.ToString()));
        Assert.Equal($":{at}", await conn.SendAsync("EXPIRETIME", key));
        Assert.Equal(":1", await conn.SendAsync("PEXPIREAT", key, (at * 1000 + 7).ToString()));
        Assert.Equal($":{at * 1000 + 7}", await conn.SendAsync("PEXPIRETIME", key));
    }

    [Fact]
    public async Task Expire_option_errors_have_redis_texts()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "v");
        Assert.Equal("-ERR NX and XX, GT or LT options at the same time are not compatible", await conn.SendAsync("EXPIRE", key, "1", "NX", "XX"));
        Assert.Equal("-ERR NX and XX, GT or LT options at the same time are not compatible", await conn.SendAsync("EXPIRE", key, "1", "GT", "NX"));
        Assert.Equal("-ERR GT and LT options at the same time are not compatible", await conn.SendAsync("EXPIRE", key, "1", "GT", "LT"));
        Assert.Equal("-ERR Unsupported option FOO", await conn.SendAsync("EXPIRE", key, "1", "FOO"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("EXPIRE", key, "soon"));
        Assert.Equal("-ERR invalid expire time in 'expire' command", await conn.SendAsync("EXPIRE", key, "9223372036854775807"));
        Assert.Equal("-ERR invalid expire time in 'pexpire' command", await conn.SendAsync("PEXPIRE", key, "9223372036854775807"));
        Assert.Equal("-ERR invalid expire time in 'expireat' command", await conn.SendAsync("EXPIREAT", key, "-9223372036854775807"));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
    }

    [Fact]
    public async Task Expire_with_a_time_in_the_past_deletes_the_key_and_returns_one()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "v");
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "-10"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
        await conn.SendAsync("SET", key, "v");
        Assert.Equal(":1", await conn.SendAsync("PEXPIREAT", key, server.NowMs.ToString()));
        Assert.Equal("(nil)", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Persist_removes_a_ttl_once()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("PERSIST", key));
        await conn.SendAsync("SET", key, "v", "EX", "10");
        Assert.Equal(":1", await conn.SendAsync("PERSIST", key));
        Assert.Equal(":0", await conn.SendAsync("PERSIST", key));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
        server.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("v", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_clears_the_ttl_unless_keepttl()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "a", "EX", "100");
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "b", "KEEPTTL"));
        Assert.Equal(":100", await conn.SendAsync("TTL", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "c"));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
    }

    [Fact]
    public async Task Getex_reads_then_changes_the_ttl()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("GETEX", key, "EX", "10"));
        await conn.SendAsync("SET", key, "v");
        Assert.Equal("v", await conn.SendAsync("GETEX", key));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "EX", "10"));
        Assert.Equal(":10", await conn.SendAsync("TTL", key));
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "PX", "2500"));
        Assert.Equal(":2500", await conn.SendAsync("PTTL", key));
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "PERSIST"));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "PXAT", (server.NowMs - 1).ToString()));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key)); // a time already passed deletes after reading
        Assert.Equal("-ERR syntax error", await conn.SendAsync("GETEX", key, "EX", "10", "PERSIST"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("GETEX", key, "EX", "10", "PX", "10"));
        Assert.Equal("-ERR invalid expire time in 'getex' command", await conn.SendAsync("GETEX", key, "EX", "0"));
    }

    [Fact]
    public async Task Expired_keys_are_absent_for_conditional_writes()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "old", "PX", "10");
        server.Clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "new", "NX"));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
        await conn.SendAsync("SET", key, "old", "PX", "10");
        server.Clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "x", "XX"));
        Assert.Equal(":1", await conn.SendAsync("SETNX", key, "again"));
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", TestKey.Me(), "1"));
    }

    [Fact]
    public async Task Getex_on_a_namespace_is_wrongtype()
    {
        if (server.IsExternal) return; // needs the in-process server's fake clock
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "f", "v");
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await conn.SendAsync("GETEX", ns, "EX", "5"));
    }
}

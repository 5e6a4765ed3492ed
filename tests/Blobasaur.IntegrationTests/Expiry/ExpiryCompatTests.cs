using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Expiry;

// TTL sequences whose replies must equal Debian's redis-server 7.0.15 (run with BLOBASAUR_TEST_TARGET=host:port).
// An external server cannot be time-warped, so these use the real clock, long TTLs, and tolerant asserts on countdowns.
[Trait("Category", "RedisCompat")]
public sealed class ExpiryCompatTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Set_ex_ttl_pttl_and_persist()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":-2", await conn.SendAsync("TTL", key));
        Assert.Equal(":-2", await conn.SendAsync("PTTL", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "EX", "1000"));
        Assert.InRange(await IntAsync(conn, "TTL", key), 998, 1000);
        Assert.InRange(await IntAsync(conn, "PTTL", key), 997_000, 1_000_000);
        Assert.Equal(":1", await conn.SendAsync("PERSIST", key));
        Assert.Equal(":0", await conn.SendAsync("PERSIST", key));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
        Assert.Equal(":-1", await conn.SendAsync("EXPIRETIME", key));
        Assert.Equal(":0", await conn.SendAsync("PERSIST", TestKey.Me()));
    }

    [Fact]
    public async Task Setex_psetex_and_their_errors()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SETEX", key, "1000", "v"));
        Assert.InRange(await IntAsync(conn, "TTL", key), 998, 1000);
        Assert.Equal("+OK", await conn.SendAsync("PSETEX", key, "1000000", "w"));
        Assert.Equal("w", await conn.SendAsync("GET", key));
        Assert.Equal("-ERR invalid expire time in 'setex' command", await conn.SendAsync("SETEX", key, "0", "v"));
        Assert.Equal("-ERR invalid expire time in 'psetex' command", await conn.SendAsync("PSETEX", key, "-1", "v"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SETEX", key, "1.5", "v"));
        Assert.Equal("-ERR wrong number of arguments for 'setex' command", await conn.SendAsync("SETEX", key, "10"));
    }

    [Fact]
    public async Task Expire_conditions_and_replies()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "1000"));
        await conn.SendAsync("SET", key, "v");
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "1000", "XX"));
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "1000", "GT"));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "1000", "NX"));
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "2000", "NX"));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "2000", "GT"));
        Assert.Equal(":0", await conn.SendAsync("EXPIRE", key, "1500", "GT"));
        Assert.Equal(":1", await conn.SendAsync("PEXPIRE", key, "1500000", "XX", "LT"));
        Assert.Equal(":0", await conn.SendAsync("PEXPIRE", key, "1600000", "LT"));
        Assert.InRange(await IntAsync(conn, "TTL", key), 1498, 1500);
        Assert.Equal(":1", await conn.SendAsync("EXPIREAT", key, "4102444800"));   // 2100-01-01
        Assert.Equal(":4102444800", await conn.SendAsync("EXPIRETIME", key));
        Assert.Equal(":1", await conn.SendAsync("PEXPIREAT", key, "4102444800123"));
        Assert.Equal(":4102444800123", await conn.SendAsync("PEXPIRETIME", key));
        Assert.Equal(":4102444800", await conn.SendAsync("EXPIRETIME", key));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", key, "-1"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
        Assert.Equal(":-2", await conn.SendAsync("EXPIRETIME", key));
    }

    [Fact]
    public async Task Expire_errors()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "v");
        Assert.Equal("-ERR NX and XX, GT or LT options at the same time are not compatible", await conn.SendAsync("EXPIRE", key, "10", "NX", "XX"));
        Assert.Equal("-ERR NX and XX, GT or LT options at the same time are not compatible", await conn.SendAsync("EXPIRE", key, "10", "NX", "LT"));
        Assert.Equal("-ERR GT and LT options at the same time are not compatible", await conn.SendAsync("PEXPIRE", key, "10", "GT", "LT"));
        Assert.Equal("-ERR Unsupported option whenever", await conn.SendAsync("EXPIRE", key, "10", "whenever"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("EXPIRE", key, "ten"));
        Assert.Equal("-ERR invalid expire time in 'expire' command", await conn.SendAsync("EXPIRE", key, "9223372036854775807"));
        Assert.Equal("-ERR invalid expire time in 'pexpire' command", await conn.SendAsync("PEXPIRE", key, "9223372036854775807"));
        Assert.Equal("-ERR invalid expire time in 'expireat' command", await conn.SendAsync("EXPIREAT", key, "9223372036854775807"));
        Assert.Equal("-ERR wrong number of arguments for 'expire' command", await conn.SendAsync("EXPIRE", key));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
    }

    [Fact]
    public async Task Set_keepttl_and_plain_set()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "a", "EX", "1000");
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "b", "KEEPTTL"));
        Assert.InRange(await IntAsync(conn, "TTL", key), 998, 1000);
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "c"));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
    }

    [Fact]
    public async Task Getex_options_and_errors()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("GETEX", key));
        await conn.SendAsync("SET", key, "v");
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "EX", "1000"));
        Assert.InRange(await IntAsync(conn, "TTL", key), 998, 1000);
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "PERSIST"));
        Assert.Equal(":-1", await conn.SendAsync("TTL", key));
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "EXAT", "4102444800"));
        Assert.Equal(":4102444800", await conn.SendAsync("EXPIRETIME", key));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("GETEX", key, "EX", "10", "PERSIST"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("GETEX", key, "PERSIST", "EX", "10"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("GETEX", key, "KEEPTTL"));
        Assert.Equal("-ERR invalid expire time in 'getex' command", await conn.SendAsync("GETEX", key, "PX", "0"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("GETEX", key, "EX", "x"));
        Assert.Equal("v", await conn.SendAsync("GETEX", key, "PXAT", "1"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
    }

    [Fact]
    public async Task A_hash_key_has_a_ttl_too()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "f", "v");
        Assert.Equal(":-1", await conn.SendAsync("TTL", ns));
        Assert.Equal(":1", await conn.SendAsync("EXPIRE", ns, "1000"));
        Assert.InRange(await IntAsync(conn, "TTL", ns), 998, 1000);
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "g", "w"));
        Assert.InRange(await IntAsync(conn, "TTL", ns), 998, 1000);
        Assert.Equal(":1", await conn.SendAsync("PERSIST", ns));
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await conn.SendAsync("GETEX", ns));
        Assert.Equal(":1", await conn.SendAsync("PEXPIRE", ns, "0"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
    }

    private static async Task<long> IntAsync(RespConnection conn, params object[] args)
    {
        var reply = await conn.SendAsync(args);
        Assert.StartsWith(":", reply);
        return long.Parse(reply[1..]);
    }
}

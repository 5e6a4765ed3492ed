using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Scan;

public sealed class RangeCommandTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Getrange_follows_redis_index_rules()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "Hello World");
        Assert.Equal("Hell", await conn.SendAsync("GETRANGE", key, "0", "3"));
        Assert.Equal("rld", await conn.SendAsync("GETRANGE", key, "-3", "-1"));
        Assert.Equal("", await conn.SendAsync("GETRANGE", key, "5", "3"));
        Assert.Equal("", await conn.SendAsync("GETRANGE", key, "-1", "-5"));
        Assert.Equal("Hello World", await conn.SendAsync("GETRANGE", key, "-100", "100"));
        Assert.Equal("", await conn.SendAsync("GETRANGE", TestKey.Me(), "0", "10"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("GETRANGE", key, "a", "1"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Setrange_pads_with_zeros_and_checks_offsets()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":11", await conn.SendAsync("SETRANGE", key, "6", "World"));
        Assert.Equal(11, (await conn.CallAsync("GET", key)).Bytes!.Length);
        Assert.Equal(":11", await conn.SendAsync("SETRANGE", key, "0", "Hello"));
        Assert.Equal(":11", await conn.SendAsync("SETRANGE", key, "3", ""));
        Assert.Equal(":0", await conn.SendAsync("SETRANGE", TestKey.Me(), "3", ""));
        Assert.Equal("-ERR offset is out of range", await conn.SendAsync("SETRANGE", key, "-1", "x"));
        Assert.Equal("-ERR string exceeds maximum allowed size (proto-max-bulk-len)", await conn.SendAsync("SETRANGE", key, "536870911", "xy"));
        Assert.Equal(":13", await conn.SendAsync("APPEND", key, "!!"));
        Assert.Equal(":13", await conn.SendAsync("STRLEN", key));
        Assert.Equal(":3", await conn.SendAsync("APPEND", TestKey.Me(), "abc"));
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "f", "v");
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await conn.SendAsync("APPEND", ns, "x"));
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await conn.SendAsync("SETRANGE", ns, "0", "x"));
    }
}

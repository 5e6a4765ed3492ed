using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>
/// GET, SET and its options, SETNX, GETDEL, MGET, MSET, MSETNX, STRLEN through a real socket. Every test here is marked
/// RedisCompat: the exact replies were checked against Debian's redis-server 7.0.15 (BLOBASAUR_TEST_TARGET), as redis
/// tests/unit/type/string.tcl checks them.
/// </summary>
[Trait("Category", "RedisCompat")]
public sealed class StringCommandTests(TestServer server) : IClassFixture<TestServer>
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value";

    [Fact]
    public async Task Get_of_a_missing_key_is_nil_and_set_then_get_returns_the_value()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("GET", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "hello"));
        Assert.Equal("hello", await conn.SendAsync("GET", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "world"));
        Assert.Equal("world", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_NX_writes_only_a_missing_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "first", "NX"));
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "second", "nx"));
        Assert.Equal("first", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_XX_writes_only_an_existing_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "first", "XX"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "first"));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "second", "XX"));
        Assert.Equal("second", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_GET_returns_the_old_value_or_nil()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "one", "GET"));
        Assert.Equal("one", await conn.SendAsync("SET", key, "two", "GET"));
        Assert.Equal("two", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_NX_GET_on_an_existing_key_returns_the_old_value_and_keeps_it()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "one", "NX", "GET"));
        Assert.Equal("one", await conn.SendAsync("GET", key));
        Assert.Equal("one", await conn.SendAsync("SET", key, "two", "NX", "GET"));
        Assert.Equal("one", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_XX_GET_on_a_missing_key_returns_nil_and_creates_nothing()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "one", "XX", "GET"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
    }

    [Fact]
    public async Task Set_GET_on_a_namespace_is_WRONGTYPE_and_leaves_the_namespace()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal(WrongType, await conn.SendAsync("SET", ns, "x", "GET"));
        Assert.Equal("+hash", await conn.SendAsync("TYPE", ns));
        Assert.Equal("v", await conn.SendAsync("HGET", ns, "f"));
    }

    [Theory]
    [InlineData("NX", "XX")]
    [InlineData("XX", "NX")]
    [InlineData("EX", "10", "PX", "100")]
    [InlineData("PX", "100", "EX", "10")]
    [InlineData("EX", "10", "EXAT", "9999999999")]
    [InlineData("KEEPTTL", "EX", "10")]
    [InlineData("EX", "10", "KEEPTTL")]
    [InlineData("EX")]
    [InlineData("NOPE")]
    [InlineData("NX", "NX", "XX")]
    [InlineData("EX", "abc", "NX", "XX")]
    public async Task Set_with_conflicting_or_unknown_options_is_a_syntax_error(params string[] options)
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("-ERR syntax error", await conn.SendAsync(["SET", key, "v", .. options]));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
    }

    [Theory]
    [InlineData("EX", "0")]
    [InlineData("EX", "-1")]
    [InlineData("PX", "0")]
    [InlineData("PX", "-100")]
    [InlineData("EXAT", "0")]
    [InlineData("PXAT", "-1")]
    [InlineData("EX", "9223372036854775807")]
    public async Task Set_with_a_non_positive_or_overflowing_expire_is_an_invalid_expire_time(string unit, string value)
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("-ERR invalid expire time in 'set' command", await conn.SendAsync("SET", key, "v", unit, value));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
    }

    [Theory]
    [InlineData("EX", "abc")]
    [InlineData("PX", "1.5")]
    [InlineData("EXAT", "")]
    [InlineData("PXAT", "99999999999999999999")]
    public async Task Set_with_a_non_integer_expire_is_not_an_integer(string unit, string value)
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SET", key, "v", unit, value));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
    }

    [Fact]
    public async Task Set_accepts_options_in_any_order_and_case()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("SET", key, "a", "get", "ex", "100", "nx"));
        Assert.Equal("a", await conn.SendAsync("SET", key, "b", "Px", "100000", "xX", "GeT"));
        Assert.Equal("b", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_with_the_same_expire_option_twice_takes_the_last_as_redis_does()
    {
        // Redis's parser rejects EX after PX/EXAT/PXAT/KEEPTTL but not after another EX (t_string.c).
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "EX", "100", "EX", "200"));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "PX", "100000", "PX", "200000"));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "EX", "abc", "EX", "100"));
        Assert.Equal("-ERR invalid expire time in 'set' command", await conn.SendAsync("SET", key, "v", "EX", "100", "EX", "0"));
        Assert.Equal("v", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_with_PX_expires_the_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "PX", "100"));
        Assert.True(await Eventually.TrueAsync(async () => await conn.SendAsync("GET", key) == "(nil)", TimeSpan.FromSeconds(5)));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", key));
        Assert.Equal("+none", await conn.SendAsync("TYPE", key));
    }

    [Fact]
    public async Task Set_with_PXAT_in_the_past_leaves_no_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v", "PXAT", "1000"));
        Assert.Equal("(nil)", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task Set_KEEPTTL_keeps_the_expiry_of_the_old_value()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        // 3 s, not less: the first writes of a cold server (JIT, first commit) can take longer than a short TTL, and a
        // KEEPTTL on an already expired key rightly keeps no TTL (with PX 300 this test failed when run alone).
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v1", "PX", "3000"));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v2", "KEEPTTL"));
        Assert.Equal("v2", await conn.SendAsync("GET", key));
        var pttl = long.Parse((await conn.SendAsync("PTTL", key))[1..]);
        Assert.InRange(pttl, 1, 3000);
        Assert.True(await Eventually.TrueAsync(async () => await conn.SendAsync("GET", key) == "(nil)", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task SetNx_returns_1_when_set_and_0_when_the_key_existed()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("SETNX", key, "a"));
        Assert.Equal(":0", await conn.SendAsync("SETNX", key, "b"));
        Assert.Equal("a", await conn.SendAsync("GET", key));
    }

    [Fact]
    public async Task SetNx_on_a_namespace_returns_0_and_keeps_it()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal(":0", await conn.SendAsync("SETNX", ns, "b"));
        Assert.Equal("+hash", await conn.SendAsync("TYPE", ns));
    }

    [Fact]
    public async Task GetDel_returns_the_value_and_removes_the_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("GETDEL", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.Equal("v", await conn.SendAsync("GETDEL", key));
        Assert.Equal("(nil)", await conn.SendAsync("GET", key));
        Assert.Equal("(nil)", await conn.SendAsync("GETDEL", key));
    }

    [Fact]
    public async Task GetDel_on_a_namespace_is_WRONGTYPE_and_deletes_nothing()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal(WrongType, await conn.SendAsync("GETDEL", ns));
        Assert.Equal(":1", await conn.SendAsync("EXISTS", ns));
    }

    [Fact]
    public async Task MGet_returns_values_in_order_with_nil_for_missing_keys_and_namespaces()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), b = TestKey.Me(), missing = TestKey.Me(), ns = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", a, "1"));
        Assert.Equal("+OK", await conn.SendAsync("SET", b, "2"));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal("[1, (nil), 2, (nil), 1]", await conn.SendAsync("MGET", a, missing, b, ns, a));
    }

    [Fact]
    public async Task MSet_sets_every_pair_and_a_repeated_key_takes_the_last_value()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), b = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("MSET", a, "1", b, "2", a, "3"));
        Assert.Equal("[3, 2]", await conn.SendAsync("MGET", a, b));
    }

    [Fact]
    public async Task MSet_with_an_odd_number_of_arguments_is_an_arity_error_and_sets_nothing()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), b = TestKey.Me();
        Assert.Equal("-ERR wrong number of arguments for 'mset' command", await conn.SendAsync("MSET", a, "1", b));
        Assert.Equal("-ERR wrong number of arguments for 'mset' command", await conn.SendAsync("MSET", a));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", a, b));
    }

    [Fact]
    public async Task MSet_replaces_a_namespace_as_set_does()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal("+OK", await conn.SendAsync("MSET", ns, "plain"));
        Assert.Equal("+string", await conn.SendAsync("TYPE", ns));
        Assert.Equal("plain", await conn.SendAsync("GET", ns));
    }

    [Fact]
    public async Task MSetNx_sets_all_keys_or_none()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), b = TestKey.Me(), c = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("MSETNX", a, "1", b, "2"));
        Assert.Equal(":0", await conn.SendAsync("MSETNX", c, "3", a, "x"));
        Assert.Equal("[1, 2, (nil)]", await conn.SendAsync("MGET", a, b, c));
    }

    [Fact]
    public async Task MSetNx_counts_a_namespace_as_an_existing_key()
    {
        await using var conn = await server.ConnectAsync();
        string ns = TestKey.Me(), c = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal(":0", await conn.SendAsync("MSETNX", c, "3", ns, "x"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", c));
        Assert.Equal("+hash", await conn.SendAsync("TYPE", ns));
    }

    [Fact]
    public async Task MSetNx_with_an_odd_number_of_arguments_is_an_arity_error()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), b = TestKey.Me();
        Assert.Equal("-ERR wrong number of arguments for 'msetnx' command", await conn.SendAsync("MSETNX", a, "1", b));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", a, b));
    }

    [Fact]
    public async Task StrLen_is_the_byte_length_and_0_for_a_missing_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("STRLEN", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "héllo"));
        Assert.Equal(":6", await conn.SendAsync("STRLEN", key));
        Assert.Equal("+OK", await conn.SendAsync("SET", key, ""));
        Assert.Equal(":0", await conn.SendAsync("STRLEN", key));
        Assert.Equal(":1", await conn.SendAsync("EXISTS", key));
    }

    [Fact]
    public async Task Get_and_StrLen_on_a_namespace_are_WRONGTYPE()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal(WrongType, await conn.SendAsync("GET", ns));
        Assert.Equal(WrongType, await conn.SendAsync("STRLEN", ns));
    }

    [Fact]
    public async Task Set_over_a_namespace_replaces_it_with_a_plain_value()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "f", "v", "g", "w"));
        Assert.Equal("+OK", await conn.SendAsync("SET", ns, "plain"));
        Assert.Equal("+string", await conn.SendAsync("TYPE", ns));
        Assert.Equal("plain", await conn.SendAsync("GET", ns));
        Assert.Equal(WrongType, await conn.SendAsync("HGET", ns, "f"));
        Assert.Equal(":1", await conn.SendAsync("DEL", ns));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "new"));
        Assert.Equal("[f, new]", await conn.SendAsync("HGETALL", ns));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("GET", "a", "b")]
    [InlineData("SET", "a")]
    [InlineData("SETNX", "a")]
    [InlineData("SETNX", "a", "b", "c")]
    [InlineData("GETDEL")]
    [InlineData("MGET")]
    [InlineData("MSET")]
    [InlineData("MSETNX", "a")]
    [InlineData("STRLEN")]
    public async Task Wrong_arity_is_an_error_and_the_session_stays_open(string command, params string[] args)
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal($"-ERR wrong number of arguments for '{command.ToLowerInvariant()}' command", await conn.SendAsync([command, .. args]));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }
}

using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>
/// Namespaces through the hash commands; replies checked against redis-server 7.0.15. Redis gives no order for HKEYS,
/// HVALS and HGETALL, so those are compared as sets.
/// </summary>
[Trait("Category", "RedisCompat")]
public sealed class HashCommandTests(TestServer server) : IClassFixture<TestServer>
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value";

    [Fact]
    public async Task HSet_returns_the_number_of_new_keys_and_overwrites_existing_ones()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "a", "1"));
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "b", "2", "c", "3"));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "a", "10", "d", "4", "b", "20"));
        Assert.Equal(":0", await conn.SendAsync("HSET", ns, "a", "100"));
        Assert.Equal("[100, 20, 3, 4, (nil)]", await conn.SendAsync("HMGET", ns, "a", "b", "c", "d", "e"));
        Assert.Equal(":4", await conn.SendAsync("HLEN", ns));
    }

    [Fact]
    public async Task HSet_with_a_repeated_key_counts_it_once_and_keeps_the_last_value()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "a", "1", "a", "2"));
        Assert.Equal("2", await conn.SendAsync("HGET", ns, "a"));
    }

    [Fact]
    public async Task HSet_and_HMSet_with_an_odd_number_of_arguments_are_arity_errors()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("-ERR wrong number of arguments for 'hset' command", await conn.SendAsync("HSET", ns, "a", "1", "b"));
        Assert.Equal("-ERR wrong number of arguments for 'hmset' command", await conn.SendAsync("HMSET", ns, "a", "1", "b"));
        Assert.Equal("-ERR wrong number of arguments for 'hset' command", await conn.SendAsync("HSET", ns, "a"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task HMSet_replies_OK_and_sets_every_pair()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("HMSET", ns, "a", "1", "b", "2"));
        Assert.Equal("+OK", await conn.SendAsync("HMSET", ns, "a", "3"));
        Assert.Equal("[3, 2]", await conn.SendAsync("HMGET", ns, "a", "b"));
    }

    [Fact]
    public async Task HSetNx_sets_only_a_missing_key()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSETNX", ns, "a", "1"));
        Assert.Equal(":0", await conn.SendAsync("HSETNX", ns, "a", "2"));
        Assert.Equal(":1", await conn.SendAsync("HSETNX", ns, "b", "3"));
        Assert.Equal("[1, 3]", await conn.SendAsync("HMGET", ns, "a", "b"));
    }

    [Fact]
    public async Task HGet_is_nil_for_a_missing_namespace_or_key()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "a"));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "a", "1"));
        Assert.Equal("1", await conn.SendAsync("HGET", ns, "a"));
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "b"));
    }

    [Fact]
    public async Task HMGet_on_a_missing_namespace_is_all_nil()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("[(nil), (nil)]", await conn.SendAsync("HMGET", TestKey.Me(), "a", "b"));
    }

    [Fact]
    public async Task HDel_counts_removed_keys_and_ignores_missing_or_repeated_ones()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("HDEL", ns, "a"));
        Assert.Equal(":3", await conn.SendAsync("HSET", ns, "a", "1", "b", "2", "c", "3"));
        Assert.Equal(":2", await conn.SendAsync("HDEL", ns, "a", "x", "b", "a"));
        Assert.Equal("[c]", await conn.SendAsync("HKEYS", ns));
        Assert.Equal(":1", await conn.SendAsync("HLEN", ns));
    }

    [Fact]
    public async Task HDel_of_the_last_entry_removes_the_namespace()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "a", "1", "b", "2"));
        Assert.Equal(":1", await conn.SendAsync("HDEL", ns, "a"));
        Assert.Equal(":1", await conn.SendAsync("EXISTS", ns));
        Assert.Equal(":1", await conn.SendAsync("HDEL", ns, "b"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
        Assert.Equal("+none", await conn.SendAsync("TYPE", ns));
        Assert.Equal(":0", await conn.SendAsync("HLEN", ns));

        // Gone means gone: the name can now hold a plain value without WRONGTYPE.
        Assert.Equal("(nil)", await conn.SendAsync("GET", ns));
        Assert.Equal("+OK", await conn.SendAsync("SET", ns, "plain", "NX"));
    }

    [Fact]
    public async Task HExists_HLen_and_HStrLen_describe_the_namespace()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":0", await conn.SendAsync("HEXISTS", ns, "a"));
        Assert.Equal(":0", await conn.SendAsync("HLEN", ns));
        Assert.Equal(":0", await conn.SendAsync("HSTRLEN", ns, "a"));
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "a", "héllo", "empty", ""));
        Assert.Equal(":1", await conn.SendAsync("HEXISTS", ns, "a"));
        Assert.Equal(":1", await conn.SendAsync("HEXISTS", ns, "empty"));
        Assert.Equal(":0", await conn.SendAsync("HEXISTS", ns, "b"));
        Assert.Equal(":2", await conn.SendAsync("HLEN", ns));
        Assert.Equal(":6", await conn.SendAsync("HSTRLEN", ns, "a"));
        Assert.Equal(":0", await conn.SendAsync("HSTRLEN", ns, "empty"));
        Assert.Equal(":0", await conn.SendAsync("HSTRLEN", ns, "b"));
    }

    [Fact]
    public async Task HKeys_HVals_and_HGetAll_list_every_entry()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":3", await conn.SendAsync("HSET", ns, "k1", "v1", "k2", "v2", "k3", ""));
        Assert.Equal(["k1", "k2", "k3"], Sorted(await conn.CallAsync("HKEYS", ns)));
        Assert.Equal(["", "v1", "v2"], Sorted(await conn.CallAsync("HVALS", ns)));

        var all = await conn.CallAsync("HGETALL", ns);
        Assert.Equal('*', all.Type);
        Assert.Equal(new Dictionary<string, string> { ["k1"] = "v1", ["k2"] = "v2", ["k3"] = "" }, Pairs(all));
    }

    [Fact]
    public async Task HKeys_HVals_and_HGetAll_of_a_missing_namespace_are_empty()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal("[]", await conn.SendAsync("HKEYS", ns));
        Assert.Equal("[]", await conn.SendAsync("HVALS", ns));
        Assert.Equal("[]", await conn.SendAsync("HGETALL", ns));
    }

    [Fact]
    public async Task HGetAll_is_a_map_after_HELLO_3()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal('%', (await conn.CallAsync("HELLO", "3")).Type);
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "a", "1", "b", "2"));

        var all = await conn.CallAsync("HGETALL", ns);
        Assert.Equal('%', all.Type);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, Pairs(all));

        var empty = await conn.CallAsync("HGETALL", TestKey.Me());
        Assert.Equal('%', empty.Type);
        Assert.Empty(empty.Items!);
        Assert.Equal('*', (await conn.CallAsync("HKEYS", ns)).Type);
    }

    [Fact]
    public async Task Every_hash_command_on_a_plain_blob_is_WRONGTYPE_and_leaves_it()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "plain"));
        object[][] calls =
        [
            ["HSET", key, "a", "1"], ["HMSET", key, "a", "1"], ["HSETNX", key, "a", "1"], ["HGET", key, "a"],
            ["HMGET", key, "a"], ["HDEL", key, "a"], ["HEXISTS", key, "a"], ["HLEN", key], ["HSTRLEN", key, "a"],
            ["HKEYS", key], ["HVALS", key], ["HGETALL", key],
        ];
        foreach (var call in calls) Assert.Equal(WrongType, await conn.SendAsync(call));
        Assert.Equal("plain", await conn.SendAsync("GET", key));
    }

    [Theory]
    [InlineData("HSET", "ns", "a")]
    [InlineData("HMSET", "ns")]
    [InlineData("HSETNX", "ns", "a")]
    [InlineData("HGET", "ns")]
    [InlineData("HMGET", "ns")]
    [InlineData("HDEL", "ns")]
    [InlineData("HEXISTS", "ns")]
    [InlineData("HLEN")]
    [InlineData("HSTRLEN", "ns")]
    [InlineData("HKEYS")]
    [InlineData("HVALS", "ns", "x")]
    [InlineData("HGETALL")]
    public async Task Wrong_arity_is_an_error_and_the_session_stays_open(string command, params string[] args)
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal($"-ERR wrong number of arguments for '{command.ToLowerInvariant()}' command", await conn.SendAsync([command, .. args]));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    private static string[] Sorted(RespValue array) => array.Items!.Select(i => i.AsString()).Order(StringComparer.Ordinal).ToArray();

    private static Dictionary<string, string> Pairs(RespValue map)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i + 1 < map.Items!.Count; i += 2) result.Add(map.Items[i].AsString(), map.Items[i + 1].AsString());
        return result;
    }
}

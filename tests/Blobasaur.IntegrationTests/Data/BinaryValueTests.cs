using System.Security.Cryptography;
using System.Text;
using Blobasaur.Testing;
using StackExchange.Redis;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>Values, keys and namespace names are bytes: every byte value, empty, 1 MB and 64 MB round-trip exactly,
/// through raw sockets and through StackExchange.Redis 1.2.6.</summary>
[Trait("Category", "RedisCompat")]
public sealed class BinaryValueTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly byte[] AllBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Raw_every_byte_value_round_trips_as_a_value_and_as_a_key()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, AllBytes));
        Assert.Equal(AllBytes, (await conn.CallAsync("GET", key)).Bytes);
        Assert.Equal(":256", await conn.SendAsync("STRLEN", key));

        // Each single byte as a whole value, CR and LF and NUL included.
        var single = Enumerable.Range(0, 256).Select(i => (Key: Encoding.UTF8.GetBytes($"{key}:{i}"), Value: new[] { (byte)i })).ToArray();
        foreach (var (k, v) in single) Assert.Equal("+OK", await conn.SendAsync("SET", k, v));
        var all = await conn.CallAsync(["MGET", .. single.Select(s => (object)s.Key)]);
        Assert.Equal(single.Select(s => s.Value), all.Items!.Select(i => i.Bytes));

        var binaryKey = Encoding.UTF8.GetBytes(key).Concat(AllBytes).ToArray();
        Assert.Equal("+OK", await conn.SendAsync("SET", binaryKey, "v"));
        Assert.Equal("v", await conn.SendAsync("GET", binaryKey));
        Assert.Equal("(nil)", await conn.SendAsync("GET", binaryKey[..^1]));
        Assert.Equal(":1", await conn.SendAsync("DEL", binaryKey));
    }

    [Fact]
    public async Task Raw_binary_namespace_names_entry_keys_and_values_round_trip()
    {
        await using var conn = await server.ConnectAsync();
        var ns = Encoding.UTF8.GetBytes(TestKey.Me()).Concat(AllBytes).ToArray();
        var utf8Ns = TestKey.Me() + ":用户:123";
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, AllBytes, AllBytes, "\0", ""));
        Assert.Equal(":1", await conn.SendAsync("HSET", utf8Ns, "ключ", "значение"));
        Assert.Equal(AllBytes, (await conn.CallAsync("HGET", ns, AllBytes)).Bytes);
        Assert.Equal(Array.Empty<byte>(), (await conn.CallAsync("HGET", ns, new byte[] { 0 })).Bytes);
        Assert.Equal(":256", await conn.SendAsync("HSTRLEN", ns, AllBytes));
        Assert.Equal("значение", await conn.SendAsync("HGET", utf8Ns, "ключ"));
        Assert.Equal("+hash", await conn.SendAsync("TYPE", ns));
        Assert.Equal("+none", await conn.SendAsync("TYPE", ns[..^1]));

        var keys = (await conn.CallAsync("HKEYS", ns)).Items!.Select(i => i.Bytes!).OrderBy(b => b.Length).ToArray();
        Assert.Equal([[0], AllBytes], keys);
        Assert.Equal(":1", await conn.SendAsync("DEL", ns));
    }

    [Fact]
    public async Task Raw_an_empty_value_is_an_empty_string_not_nil()
    {
        await using var conn = await server.ConnectAsync();
        string key = TestKey.Me(), ns = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, Array.Empty<byte>()));
        var value = await conn.CallAsync("GET", key);
        Assert.False(value.IsNull);
        Assert.Equal(Array.Empty<byte>(), value.Bytes);
        Assert.Equal(":1", await conn.SendAsync("EXISTS", key));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "", ""));
        Assert.Equal(Array.Empty<byte>(), (await conn.CallAsync("HGET", ns, "")).Bytes);
        Assert.Equal(":1", await conn.SendAsync("HEXISTS", ns, ""));
    }

    [Fact]
    public async Task Raw_a_1_MB_value_round_trips_as_a_blob_and_as_an_entry()
    {
        await using var conn = await server.ConnectAsync();
        string key = TestKey.Me(), ns = TestKey.Me();
        var value = RandomNumberGenerator.GetBytes(1 << 20);
        Assert.Equal("+OK", await conn.SendAsync("SET", key, value));
        Assert.Equal(value, (await conn.CallAsync("GET", key)).Bytes);
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "big", value));
        Assert.Equal(value, (await conn.CallAsync("HGET", ns, "big")).Bytes);
        Assert.Equal(value, (await conn.CallAsync("GETDEL", key)).Bytes);
    }

    [Fact]
    public async Task Raw_a_64_MB_value_round_trips()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        var value = new byte[64 << 20];
        Random.Shared.NextBytes(value);
        Assert.Equal("+OK", await conn.SendAsync("SET", key, value));
        Assert.Equal($":{value.Length}", await conn.SendAsync("STRLEN", key));
        var back = (await conn.CallAsync("GET", key)).Bytes;
        Assert.NotNull(back);
        Assert.True(value.AsSpan().SequenceEqual(back), "the 64 MB value came back different");
        Assert.Equal(":1", await conn.SendAsync("DEL", key));
    }

    [Fact]
    public async Task StackExchangeRedis_round_trips_every_byte_value_empty_and_1_MB_values()
    {
        using var mux = await ConnectMultiplexerAsync();
        var db = mux.GetDatabase();
        var key = TestKey.Me();
        var big = RandomNumberGenerator.GetBytes(1 << 20);

        Assert.True(await db.StringSetAsync(key + ":all", AllBytes));
        Assert.True(await db.StringSetAsync(key + ":empty", Array.Empty<byte>()));
        Assert.True(await db.StringSetAsync(key + ":big", big));
        Assert.Equal(AllBytes, (byte[]?)await db.StringGetAsync(key + ":all"));
        Assert.Equal(Array.Empty<byte>(), (byte[]?)await db.StringGetAsync(key + ":empty"));
        Assert.Equal(big, (byte[]?)await db.StringGetAsync(key + ":big"));
        Assert.True((await db.StringGetAsync(key + ":missing")).IsNull);

        Assert.True(db.KeyExists(key + ":empty"));
        Assert.True(db.KeyDelete(key + ":empty"));
        Assert.False(db.KeyExists(key + ":empty"));
        Assert.False(db.KeyDelete(key + ":empty"));
    }

    [Fact]
    public async Task StackExchangeRedis_round_trips_binary_keys_and_namespaces()
    {
        using var mux = await ConnectMultiplexerAsync();
        var db = mux.GetDatabase();
        RedisKey key = Encoding.UTF8.GetBytes(TestKey.Me()).Concat(AllBytes).ToArray();
        RedisKey ns = Encoding.UTF8.GetBytes(TestKey.Me()).Concat(AllBytes).Reverse().ToArray();

        Assert.True(db.StringSet(key, AllBytes));
        Assert.Equal(AllBytes, (byte[]?)db.StringGet(key));

        Assert.True(db.HashSet(ns, AllBytes, AllBytes));
        Assert.False(db.HashSet(ns, AllBytes, "again"));
        Assert.True(db.HashSet(ns, Array.Empty<byte>(), Array.Empty<byte>()));
        Assert.Equal("again", (string?)db.HashGet(ns, AllBytes));
        Assert.Equal(Array.Empty<byte>(), (byte[]?)db.HashGet(ns, Array.Empty<byte>()));
        Assert.True(db.HashGet(ns, "missing").IsNull);

        Assert.True(db.KeyExists(ns));
        Assert.True(db.KeyDelete(ns));
        Assert.False(db.KeyExists(ns));
        Assert.True(db.HashGet(ns, AllBytes).IsNull);
        Assert.True(db.KeyDelete(key));
    }

    [Fact]
    public async Task StackExchangeRedis_sees_WRONGTYPE_as_a_server_error()
    {
        using var mux = await ConnectMultiplexerAsync();
        var db = mux.GetDatabase();
        var ns = TestKey.Me();
        Assert.True(db.HashSet(ns, "f", "v"));
        var error = Assert.Throws<RedisServerException>(() => db.StringGet(ns));
        Assert.StartsWith("WRONGTYPE", error.Message);
    }

    private async Task<ConnectionMultiplexer> ConnectMultiplexerAsync()
    {
        var mux = await ConnectionMultiplexer.ConnectAsync($"{server.Host}:{server.Port},abortConnect=false,syncTimeout=10000");
        Assert.True(mux.IsConnected, mux.GetStatus());
        return mux;
    }
}

using System.Collections.Concurrent;
using System.Text;
using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>A shared server with async_write = true: replies come once a write is queued, and reads see it through the inflight map.</summary>
public sealed class AsyncWriteServer : TestServer
{
    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with { AsyncWrite = true };
}

/// <summary>async_write = true. Ours only: against an external target these return at once.</summary>
public sealed class AsyncWriteTests(AsyncWriteServer server) : IClassFixture<AsyncWriteServer>
{
    [Fact]
    public async Task A_write_acknowledged_on_one_connection_is_readable_at_once_on_another()
    {
        if (server.IsExternal) return;
        await using var writer = await server.ConnectAsync();
        await using var reader = await server.ConnectAsync();
        var key = TestKey.Me();
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal("+OK", await writer.SendAsync("SET", $"{key}:{i}", $"value-{i}"));
            Assert.Equal($"value-{i}", await reader.SendAsync("GET", $"{key}:{i}"));

            // The same key overwritten: the newest pending value wins, never an older committed one.
            Assert.Equal("+OK", await writer.SendAsync("SET", key, i));
            Assert.Equal($"{i}", await reader.SendAsync("GET", key));
        }
    }

    [Fact]
    public async Task Every_read_command_sees_an_acknowledged_write_from_another_connection()
    {
        if (server.IsExternal) return;
        await using var writer = await server.ConnectAsync();
        await using var reader = await server.ConnectAsync();
        for (var i = 0; i < 100; i++)
        {
            string key = TestKey.Me(), other = TestKey.Me();
            Assert.Equal("+OK", await writer.SendAsync("SET", key, "hello"));
            Assert.Equal(":1", await reader.SendAsync("EXISTS", key));
            Assert.Equal("+string", await reader.SendAsync("TYPE", key));
            Assert.Equal(":5", await reader.SendAsync("STRLEN", key));
            Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await reader.SendAsync("HSET", key, "f", "v"));
            Assert.Equal("+OK", await writer.SendAsync("MSET", key, "a", other, "b"));
            Assert.Equal("[a, b]", await reader.SendAsync("MGET", key, other));
            Assert.Equal(":0", await reader.SendAsync("SETNX", other, "c"));
            Assert.Equal(":2", await reader.SendAsync("DEL", key, other));
            Assert.Equal("[(nil), (nil)]", await writer.SendAsync("MGET", key, other));
        }
    }

    [Fact]
    public async Task Pipelined_writes_of_one_key_apply_in_order()
    {
        if (server.IsExternal) return;
        await using var conn = await server.ConnectAsync();
        await using var other = await server.ConnectAsync();
        for (var i = 0; i < 50; i++)
        {
            var key = TestKey.Me();
            await conn.WriteAsync([.. RespConnection.Encode("SET", key, "a"), .. RespConnection.Encode("SET", key, "b"),
                .. RespConnection.Encode("GET", key), .. RespConnection.Encode("DEL", key), .. RespConnection.Encode("SET", key, "c"),
                .. RespConnection.Encode("GET", key)]);
            string[] replies = [.. await ReadManyAsync(conn, 6)];
            Assert.Equal(["+OK", "+OK", "b", ":1", "+OK", "c"], replies);
            Assert.Equal("c", await other.SendAsync("GET", key));
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_many_connections_all_read_back_their_values()
    {
        if (server.IsExternal) return;
        var prefix = TestKey.Me();
        var acked = new ConcurrentDictionary<string, string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            await using var conn = await server.ConnectAsync();
            for (var i = 0; i < 100; i++)
            {
                var (key, value) = ($"{prefix}:{w}:{i}", $"{w}/{i}/" + new string('x', i * 10));
                Assert.Equal("+OK", await conn.SendAsync("SET", key, value));
                acked[key] = value;
            }
        }));

        await using var reader = await server.ConnectAsync();
        foreach (var (key, value) in acked) Assert.Equal(value, await reader.SendAsync("GET", key));
    }

    internal static async Task<List<string>> ReadManyAsync(RespConnection conn, int count)
    {
        var replies = new List<string>(count);
        for (var i = 0; i < count; i++) replies.Add((await conn.ReadAsync()).ToString());
        return replies;
    }

    internal static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

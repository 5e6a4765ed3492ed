using System.Security.Cryptography;
using Blobasaur.Storage;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>What survives a stop and a start on the same data directory. Ours only: no RedisCompat trait.</summary>
public sealed class DurabilityTests
{
    private static readonly byte[] AllBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Restart_keeps_every_blob_and_namespace_and_forgets_nothing_that_was_deleted()
    {
        if (TestServer.ExternalTarget is not null) return;
        await using var owned = await OwnedServer.StartAsync();
        var big = RandomNumberGenerator.GetBytes(1 << 20);
        string dbSize;
        await using (var conn = await owned.ConnectAsync())
        {
            Assert.Equal("+OK", await conn.SendAsync("SET", "plain", "hello"));
            Assert.Equal("+OK", await conn.SendAsync("SET", "empty", ""));
            Assert.Equal("+OK", await conn.SendAsync("SET", AllBytes, AllBytes));
            Assert.Equal("+OK", await conn.SendAsync("SET", "big", big));
            Assert.Equal("+OK", await conn.SendAsync("MSET", "m1", "1", "m2", "2", "{tag}a", "3", "{tag}b", "4"));
            Assert.Equal(":3", await conn.SendAsync("HSET", "users:123", "name", "ann", "avatar", big, AllBytes, ""));
            Assert.Equal(":2", await conn.SendAsync("HSET", "doomed-ns", "a", "1", "b", "2"));
            Assert.Equal(":2", await conn.SendAsync("HSET", "emptied-ns", "a", "1", "b", "2"));
            Assert.Equal(":2", await conn.SendAsync("HDEL", "emptied-ns", "a", "b"));
            Assert.Equal(":1", await conn.SendAsync("HSET", "replaced-ns", "a", "1"));
            Assert.Equal("+OK", await conn.SendAsync("SET", "replaced-ns", "now plain"));
            Assert.Equal("+OK", await conn.SendAsync("SET", "deleted", "x"));
            Assert.Equal(":2", await conn.SendAsync("DEL", "deleted", "doomed-ns"));
            Assert.Equal(":1", await conn.SendAsync("HDEL", "users:123", "name"));
            Assert.Equal(":1", await conn.SendAsync("HSET", "users:123", "name", "bob"));
            dbSize = await conn.SendAsync("DBSIZE");
        }

        await owned.RestartAsync();

        await using (var conn = await owned.ConnectAsync())
        {
            Assert.Equal(":10", dbSize);
            Assert.Equal(dbSize, await conn.SendAsync("DBSIZE"));
            Assert.Equal("hello", await conn.SendAsync("GET", "plain"));
            Assert.Equal(Array.Empty<byte>(), (await conn.CallAsync("GET", "empty")).Bytes);
            Assert.Equal(AllBytes, (await conn.CallAsync("GET", AllBytes)).Bytes);
            Assert.Equal(big, (await conn.CallAsync("GET", "big")).Bytes);
            Assert.Equal("[1, 2, 3, 4]", await conn.SendAsync("MGET", "m1", "m2", "{tag}a", "{tag}b"));
            Assert.Equal("+hash", await conn.SendAsync("TYPE", "users:123"));
            Assert.Equal(":3", await conn.SendAsync("HLEN", "users:123"));
            Assert.Equal("bob", await conn.SendAsync("HGET", "users:123", "name"));
            Assert.Equal(big, (await conn.CallAsync("HGET", "users:123", "avatar")).Bytes);
            Assert.Equal(Array.Empty<byte>(), (await conn.CallAsync("HGET", "users:123", AllBytes)).Bytes);
            Assert.Equal("+string", await conn.SendAsync("TYPE", "replaced-ns"));
            Assert.Equal("now plain", await conn.SendAsync("GET", "replaced-ns"));
            Assert.Equal(":0", await conn.SendAsync("EXISTS", "deleted", "doomed-ns", "emptied-ns"));
            Assert.Equal(":0", await conn.SendAsync("HLEN", "doomed-ns"));
        }
    }

    [Fact]
    public async Task Restart_with_another_shard_count_refuses_and_names_the_original_count()
    {
        if (TestServer.ExternalTarget is not null) return;
        await using var owned = await OwnedServer.StartAsync(c => c with { NumShards = 3 });
        await using (var conn = await owned.ConnectAsync())
        {
            Assert.Equal("+OK", await conn.SendAsync("SET", "k", "v"));
            Assert.Equal(":1", await conn.SendAsync("HSET", "ns", "f", "v"));
        }

        await owned.StopAsync();
        await using (var other = owned.CreateWith(c => c with { NumShards = 5 }))
        {
            var error = await Assert.ThrowsAsync<StorageLayoutException>(() => other.StartAsync());
            Assert.Contains("written with 3 shards", error.Message);
            Assert.Contains("num_shards is 5", error.Message);
        }

        // The refusal changed nothing: the original count still opens, with its data.
        await owned.RestartAsync();
        await using (var conn = await owned.ConnectAsync())
        {
            Assert.Equal("v", await conn.SendAsync("GET", "k"));
            Assert.Equal("v", await conn.SendAsync("HGET", "ns", "f"));
            Assert.Equal(":2", await conn.SendAsync("DBSIZE"));
        }
    }

    [Fact]
    public async Task A_second_server_on_a_directory_in_use_refuses()
    {
        if (TestServer.ExternalTarget is not null) return;
        await using var owned = await OwnedServer.StartAsync();
        await using var second = owned.CreateWith(c => c);
        await Assert.ThrowsAsync<StorageLayoutException>(() => second.StartAsync());
        await using var conn = await owned.ConnectAsync();
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }
}

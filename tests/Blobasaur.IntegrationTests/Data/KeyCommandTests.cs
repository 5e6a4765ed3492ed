using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>DEL, UNLINK, EXISTS, TYPE over plain blobs and namespaces; replies checked against redis-server 7.0.15.</summary>
[Trait("Category", "RedisCompat")]
public sealed class KeyCommandTests(TestServer server) : IClassFixture<TestServer>
{
    [Theory]
    [InlineData("DEL")]
    [InlineData("UNLINK")]
    public async Task Delete_counts_the_keys_that_existed(string command)
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), b = TestKey.Me(), missing = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("MSET", a, "1", b, "2"));
        Assert.Equal(":2", await conn.SendAsync(command, a, missing, b));
        Assert.Equal(":0", await conn.SendAsync(command, a, missing, b));
        Assert.Equal("[(nil), (nil)]", await conn.SendAsync("MGET", a, b));
    }

    [Theory]
    [InlineData("DEL")]
    [InlineData("UNLINK")]
    public async Task Delete_of_a_repeated_key_counts_it_once(string command)
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.Equal(":1", await conn.SendAsync(command, key, key, key));
    }

    [Theory]
    [InlineData("DEL")]
    [InlineData("UNLINK")]
    public async Task Delete_of_a_namespace_counts_one_and_removes_all_its_entries(string command)
    {
        await using var conn = await server.ConnectAsync();
        string ns = TestKey.Me(), plain = TestKey.Me();
        Assert.Equal(":3", await conn.SendAsync("HSET", ns, "a", "1", "b", "2", "c", "3"));
        Assert.Equal("+OK", await conn.SendAsync("SET", plain, "v"));
        Assert.Equal(":2", await conn.SendAsync(command, ns, plain));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", ns));
        Assert.Equal(":0", await conn.SendAsync("HLEN", ns));
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "a"));
        Assert.Equal("[]", await conn.SendAsync("HGETALL", ns));

        // The name is free again, and a new namespace of that name starts empty.
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "z", "26"));
        Assert.Equal("[z]", await conn.SendAsync("HKEYS", ns));
    }

    [Fact]
    public async Task Exists_counts_every_argument_that_names_something_repeats_included()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), ns = TestKey.Me(), missing = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", a, "1"));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", "v"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", missing));
        Assert.Equal(":1", await conn.SendAsync("EXISTS", a));
        Assert.Equal(":1", await conn.SendAsync("EXISTS", ns));
        Assert.Equal(":4", await conn.SendAsync("EXISTS", a, a, missing, ns, a));
    }

    [Fact]
    public async Task Type_is_string_for_a_blob_hash_for_a_namespace_and_none_otherwise()
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), ns = TestKey.Me(), missing = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", a, ""));
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "f", ""));
        Assert.Equal("+string", (await conn.CallAsync("TYPE", a)).ToString());
        Assert.Equal('+', (await conn.CallAsync("TYPE", a)).Type);
        Assert.Equal("+hash", await conn.SendAsync("TYPE", ns));
        Assert.Equal("+none", await conn.SendAsync("TYPE", missing));
    }

    [Theory]
    [InlineData("DEL")]
    [InlineData("UNLINK")]
    [InlineData("EXISTS")]
    [InlineData("TYPE")]
    [InlineData("TYPE", "a", "b")]
    public async Task Wrong_arity_is_an_error_and_the_session_stays_open(string command, params string[] args)
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal($"-ERR wrong number of arguments for '{command.ToLowerInvariant()}' command", await conn.SendAsync([command, .. args]));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }
}

using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>
/// FLUSHALL wipes every key of the server, so these tests own their server (a class fixture is per class) and, against an
/// external target, which every class shares, run alone after the parallel tests (DisableParallelization).
/// </summary>
[CollectionDefinition(nameof(FlushTests), DisableParallelization = true)]
public sealed class FlushCollection;

[Collection(nameof(FlushTests))]
[Trait("Category", "RedisCompat")]
public sealed class FlushTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task DbSize_counts_a_blob_and_a_namespace_as_one_key_each()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await conn.SendAsync("FLUSHALL"));
        Assert.Equal(":0", await conn.SendAsync("DBSIZE"));
        string a = TestKey.Me(), b = TestKey.Me(), ns = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("MSET", a, "1", b, "2"));
        Assert.Equal(":3", await conn.SendAsync("HSET", ns, "x", "1", "y", "2", "z", "3"));
        Assert.Equal(":3", await conn.SendAsync("DBSIZE"));
        Assert.Equal(":1", await conn.SendAsync("HDEL", ns, "x"));
        Assert.Equal(":3", await conn.SendAsync("DBSIZE"));
        Assert.Equal(":1", await conn.SendAsync("DEL", a));
        Assert.Equal(":2", await conn.SendAsync("DBSIZE"));
        Assert.Equal("+OK", await conn.SendAsync("SET", ns, "now plain"));
        Assert.Equal(":2", await conn.SendAsync("DBSIZE"));
    }

    [Theory]
    [InlineData("FLUSHALL")]
    [InlineData("FLUSHALL", "SYNC")]
    [InlineData("FLUSHALL", "async")]
    [InlineData("FLUSHDB")]
    [InlineData("FLUSHDB", "sync")]
    [InlineData("FLUSHDB", "ASYNC")]
    public async Task Flush_removes_every_blob_and_namespace(params string[] command)
    {
        await using var conn = await server.ConnectAsync();
        string a = TestKey.Me(), ns = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", a, "1"));
        Assert.Equal(":2", await conn.SendAsync("HSET", ns, "x", "1", "y", "2"));
        Assert.Equal("+OK", await conn.SendAsync(command));
        Assert.Equal(":0", await conn.SendAsync("DBSIZE"));
        Assert.Equal(":0", await conn.SendAsync("EXISTS", a, ns));
        Assert.Equal("(nil)", await conn.SendAsync("HGET", ns, "x"));

        // Names are free afterwards, with no leftover entries.
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "z", "1"));
        Assert.Equal("[z, 1]", await conn.SendAsync("HGETALL", ns));
        Assert.Equal(":1", await conn.SendAsync("DBSIZE"));
    }

    [Theory]
    [InlineData("FLUSHALL", "NOW")]
    [InlineData("FLUSHALL", "SYNC", "ASYNC")]
    [InlineData("FLUSHDB", "LATER")]
    public async Task Flush_with_an_unknown_mode_is_a_syntax_error_and_flushes_nothing(params string[] command)
    {
        await using var conn = await server.ConnectAsync();
        var a = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", a, "1"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync(command));
        Assert.Equal("1", await conn.SendAsync("GET", a));
    }

    [Fact]
    public async Task DbSize_with_arguments_is_an_arity_error()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("-ERR wrong number of arguments for 'dbsize' command", await conn.SendAsync("DBSIZE", "x"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }
}

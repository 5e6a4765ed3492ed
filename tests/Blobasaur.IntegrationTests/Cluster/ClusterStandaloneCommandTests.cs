using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// A standalone node answers every CLUSTER subcommand, READONLY, READWRITE and ASKING with Redis's refusal, after the arity
/// check (as Redis orders them). RedisCompat: the same bytes come from a standalone redis-server 7.0.15.
/// </summary>
[Trait("Category", "RedisCompat")]
public sealed class ClusterStandaloneCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string[]> RefusedCalls() => new()
    {
        new[] { "CLUSTER", "INFO" }, new[] { "CLUSTER", "NODES" }, new[] { "CLUSTER", "SLOTS" }, new[] { "CLUSTER", "SHARDS" },
        new[] { "CLUSTER", "MYID" }, new[] { "CLUSTER", "KEYSLOT", "foo" }, new[] { "CLUSTER", "COUNTKEYSINSLOT", "1" },
        new[] { "CLUSTER", "GETKEYSINSLOT", "1", "1" }, new[] { "CLUSTER", "ADDSLOTS", "1" }, new[] { "CLUSTER", "ADDSLOTSRANGE", "1", "2" },
        new[] { "CLUSTER", "DELSLOTS", "1" }, new[] { "CLUSTER", "DELSLOTSRANGE", "1", "2" }, new[] { "CLUSTER", "FLUSHSLOTS" },
        new[] { "CLUSTER", "MEET", "1.2.3.4", "5" }, new[] { "CLUSTER", "FORGET", "abc" }, new[] { "CLUSTER", "RESET" },
        new[] { "CLUSTER", "RESET", "HARD" }, new[] { "CLUSTER", "SET-CONFIG-EPOCH", "1" }, new[] { "CLUSTER", "BUMPEPOCH" },
        new[] { "CLUSTER", "SAVECONFIG" }, new[] { "CLUSTER", "HELP" }, new[] { "cluster", "help" }, new[] { "READONLY" },
        new[] { "READWRITE" }, new[] { "ASKING" },
    };

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public async Task Cluster_commands_are_refused_on_a_standalone_node(string[] call)
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR This instance has cluster support disabled\r\n",
            await FakeClusterServer.RawAsync(conn, "-ERR This instance has cluster support disabled\r\n", call));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Theory]
    [InlineData("-ERR wrong number of arguments for 'cluster' command", "CLUSTER")]
    [InlineData("-ERR wrong number of arguments for 'cluster|keyslot' command", "CLUSTER", "KEYSLOT")]
    [InlineData("-ERR wrong number of arguments for 'cluster|addslots' command", "CLUSTER", "ADDSLOTS")]
    [InlineData("-ERR wrong number of arguments for 'cluster|info' command", "CLUSTER", "INFO", "x")]
    [InlineData("-ERR wrong number of arguments for 'readonly' command", "READONLY", "x")]
    [InlineData("-ERR wrong number of arguments for 'asking' command", "ASKING", "x")]
    [InlineData("-ERR unknown subcommand 'FOO'. Try CLUSTER HELP.", "CLUSTER", "FOO")]
    public async Task Arity_and_unknown_subcommands_are_checked_before_the_refusal(string expected, params string[] call)
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal(expected, await conn.SendAsync(call));
    }

    // Ours: Redis 7.0 has no MYSHARDID (unknown subcommand); we answer as 7.2 does.
    [OwnServerFact]
    public async Task Myshardid_is_refused_like_every_other_subcommand()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR This instance has cluster support disabled", await conn.SendAsync("CLUSTER", "MYSHARDID"));
    }

    [Fact]
    public async Task Select_of_another_database_keeps_the_standalone_error()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("SELECT", "0"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SELECT", "x"));
    }
}

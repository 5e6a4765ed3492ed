using Blobasaur.Hashing;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// MOVED / CROSSSLOT / CLUSTERDOWN through real sockets on a cluster-mode server whose cluster layer is a fake view: this node
/// is node 1 of three (slots 0-5460), the others claim 127.0.0.1:17302 and :17303. Slots: bar 5061 (here), k 7629 (node 2),
/// foo 12182 (node 3), a 15495, b 3300. The replies are Redis 7.0.15's bytes (checked against a real cluster).
/// </summary>
public sealed class ClusterRoutingTests(FakeClusterServer server) : IClassFixture<FakeClusterServer>
{
    [Fact]
    public async Task Keys_owned_elsewhere_are_moved_and_keys_owned_here_are_served()
    {
        server.Cluster.View = ClusterViews.ThreeNodes(ports: [server.Port, 17302, 17303]);
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-MOVED 12182 127.0.0.1:17303\r\n", await FakeClusterServer.RawAsync(conn, "-MOVED 12182 127.0.0.1:17303\r\n", "GET", "foo"));
        Assert.Equal("-MOVED 7629 127.0.0.1:17302", await conn.SendAsync("SET", "k", "v"));
        Assert.Equal("-MOVED 12182 127.0.0.1:17303", await conn.SendAsync("HSET", "foo", "a", "1"));
        Assert.Equal("+OK", await conn.SendAsync("SET", "bar", "here"));
        Assert.Equal("here", await conn.SendAsync("GET", "bar"));
        Assert.Equal("[here, (nil)]", await conn.SendAsync("MGET", "bar", "{bar}2"));
        Assert.Equal(":1", await conn.SendAsync("DEL", "bar"));
    }

    [Fact]
    public async Task Crossslot_comes_before_moved_and_nothing_is_written()
    {
        server.Cluster.View = ClusterViews.Alone(server.Port);   // every slot is ours: only CROSSSLOT can stop these
        await using var conn = await server.ConnectAsync();
        const string crossSlot = "-CROSSSLOT Keys in request don't hash to the same slot\r\n";

        Assert.Equal(crossSlot, await FakeClusterServer.RawAsync(conn, crossSlot, "MSET", "a", "1", "b", "2"));
        Assert.Equal("(nil)", await conn.SendAsync("GET", "a"));
        Assert.Equal("(nil)", await conn.SendAsync("GET", "b"));
        Assert.Equal(crossSlot.TrimEnd(), await conn.SendAsync("MSETNX", "a", "1", "b", "2"));
        Assert.Equal(crossSlot.TrimEnd(), await conn.SendAsync("DEL", "a", "b"));
        Assert.Equal(":0", await conn.SendAsync("DBSIZE"));

        server.Cluster.View = ClusterViews.ThreeNodes(ports: [server.Port, 17302, 17303]);
        Assert.Equal(crossSlot.TrimEnd(), await conn.SendAsync("MGET", "bar", "foo"));   // first key ours, second elsewhere
        Assert.Equal(crossSlot.TrimEnd(), await conn.SendAsync("MGET", "a", "b"));      // neither ours: still CROSSSLOT, as Redis
    }

    [Fact]
    public async Task Pipelined_redirects_keep_the_connection_in_order()
    {
        server.Cluster.View = ClusterViews.ThreeNodes(ports: [server.Port, 17302, 17303]);
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync([.. RespConnection.Encode("SET", "{bar}p", "1"), .. RespConnection.Encode("GET", "foo"),
            .. RespConnection.Encode("MGET", "a", "b"), .. RespConnection.Encode("GET", "{bar}p")]);

        Assert.Equal("+OK", (await conn.ReadAsync()).ToString());
        Assert.Equal("-MOVED 12182 127.0.0.1:17303", (await conn.ReadAsync()).ToString());
        Assert.Equal("-CROSSSLOT Keys in request don't hash to the same slot", (await conn.ReadAsync()).ToString());
        Assert.Equal("1", (await conn.ReadAsync()).ToString());
        Assert.Equal(":1", await conn.SendAsync("DEL", "{bar}p"));
    }

    [Fact]
    public async Task Unserved_slots_and_a_failed_cluster_get_clusterdown_but_keyless_commands_run()
    {
        await using var conn = await server.ConnectAsync();

        server.Cluster.View = ClusterViews.Alone(server.Port, slots: Enumerable.Range(0, 100));
        Assert.Equal("-CLUSTERDOWN Hash slot not served", await conn.SendAsync("GET", "foo"));
        Assert.Equal("-CLUSTERDOWN Hash slot not served", await conn.SendAsync("SET", "foo", "1"));

        server.Cluster.View = ClusterViews.ThreeNodes(isOk: false, ports: [server.Port, 17302, 17303]);
        Assert.Equal("-CLUSTERDOWN The cluster is down\r\n",
            await FakeClusterServer.RawAsync(conn, "-CLUSTERDOWN The cluster is down\r\n", "SET", "bar", "1"));
        Assert.Equal("-CLUSTERDOWN The cluster is down", await conn.SendAsync("GET", "foo"));
        Assert.Equal(":0", await conn.SendAsync("DBSIZE"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));

        // require_full_coverage = false: only the unreachable slot is down.
        server.Cluster.View = ClusterViews.ThreeNodes(ports: [server.Port, 17302, 17303]);
        server.Cluster.Unreachable.Add(HashSlot.Of("foo"u8));
        try
        {
            Assert.Equal("-CLUSTERDOWN The cluster is down", await conn.SendAsync("GET", "foo"));
            Assert.Equal("-MOVED 7629 127.0.0.1:17302", await conn.SendAsync("GET", "k"));
            Assert.Equal("(nil)", await conn.SendAsync("GET", "bar"));
        }
        finally
        {
            server.Cluster.Unreachable.Clear();
        }
    }

    [Fact]
    public async Task Redirects_are_counted_in_errorstats()
    {
        server.Cluster.View = ClusterViews.ThreeNodes(ports: [server.Port, 17302, 17303]);
        await using var conn = await server.ConnectAsync();

        Assert.StartsWith("-MOVED", await conn.SendAsync("GET", "foo"));

        Assert.Matches("errorstat_MOVED:count=[1-9]", (await conn.CallAsync("INFO", "errorstats")).AsString());
    }
}

/// <summary>cluster.namespace_strategy = "key": a hash command is routed by its fields, not its namespace.</summary>
public sealed class ClusterKeyStrategyRoutingTests(ClusterKeyStrategyRoutingTests.KeyStrategyServer server)
    : IClassFixture<ClusterKeyStrategyRoutingTests.KeyStrategyServer>
{
    public sealed class KeyStrategyServer : FakeClusterServer
    {
        protected override string NamespaceStrategy => "key";
    }

    [Fact]
    public async Task Hash_fields_decide_the_node_and_fields_of_two_slots_are_crossslot()
    {
        server.Cluster.View = ClusterViews.ThreeNodes(ports: [server.Port, 17302, 17303]);
        await using var conn = await server.ConnectAsync();

        Assert.Equal(":1", await conn.SendAsync("HSET", "foo", "bar", "v"));   // namespace foo is elsewhere, field bar is ours
        Assert.Equal("v", await conn.SendAsync("HGET", "foo", "bar"));
        Assert.Equal("-MOVED 12182 127.0.0.1:17303", await conn.SendAsync("HSET", "bar", "foo", "v"));
        Assert.Equal("-CROSSSLOT Keys in request don't hash to the same slot", await conn.SendAsync("HMGET", "foo", "bar", "foo"));
        Assert.Equal("-CROSSSLOT Keys in request don't hash to the same slot", await conn.SendAsync("HSET", "foo", "bar", "1", "k", "2"));
        Assert.Equal("v", await conn.SendAsync("HGET", "foo", "bar"));
        Assert.Equal(":1", await conn.SendAsync("HDEL", "foo", "bar", "{bar}x"));
    }
}

using Blobasaur.Cluster;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// CLUSTER informational subcommands and the cluster signals (INFO, HELLO, SELECT) through real sockets, on a server in cluster
/// mode whose cluster layer is a fake view (node 1 of a 3-node cluster on 17301-17303, captured from Redis 7.0.15). Expected
/// bytes were checked against a real Redis 7.0.15 cluster node.
/// </summary>
public sealed class ClusterCommandTests(FakeClusterServer server) : IClassFixture<FakeClusterServer>
{
    private static readonly ClusterMessageStats Stats = new(
        new Dictionary<string, long> { ["ping"] = 10, ["pong"] = 12 },
        new Dictionary<string, long> { ["ping"] = 10, ["pong"] = 10, ["meet"] = 2 });

    private const string Nodes =
        "202b5282e6032e140f4f7e712cc6af07b8e26a0b 127.0.0.1:17302@27302 master - 0 1795333203441 2 connected 5461-10922\n" +
        "02c64b2006ba640cedd7c032b986a41290cc70b0 127.0.0.1:17301@27301 myself,master - 0 1795333203000 1 connected 0-5460\n" +
        "ef680086d797ca19875d1158fc61aaafc029b106 127.0.0.1:17303@27303 master - 0 1795333204445 3 connected 10923-16383\n";

    private const string Info = "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\n" +
        "cluster_slots_fail:0\r\ncluster_known_nodes:3\r\ncluster_size:3\r\ncluster_current_epoch:3\r\ncluster_my_epoch:1\r\n" +
        "cluster_stats_messages_ping_sent:10\r\ncluster_stats_messages_pong_sent:12\r\ncluster_stats_messages_sent:22\r\n" +
        "cluster_stats_messages_ping_received:10\r\ncluster_stats_messages_pong_received:10\r\n" +
        "cluster_stats_messages_meet_received:2\r\ncluster_stats_messages_received:22\r\ntotal_cluster_links_buffer_limit_exceeded:0\r\n";

    [Fact]
    public async Task Nodes_and_info_are_bulk_strings_in_resp2_and_verbatim_strings_in_resp3()
    {
        server.Cluster.View = ClusterViews.ThreeNodes(stats: Stats);
        await using var conn = await server.ConnectAsync();

        Assert.Equal($"$337\r\n{Nodes}\r\n", await FakeClusterServer.RawAsync(conn, $"$337\r\n{Nodes}\r\n", "CLUSTER", "NODES"));
        Assert.Equal($"$510\r\n{Info}\r\n", await FakeClusterServer.RawAsync(conn, $"$510\r\n{Info}\r\n", "cluster", "info"));
        await conn.SendAsync("HELLO", "3");
        Assert.Equal($"=341\r\ntxt:{Nodes}\r\n", await FakeClusterServer.RawAsync(conn, $"=341\r\ntxt:{Nodes}\r\n", "CLUSTER", "NODES"));
        Assert.Equal($"=514\r\ntxt:{Info}\r\n", await FakeClusterServer.RawAsync(conn, $"=514\r\ntxt:{Info}\r\n", "CLUSTER", "INFO"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task Slots_describe_the_whole_cluster_in_both_protocols()
    {
        server.Cluster.View = ClusterViews.ThreeNodes();
        const string resp2 = "*3\r\n" +
            "*3\r\n:0\r\n:5460\r\n*4\r\n$9\r\n127.0.0.1\r\n:17301\r\n$40\r\n02c64b2006ba640cedd7c032b986a41290cc70b0\r\n*0\r\n" +
            "*3\r\n:5461\r\n:10922\r\n*4\r\n$9\r\n127.0.0.1\r\n:17302\r\n$40\r\n202b5282e6032e140f4f7e712cc6af07b8e26a0b\r\n*0\r\n" +
            "*3\r\n:10923\r\n:16383\r\n*4\r\n$9\r\n127.0.0.1\r\n:17303\r\n$40\r\nef680086d797ca19875d1158fc61aaafc029b106\r\n*0\r\n";
        await using var conn = await server.ConnectAsync();

        Assert.Equal(resp2, await FakeClusterServer.RawAsync(conn, resp2, "CLUSTER", "SLOTS"));
        await conn.SendAsync("HELLO", "3");
        var resp3 = resp2.Replace("\r\n*0\r\n", "\r\n%0\r\n");
        Assert.Equal(resp3, await FakeClusterServer.RawAsync(conn, resp3, "CLUSTER", "SLOTS"));
    }

    [Fact]
    public async Task Shards_are_flattened_maps_in_resp2_and_maps_in_resp3()
    {
        server.Cluster.View = ClusterViews.ThreeNodes();
        await using var conn = await server.ConnectAsync();

        var resp2 = await conn.CallAsync("CLUSTER", "SHARDS");
        Assert.Equal(3, resp2.Items!.Count);
        Assert.Equal("[slots, [:0, :5460], nodes, [[id, 02c64b2006ba640cedd7c032b986a41290cc70b0, port, :17301, ip, 127.0.0.1, endpoint, " +
            "127.0.0.1, role, master, replication-offset, :0, health, online]]]", resp2.Items[1].ToString());
        await conn.SendAsync("HELLO", "3");
        var resp3 = await conn.CallAsync("CLUSTER", "SHARDS");
        Assert.Equal("{slots: [:0, :5460], nodes: [{id: 02c64b2006ba640cedd7c032b986a41290cc70b0, port: :17301, ip: 127.0.0.1, " +
            "endpoint: 127.0.0.1, role: master, replication-offset: :0, health: online}]}", resp3.Items![1].ToString());
    }

    [Fact]
    public async Task Myid_myshardid_keyslot_and_help()
    {
        server.Cluster.View = ClusterViews.ThreeNodes();
        await using var conn = await server.ConnectAsync();

        Assert.Equal("$40\r\n02c64b2006ba640cedd7c032b986a41290cc70b0\r\n",
            await FakeClusterServer.RawAsync(conn, "$40\r\n02c64b2006ba640cedd7c032b986a41290cc70b0\r\n", "CLUSTER", "MYID"));
        var shard = await conn.SendAsync("CLUSTER", "MYSHARDID");
        Assert.Matches("^[0-9a-f]{40}$", shard);
        Assert.Equal(shard, await conn.SendAsync("cluster", "myshardid"));
        Assert.Equal(":12182", await conn.SendAsync("CLUSTER", "KEYSLOT", "foo"));
        Assert.Equal(":8106", await conn.SendAsync("CLUSTER", "KEYSLOT", "{user1}a"));
        Assert.Equal(":14292", await conn.SendAsync("CLUSTER", "KEYSLOT", "foo{}bar"));
        var help = await conn.CallAsync("CLUSTER", "HELP");
        Assert.Equal(56, help.Items!.Count);
        Assert.Equal("+CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.Items[0].ToString());
        Assert.Equal("+    Prints this help.", help.Items[^1].ToString());
    }

    [Fact]
    public async Task Info_hello_and_select_say_cluster()
    {
        await using var conn = await server.ConnectAsync();

        var info = (await conn.CallAsync("INFO")).AsString();
        Assert.Contains("\r\nredis_mode:cluster\r\n", info);
        Assert.Contains("# Cluster\r\ncluster_enabled:1\r\n", info);
        Assert.Equal("# Cluster\r\ncluster_enabled:1\r\n", (await conn.CallAsync("INFO", "cluster")).AsString());
        Assert.Equal("# Keyspace\r\n", (await conn.CallAsync("INFO", "keyspace")).AsString());   // no db0 on an empty node
        Assert.Equal("-ERR SELECT is not allowed in cluster mode", await conn.SendAsync("SELECT", "1"));
        Assert.Equal("-ERR SELECT is not allowed in cluster mode", await conn.SendAsync("SELECT", "99"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SELECT", "x"));
        Assert.Equal("+OK", await conn.SendAsync("SELECT", "0"));
        Assert.Contains("mode: cluster", await conn.SendAsync("HELLO", "3"));
    }

    [Fact]
    public async Task Readonly_readwrite_and_asking_are_accepted()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("READONLY"));
        Assert.Equal("+OK", await conn.SendAsync("readwrite"));
        Assert.Equal("+OK", await conn.SendAsync("ASKING"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }
}

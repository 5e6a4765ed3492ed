using System.Buffers;
using System.Text;
using Blobasaur.Cluster;
using Blobasaur.Commands.Cluster;
using Blobasaur.Protocol;
using Blobasaur.Testing;
using Xunit;

namespace Blobasaur.Tests.Commands.Cluster;

/// <summary>
/// Golden bytes of CLUSTER NODES / SLOTS / SHARDS / INFO. Every expected string below was captured from a real Redis 7.0.15
/// (a 3-node cluster made with redis-cli --cluster create, and a lone node before and after CLUSTER RESET), and the views
/// reproduce what those nodes knew: same ids, ports, epochs, ping/pong times and message counters.
/// </summary>
public sealed class ClusterRepliesTests
{
    private static readonly ClusterMessageStats ThreeNodeStats = new(
        new Dictionary<string, long> { ["ping"] = 10, ["pong"] = 12 },
        new Dictionary<string, long> { ["ping"] = 10, ["pong"] = 10, ["meet"] = 2 });

    private static string Id1 => ClusterViews.Id1;

    private static string Id2 => ClusterViews.Id2;

    private static string Id3 => ClusterViews.Id3;

    [Fact]
    public void Nodes_of_a_three_node_cluster_match_redis_line_for_line()
    {
        var expected =
            $"{Id2} 127.0.0.1:17302@27302 master - 0 1795333203441 2 connected 5461-10922\n" +
            $"{Id1} 127.0.0.1:17301@27301 myself,master - 0 1795333203000 1 connected 0-5460\n" +
            $"{Id3} 127.0.0.1:17303@27303 master - 0 1795333204445 3 connected 10923-16383\n";

        Assert.Equal(expected, ClusterReplies.Nodes(ClusterViews.ThreeNodes()));
    }

    [Fact]
    public void Nodes_of_a_lone_node_before_meet_has_an_empty_ip_and_single_slots_print_without_a_dash()
    {
        var view = Lone("c7b7d30492276f3b52c4d77f4b03c7c61e8b03e1", "", pong: 0, epoch: 5, [new SlotSpan(100, 101), new SlotSpan(7, 7)]);

        Assert.Equal("c7b7d30492276f3b52c4d77f4b03c7c61e8b03e1 :17301@27301 myself,master - 0 0 5 connected 100-101 7\n",
            ClusterReplies.Nodes(view));
    }

    [Fact]
    public void Nodes_in_resp3_is_a_verbatim_string_as_redis_sends_it()
    {
        var view = Lone(Id1, "127.0.0.1", pong: 1795333216000, epoch: 4, []);

        Assert.Equal($"=111\r\ntxt:{Id1} 127.0.0.1:17301@27301 myself,master - 0 1795333216000 4 connected\n\r\n",
            Render(Reply.Verbatim(ClusterReplies.Nodes(view)), ProtocolVersion.Resp3));
        Assert.Equal($"$107\r\n{Id1} 127.0.0.1:17301@27301 myself,master - 0 1795333216000 4 connected\n\r\n",
            Render(Reply.Verbatim(ClusterReplies.Nodes(view)), ProtocolVersion.Resp2));
    }

    [Theory]
    [InlineData(NodeFlags.None, "noflags")]
    [InlineData(NodeFlags.Primary | NodeFlags.PFail, "master,fail?")]
    [InlineData(NodeFlags.Primary | NodeFlags.Fail, "master,fail")]
    [InlineData(NodeFlags.NoFailover | NodeFlags.Replica | NodeFlags.Myself, "myself,slave,nofailover")]
    [InlineData(NodeFlags.Handshake | NodeFlags.NoAddr, "handshake,noaddr")]
    public void Flags_print_in_redis_order(NodeFlags flags, string expected) => Assert.Equal(expected, ClusterReplies.Flags(flags));

    [Fact]
    public void A_replica_line_names_its_primary_and_shows_the_primary_epoch_and_a_down_link()
    {
        var view = ClusterViews.ThreeNodes();
        var replica = new ClusterNodeView("e96180a2cad087fd83b4c61ed1b84f253cd5b463", "127.0.0.1", 17305, 27305, null,
            NodeFlags.Replica | NodeFlags.Fail, Id3, 1795310582914, 1795310582007, 0, false, []);
        view = new ClusterView(view.MyId, 3, false, [.. view.Nodes, replica], view.Stats);

        Assert.EndsWith($"e96180a2cad087fd83b4c61ed1b84f253cd5b463 127.0.0.1:17305@27305 slave,fail {Id3} 1795310582914 1795310582007 3 disconnected\n",
            ClusterReplies.Nodes(view));
    }

    [Fact]
    public void Slots_resp2_matches_redis()
    {
        var expected = "*3\r\n" +
            $"*3\r\n:0\r\n:5460\r\n*4\r\n$9\r\n127.0.0.1\r\n:17301\r\n$40\r\n{Id1}\r\n*0\r\n" +
            $"*3\r\n:5461\r\n:10922\r\n*4\r\n$9\r\n127.0.0.1\r\n:17302\r\n$40\r\n{Id2}\r\n*0\r\n" +
            $"*3\r\n:10923\r\n:16383\r\n*4\r\n$9\r\n127.0.0.1\r\n:17303\r\n$40\r\n{Id3}\r\n*0\r\n";

        Assert.Equal(expected, Render(ClusterReplies.Slots(ClusterViews.ThreeNodes()), ProtocolVersion.Resp2));
    }

    [Fact]
    public void Slots_resp3_differs_only_by_an_empty_map_for_the_metadata()
    {
        var resp2 = Render(ClusterReplies.Slots(ClusterViews.ThreeNodes(myIndex: 2)), ProtocolVersion.Resp2);

        Assert.Equal(resp2.Replace("\r\n*0\r\n", "\r\n%0\r\n"), Render(ClusterReplies.Slots(ClusterViews.ThreeNodes(myIndex: 2)), ProtocolVersion.Resp3));
    }

    [Fact]
    public void Slots_of_a_node_without_an_address_show_an_empty_endpoint_and_no_slots_give_an_empty_array()
    {
        var view = Lone("495e441532283e0546e1a7ccbc5ed156dc170a06", "", pong: 0, epoch: 5, [new SlotSpan(100, 101)]);

        Assert.Equal("*1\r\n*3\r\n:100\r\n:101\r\n*4\r\n$0\r\n\r\n:17301\r\n$40\r\n495e441532283e0546e1a7ccbc5ed156dc170a06\r\n*0\r\n",
            Render(ClusterReplies.Slots(view), ProtocolVersion.Resp2));
        Assert.Equal("*0\r\n", Render(ClusterReplies.Slots(Lone(Id1, "", 0, 0, [])), ProtocolVersion.Resp2));
    }

    [Fact]
    public void Slots_cut_ranges_where_the_owner_changes_and_skip_unassigned_slots()
    {
        var view = ClusterViews.ThreeNodes();
        var nodes = view.Nodes.Select(n => n.Id == Id1 ? n with { Slots = [new SlotSpan(0, 9), new SlotSpan(20, 20)] } : n).ToList();
        var reply = (ArrayReply)ClusterReplies.Slots(new ClusterView(view.MyId, 3, false, nodes, view.Stats));

        var ranges = reply.Items.Cast<ArrayReply>().Select(r => $"{((IntegerReply)r.Items[0]).Value}-{((IntegerReply)r.Items[1]).Value}");
        Assert.Equal(["0-9", "20-20", "5461-10922", "10923-16383"], ranges);
    }

    [Fact]
    public void Shards_resp2_matches_redis()
    {
        static string Shard(string id, int port, int start, int end) =>
            $"*4\r\n$5\r\nslots\r\n*2\r\n:{start}\r\n:{end}\r\n$5\r\nnodes\r\n*1\r\n*14\r\n$2\r\nid\r\n$40\r\n{id}\r\n$4\r\nport\r\n:{port}\r\n" +
            "$2\r\nip\r\n$9\r\n127.0.0.1\r\n$8\r\nendpoint\r\n$9\r\n127.0.0.1\r\n$4\r\nrole\r\n$6\r\nmaster\r\n" +
            "$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n";
        var expected = "*3\r\n" + Shard(Id2, 17302, 5461, 10922) + Shard(Id1, 17301, 0, 5460) + Shard(Id3, 17303, 10923, 16383);

        Assert.Equal(expected, Render(ClusterReplies.Shards(ClusterViews.ThreeNodes()), ProtocolVersion.Resp2));
    }

    [Fact]
    public void Shards_resp3_uses_maps_as_redis_does()
    {
        var view = Lone(Id1, "127.0.0.1", pong: 1795333216000, epoch: 4, []);
        var expected = $"*1\r\n%2\r\n$5\r\nslots\r\n*0\r\n$5\r\nnodes\r\n*1\r\n%7\r\n$2\r\nid\r\n$40\r\n{Id1}\r\n$4\r\nport\r\n:17301\r\n" +
            "$2\r\nip\r\n$9\r\n127.0.0.1\r\n$8\r\nendpoint\r\n$9\r\n127.0.0.1\r\n$4\r\nrole\r\n$6\r\nmaster\r\n" +
            "$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n";

        Assert.Equal(expected, Render(ClusterReplies.Shards(view), ProtocolVersion.Resp3));
    }

    [Fact]
    public void Info_of_a_three_node_cluster_matches_redis()
    {
        const string expected = "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\n" +
            "cluster_slots_fail:0\r\ncluster_known_nodes:3\r\ncluster_size:3\r\ncluster_current_epoch:3\r\ncluster_my_epoch:1\r\n" +
            "cluster_stats_messages_ping_sent:10\r\ncluster_stats_messages_pong_sent:12\r\ncluster_stats_messages_sent:22\r\n" +
            "cluster_stats_messages_ping_received:10\r\ncluster_stats_messages_pong_received:10\r\n" +
            "cluster_stats_messages_meet_received:2\r\ncluster_stats_messages_received:22\r\n" +
            "total_cluster_links_buffer_limit_exceeded:0\r\n";

        var info = ClusterReplies.Info(ClusterViews.ThreeNodes(stats: ThreeNodeStats));

        Assert.Equal(expected, info);
        Assert.Equal("$510\r\n" + expected + "\r\n", Render(Reply.Verbatim(info), ProtocolVersion.Resp2));
    }

    [Fact]
    public void Info_of_a_fresh_lone_node_matches_redis_and_is_verbatim_in_resp3()
    {
        const string expected = "cluster_state:fail\r\ncluster_slots_assigned:0\r\ncluster_slots_ok:0\r\ncluster_slots_pfail:0\r\n" +
            "cluster_slots_fail:0\r\ncluster_known_nodes:1\r\ncluster_size:0\r\ncluster_current_epoch:0\r\ncluster_my_epoch:0\r\n" +
            "cluster_stats_messages_sent:0\r\ncluster_stats_messages_received:0\r\ntotal_cluster_links_buffer_limit_exceeded:0\r\n";

        var info = ClusterReplies.Info(Lone("c7b7d30492276f3b52c4d77f4b03c7c61e8b03e1", "", 0, 0, [], isOk: false));

        Assert.Equal("$306\r\n" + expected + "\r\n", Render(Reply.Verbatim(info), ProtocolVersion.Resp2));
        Assert.Equal("=310\r\ntxt:" + expected + "\r\n", Render(Reply.Verbatim(info), ProtocolVersion.Resp3));
    }

    [Fact]
    public void Info_counts_slots_of_failing_owners_and_lists_unknown_message_types_after_redis_ones()
    {
        var view = ClusterViews.ThreeNodes(stats: new(new Dictionary<string, long> { ["gossip"] = 5, ["pong"] = 0, ["ping"] = 1 },
            new Dictionary<string, long>()));
        var nodes = view.Nodes.Select(n => n.Id switch
        {
            var id when id == Id2 => n with { Flags = n.Flags | NodeFlags.PFail },
            var id when id == Id3 => n with { Flags = n.Flags | NodeFlags.Fail },
            _ => n,
        }).ToList();

        var info = ClusterReplies.Info(new ClusterView(view.MyId, 3, false, nodes, view.Stats));

        Assert.Contains("cluster_state:fail\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:5461\r\ncluster_slots_pfail:5462\r\n" +
            "cluster_slots_fail:5461\r\n", info);
        Assert.Contains("cluster_stats_messages_ping_sent:1\r\ncluster_stats_messages_gossip_sent:5\r\ncluster_stats_messages_sent:6\r\n" +
            "cluster_stats_messages_received:0\r\n", info);
    }

    [Fact]
    public void Shard_id_is_40_hex_stable_and_shared_by_a_replica_with_its_primary()
    {
        var primary = ClusterViews.ThreeNodes();
        var replicaNode = new ClusterNodeView("e96180a2cad087fd83b4c61ed1b84f253cd5b463", "127.0.0.1", 17305, 27305, null,
            NodeFlags.Myself | NodeFlags.Replica, Id1, 0, 0, 0, true, []);
        var replica = new ClusterView(replicaNode.Id, 3, true,
            [.. primary.Nodes.Select(n => n with { Flags = n.Flags & ~NodeFlags.Myself }), replicaNode], primary.Stats);

        var id = ClusterReplies.ShardId(primary);

        Assert.Matches("^[0-9a-f]{40}$", id);
        Assert.Equal(id, ClusterReplies.ShardId(ClusterViews.ThreeNodes()));
        Assert.Equal(id, ClusterReplies.ShardId(replica));
        Assert.NotEqual(id, ClusterReplies.ShardId(ClusterViews.ThreeNodes(myIndex: 1)));
        Assert.NotEqual(Id1, id);
    }

    private static ClusterView Lone(string id, string ip, long pong, long epoch, IReadOnlyList<SlotSpan> slots, bool isOk = true) =>
        new(id, epoch, isOk,
            [new ClusterNodeView(id, ip, 17301, 27301, null, NodeFlags.Myself | NodeFlags.Primary, null, 0, pong, epoch, true, slots)],
            ClusterViews.NoMessages);

    private static string Render(Reply reply, ProtocolVersion protocol)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ReplyWriter.Write(buffer, reply, protocol);
        return Encoding.Latin1.GetString(buffer.WrittenSpan);
    }
}

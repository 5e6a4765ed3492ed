using System.Net;
using Blobasaur.Cluster;
using Blobasaur.Cluster.Gossip;
using Blobasaur.Config;

namespace Blobasaur.Tests.Cluster;

public sealed class GossipConvergenceTests
{
    private static Func<int, ClusterSection> EvenSlices(int count) => i => ClusterHarness.Settings(i) with
    {
        SlotRanges = [new SlotRange(16384 * i / count, 16384 * (i + 1) / count - 1)],
    };

    private static bool AllOk(ClusterHarness cluster, int nodes) =>
        cluster.Running.All(n => n.View.IsOk && n.View.Nodes.Count(v => (v.Flags & NodeFlags.Handshake) == 0) == nodes);

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task Nodes_seeded_with_one_address_converge_on_the_same_nodes_and_slot_owners(int count)
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(count, EvenSlices(count));

        cluster.RunUntil(() => AllOk(cluster, count) && cluster.Converged(), maxRounds: 300);

        var view = cluster.Nodes[0].View;
        for (var i = 0; i < count; i++)
            Assert.Equal(cluster.Nodes[i].View.MyId, view.OwnerOf(16384 * i / count)!.Id);
        var epochs = view.Nodes.Select(n => n.ConfigEpoch).ToList();
        Assert.Equal(epochs.Count, epochs.Distinct().Count()); // equal epochs collided and were bumped apart
        Assert.All(view.Nodes.Where(n => !n.IsMyself), n => Assert.True(n.Connected));
        Assert.All(cluster.Running, n => Assert.Equal(view.CurrentEpoch, n.View.CurrentEpoch));
    }

    [Fact]
    public async Task Meet_joins_two_nodes_through_a_handshake()
    {
        await using var cluster = new ClusterHarness();
        var a = cluster.Start(0, ClusterHarness.Settings(0) with { SlotRanges = [new SlotRange(0, 8191)] });
        var b = cluster.Start(1, ClusterHarness.Settings(1) with { SlotRanges = [new SlotRange(8192, 16383)] });

        Assert.Null(a.Meet("127.0.0.1", 6001, 16001));
        Assert.Contains(a.View.Nodes, n => n.Flags == NodeFlags.Handshake);
        cluster.RunUntil(() => AllOk(cluster, 2) && cluster.Converged());

        Assert.DoesNotContain(a.View.Nodes, n => (n.Flags & NodeFlags.Handshake) != 0);
        var peer = Assert.Single(a.View.Nodes, n => !n.IsMyself);
        Assert.Equal((b.View.MyId, "127.0.0.1", 6001, 16001), (peer.Id, peer.Ip, peer.Port, peer.ClusterPort));
        Assert.True(peer.PongReceivedMs > 0);
        Assert.True(a.View.Stats.Sent["meet"] > 0);
        Assert.True(a.View.Stats.Received["pong"] > 0);
    }

    [Fact]
    public async Task A_node_owning_all_16384_slots_is_learned_by_its_peers()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(3, i => ClusterHarness.Settings(i) with { SlotRanges = i == 0 ? [new SlotRange(0, 16383)] : [] });

        cluster.RunUntil(() => AllOk(cluster, 3) && cluster.Converged());

        var owner = cluster.Nodes[0].View.MyId;
        Assert.All(cluster.Running, n => Assert.Equal([new SlotSpan(0, 16383)], n.View.Nodes.Single(v => v.Id == owner).Slots));
    }

    [Fact]
    public async Task Every_datagram_fits_the_mtu_even_with_maximally_fragmented_slots()
    {
        await using var cluster = new ClusterHarness();
        // Node 0 owns every even slot of the first half (4096 single-slot ranges), node 1 every odd one; the rest is shared.
        const int Count = 20;
        cluster.StartMany(Count, i => ClusterHarness.Settings(i) with
        {
            Slots = i == 0 ? Enumerable.Range(0, 4096).Select(s => s * 2).ToList() : [],
            SlotRanges = i == 0 ? [] : [new SlotRange(8192 + (i - 1) * 431, i == Count - 1 ? 16383 : 8192 + i * 431 - 1)],
        });
        cluster.Nodes[1].AddSlots(Enumerable.Range(0, 4096).Select(s => s * 2 + 1).ToList());

        cluster.RunUntil(() => AllOk(cluster, Count) && cluster.Converged(), maxRounds: 400);

        Assert.InRange(cluster.Network.LargestDatagram, 1, GossipCodec.MaxDatagram);
        Assert.Equal(cluster.Nodes[0].View.MyId, cluster.Nodes[15].View.OwnerOf(4094)!.Id);
        Assert.Equal(cluster.Nodes[1].View.MyId, cluster.Nodes[15].View.OwnerOf(4095)!.Id);
    }

    [Fact]
    public void A_digest_too_large_for_one_datagram_covers_a_window_and_says_which_ids_it_speaks_for()
    {
        var key = GossipCodec.Key("s");
        var self = new DigestEntry(NodeId.FromName("self"), 1_790_000_000_000, 40);
        var others = Enumerable.Range(0, 100).Select(i => new DigestEntry(NodeId.FromName($"n{i}"), 1_790_000_000_000, 30))
            .OrderBy(e => e.Id, StringComparer.Ordinal).ToList();

        var first = GossipCodec.EncodePing(MessageType.Ping, self.Id, 1, "127.0.0.1", new DigestPlan(self, others, 0), key, out var n1);
        var second = GossipCodec.EncodePing(MessageType.Ping, self.Id, 1, "127.0.0.1", new DigestPlan(self, others, n1), key, out var n2);
        var third = GossipCodec.EncodePing(MessageType.Ping, self.Id, 1, "127.0.0.1", new DigestPlan(self, others, n1 + n2), key,
            out var n3);

        Assert.All(new[] { first, second, third }, d => Assert.InRange(d.Length, 1, GossipCodec.MaxDatagram));
        Assert.Equal(100, n1 + n2 + n3);
        GossipCodec.TryDecode(first, key, out var m1);
        GossipCodec.TryDecode(third, key, out var m3);
        Assert.False(m1!.DigestComplete);
        Assert.Equal(self, m1.Digest[0]);
        Assert.True(m1.DigestCovers(others[0].Id) && m1.DigestCovers(others[n1 - 1].Id));
        Assert.False(m1.DigestCovers(others[n1].Id));
        Assert.True(m3!.DigestCovers(others[99].Id) && m3.DigestCovers(new string('f', 40)));
        Assert.False(m3.DigestCovers(others[0].Id));
    }

    [Fact]
    public async Task Gossip_converges_despite_losing_a_fifth_of_all_datagrams()
    {
        await using var cluster = new ClusterHarness();
        cluster.Network.DropRate = 0.2;
        cluster.StartMany(5, EvenSlices(5));

        cluster.RunUntil(() => AllOk(cluster, 5) && cluster.Converged(), maxRounds: 600);
    }

    [Fact]
    public void Digest_and_delta_round_trip_through_the_codec()
    {
        var key = GossipCodec.Key("s");
        var id = NodeId.FromName("x");
        var datagrams = GossipCodec.EncodeDelta(id, 42, new DigestPlan(new DigestEntry(id, 42, 3), [], 0),
            [new DeltaSource(id, 42, 0, 3, [new GossipValue("addr", "127.0.0.1:1@2", 1), new GossipValue("k", "é", 3)])], 4, key);

        var result = GossipCodec.TryDecode(Assert.Single(datagrams), key, out var message);

        Assert.Equal(DecodeResult.Ok, result);
        Assert.Equal(MessageType.Pong, message!.Type);
        Assert.Equal((id, 42L), (message.SenderId, message.SenderGeneration));
        Assert.Equal([new DigestEntry(id, 42, 3)], message.Digest);
        var section = Assert.Single(message.Delta);
        Assert.Equal((0L, 3L), (section.From, section.To));
        Assert.Equal([new GossipValue("addr", "127.0.0.1:1@2", 1), new GossipValue("k", "é", 3)], section.Values);
    }

    [Fact]
    public async Task A_restarted_node_replaces_its_old_incarnation_at_once_and_rejoins_with_its_persisted_view()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(3, EvenSlices(3));
        cluster.RunUntil(() => AllOk(cluster, 3) && cluster.Converged());
        var id = cluster.Nodes[1].View.MyId;
        var oldGeneration = cluster.Nodes[1].Generation;

        await cluster.StopAsync(1);
        cluster.RunFor(TimeSpan.FromMilliseconds(500));
        var restarted = cluster.Start(1, EvenSlices(3)(1)); // no seed this time: the persisted peers are enough
        Assert.Equal(id, restarted.View.MyId);
        Assert.Equal(3, restarted.View.Nodes.Count);
        Assert.True(restarted.Generation > oldGeneration);

        cluster.Round();
        cluster.Round();
        Assert.All(new[] { cluster.Nodes[0], cluster.Nodes[2] },
            n => Assert.Equal(restarted.Generation, n.DebugGenerationOf(id)));
        cluster.RunUntil(() => AllOk(cluster, 3) && cluster.Converged());
        Assert.Equal(id, cluster.Nodes[0].View.OwnerOf(16384 / 3 + 1)!.Id);
    }

    [Fact]
    public async Task The_in_memory_network_counts_bytes_per_endpoint()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(2, EvenSlices(2));
        cluster.RunFor(TimeSpan.FromSeconds(1));

        var (sent, received) = cluster.Network.BytesByEndpoint[new IPEndPoint(IPAddress.Loopback, 16001)];
        Assert.True(sent > 0 && received > 0);
        Assert.Equal(cluster.Nodes[1].Counters.BytesSent, sent);
    }
}

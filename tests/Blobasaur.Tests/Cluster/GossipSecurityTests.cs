using Blobasaur.Cluster;
using Blobasaur.Config;

namespace Blobasaur.Tests.Cluster;

public sealed class GossipSecurityTests
{
    private static ClusterSection Half(int i, string? secret = "test-secret") => ClusterHarness.Settings(i, secret) with
    {
        SlotRanges = [i == 0 ? new SlotRange(0, 8191) : new SlotRange(8192, 16383)],
    };

    [Fact]
    public async Task A_node_with_the_wrong_secret_never_joins_and_its_datagrams_are_counted_as_bad()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(3, i => i == 2 ? Half(1, "wrong-secret") with { NodeId = "node-2", Port = 16002 } : Half(i));

        cluster.RunFor(TimeSpan.FromSeconds(10));

        var intruder = cluster.Nodes[2].View.MyId;
        Assert.All(new[] { cluster.Nodes[0], cluster.Nodes[1] }, n => Assert.DoesNotContain(n.View.Nodes, v => v.Id == intruder));
        Assert.Equal(2, cluster.Nodes[0].View.Nodes.Count);
        Assert.True(cluster.Nodes[0].Counters.DroppedBadMac > 0);
        Assert.True(cluster.Nodes[1].Counters.DroppedBadMac == 0); // node 1 only hears node 0: no bad datagram ever reaches it
        Assert.Single(cluster.Nodes[2].View.Nodes);
    }

    [Fact]
    public async Task A_node_without_a_secret_cannot_join_a_cluster_that_has_one()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(3, i => i == 2 ? Half(1, secret: null) with { NodeId = "node-2", Port = 16002 } : Half(i));

        cluster.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(2, cluster.Nodes[0].View.Nodes.Count);
        Assert.Single(cluster.Nodes[2].View.Nodes);
    }

    [Fact]
    public async Task Tampered_datagrams_are_dropped_and_counted_and_the_rest_still_converges()
    {
        await using var cluster = new ClusterHarness();
        var random = new Random(3);
        var tampered = 0;
        cluster.Network.Tamper = (datagram, _, _) =>
        {
            if (random.Next(5) != 0) return datagram;
            var copy = (byte[])datagram.Clone();
            copy[random.Next(4, copy.Length)] ^= 0x20; // any byte after the magic: header, body or MAC
            tampered++;
            return copy;
        };
        cluster.StartMany(2, i => Half(i));

        cluster.RunUntil(() => cluster.Running.All(n => n.View.IsOk && n.View.Nodes.Count == 2) && cluster.Converged());
        cluster.RunFor(TimeSpan.FromSeconds(2));

        var dropped = cluster.Running.Sum(n => n.Counters.DroppedBadMac);
        Assert.True(tampered > 0);
        Assert.Equal(tampered, dropped);
    }

    [Fact]
    public async Task Datagrams_from_an_unknown_node_that_does_not_meet_us_are_dropped_as_untrusted()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(2, i => Half(i));
        cluster.RunUntil(() => cluster.Converged() && cluster.Nodes[0].View.Nodes.Count == 2);

        // Node 0 forgets node 1: node 1 keeps pinging (Ping, not Meet, since node 0 answered before) and must be refused.
        Assert.Null(cluster.Nodes[0].Forget(cluster.Nodes[1].View.MyId));
        cluster.RunFor(TimeSpan.FromSeconds(1));

        Assert.Single(cluster.Nodes[0].View.Nodes);
        Assert.True(cluster.Nodes[0].Counters.DroppedUntrusted > 0);
    }
}

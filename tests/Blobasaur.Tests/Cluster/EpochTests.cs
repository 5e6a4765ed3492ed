using Blobasaur.Cluster;
using Blobasaur.Config;

namespace Blobasaur.Tests.Cluster;

public sealed class EpochTests
{
    [Fact]
    public async Task A_conflicting_claim_is_won_by_the_higher_config_epoch_everywhere()
    {
        await using var cluster = new ClusterHarness();
        var a = cluster.Start(0, ClusterHarness.Settings(0) with { SlotRanges = [new SlotRange(0, 100)] });
        var b = cluster.Start(1, ClusterHarness.Settings(1) with { SlotRanges = [new SlotRange(50, 60), new SlotRange(101, 16383)] });
        cluster.Start(2);
        a.SetConfigEpoch(5);
        b.SetConfigEpoch(3);
        a.Meet("127.0.0.1", 6001, 16001);
        a.Meet("127.0.0.1", 6002, 16002);

        cluster.RunUntil(() => cluster.Converged() && cluster.Running.All(n => n.View.Nodes.Count == 3 && n.View.IsOk));

        foreach (var node in cluster.Running)
        {
            Assert.Equal(a.View.MyId, node.View.OwnerOf(55)!.Id);
            Assert.Equal(b.View.MyId, node.View.OwnerOf(101)!.Id);
        }

        Assert.Equal([new SlotSpan(101, 16383)], b.View.Myself.Slots); // the loser stopped claiming the contested slots
        Assert.Equal(5, a.View.Myself.ConfigEpoch);
        Assert.Equal(3, b.View.Myself.ConfigEpoch);
    }

    [Fact]
    public async Task Equal_epochs_are_broken_by_the_smaller_id_bumping_and_it_then_wins_the_contested_slot()
    {
        await using var cluster = new ClusterHarness();
        var a = cluster.Start(0, ClusterHarness.Settings(0) with { SlotRanges = [new SlotRange(0, 8191)] });
        var b = cluster.Start(1, ClusterHarness.Settings(1) with { SlotRanges = [new SlotRange(8191, 16383)] });
        a.SetConfigEpoch(2);
        b.SetConfigEpoch(2);
        var (smaller, larger) = string.CompareOrdinal(a.View.MyId, b.View.MyId) < 0 ? (a, b) : (b, a);

        a.Meet("127.0.0.1", 6001, 16001);
        cluster.RunUntil(() => cluster.Converged() && cluster.Running.All(n => n.View.Nodes.Count == 2 && n.View.IsOk));

        Assert.Equal(2, larger.View.Myself.ConfigEpoch);
        Assert.Equal(3, smaller.View.Myself.ConfigEpoch);
        Assert.All(cluster.Running, n => Assert.Equal(3, n.View.CurrentEpoch));
        Assert.All(cluster.Running, n => Assert.Equal(smaller.View.MyId, n.View.OwnerOf(8191)!.Id));
    }

    [Fact]
    public async Task A_slot_stays_bound_when_its_owner_stops_claiming_it()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(2, i => ClusterHarness.Settings(i) with
        {
            SlotRanges = [i == 0 ? new SlotRange(0, 8191) : new SlotRange(8192, 16383)],
        });
        cluster.RunUntil(() => cluster.Converged() && cluster.Running.All(n => n.View.IsOk));

        cluster.Nodes[1].DelSlots([16383]);
        cluster.RunFor(TimeSpan.FromSeconds(2));

        Assert.Null(cluster.Nodes[1].View.OwnerOf(16383));
        Assert.Equal(cluster.Nodes[1].View.MyId, cluster.Nodes[0].View.OwnerOf(16383)!.Id);
    }

    [Fact]
    public async Task Forget_removes_a_node_and_keeps_it_out_for_60_seconds_even_when_others_still_gossip_it()
    {
        await using var cluster = new ClusterHarness();
        cluster.StartMany(3, i => ClusterHarness.Settings(i) with { SlotRanges = [new SlotRange(16384 * i / 3, 16384 * (i + 1) / 3 - 1)] });
        cluster.RunUntil(() => cluster.Converged() && cluster.Running.All(n => n.View.IsOk && n.View.Nodes.Count == 3));
        var forgotten = cluster.Nodes[2].View.MyId;

        Assert.Null(cluster.Nodes[0].Forget(forgotten));
        Assert.Equal($"ERR Unknown node {forgotten}", cluster.Nodes[0].Forget(forgotten));
        Assert.Null(cluster.Nodes[0].View.OwnerOf(16383));

        cluster.RunFor(TimeSpan.FromSeconds(55));
        Assert.DoesNotContain(cluster.Nodes[0].View.Nodes, n => n.Id == forgotten);

        cluster.RunUntil(() => cluster.Nodes[0].View.Nodes.Any(n => n.Id == forgotten), maxRounds: 150);
        cluster.RunUntil(() => cluster.Converged());
        Assert.Equal(forgotten, cluster.Nodes[0].View.OwnerOf(16383)!.Id);
    }
}

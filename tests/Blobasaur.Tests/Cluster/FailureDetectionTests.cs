using Blobasaur.Cluster;
using Blobasaur.Config;

namespace Blobasaur.Tests.Cluster;

public sealed class FailureDetectionTests
{
    private static Func<int, ClusterSection> Thirds(bool fullCoverage = true) =>
        i => ClusterHarness.Settings(i, fullCoverage: fullCoverage) with
        {
            SlotRanges = [new SlotRange(16384 * i / 3, 16384 * (i + 1) / 3 - 1)],
        };

    private static ClusterHarness ConvergedThreeNodes(bool fullCoverage = true)
    {
        var cluster = new ClusterHarness();
        cluster.StartMany(3, Thirds(fullCoverage));
        cluster.RunUntil(() => cluster.Running.All(n => n.View.IsOk && n.View.Nodes.Count == 3) && cluster.Converged());
        return cluster;
    }

    private static NodeFlags FlagsOf(ClusterNode observer, string id) => observer.View.Nodes.Single(n => n.Id == id).Flags;

    [Fact]
    public async Task An_unreachable_node_is_pfail_after_node_timeout_then_fail_with_a_majority_and_the_state_fails()
    {
        await using var cluster = ConvergedThreeNodes();
        var victim = cluster.Nodes[2].View.MyId;
        cluster.Network.Isolate(cluster.Addresses[2]);

        cluster.RunFor(TimeSpan.FromMilliseconds(ClusterHarness.NodeTimeoutMs - 300));
        Assert.Equal(NodeFlags.Primary, FlagsOf(cluster.Nodes[0], victim));
        Assert.True(cluster.Nodes[0].View.IsOk);

        var rounds = cluster.RunUntil(() => (FlagsOf(cluster.Nodes[0], victim) & NodeFlags.PFail) != 0, maxRounds: 10);
        Assert.True(rounds <= 6, $"PFAIL took {rounds} more rounds");
        cluster.RunUntil(() => cluster.Nodes.Take(2).All(n => (FlagsOf(n, victim) & NodeFlags.Fail) != 0), maxRounds: 20);

        Assert.All(cluster.Nodes.Take(2), n =>
        {
            Assert.False(n.View.IsOk);
            Assert.False(n.IsSlotReachable(16383));
            Assert.True(n.IsSlotReachable(0));
            Assert.False(n.View.Nodes.Single(v => v.Id == victim).Connected);
            Assert.True(n.View.Nodes.Single(v => v.Id == victim).PingSentMs > 0);
        });
        Assert.True(cluster.Nodes.Take(2).Sum(n => n.View.Stats.Sent.GetValueOrDefault("fail")) > 0); // FAIL pushed, not only gossiped
        // The isolated node sees both others unreachable: a minority without quorum, so its own state is fail too.
        Assert.False(cluster.Nodes[2].View.IsOk);
        Assert.DoesNotContain(cluster.Nodes[2].View.Nodes, n => (n.Flags & NodeFlags.Fail) != 0);
    }

    [Fact]
    public async Task After_the_partition_heals_fail_is_cleared_and_the_state_returns_to_ok()
    {
        await using var cluster = ConvergedThreeNodes();
        var victim = cluster.Nodes[2].View.MyId;
        cluster.Network.Isolate(cluster.Addresses[2]);
        cluster.RunUntil(() => (FlagsOf(cluster.Nodes[0], victim) & NodeFlags.Fail) != 0, maxRounds: 60);

        cluster.Network.HealAll();

        // A slot owner's FAIL is undone 2 x node_timeout after it was set, once the node is heard from again.
        cluster.RunUntil(() => cluster.Running.All(n => n.View.IsOk), maxRounds: 2 * ClusterHarness.NodeTimeoutMs / 100 + 20);
        Assert.All(cluster.Running, n => Assert.DoesNotContain(n.View.Nodes, v => v.IsFailing));
    }

    [Fact]
    public async Task With_require_full_coverage_false_the_state_stays_ok_and_only_the_failed_nodes_slots_are_unreachable()
    {
        await using var cluster = ConvergedThreeNodes(fullCoverage: false);
        var victim = cluster.Nodes[2].View.MyId;
        cluster.Network.Isolate(cluster.Addresses[2]);

        cluster.RunUntil(() => (FlagsOf(cluster.Nodes[0], victim) & NodeFlags.Fail) != 0, maxRounds: 60);

        var survivor = cluster.Nodes[0];
        Assert.True(survivor.View.IsOk);
        Assert.True(survivor.IsSlotReachable(0));
        Assert.True(survivor.IsSlotReachable(16384 / 3 + 5));
        Assert.False(survivor.IsSlotReachable(16383));
        Assert.Equal(victim, survivor.View.OwnerOf(16383)!.Id); // still bound: FAIL never unbinds a slot
    }

    [Fact]
    public async Task One_node_alone_cannot_declare_fail_without_a_majority()
    {
        await using var cluster = ConvergedThreeNodes();
        var victim = cluster.Nodes[2].View.MyId;
        // Only node 0 loses node 2; node 1 still hears it, so node 0's PFAIL never reaches the quorum of 2.
        cluster.Network.Partition(cluster.Addresses[0], cluster.Addresses[2]);

        cluster.RunFor(TimeSpan.FromMilliseconds(3 * ClusterHarness.NodeTimeoutMs));

        Assert.Equal(NodeFlags.Primary | NodeFlags.PFail, FlagsOf(cluster.Nodes[0], victim));
        Assert.Equal(NodeFlags.Primary, FlagsOf(cluster.Nodes[1], victim));
        Assert.True(cluster.Nodes[0].View.IsOk);
    }

    [Fact]
    public async Task A_killed_node_is_failed_and_after_a_restart_the_cluster_is_ok_again()
    {
        await using var cluster = ConvergedThreeNodes();
        var victim = cluster.Nodes[2].View.MyId;
        await cluster.StopAsync(2);
        cluster.RunUntil(() => !cluster.Nodes[0].View.IsOk && !cluster.Nodes[1].View.IsOk, maxRounds: 60);

        cluster.Start(2, Thirds()(2));

        cluster.RunUntil(() => cluster.Running.All(n => n.View.IsOk), maxRounds: 80);
        Assert.Equal(victim, cluster.Nodes[0].View.OwnerOf(16383)!.Id);
    }
}

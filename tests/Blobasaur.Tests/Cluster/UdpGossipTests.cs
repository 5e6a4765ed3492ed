using Blobasaur.Cluster;
using Blobasaur.Config;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Cluster;

// The real transport: two nodes on 127.0.0.1 with ephemeral UDP ports, the system clock, and the production gossip loop.
public sealed class UdpGossipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("blobasaur-udp-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ClusterNode Open(int index, SlotRange slots, string secret = "udp-secret") =>
        ClusterNode.Open(new ClusterOptions(new ClusterSection
        {
            Enabled = true, NodeId = $"udp-{index}", Port = 0, GossipIntervalMs = 50, NodeTimeoutMs = 5000, Secret = secret,
            SlotRanges = [slots],
        }, "127.0.0.1", 7100 + index, Path.Combine(_root, $"n{index}")), TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task Two_nodes_converge_over_udp_loopback_after_a_meet()
    {
        await using var a = Open(0, new SlotRange(0, 8191));
        await using var b = Open(1, new SlotRange(8192, 16383));
        await a.StartAsync();
        await b.StartAsync();
        Assert.NotEqual(0, a.GossipPort);

        Assert.Null(a.Meet("127.0.0.1", 7101, b.GossipPort));

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(
            a.View.IsOk && b.View.IsOk && a.View.Nodes.Count == 2 && b.View.Nodes.Count == 2
            && a.View.OwnerOf(16383)?.Id == b.View.MyId && b.View.OwnerOf(0)?.Id == a.View.MyId), TimeSpan.FromSeconds(30)));
        var peer = a.View.Nodes.Single(n => !n.IsMyself);
        Assert.Equal(("127.0.0.1", 7101, b.GossipPort), (peer.Ip, peer.Port, peer.ClusterPort));
        Assert.True(peer.Connected);
        Assert.True(a.Counters.DatagramsReceived > 0 && a.Counters.DroppedBadMac == 0);
    }

    [Fact]
    public async Task A_node_with_another_secret_is_never_admitted_over_udp()
    {
        await using var a = Open(0, new SlotRange(0, 8191));
        await using var b = Open(1, new SlotRange(8192, 16383), secret: "another-secret");
        await a.StartAsync();
        await b.StartAsync();

        b.Meet("127.0.0.1", 7100, a.GossipPort);

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(a.Counters.DroppedBadMac >= 3), TimeSpan.FromSeconds(30)));
        Assert.Single(a.View.Nodes);
        Assert.DoesNotContain(b.View.Nodes, n => n.Id == a.View.MyId);
    }
}

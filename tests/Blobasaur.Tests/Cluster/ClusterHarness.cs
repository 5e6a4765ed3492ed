using System.Net;
using Blobasaur.Cluster;
using Blobasaur.Cluster.Gossip;
using Blobasaur.Config;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Cluster;

/// <summary>
/// N cluster nodes in one process on an in-memory network, one fake clock, and a temp directory each.
/// <see cref="Round"/> moves the clock by one gossip interval, runs every node's gossip round and delivers every datagram:
/// fully deterministic (seeded randomness, no threads, no sleeps).
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    public const int GossipIntervalMs = 100;
    public const int NodeTimeoutMs = 2000;

    private readonly string _root = Directory.CreateTempSubdirectory("blobasaur-cluster-").FullName;

    public ClusterHarness(int seed = 7) => Network = new InMemoryGossipNetwork(seed);

    public FakeTimeProvider Clock { get; } = new();
    public InMemoryGossipNetwork Network { get; }
    public List<ClusterNode> Nodes { get; } = [];
    public List<IPEndPoint> Addresses { get; } = [];

    public static ClusterSection Settings(int index, string? secret = "test-secret", bool fullCoverage = true) => new()
    {
        Enabled = true,
        NodeId = $"node-{index}",
        Port = 16000 + index,
        GossipIntervalMs = GossipIntervalMs,
        NodeTimeoutMs = NodeTimeoutMs,
        Secret = secret,
        RequireFullCoverage = fullCoverage,
    };

    public string StateDirectory(int index) => Path.Combine(_root, $"node-{index}");

    /// <summary>Opens node <paramref name="index"/> (again after <see cref="StopAsync"/>) and attaches it to the network.</summary>
    public ClusterNode Start(int index, ClusterSection? settings = null)
    {
        settings ??= Settings(index);
        var options = new ClusterOptions(settings, "127.0.0.1", 6000 + index, StateDirectory(index));
        var node = ClusterNode.Open(options, Clock, NullLoggerFactory.Instance, seed: 1000 + index);
        var address = new IPEndPoint(IPAddress.Loopback, settings.Port ?? 16000 + index);
        node.Attach(Network.Bind(address));
        while (Nodes.Count <= index)
        {
            Nodes.Add(null!);
            Addresses.Add(null!);
        }

        Nodes[index] = node;
        Addresses[index] = address;
        return node;
    }

    /// <summary>Starts <paramref name="count"/> nodes that all know node 0's gossip address as their seed.</summary>
    public void StartMany(int count, Func<int, ClusterSection>? settings = null)
    {
        for (var i = 0; i < count; i++)
        {
            var node = Start(i, settings?.Invoke(i));
            if (i > 0) node.AddSeed(new IPEndPoint(IPAddress.Loopback, 16000));
        }
    }

    public async Task StopAsync(int index)
    {
        await Nodes[index].DisposeAsync();
        Nodes[index] = null!;
    }

    public IEnumerable<ClusterNode> Running => Nodes.Where(n => n is not null);

    public void Round()
    {
        Clock.Advance(TimeSpan.FromMilliseconds(GossipIntervalMs));
        foreach (var node in Running) node.Tick();
        Network.DeliverAll();
    }

    /// <summary>Runs rounds until <paramref name="condition"/> holds and returns how many; fails after maxRounds rounds.</summary>
    public int RunUntil(Func<bool> condition, int maxRounds = 1000)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            if (condition()) return round;
            Round();
        }

        Assert.Fail($"condition not reached after {maxRounds} rounds ({maxRounds * GossipIntervalMs} ms of simulated time)");
        return maxRounds;
    }

    public void RunFor(TimeSpan simulated)
    {
        for (var elapsed = 0L; elapsed < simulated.TotalMilliseconds; elapsed += GossipIntervalMs) Round();
    }

    /// <summary>Every running node sees the same node ids, epochs, and the same owner for every slot.</summary>
    public bool Converged()
    {
        var views = Running.Select(n => n.View).ToList();
        var ids = views[0].Nodes.Where(n => (n.Flags & NodeFlags.Handshake) == 0).Select(n => n.Id).Order().ToList();
        foreach (var view in views)
        {
            if (!view.Nodes.Where(n => (n.Flags & NodeFlags.Handshake) == 0).Select(n => n.Id).Order().SequenceEqual(ids))
                return false;
            if (view.CurrentEpoch != views[0].CurrentEpoch) return false;
            foreach (var node in view.Nodes)
                if (views[0].Nodes.FirstOrDefault(n => n.Id == node.Id) is not { } other || other.ConfigEpoch != node.ConfigEpoch)
                    return false;
            for (var slot = 0; slot < 16384; slot++)
                if (view.OwnerOf(slot)?.Id != views[0].OwnerOf(slot)?.Id) return false;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Running) await node.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

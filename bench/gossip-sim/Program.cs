using System.Diagnostics;
using System.Globalization;
using System.Net;
using Blobasaur.Cluster;
using Blobasaur.Cluster.Gossip;
using Blobasaur.Config;
using Microsoft.Extensions.Logging.Abstractions;

// Gossip traffic simulation: N cluster nodes in one process on the in-memory network, a manual clock, real ClusterNode code
// (codec, HMAC, scuttlebutt, failure detection). Each round advances the clock by the gossip interval, runs every node's
// round and delivers every datagram. Reports rounds to converge and, in steady state, bytes per second per node.
// Usage: dotnet run -c Release --project bench/gossip-sim -- [node counts, default 10,50] [steady seconds, default 60]
var counts = (args.Length > 0 ? args[0] : "10,50").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var steadySeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
const int IntervalMs = 1000, NodeTimeoutMs = 15000;

Console.WriteLine($"gossip_interval_ms={IntervalMs} node_timeout_ms={NodeTimeoutMs} secret=set; steady state over {steadySeconds} s");
Console.WriteLine("nodes | rounds to converge | sent B/s per node (mean/max) | received B/s per node (mean/max) "
    + "| datagrams/s per node | largest datagram");
foreach (var count in counts) Simulate(count);
return 0;

void Simulate(int count)
{
    var root = Directory.CreateTempSubdirectory("blobasaur-gossip-sim-").FullName;
    var clock = new ManualClock();
    var network = new InMemoryGossipNetwork(seed: 42);
    var nodes = new List<ClusterNode>();
    var addresses = new List<IPEndPoint>();
    try
    {
        for (var i = 0; i < count; i++)
        {
            var settings = new ClusterSection
            {
                Enabled = true, NodeId = $"sim-{i}", Port = 20000 + i, GossipIntervalMs = IntervalMs, NodeTimeoutMs = NodeTimeoutMs,
                Secret = "sim-secret", SlotRanges = [new SlotRange(16384 * i / count, 16384 * (i + 1) / count - 1)],
            };
            var node = ClusterNode.Open(new ClusterOptions(settings, "127.0.0.1", 10000 + i, Path.Combine(root, $"n{i}")),
                clock, NullLoggerFactory.Instance, seed: i);
            var address = new IPEndPoint(IPAddress.Loopback, 20000 + i);
            node.Attach(network.Bind(address));
            if (i > 0) node.AddSeed(new IPEndPoint(IPAddress.Loopback, 20000));
            nodes.Add(node);
            addresses.Add(address);
        }

        var watch = Stopwatch.StartNew();
        var rounds = 0;
        while (!Converged(nodes) && rounds < 600)
        {
            Round(clock, nodes, network);
            rounds++;
        }

        var before = addresses.Select(a => network.BytesByEndpoint.GetValueOrDefault(a)).ToList();
        var datagramsBefore = nodes.Sum(n => n.Counters.DatagramsSent);
        for (var s = 0; s < steadySeconds * 1000 / IntervalMs; s++) Round(clock, nodes, network);
        var sent = addresses.Select((a, i) => (network.BytesByEndpoint[a].Sent - before[i].Sent) / (double)steadySeconds).ToList();
        var received = addresses.Select((a, i) => (network.BytesByEndpoint[a].Received - before[i].Received) / (double)steadySeconds)
            .ToList();
        var datagrams = (nodes.Sum(n => n.Counters.DatagramsSent) - datagramsBefore) / (double)steadySeconds / count;
        var converged = Converged(nodes) && nodes.All(n => n.View.IsOk);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count,5} | {(rounds < 600 ? rounds.ToString(CultureInfo.InvariantCulture) : "no"),18} | "
            + $"{sent.Average(),12:F0} / {sent.Max(),8:F0} | "
            + $"{received.Average(),16:F0} / {received.Max(),8:F0} | {datagrams,20:F1} | {network.LargestDatagram,16}"
            + $"  (still converged: {converged}; {watch.Elapsed.TotalSeconds:F1} s wall)"));
    }
    finally
    {
        foreach (var node in nodes) node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(root, recursive: true);
    }
}

static void Round(ManualClock clock, List<ClusterNode> nodes, InMemoryGossipNetwork network)
{
    clock.Advance(IntervalMs);
    foreach (var node in nodes) node.Tick();
    network.DeliverAll();
}

static bool Converged(List<ClusterNode> nodes)
{
    var first = nodes[0].View;
    foreach (var node in nodes)
    {
        var view = node.View;
        if (!view.IsOk || view.Nodes.Count != nodes.Count || view.CurrentEpoch != first.CurrentEpoch) return false;
        foreach (var n in view.Nodes)
            if (first.Nodes.FirstOrDefault(f => f.Id == n.Id) is not { } f || f.ConfigEpoch != n.ConfigEpoch) return false;
        for (var slot = 0; slot < 16384; slot += 61)
            if (view.OwnerOf(slot)?.Id != first.OwnerOf(slot)?.Id) return false;
    }

    return true;
}

internal sealed class ManualClock : TimeProvider
{
    private long _ms = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _ms));

    public void Advance(long ms) => Interlocked.Add(ref _ms, ms);
}

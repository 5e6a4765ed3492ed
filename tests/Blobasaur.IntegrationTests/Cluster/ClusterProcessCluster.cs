using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// A cluster of <see cref="ClusterProcessNode"/>s on loopback: free client and gossip ports picked at run time, the slots
/// split as <c>redis-cli --cluster create</c> splits them (3 nodes: 0-5460, 5461-10922, 10923-16383), every node seeding
/// from all the others, one random secret. Deletes its directory when disposed.
/// </summary>
public sealed class ClusterProcessCluster : IAsyncDisposable
{
    private readonly DirectoryInfo _root;

    private ClusterProcessCluster(DirectoryInfo root, IReadOnlyList<ClusterProcessNode> nodes, string secret)
    {
        _root = root;
        Nodes = nodes;
        Secret = secret;
    }

    public IReadOnlyList<ClusterProcessNode> Nodes { get; }

    public string Secret { get; }

    public string Directory => _root.FullName;

    /// <summary>Writes the configs and starts every node (each answers PING on return; convergence is not awaited).</summary>
    public static async Task<ClusterProcessCluster> StartAsync(int count = 3, int gossipIntervalMs = 150, int nodeTimeoutMs = 2000)
    {
        var root = System.IO.Directory.CreateTempSubdirectory("blobasaur-cluster-");
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var (clientPorts, gossipPorts) = FreePorts(count);
        var nodes = new List<ClusterProcessNode>();
        for (var i = 0; i < count; i++)
        {
            var seeds = Enumerable.Range(0, count).Where(j => j != i).Select(j => $"127.0.0.1:{gossipPorts[j]}").ToList();
            var settings = new ClusterProcessNodeSettings($"node-{i + 1}", clientPorts[i], gossipPorts[i], seeds,
                [SlotRange(i, count)], secret, gossipIntervalMs, nodeTimeoutMs);
            nodes.Add(new ClusterProcessNode(Path.Combine(root.FullName, $"node{i + 1}"), settings));
        }

        var cluster = new ClusterProcessCluster(root, nodes, secret);
        try
        {
            await Task.WhenAll(nodes.Select(n => n.StartAsync()));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Waits until every node in <paramref name="nodes"/> (default: all) reports cluster_state:<paramref name="state"/>;
    /// returns how long it took, or throws with every node's state and log tail.</summary>
    public async Task<TimeSpan> WaitForStateAsync(string state, TimeSpan timeout, IEnumerable<ClusterProcessNode>? nodes = null)
    {
        var which = (nodes ?? Nodes).ToList();
        var clock = Stopwatch.StartNew();
        var ok = await Eventually.TrueAsync(async () =>
        {
            foreach (var node in which)
                if (await node.ClusterStateAsync() != state) return false;
            return true;
        }, timeout);
        if (!ok) throw new TimeoutException($"not every node reached cluster_state:{state} within {timeout}:\n{await DescribeAsync()}");
        return clock.Elapsed;
    }

    /// <summary>Each node's cluster_state, CLUSTER NODES and last log lines, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        var parts = new List<string>();
        foreach (var node in Nodes)
        {
            string nodes;
            try
            {
                nodes = string.Join("\n    ", (await node.ClusterNodesAsync()).Select(f => string.Join(' ', f)));
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                nodes = "(unreachable)";
            }

            parts.Add($"{node.Settings.Name} {node.Endpoint} running={node.IsRunning} state={await node.ClusterStateAsync()}\n"
                + $"  CLUSTER NODES:\n    {nodes}\n  log:\n    {node.Output.Replace("\n", "\n    ", StringComparison.Ordinal)}");
        }

        return string.Join('\n', parts);
    }

    /// <summary>The node owning <paramref name="slot"/> by the configured split.</summary>
    public ClusterProcessNode OwnerOf(int slot) =>
        Nodes.First(n => n.Settings.Slots.Any(r => slot >= r.Start && slot <= r.End));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying child process; the temp directory is cleaned later.
        }
    }

    /// <summary>redis-cli's split: node i gets round(i*16384/n) .. round((i+1)*16384/n - 1), the last one up to 16383.</summary>
    public static (int Start, int End) SlotRange(int index, int count)
    {
        var per = 16384.0 / count;
        var first = 0;
        var cursor = 0.0;
        for (var k = 0; ; k++)
        {
            var last = (int)Math.Round(cursor + per - 1, MidpointRounding.AwayFromZero);
            if (last > 16383 || k == count - 1) last = 16383;
            if (k == index) return (first, last);
            first = last + 1;
            cursor += per;
        }
    }

    /// <summary>Client (TCP) and gossip (UDP) ports, all distinct, bound at once so no two picks collide.</summary>
    public static (int[] Client, int[] Gossip) FreePorts(int count)
    {
        var tcp = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        var udp = Enumerable.Range(0, count).Select(_ => new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))).ToList();
        try
        {
            tcp.ForEach(l => l.Start());
            return (tcp.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray(),
                udp.Select(u => ((IPEndPoint)u.Client.LocalEndPoint!).Port).ToArray());
        }
        finally
        {
            tcp.ForEach(l => l.Stop());
            udp.ForEach(u => u.Dispose());
        }
    }
}

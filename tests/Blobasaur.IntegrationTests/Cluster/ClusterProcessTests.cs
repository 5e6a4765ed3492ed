using System.Diagnostics;
using System.Text;
using Blobasaur.Hashing;
using Blobasaur.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// Real clusters of the built server, one process per node on loopback (issue 5's multi-process tests): convergence,
/// 10,000 keys through StackExchange.Redis in cluster mode, kill -9 and restart, and a node with the wrong secret.
/// The tests of this class run one after the other (one xunit collection), each with its own 3-node cluster.
/// </summary>
[Trait("Category", "ClusterProcess")]
public sealed class ClusterProcessTests(ITestOutputHelper output)
{
    private const int NodeTimeoutMs = 2000;
    private const int GossipIntervalMs = 150;

    // Generous: three .NET processes starting and converging on a loaded 2-core machine.
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_nodes_converge_to_ok_and_agree_on_the_whole_cluster()
    {
        await using var cluster = await ClusterProcessCluster.StartAsync(3, GossipIntervalMs, NodeTimeoutMs);
        var took = await cluster.WaitForStateAsync("ok", ConvergeTimeout);
        output.WriteLine($"cluster_state:ok on all 3 nodes {took.TotalMilliseconds:F0} ms after they answered PING");

        var ids = new List<string>();
        foreach (var node in cluster.Nodes) ids.Add(await node.MyIdAsync());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{40}$", id));
        Assert.Equal(3, ids.Distinct().Count());

        // Every node describes the same cluster: the 3 ids at their advertised addresses with their configured slots.
        var expected = cluster.Nodes.Select((n, i) =>
            $"{ids[i]} {n.Endpoint} {n.Settings.Slots[0].Start}-{n.Settings.Slots[0].End}").Order().ToList();
        foreach (var node in cluster.Nodes)
        {
            var lines = await node.ClusterNodesAsync();
            var seen = lines.Select(f => $"{f[0]} {f[1].Split('@')[0]} {string.Join(' ', f.Skip(8))}").Order().ToList();
            Assert.Equal(expected, seen);
            Assert.All(lines, f => Assert.Equal("connected", f[7]));
            Assert.Single(lines, f => f[2].Split(',').Contains("myself"));
            Assert.DoesNotContain(lines, f => f[2].Contains("fail", StringComparison.Ordinal));

            var info = await node.ClusterInfoAsync();
            Assert.Equal("16384", info["cluster_slots_assigned"]);
            Assert.Equal("16384", info["cluster_slots_ok"]);
            Assert.Equal("3", info["cluster_known_nodes"]);
            Assert.Equal("3", info["cluster_size"]);
        }
    }

    [Fact]
    public async Task Ten_thousand_keys_through_StackExchange_Redis_land_on_their_owners()
    {
        await using var cluster = await ClusterProcessCluster.StartAsync(3, GossipIntervalMs, NodeTimeoutMs);
        await cluster.WaitForStateAsync("ok", ConvergeTimeout);

        var options = new ConfigurationOptions { AbortOnConnectFail = false, ConnectTimeout = 10000, SyncTimeout = 20000 };
        foreach (var node in cluster.Nodes) options.EndPoints.Add("127.0.0.1", node.Port);
        using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        foreach (var node in cluster.Nodes)
        {
            var server = redis.GetServer("127.0.0.1", node.Port);
            Assert.True(server.IsConnected, redis.GetStatus());
            Assert.Equal(ServerType.Cluster, server.ServerType);
        }

        const int Count = 10_000;
        var keys = Enumerable.Range(0, Count).Select(i => $"se-cluster:{i}").ToArray();
        var db = redis.GetDatabase();
        foreach (var chunk in keys.Chunk(500))
        {
            var written = await Task.WhenAll(chunk.Select(k => db.StringSetAsync(k, "v:" + k)));
            Assert.All(written, Assert.True);
        }

        foreach (var chunk in keys.Chunk(500))
        {
            var values = await Task.WhenAll(chunk.Select(k => db.StringGetAsync(k)));
            for (var i = 0; i < chunk.Length; i++) Assert.Equal("v:" + chunk[i], (string?)values[i]);
        }

        // Each node holds exactly the keys of its own slots (DBSIZE per node = keys whose slot it owns).
        var expected = cluster.Nodes.ToDictionary(n => n, _ => 0);
        foreach (var key in keys) expected[cluster.OwnerOf(HashSlot.Of(Encoding.UTF8.GetBytes(key)))]++;
        foreach (var node in cluster.Nodes)
        {
            Assert.True(expected[node] > 0);
            Assert.Equal($":{expected[node]}", (await node.CallAsync("DBSIZE")).ToString());
        }

        // A node that does not own a key's slot answers MOVED with the owner's advertised address, byte for byte.
        var key0 = keys[0];
        var slot = HashSlot.Of(Encoding.UTF8.GetBytes(key0));
        var owner = cluster.OwnerOf(slot);
        foreach (var other in cluster.Nodes.Where(n => n != owner))
            Assert.Equal($"-MOVED {slot} {owner.Endpoint}", (await other.CallAsync("GET", key0)).ToString());
        Assert.Equal("v:" + key0, (await owner.CallAsync("GET", key0)).ToString());
    }

    [Fact]
    public async Task Kill_9_of_a_node_fails_the_cluster_within_node_timeout_and_a_restart_heals_it_with_its_data()
    {
        await using var cluster = await ClusterProcessCluster.StartAsync(3, GossipIntervalMs, NodeTimeoutMs);
        await cluster.WaitForStateAsync("ok", ConvergeTimeout);
        var victim = cluster.Nodes[2];
        var survivors = cluster.Nodes.Take(2).ToList();
        var victimId = await victim.MyIdAsync();

        // Keys on every node, written to their owners (sync writes: acknowledged means committed).
        var keys = Enumerable.Range(0, 300).Select(i => $"kill9:{i}").ToArray();
        foreach (var key in keys)
        {
            var owner = cluster.OwnerOf(HashSlot.Of(Encoding.UTF8.GetBytes(key)));
            Assert.Equal("+OK", (await owner.CallAsync("SET", key, "v:" + key)).ToString());
        }

        Assert.Contains(keys, k => cluster.OwnerOf(HashSlot.Of(Encoding.UTF8.GetBytes(k))) == victim);
        // A key each survivor owns itself: after the failure it must refuse even those (full coverage is required).
        var ownKey = survivors.ToDictionary(n => n, n => keys.First(k => cluster.OwnerOf(HashSlot.Of(Encoding.UTF8.GetBytes(k))) == n));

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        var bound = TimeSpan.FromMilliseconds(NodeTimeoutMs) + TimeSpan.FromSeconds(2);

        // Both survivors must report fail and refuse key commands.
        var failedAt = new Dictionary<ClusterProcessNode, TimeSpan>();
        var down = await Eventually.TrueAsync(async () =>
        {
            foreach (var node in survivors.Where(n => !failedAt.ContainsKey(n)))
            {
                if (await node.ClusterStateAsync() == "fail"
                    && (await node.CallAsync("GET", ownKey[node])).ToString() == "-CLUSTERDOWN The cluster is down")
                    failedAt[node] = clock.Elapsed;
            }

            return failedAt.Count == survivors.Count;
        }, TimeSpan.FromSeconds(30));
        Assert.True(down, $"the survivors did not report cluster_state:fail and CLUSTERDOWN within 30 s:\n{await cluster.DescribeAsync()}");
        var slowest = failedAt.Values.Max();
        output.WriteLine($"cluster_state:fail + CLUSTERDOWN on both survivors {slowest.TotalMilliseconds:F0} ms after kill -9 (node_timeout {NodeTimeoutMs} ms)");
        Assert.True(slowest <= bound,
            $"CLUSTERDOWN took {slowest.TotalMilliseconds:F0} ms after kill -9; node_timeout_ms + 2 s = {bound.TotalMilliseconds:F0} ms");

        foreach (var node in survivors)
        {
            var line = (await node.ClusterNodesAsync()).Single(f => f[0] == victimId);
            Assert.Contains("fail", line[2].Split(','));
        }

        await victim.StartAsync();
        var healed = await cluster.WaitForStateAsync("ok", ConvergeTimeout);
        output.WriteLine($"cluster_state:ok on all 3 nodes {healed.TotalMilliseconds:F0} ms after the restarted node answered PING");
        Assert.Equal(victimId, await victim.MyIdAsync());

        foreach (var key in keys)
        {
            var owner = cluster.OwnerOf(HashSlot.Of(Encoding.UTF8.GetBytes(key)));
            Assert.Equal("v:" + key, (await owner.CallAsync("GET", key)).ToString());
        }
    }

    [Fact]
    public async Task A_node_with_a_wrong_secret_never_joins_while_the_same_node_with_the_right_secret_does()
    {
        await using var cluster = await ClusterProcessCluster.StartAsync(3, GossipIntervalMs, NodeTimeoutMs);
        await cluster.WaitForStateAsync("ok", ConvergeTimeout);
        var seeds = cluster.Nodes.Select(n => $"127.0.0.1:{n.Settings.GossipPort}").ToList();

        var (clientPorts, gossipPorts) = ClusterProcessCluster.FreePorts(2);
        var intruderSettings = new ClusterProcessNodeSettings("intruder", clientPorts[0], gossipPorts[0], seeds, [],
            "not-" + cluster.Secret, GossipIntervalMs, NodeTimeoutMs);
        await using (var intruder = new ClusterProcessNode(Path.Combine(cluster.Directory, "intruder"), intruderSettings))
        {
            await intruder.StartAsync();
            var intruderId = await intruder.MyIdAsync();

            // Many gossip rounds and more than a node timeout: the intruder must stay alone, and nobody may list it.
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromMilliseconds(Math.Max(5000, 2 * NodeTimeoutMs)))
            {
                var own = await intruder.ClusterNodesAsync();
                Assert.True(own.Count == 1, $"the intruder knows {own.Count} nodes:\n{await cluster.DescribeAsync()}");
                foreach (var node in cluster.Nodes)
                {
                    var lines = await node.ClusterNodesAsync();
                    Assert.DoesNotContain(lines, f => f[0] == intruderId);
                    Assert.Equal(3, lines.Count);
                }

                await Task.Delay(250);
            }

            Assert.Equal("1", (await intruder.ClusterInfoAsync())["cluster_known_nodes"]);
            foreach (var node in cluster.Nodes) Assert.Equal("ok", await node.ClusterStateAsync());
        }

        // Control: the same kind of node with the right secret joins through the same seeds, so the refusal above was the
        // secret's doing and not an unreachable seed.
        var memberSettings = new ClusterProcessNodeSettings("member", clientPorts[1], gossipPorts[1], seeds, [],
            cluster.Secret, GossipIntervalMs, NodeTimeoutMs);
        await using var member = new ClusterProcessNode(Path.Combine(cluster.Directory, "member"), memberSettings);
        await member.StartAsync();
        var memberId = await member.MyIdAsync();
        var joined = await Eventually.TrueAsync(async () =>
        {
            if ((await member.ClusterNodesAsync()).Count != 4) return false;
            foreach (var node in cluster.Nodes)
                if (!(await node.ClusterNodesAsync()).Any(f => f[0] == memberId)) return false;
            return true;
        }, ConvergeTimeout);
        Assert.True(joined, $"a node with the right secret did not join:\n{await cluster.DescribeAsync()}\nmember:\n{member.Output}");
    }
}

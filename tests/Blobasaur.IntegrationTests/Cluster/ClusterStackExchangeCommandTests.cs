using Blobasaur.Cluster;
using Blobasaur.Hashing;
using Blobasaur.Testing;
using StackExchange.Redis;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// StackExchange.Redis 1.2.6 in cluster mode against two of our servers whose cluster layers are fake views of the same
/// two-node cluster (A owns 0-8191, B owns 8192-16383): the client reads CLUSTER NODES, sends each key to its owner, and
/// follows -MOVED when ownership changes behind its back.
/// </summary>
public sealed class ClusterStackExchangeCommandTests : IAsyncLifetime
{
    private const string IdA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string IdB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private readonly FakeClusterServer _a = new();
    private readonly FakeClusterServer _b = new();

    public async Task InitializeAsync()
    {
        await _a.InitializeAsync();
        await _b.InitializeAsync();
        Assign(aEnd: 8191);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Keys_go_to_the_node_that_owns_their_slot()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_a.Port},connectTimeout=10000,abortConnect=false");
        var db = redis.GetDatabase();
        var keys = Enumerable.Range(0, 200).Select(i => $"se:{i}").ToList();

        foreach (var key in keys) Assert.True(await db.StringSetAsync(key, key));
        foreach (var key in keys) Assert.Equal(key, (string?)await db.StringGetAsync(key));

        await using var a = await _a.ConnectAsync();
        await using var b = await _b.ConnectAsync();
        var onA = keys.Count(k => HashSlot.Of(System.Text.Encoding.UTF8.GetBytes(k)) <= 8191);
        Assert.InRange(onA, 1, 199);
        Assert.Equal($":{onA}", await a.SendAsync("DBSIZE"));
        Assert.Equal($":{keys.Count - onA}", await b.SendAsync("DBSIZE"));
    }

    [Fact]
    public async Task The_client_follows_moved_when_slots_change_owner()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_a.Port},connectTimeout=10000,abortConnect=false");
        var db = redis.GetDatabase();
        Assert.True(await db.StringSetAsync("{bar}warm", "1"));     // slot 5061: A, as the client learnt from CLUSTER NODES

        Assign(aEnd: -1);                                            // B now owns everything; the client does not know yet
        await using (var b = await _b.ConnectAsync())
            Assert.Equal("+OK", await b.SendAsync("SET", "{bar}moved", "there"));

        Assert.Equal("there", (string?)await db.StringGetAsync("{bar}moved"));
    }

    // A owns 0..aEnd, B the rest; each server's view marks itself as myself.
    private void Assign(int aEnd)
    {
        ClusterView View(bool aIsMe)
        {
            ClusterNodeView Node(string id, int port, bool me, IReadOnlyList<SlotSpan> slots) => new(id, "127.0.0.1", port, port + 10000,
                null, me ? NodeFlags.Myself | NodeFlags.Primary : NodeFlags.Primary, null, 0, 1, 1, true, slots);
            IReadOnlyList<SlotSpan> aSlots = aEnd < 0 ? [] : [new SlotSpan(0, aEnd)];
            return new ClusterView(aIsMe ? IdA : IdB, 2, true,
                [Node(IdA, _a.Port, aIsMe, aSlots), Node(IdB, _b.Port, !aIsMe, [new SlotSpan(aEnd + 1, 16383)])], ClusterViews.NoMessages);
        }

        _a.Cluster.View = View(aIsMe: true);
        _b.Cluster.View = View(aIsMe: false);
    }
}

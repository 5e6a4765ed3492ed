using Blobasaur.Commands;
using Blobasaur.Commands.Cluster;
using Blobasaur.Config;
using Blobasaur.Hashing;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Blobasaur.Tests.Commands.Cluster;

/// <summary>
/// The routing decision from the command table's key positions, against a fake cluster view (node 1 of 17301-17303 is this
/// node, owning 0-5460). Slots used: foo 12182 (node 3), bar 5061 (mine), a 15495, b 3300, x 16287, y 12222, k 7629 (node 2).
/// The same decisions through real sockets are in the integration tests (ClusterRoutingTests).
/// </summary>
public sealed class ClusterRouterTests
{
    private static readonly CommandTable Table = CommandTable.CreateDefault();

    [Theory]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "GET", "foo")]
    [InlineData("-MOVED 7629 127.0.0.1:17302", "SET", "k", "v")]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "MGET", "foo", "{foo}x")]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "HSET", "foo", "field", "v")]
    [InlineData("local", "GET", "bar")]
    [InlineData("local", "MSET", "{bar}1", "1", "{bar}2", "2")]
    [InlineData("local", "PING")]
    [InlineData("local", "DBSIZE")]
    [InlineData("local", "SCAN", "0")]
    [InlineData("local", "CLUSTER", "KEYSLOT", "foo")]
    public void A_key_is_served_here_or_moved_to_its_owner(string expected, params string[] args) =>
        Assert.Equal(expected, Route(new FakeClusterService(ClusterViews.ThreeNodes()), args));

    [Theory]
    [InlineData("MGET", "a", "b")]
    [InlineData("MSET", "a", "1", "b", "2")]
    [InlineData("DEL", "x", "y")]
    [InlineData("EXISTS", "a", "b")]
    [InlineData("MGET", "bar", "foo")]        // the first key is mine: still CROSSSLOT, never a partial answer
    public void Keys_in_different_slots_get_crossslot_before_any_moved(params string[] args) =>
        Assert.Equal("-CROSSSLOT Keys in request don't hash to the same slot", Route(new FakeClusterService(ClusterViews.ThreeNodes()), args));

    [Fact]
    public void Msetnx_values_are_not_keys()
    {
        // Step 2: "b" is a value here, so only {bar}1 and {bar}2 are routed.
        Assert.Equal("local", Route(new FakeClusterService(ClusterViews.ThreeNodes()), ["MSETNX", "{bar}1", "b", "{bar}2", "a"]));
    }

    [Fact]
    public void An_unassigned_first_slot_is_not_served_even_before_a_crossslot()
    {
        var cluster = new FakeClusterService(ClusterViews.Alone(6379, slots: Enumerable.Range(0, 100)));

        Assert.Equal("-CLUSTERDOWN Hash slot not served", Route(cluster, ["GET", "foo"]));
        Assert.Equal("-CLUSTERDOWN Hash slot not served", Route(cluster, ["MGET", "nokey1", "foo"]));
        Assert.Equal("-CROSSSLOT Keys in request don't hash to the same slot", Route(cluster, ["MGET", "k126", "foo"]));
    }

    [Fact]
    public void A_cluster_in_fail_state_refuses_keys_but_not_keyless_commands()
    {
        var cluster = new FakeClusterService(ClusterViews.ThreeNodes(isOk: false));

        Assert.Equal("-CLUSTERDOWN The cluster is down", Route(cluster, ["GET", "bar"]));
        Assert.Equal("-CLUSTERDOWN The cluster is down", Route(cluster, ["GET", "foo"]));
        Assert.Equal("-CROSSSLOT Keys in request don't hash to the same slot", Route(cluster, ["MGET", "a", "b"]));
        Assert.Equal("local", Route(cluster, ["DBSIZE"]));
    }

    [Fact]
    public void Without_full_coverage_only_unreachable_slots_are_down()
    {
        var cluster = new FakeClusterService(ClusterViews.ThreeNodes());
        cluster.Unreachable.Add(HashSlot.Of("foo"u8));

        Assert.Equal("-CLUSTERDOWN The cluster is down", Route(cluster, ["GET", "foo"]));
        Assert.Equal("-MOVED 7629 127.0.0.1:17302", Route(cluster, ["GET", "k"]));
        Assert.Equal("local", Route(cluster, ["GET", "bar"]));
    }

    [Fact]
    public void Never_moved_to_ourselves()
    {
        for (var me = 0; me < 3; me++)
        {
            var cluster = new FakeClusterService(ClusterViews.ThreeNodes(myIndex: me));
            var owner = new[] { "bar", "k", "foo" }[me];
            Assert.Equal("local", Route(cluster, ["GET", owner]));
        }
    }

    [Theory]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "HSET", "bar", "foo", "v")]
    [InlineData("local", "HSET", "foo", "bar", "v", "{bar}2", "w")]
    [InlineData("-CROSSSLOT Keys in request don't hash to the same slot", "HSET", "ns", "bar", "v", "foo", "w")]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "HGET", "bar", "foo")]
    [InlineData("-CROSSSLOT Keys in request don't hash to the same slot", "HMGET", "ns", "bar", "foo")]
    [InlineData("-CROSSSLOT Keys in request don't hash to the same slot", "HDEL", "ns", "bar", "foo")]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "HEXPIRE", "bar", "100", "NX", "FIELDS", "1", "foo")]
    [InlineData("-CROSSSLOT Keys in request don't hash to the same slot", "HTTL", "bar", "FIELDS", "2", "bar", "foo")]
    [InlineData("local", "HSETEX", "foo", "EX", "10", "FIELDS", "2", "bar", "foo", "{bar}x", "foo")]
    [InlineData("-MOVED 12182 127.0.0.1:17303", "HGETALL", "foo")]      // no field: the namespace decides
    [InlineData("-MOVED 12182 127.0.0.1:17303", "HTTL", "foo", "FIELDS", "9", "bar")]   // malformed: the namespace decides
    [InlineData("-MOVED 12182 127.0.0.1:17303", "DEL", "foo")]
    public void With_the_key_strategy_hash_commands_route_by_field(string expected, params string[] args) =>
        Assert.Equal(expected, Route(new FakeClusterService(ClusterViews.ThreeNodes()), args, strategy: "key"));

    [Fact]
    public void With_the_namespace_strategy_the_namespace_is_the_key()
    {
        var cluster = new FakeClusterService(ClusterViews.ThreeNodes());

        Assert.Equal("local", Route(cluster, ["HSET", "bar", "foo", "v", "x", "w"]));
        Assert.Equal("-MOVED 12182 127.0.0.1:17303", Route(cluster, ["HGET", "foo", "bar"]));
    }

    [Fact]
    public void Asking_lasts_for_one_command()
    {
        var (context, cluster) = (Context("namespace"), new FakeClusterService(ClusterViews.ThreeNodes()));
        var client = new ClientState(1, "a", "b", 0) { ClusterFlags = ClusterClientFlags.Asking | ClusterClientFlags.ReadOnly };

        Assert.Equal("MOVED 12182 127.0.0.1:17303", Check(cluster, context, client, ["GET", "foo"]));
        Assert.Equal(ClusterClientFlags.ReadOnly, client.ClusterFlags);
    }

    private static string Route(FakeClusterService cluster, string[] args, string strategy = "namespace") =>
        Check(cluster, Context(strategy), new ClientState(1, "a", "b", 0), args) is { } error ? "-" + error : "local";

    private static string? Check(FakeClusterService cluster, ServerContext context, ClientState client, string[] args)
    {
        var bytes = args.Select(a => System.Text.Encoding.UTF8.GetBytes(a)).ToArray();
        var dispatcher = new Dispatcher(Table, context);
        Assert.True(dispatcher.TryResolve(bytes, out var definition, out _));
        return ClusterRouter.Check(cluster, context, definition, bytes, client);
    }

    private static ServerContext Context(string strategy) => new(
        new BlobasaurConfig { Cluster = new ClusterSection { Enabled = true, NamespaceStrategy = strategy } },
        TimeProvider.System, NullLoggerFactory.Instance);
}

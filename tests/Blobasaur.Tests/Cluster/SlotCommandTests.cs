using Blobasaur.Cluster;
using Blobasaur.Cluster.State;
using Blobasaur.Config;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Cluster;

// Error texts verified against redis-server 7.0.15 in cluster mode (see docs/cluster-internals.md).
public sealed class SlotCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("blobasaur-slots-").FullName;
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ClusterNode Open(ClusterSection? settings = null) =>
        ClusterNode.Open(new ClusterOptions(settings ?? new ClusterSection { NodeId = "me", Port = 17000 }, "127.0.0.1", 7000, _dir),
            _clock, NullLoggerFactory.Instance);

    [Fact]
    public async Task A_fresh_node_knows_only_itself_owns_nothing_and_its_state_is_fail()
    {
        await using var node = Open();
        var view = node.View;

        var me = Assert.Single(view.Nodes);
        Assert.Equal(NodeFlags.Myself | NodeFlags.Primary, me.Flags);
        Assert.Equal(("127.0.0.1", 7000, 17000), (me.Ip, me.Port, me.ClusterPort));
        Assert.True(me.Connected);
        Assert.Empty(me.Slots);
        Assert.False(view.IsOk);
        Assert.Null(view.OwnerOf(0));
        Assert.False(node.IsSlotReachable(0));
    }

    [Fact]
    public async Task AddSlots_binds_and_reports_busy_and_duplicate_slots_like_redis()
    {
        await using var node = Open();

        Assert.Null(node.AddSlots([5, 7, 6]));
        Assert.Equal("ERR Slot 5 is already busy", node.AddSlots([5]));
        Assert.Equal("ERR Slot 9 specified multiple times", node.AddSlots([9, 9]));
        Assert.Equal("ERR Slot 5 is already busy", node.AddSlots([9, 5]));
        Assert.Null(node.View.OwnerOf(9));

        Assert.Equal([new SlotSpan(5, 7)], node.View.Myself.Slots);
        Assert.Equal(node.View.MyId, node.View.OwnerOf(6)!.Id);
        Assert.True(node.IsSlotReachable(6));
    }

    [Fact]
    public async Task DelSlots_and_FlushSlots_unbind()
    {
        await using var node = Open();
        node.AddSlots([1, 2, 3]);

        Assert.Equal("ERR Slot 4 is already unassigned", node.DelSlots([4]));
        Assert.Equal("ERR Slot 1 specified multiple times", node.DelSlots([1, 1]));
        Assert.Null(node.DelSlots([2]));
        Assert.Equal([new SlotSpan(1, 1), new SlotSpan(3, 3)], node.View.Myself.Slots);
        Assert.Null(node.FlushSlots());
        Assert.Empty(node.View.Myself.Slots);
    }

    [Fact]
    public async Task Covering_all_16384_slots_makes_the_single_node_cluster_ok()
    {
        await using var node = Open();
        node.AddSlots(Enumerable.Range(0, 16384).ToList());

        Assert.True(node.View.IsOk);
        Assert.Equal([new SlotSpan(0, 16383)], node.View.Myself.Slots);
    }

    [Fact]
    public async Task SetConfigEpoch_follows_redis_checks()
    {
        await using var node = Open();

        Assert.Equal("ERR Invalid config epoch specified: -1", node.SetConfigEpoch(-1));
        Assert.Null(node.SetConfigEpoch(3));
        Assert.Equal(3, node.View.Myself.ConfigEpoch);
        Assert.Equal(3, node.View.CurrentEpoch);
        Assert.Equal("ERR Node config epoch is already non-zero", node.SetConfigEpoch(4));
    }

    [Fact]
    public async Task SetConfigEpoch_is_refused_once_another_node_is_known_even_in_handshake()
    {
        await using var node = Open();
        Assert.Null(node.Meet("127.0.0.1", 7001, 17001));

        Assert.Equal("ERR The user can assign a config epoch only when the node does not know any other node.", node.SetConfigEpoch(1));
        var handshake = Assert.Single(node.View.Nodes, n => !n.IsMyself);
        Assert.Equal(NodeFlags.Handshake, handshake.Flags);
        Assert.Equal(("127.0.0.1", 7001, 17001), (handshake.Ip, handshake.Port, handshake.ClusterPort));
        Assert.False(handshake.Connected);
    }

    [Fact]
    public async Task BumpEpoch_bumps_until_this_node_holds_the_greatest_epoch()
    {
        await using var node = Open();

        Assert.Equal((true, 1L), node.BumpEpoch());
        Assert.Equal((false, 1L), node.BumpEpoch());
        Assert.Equal(1, node.View.CurrentEpoch);
    }

    [Theory]
    [InlineData("1.2.3", 5, 15, "ERR Invalid node address specified: 1.2.3:5")]
    [InlineData("localhost", 5, 15, "ERR Invalid node address specified: localhost:5")]
    [InlineData("127.0.0.1", 99999, 15, "ERR Invalid node address specified: 127.0.0.1:99999")]
    [InlineData("127.0.0.1", 7001, 0, "ERR Invalid node address specified: 127.0.0.1:7001")]
    public async Task Meet_refuses_bad_addresses(string ip, int port, int clusterPort, string error)
    {
        await using var node = Open();
        Assert.Equal(error, node.Meet(ip, port, clusterPort));
    }

    [Fact]
    public async Task Forget_refuses_itself_and_unknown_nodes()
    {
        await using var node = Open();

        Assert.Equal("ERR I tried hard but I can't forget myself...", node.Forget(node.View.MyId));
        Assert.Equal("ERR Unknown node abc", node.Forget("abc"));
    }

    [Fact]
    public async Task Every_change_is_on_disk_before_the_call_returns()
    {
        await using var node = Open();
        node.AddSlots([100, 101]);
        node.SetConfigEpoch(9);

        var saved = ClusterStateFile.Load(_dir)!;
        Assert.Equal(9, saved.CurrentEpoch);
        Assert.Equal(9, saved.Myself.ConfigEpoch);
        Assert.Equal([new SlotSpan(100, 101)], saved.Myself.Slots);
    }

    [Fact]
    public async Task A_restarted_node_has_the_same_id_epochs_and_slots()
    {
        string id;
        await using (var node = Open())
        {
            id = node.View.MyId;
            node.AddSlots([1, 2]);
            node.BumpEpoch();
        }

        await using var again = Open();
        Assert.Equal(id, again.View.MyId);
        Assert.Equal(1, again.View.Myself.ConfigEpoch);
        Assert.Equal(1, again.View.CurrentEpoch);
        Assert.Equal([new SlotSpan(1, 2)], again.View.Myself.Slots);
    }

    [Fact]
    public async Task Configured_slots_are_claimed_at_first_start_only()
    {
        var settings = new ClusterSection
        {
            NodeId = "me", Port = 17000, SlotRanges = [new SlotRange(0, 99)], Slots = [500],
        };
        await using (var node = Open(settings))
        {
            Assert.Equal([new SlotSpan(0, 99), new SlotSpan(500, 500)], node.View.Myself.Slots);
            node.DelSlots([500]);
        }

        await using var again = Open(settings);
        Assert.Equal([new SlotSpan(0, 99)], again.View.Myself.Slots); // the state file wins over the configuration
    }

    [Fact]
    public async Task Hard_reset_takes_a_new_id_and_zeroes_the_epochs_soft_reset_keeps_them()
    {
        await using var node = Open();
        var id = node.View.MyId;
        node.AddSlots([1]);
        node.SetConfigEpoch(5);

        Assert.Null(node.Reset(hard: false));
        Assert.Equal(id, node.View.MyId);
        Assert.Equal(5, node.View.Myself.ConfigEpoch);
        Assert.Empty(node.View.Myself.Slots);

        Assert.Null(node.Reset(hard: true));
        Assert.NotEqual(id, node.View.MyId);
        Assert.True(NodeId.IsValid(node.View.MyId));
        Assert.Equal(0, node.View.Myself.ConfigEpoch);
        Assert.Equal(0, node.View.CurrentEpoch);
        Assert.Equal(node.View.MyId, ClusterStateFile.Load(_dir)!.Myself.Id);
    }
}

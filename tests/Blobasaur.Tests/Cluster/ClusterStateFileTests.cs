using Blobasaur.Cluster;
using Blobasaur.Cluster.State;

namespace Blobasaur.Tests.Cluster;

public sealed class ClusterStateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("blobasaur-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Save_then_load_round_trips_every_field_and_leaves_no_temp_file()
    {
        var me = NodeId.FromName("a");
        var other = NodeId.FromName("b");
        var state = new PersistedState(7, 3,
        [
            new PersistedNode(me, "10.0.0.1", 6379, 16379, null, true, null, 5, [new SlotSpan(0, 5460), new SlotSpan(12182, 12182)]),
            new PersistedNode(other, "::1", 6380, 16380, "node-b.local", false, null, 6, [new SlotSpan(5461, 10922)]),
        ], Generation: 1_790_000_000_000);

        ClusterStateFile.Save(_dir, state);
        var loaded = ClusterStateFile.Load(_dir)!;

        Assert.Equal(7, loaded.CurrentEpoch);
        Assert.Equal(3, loaded.LastVoteEpoch);
        Assert.Equal(1_790_000_000_000, loaded.Generation);
        Assert.Equal(me, loaded.Myself.Id);
        Assert.Equal(state.Nodes[0] with { Slots = [] }, loaded.Nodes[0] with { Slots = [] });
        Assert.Equal(state.Nodes[0].Slots, loaded.Nodes[0].Slots);
        Assert.Equal(state.Nodes[1] with { Slots = [] }, loaded.Nodes[1] with { Slots = [] });
        Assert.Equal(state.Nodes[1].Slots, loaded.Nodes[1].Slots);
        Assert.Equal([ClusterStateFile.FileName], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void The_file_reads_like_redis_nodes_conf()
    {
        var me = NodeId.FromName("a");
        ClusterStateFile.Save(_dir, new PersistedState(3, 0,
            [new PersistedNode(me, "127.0.0.1", 7000, 17000, null, true, null, 3, [new SlotSpan(0, 5460), new SlotSpan(9, 9)])]));

        var lines = File.ReadAllLines(ClusterStateFile.PathIn(_dir));

        Assert.Equal($"{me} 127.0.0.1:7000@17000 myself,master - 0 0 3 connected 0-5460 9", lines[1]);
        Assert.Equal("vars currentEpoch 3 lastVoteEpoch 0 generation 0", lines[2]);
    }

    [Fact]
    public void A_missing_file_loads_as_null_and_a_corrupt_one_is_an_error()
    {
        Assert.Null(ClusterStateFile.Load(_dir));
        File.WriteAllText(ClusterStateFile.PathIn(_dir), "not a node line\n");
        Assert.Throws<InvalidDataException>(() => ClusterStateFile.Load(_dir));
    }

    [Fact]
    public void A_leftover_temp_file_from_a_crash_does_not_affect_loading()
    {
        var me = NodeId.FromName("a");
        ClusterStateFile.Save(_dir, new PersistedState(1, 0, [new PersistedNode(me, "", 1, 2, null, true, null, 1, [])]));
        File.WriteAllText(ClusterStateFile.PathIn(_dir) + ".tmp", "half-written garbage");

        Assert.Equal(me, ClusterStateFile.Load(_dir)!.Myself.Id);
    }
}

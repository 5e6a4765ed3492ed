using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// CLUSTER COUNTKEYSINSLOT / GETKEYSINSLOT over real storage, and ADDSLOTS / DELSLOTS / their RANGE forms / FLUSHSLOTS /
/// MEET / FORGET / RESET / SET-CONFIG-EPOCH / BUMPEPOCH / SAVECONFIG with Redis 7.0.15's argument errors (each text checked
/// against a real cluster node), on a server whose cluster layer is a fake that records what it was asked.
/// Keys use the {bar} tag (slot 5061, owned by this node in the fake view).
/// </summary>
public sealed class ClusterSlotCommandTests(FakeClusterServer server) : IClassFixture<FakeClusterServer>
{
    [Fact]
    public async Task Keys_of_a_slot_are_counted_and_listed_in_byte_order_from_storage()
    {
        server.Cluster.View = ClusterViews.ThreeNodes();
        await using var conn = await server.ConnectAsync();
        Assert.Equal(":0", await conn.SendAsync("CLUSTER", "COUNTKEYSINSLOT", "5061"));

        Assert.Equal("+OK", await conn.SendAsync("SET", "{bar}b", "1"));
        Assert.Equal("+OK", await conn.SendAsync("SET", "bar", "1"));
        Assert.Equal(":1", await conn.SendAsync("HSET", "{bar}h", "f", "v"));
        Assert.Equal("+OK", await conn.SendAsync("SET", "{bar}a", "1"));
        Assert.Equal("+OK", await conn.SendAsync("SET", "{bar}gone", "1", "PX", "1"));
        await Task.Delay(20);

        Assert.Equal(":4", await conn.SendAsync("CLUSTER", "COUNTKEYSINSLOT", "5061"));
        Assert.Equal("[bar, {bar}a, {bar}b, {bar}h]", await conn.SendAsync("CLUSTER", "GETKEYSINSLOT", "5061", "10"));
        Assert.Equal("[bar, {bar}a]", await conn.SendAsync("CLUSTER", "GETKEYSINSLOT", "5061", "2"));
        Assert.Equal("[]", await conn.SendAsync("CLUSTER", "GETKEYSINSLOT", "5061", "0"));
        Assert.Equal(":0", await conn.SendAsync("CLUSTER", "COUNTKEYSINSLOT", "5062"));
        Assert.Equal("[]", await conn.SendAsync("CLUSTER", "GETKEYSINSLOT", "5062", "10"));
        Assert.Equal(":4", await conn.SendAsync("DEL", "bar", "{bar}a", "{bar}b", "{bar}h"));
    }

    [Theory]
    [InlineData("-ERR Invalid slot", "COUNTKEYSINSLOT", "-1")]
    [InlineData("-ERR Invalid slot", "COUNTKEYSINSLOT", "16384")]
    [InlineData("-ERR value is not an integer or out of range", "COUNTKEYSINSLOT", "abc")]
    [InlineData("-ERR value is not an integer or out of range", "COUNTKEYSINSLOT", "01")]
    [InlineData("-ERR Invalid slot or number of keys", "GETKEYSINSLOT", "1", "-1")]
    [InlineData("-ERR Invalid slot or number of keys", "GETKEYSINSLOT", "16384", "1")]
    [InlineData("-ERR value is not an integer or out of range", "GETKEYSINSLOT", "x", "1")]
    [InlineData("-ERR value is not an integer or out of range", "GETKEYSINSLOT", "1", "x")]
    [InlineData("-ERR Invalid or out of range slot", "ADDSLOTS", "16384")]
    [InlineData("-ERR Invalid or out of range slot", "ADDSLOTS", "-1")]
    [InlineData("-ERR Invalid or out of range slot", "ADDSLOTS", "abc")]
    [InlineData("-ERR Invalid or out of range slot", "ADDSLOTS", "16000", "x")]
    [InlineData("-ERR Slot 16000 specified multiple times", "ADDSLOTS", "16000", "16000")]
    [InlineData("-ERR Slot 5 is already busy", "ADDSLOTS", "16000", "5", "16000")]
    [InlineData("-ERR wrong number of arguments for 'cluster|addslotsrange' command", "ADDSLOTSRANGE", "1", "2", "3")]
    [InlineData("-ERR start slot number 16005 is greater than end slot number 16002", "ADDSLOTSRANGE", "16005", "16002")]
    [InlineData("-ERR Invalid or out of range slot", "ADDSLOTSRANGE", "16000", "16384")]
    [InlineData("-ERR Slot 16002 specified multiple times", "ADDSLOTSRANGE", "16000", "16003", "16002", "16004")]
    [InlineData("-ERR Slot 16100 is already unassigned", "DELSLOTS", "16100")]
    [InlineData("-ERR Slot 16000 is already unassigned", "DELSLOTSRANGE", "15999", "16001")]
    [InlineData("-ERR Invalid or out of range slot", "DELSLOTS", "16384")]
    [InlineData("-ERR Slot 5 specified multiple times", "DELSLOTS", "5", "5")]
    [InlineData("-ERR value is not an integer or out of range", "SET-CONFIG-EPOCH", "abc")]
    [InlineData("-ERR Invalid config epoch specified: -1", "SET-CONFIG-EPOCH", "-1")]
    [InlineData("-ERR Invalid TCP base port specified: abc", "MEET", "127.0.0.1", "abc")]
    [InlineData("-ERR Invalid node address specified: 127.0.0.1:99999", "MEET", "127.0.0.1", "99999")]
    [InlineData("-ERR Invalid TCP bus port specified: abc", "MEET", "127.0.0.1", "1", "abc")]
    [InlineData("-ERR Invalid node address specified: 300.0.0.1:1", "MEET", "300.0.0.1", "1")]
    [InlineData("-ERR Invalid node address specified: localhost:1", "MEET", "localhost", "1")]
    [InlineData("-ERR unknown subcommand or wrong number of arguments for 'MEET'. Try CLUSTER HELP.", "MEET", "a", "1", "2", "3")]
    [InlineData("-ERR syntax error", "RESET", "FOO")]
    [InlineData("-ERR unknown subcommand or wrong number of arguments for 'reset'. Try CLUSTER HELP.", "reset", "SOFT", "X")]
    public async Task Bad_arguments_get_redis_errors_and_reach_nothing(string expected, params string[] args)
    {
        // Slots 16000-16383 unassigned, the rest as in the 3-node view.
        var view = ClusterViews.ThreeNodes();
        server.Cluster.View = new(view.MyId, 3, false,
            [.. view.Nodes.Select(n => n.Slots[0].End == 16383 ? n with { Slots = [new(10923, 15999)] } : n)], view.Stats);
        server.Cluster.Calls.Clear();
        await using var conn = await server.ConnectAsync();

        Assert.Equal(expected, await conn.SendAsync(["CLUSTER", .. args]));
        Assert.Empty(server.Cluster.Calls);
    }

    [Fact]
    public async Task Slot_changes_reach_the_cluster_layer_deduplicated_and_in_order()
    {
        server.Cluster.View = ClusterViews.Alone(server.Port, slots: []);
        server.Cluster.Calls.Clear();
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "ADDSLOTS", "7", "3"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "ADDSLOTSRANGE", "10", "12", "100", "100"));
        Assert.Equal("-ERR Slot 11 is already busy", await conn.SendAsync("CLUSTER", "ADDSLOTS", "11"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "DELSLOTSRANGE", "10", "11"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "DELSLOTS", "100"));

        Assert.Equal(["ADDSLOTS 7 3", "ADDSLOTS 10 11 12 100", "DELSLOTS 10 11", "DELSLOTS 100"], server.Cluster.Calls);
        Assert.Contains(" myself,master - 0 0 0 connected 3 7 12\n", await conn.SendAsync("CLUSTER", "NODES"));
    }

    [Fact]
    public async Task Errors_of_the_cluster_layer_are_passed_through_verbatim()
    {
        server.Cluster.View = ClusterViews.Alone(server.Port, slots: []);
        await using var conn = await server.ConnectAsync();

        server.Cluster.NextError = "ERR Node config epoch is already non-zero";
        Assert.Equal("-ERR Node config epoch is already non-zero", await conn.SendAsync("CLUSTER", "SET-CONFIG-EPOCH", "6"));
        server.Cluster.NextError = "ERR I tried hard but I can't forget myself...";
        Assert.Equal("-ERR I tried hard but I can't forget myself...", await conn.SendAsync("CLUSTER", "FORGET", ClusterViews.Id1));
        server.Cluster.NextError = "ERR Slot 1 is already busy";
        Assert.Equal("-ERR Slot 1 is already busy", await conn.SendAsync("CLUSTER", "ADDSLOTS", "1"));
        server.Cluster.NextError = "ERR error saving the cluster node config: disk full";
        Assert.Equal("-ERR error saving the cluster node config: disk full", await conn.SendAsync("CLUSTER", "SAVECONFIG"));
    }

    [Fact]
    public async Task Admin_commands_reach_the_cluster_layer_with_parsed_arguments()
    {
        server.Cluster.View = ClusterViews.Alone(server.Port, slots: []);
        server.Cluster.Calls.Clear();
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("cluster", "meet", "127.0.0.1", "7000"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "MEET", "::1", "7001", "7946"));
        Assert.Equal("+OK", await conn.SendAsync("cluster", "set-config-epoch", "1"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "FORGET", ClusterViews.Id2));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "SAVECONFIG"));
        server.Cluster.BumpResult = (true, 4);
        Assert.Equal("+BUMPED 4", await conn.SendAsync("CLUSTER", "BUMPEPOCH"));
        server.Cluster.BumpResult = (false, 5);
        Assert.Equal("+STILL 5", await conn.SendAsync("CLUSTER", "BUMPEPOCH"));

        Assert.Equal(["MEET 127.0.0.1 7000 17000", "MEET ::1 7001 7946", "SET-CONFIG-EPOCH 1", $"FORGET {ClusterViews.Id2}", "SAVECONFIG",
            "BUMPEPOCH", "BUMPEPOCH"], server.Cluster.Calls);
    }

    [Fact]
    public async Task Flushslots_and_reset_need_an_empty_node()
    {
        server.Cluster.View = ClusterViews.ThreeNodes();
        server.Cluster.Calls.Clear();
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await conn.SendAsync("SET", "{bar}flush", "1"));

        Assert.Equal("-ERR DB must be empty to perform CLUSTER FLUSHSLOTS.", await conn.SendAsync("CLUSTER", "FLUSHSLOTS"));
        Assert.Equal("-ERR CLUSTER RESET can't be called with master nodes containing keys", await conn.SendAsync("CLUSTER", "RESET"));
        Assert.Equal("-ERR CLUSTER RESET can't be called with master nodes containing keys", await conn.SendAsync("CLUSTER", "RESET", "HARD"));
        Assert.Empty(server.Cluster.Calls);

        Assert.Equal(":1", await conn.SendAsync("DEL", "{bar}flush"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "FLUSHSLOTS"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "RESET", "hard"));
        Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "RESET"));
        Assert.Equal(["FLUSHSLOTS", "RESET HARD", "RESET SOFT"], server.Cluster.Calls);
    }
}

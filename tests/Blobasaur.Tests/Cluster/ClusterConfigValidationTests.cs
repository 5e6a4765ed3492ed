using Blobasaur.Config;

namespace Blobasaur.Tests.Cluster;

public sealed class ClusterConfigValidationTests
{
    private static ConfigException LoadFails(string toml) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.LoadText(toml, "config.toml", new Dictionary<string, string?>()));

    [Fact]
    public void Overlapping_slot_ranges_stop_startup_naming_both()
    {
        var ex = LoadFails("[[cluster.slot_ranges]]\nstart = 0\nend = 200\n\n[[cluster.slot_ranges]]\nstart = 100\nend = 300\n");

        Assert.Equal("cluster.slot_ranges", ex.Key);
        Assert.StartsWith("config.toml:", ex.Message);
        Assert.EndsWith(": slot 100 is listed twice, in cluster.slot_ranges[0] (0-200) and in cluster.slot_ranges[1] (100-300): "
            + "list each slot once (slot ranges may not overlap)", ex.Message);
    }

    [Fact]
    public void A_slot_repeated_in_slots_stops_startup_but_a_slot_also_covered_by_a_range_is_accepted()
    {
        var ex = LoadFails("[cluster]\nslots = [5, 5]\n");
        Assert.Equal("cluster.slots", ex.Key);
        Assert.Contains("slot 5 is listed twice, in cluster.slots and in cluster.slots", ex.Message);

        var config = ConfigLoader.LoadText("[cluster]\nslots = [7]\n[[cluster.slot_ranges]]\nstart = 0\nend = 10\n", "config.toml",
            new Dictionary<string, string?>());
        Assert.Equal([7], config.Cluster.Slots);
    }

    [Fact]
    public void Without_cluster_port_the_gossip_port_is_the_client_port_plus_10000()
    {
        var config = ConfigLoader.LoadText("addr = \"127.0.0.1:7001\"\n[cluster]\nenabled = true\n", "config.toml",
            new Dictionary<string, string?>());

        Assert.Null(config.Cluster.Port);
        Assert.Equal(17001, Blobasaur.Cluster.ClusterOptions.FromConfig(config, "127.0.0.1", 7001).GossipPort);
    }

    [Fact]
    public void A_node_timeout_shorter_than_two_gossip_intervals_is_refused()
    {
        var ex = LoadFails("[cluster]\ngossip_interval_ms = 1000\nnode_timeout_ms = 1500\n");

        Assert.Equal("cluster.node_timeout_ms", ex.Key);
        Assert.Contains("must be at least twice cluster.gossip_interval_ms (1000)", ex.Message);
    }

    [Theory]
    [InlineData("[cluster]\ngossip_interval_ms = 0", "cluster.gossip_interval_ms = 0 is invalid")]
    [InlineData("[cluster]\nnode_timeout_ms = -5", "cluster.node_timeout_ms = -5 is invalid")]
    [InlineData("[cluster]\nport = 70000", "cluster.port = 70000 is invalid")]
    [InlineData("[cluster]\nslots = [16384]", "cluster.slots[0] = 16384 is invalid")]
    [InlineData("[cluster]\nnamespace_strategy = \"field\"", "must be one of: namespace, key")]
    public void Out_of_range_cluster_values_are_refused(string toml, string expected)
    {
        Assert.Contains(expected, LoadFails(toml).Message);
    }
}

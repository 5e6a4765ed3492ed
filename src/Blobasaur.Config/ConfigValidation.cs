namespace Blobasaur.Config;

// Rules that involve more than one key, checked once every source (file, environment, command line) has been applied.
internal static class ConfigValidation
{
    public static void Check(BlobasaurConfig config, ConfigBinder binder)
    {
        var cluster = config.Cluster;
        if (cluster.Enabled && cluster.Port is null)
            throw new ConfigException(binder.OriginOf("cluster.enabled"), "cluster.port",
                "cluster.port is required when cluster.enabled = true: the gossip port, an integer from 1 to 65535");
        // cluster.node_id is optional: without it the node takes a random id on first start and keeps it in its state file.
        CheckClusterSlots(cluster, binder);
        if (cluster.NodeTimeoutMs < 2 * cluster.GossipIntervalMs)
            throw new ConfigException(binder.OriginOf("cluster.node_timeout_ms"), "cluster.node_timeout_ms",
                $"cluster.node_timeout_ms = {cluster.NodeTimeoutMs} is invalid: it must be at least twice cluster.gossip_interval_ms "
                + $"({cluster.GossipIntervalMs}), or peers are declared unreachable between two gossip rounds");

        if (config.StorageCompression.Level is { } level && LevelRange(config.StorageCompression.Algorithm) is var (min, max)
            && (level < min || level > max))
        {
            var algorithm = config.StorageCompression.Algorithm.ToString().ToLowerInvariant();
            throw new ConfigException(binder.OriginOf("storage_compression.level"), "storage_compression.level",
                $"storage_compression.level = {level} is invalid: with algorithm {algorithm} it must be from {min} to {max}");
        }
    }

    // Slots this node claims at first start: each slot at most once across slot_ranges and slots (ranges are already
    // 0 <= start <= end <= 16383 by their row). Overlaps between nodes can only be seen at run time (epochs decide).
    private static void CheckClusterSlots(ClusterSection cluster, ConfigBinder binder)
    {
        var claimedBy = new string?[ConfigSettings.MaxSlot + 1];
        for (var i = 0; i < cluster.SlotRanges.Count; i++)
        {
            var range = cluster.SlotRanges[i];
            var name = $"cluster.slot_ranges[{i}] ({range.Start}-{range.End})";
            for (var slot = range.Start; slot <= range.End; slot++)
            {
                if (claimedBy[slot] is { } earlier)
                    throw SlotTwice(binder.OriginOf("cluster.slot_ranges"), "cluster.slot_ranges", slot, earlier, name);
                claimedBy[slot] = name;
            }
        }

        foreach (var slot in cluster.Slots)
        {
            if (claimedBy[slot] is { } earlier)
                throw SlotTwice(binder.OriginOf("cluster.slots"), "cluster.slots", slot, earlier, "cluster.slots");
            claimedBy[slot] = "cluster.slots";
        }
    }

    private static ConfigException SlotTwice(string where, string key, int slot, string first, string second) =>
        new(where, key, $"slot {slot} is listed twice, in {first} and in {second}: list each slot once "
            + "(ranges may not overlap each other or cluster.slots)");

    // The levels each codec's library accepts. "none" takes any level, since it is ignored. Config cannot see the
    // Compression project (both are leaves); a test checks these ranges against the codecs' MinLevel/MaxLevel.
    internal static (int Min, int Max) LevelRange(CompressionAlgorithm algorithm) => algorithm switch
    {
        CompressionAlgorithm.Gzip => (0, 9),
        CompressionAlgorithm.Zstd => (1, 22),
        CompressionAlgorithm.Lz4 => (1, 12),
        CompressionAlgorithm.Brotli => (0, 11),
        _ => (0, 22),
    };
}

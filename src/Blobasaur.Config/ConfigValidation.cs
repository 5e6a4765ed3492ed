namespace Blobasaur.Config;

// Rules that involve more than one key, checked once every source (file, environment, command line) has been applied.
internal static class ConfigValidation
{
    public static void Check(BlobasaurConfig config, ConfigBinder binder)
    {
        var cluster = config.Cluster;
        // cluster.port defaults to the client port + 10000, as in Redis; only a client port above 55535 leaves no default.
        if (cluster.Enabled && cluster.Port is null && HostPort.TryParse(config.Addr, out var client) && client.Port + 10000 > 65535)
            throw new ConfigException(binder.OriginOf("cluster.enabled"), "cluster.port",
                $"cluster.port is required when cluster.enabled = true and the client port ({client.Port}) is above 55535: "
                + "the default gossip port (client port + 10000) would pass 65535; set cluster.port to a port from 1 to 65535");
        // cluster.node_id is optional: without it the node takes a random id on first start and keeps it in its state file.
        CheckClusterSlots(cluster, binder);
        if (cluster.NodeTimeoutMs < 2 * cluster.GossipIntervalMs)
            throw new ConfigException(binder.OriginOf("cluster.node_timeout_ms"), "cluster.node_timeout_ms",
                $"cluster.node_timeout_ms = {cluster.NodeTimeoutMs} is invalid: it must be at least twice cluster.gossip_interval_ms "
                + $"({cluster.GossipIntervalMs}), or peers are declared unreachable between two gossip rounds");

        CheckSecurity(config, binder);

        if (config.StorageCompression.Level is { } level && LevelRange(config.StorageCompression.Algorithm) is var (min, max)
            && (level < min || level > max))
        {
            var algorithm = config.StorageCompression.Algorithm.ToString().ToLowerInvariant();
            throw new ConfigException(binder.OriginOf("storage_compression.level"), "storage_compression.level",
                $"storage_compression.level = {level} is invalid: with algorithm {algorithm} it must be from {min} to {max}");
        }
    }

    // Slots this node claims at first start: ranges may not overlap each other, and a slot may not repeat within slots
    // (each row already keeps values within 0..16383 and start <= end). A slot in both lists is harmless (the claim is the
    // union) and accepted. Overlaps between nodes can only be seen at run time (configEpochs decide).
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

        var listed = new HashSet<int>();
        foreach (var slot in cluster.Slots)
        {
            if (!listed.Add(slot))
                throw SlotTwice(binder.OriginOf("cluster.slots"), "cluster.slots", slot, "cluster.slots", "cluster.slots");
        }
    }

    private static ConfigException SlotTwice(string where, string key, int slot, string first, string second) =>
        new(where, key, $"slot {slot} is listed twice, in {first} and in {second}: list each slot once "
            + "(slot ranges may not overlap)");

    private static void CheckSecurity(BlobasaurConfig config, ConfigBinder binder)
    {
        var tls = config.Tls;
        if (tls.Enabled && (tls.CertFile is null || tls.KeyFile is null))
            throw new ConfigException(binder.OriginOf("tls.enabled"), tls.CertFile is null ? "tls.cert_file" : "tls.key_file",
                "tls.cert_file and tls.key_file are required when tls.enabled = true: the server certificate and its private key, PEM files");
        if (tls.Enabled && tls.AuthClients != TlsClientAuth.No && tls.CaFile is null)
            throw new ConfigException(binder.OriginOf("tls.auth_clients"), "tls.ca_file",
                "tls.ca_file is required when tls.auth_clients is \"yes\" or \"optional\": the PEM file of the CA that signs client certificates");
        if (config.Server.RequirePass is not null && config.Users.Any(u => u.Name == "default"))
            throw new ConfigException(binder.OriginOf("server.requirepass"), "server.requirepass",
                "server.requirepass and a [[users]] table named \"default\" both set the default user's password: keep only one");
        foreach (var user in config.Users)
            if (user.NoPass && user.PasswordSha256.Count > 0)
                throw new ConfigException(binder.OriginOf("users"), "users",
                    $"user '{user.Name}' has both nopass = true and password_sha256: keep only one");
    }

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

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
        if (cluster.Enabled && cluster.NodeId.Length == 0)
            throw new ConfigException(binder.OriginOf("cluster.enabled"), "cluster.node_id",
                "cluster.node_id is required when cluster.enabled = true: a name unique within the cluster");

        CheckSecurity(config, binder);

        if (config.StorageCompression.Level is { } level && LevelRange(config.StorageCompression.Algorithm) is var (min, max)
            && (level < min || level > max))
        {
            var algorithm = config.StorageCompression.Algorithm.ToString().ToLowerInvariant();
            throw new ConfigException(binder.OriginOf("storage_compression.level"), "storage_compression.level",
                $"storage_compression.level = {level} is invalid: with algorithm {algorithm} it must be from {min} to {max}");
        }
    }

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

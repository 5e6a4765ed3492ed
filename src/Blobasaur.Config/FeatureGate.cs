namespace Blobasaur.Config;

// ---------------------------------------------------------------------------------------------------------------------
// The one place that refuses settings this build parses and validates but cannot honour. Each check is independent:
// when a feature lands, delete its check here (and its line in docs/configuration.md), nothing else. Every feature of the
// Rust Blobasaur's config has landed; only output_compression stays refused, for good.
// Refusing at startup beats starting with a setting silently ignored: an operator who asks for a cluster must not get a
// standalone node.
// ---------------------------------------------------------------------------------------------------------------------
internal static class FeatureGate
{
    public static void Check(BlobasaurConfig config, ConfigBinder binder)
    {
        // Permanent, not "yet": the Rust Blobasaur could compress replies, but Redis clients have no way to decompress them,
        // so every client would read garbage. The key is accepted only so that Rust config files load unchanged.
        if (config.OutputCompression)
            throw new ConfigException(binder.OriginOf("output_compression"), "output_compression",
                "output_compression = true is not accepted: Redis clients cannot decompress replies, so it must stay false");
    }
}

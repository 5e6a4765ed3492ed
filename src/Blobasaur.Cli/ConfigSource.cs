using Blobasaur.Config;

namespace Blobasaur.Cli;

/// <summary>Temporary until the TOML loader lands: defaults plus CLI overrides.</summary>
internal static class ConfigSource
{
    public static BlobasaurConfig Load(string? path, ConfigOverrides overrides)
    {
        var config = new BlobasaurConfig();
        if (overrides.DataDir is { } dir) config = config with { DataDir = dir };
        if (overrides.Port is { } port) config = config with { Addr = $"127.0.0.1:{port}" };
        return config;
    }
}

public sealed record ConfigOverrides(int? Port, string? DataDir, string? Addr);

public sealed class ConfigException(string message) : Exception(message);

using Blobasaur.Config;

namespace Blobasaur.Cli;

/// <summary>Settings the maintenance commands take from the configuration when the command line does not give them.</summary>
internal static class CliConfig
{
    /// <summary>The data directory: --data-dir, else data_dir of the configuration; null (after printing why) on a bad configuration.</summary>
    public static string? DataDir(string? configPath, string? dataDir)
    {
        if (dataDir is not null)
            return dataDir;
        return Load(configPath)?.DataDir;
    }

    /// <summary>The client address of the configuration, with a wildcard bind address turned into loopback.</summary>
    public static HostPort? ClientAddress(string? configPath)
    {
        if (Load(configPath) is not { } config)
            return null;
        var address = HostPort.TryParse(config.Addr, out var parsed) ? parsed : new HostPort("127.0.0.1", 6379);
        return address.Host is "0.0.0.0" or "::" ? address with { Host = "127.0.0.1" } : address;
    }

    private static BlobasaurConfig? Load(string? configPath)
    {
        try
        {
            return ConfigLoader.Resolve(configPath, ConfigLoader.ProcessEnvironment());
        }
        catch (ConfigException ex)
        {
            Console.Error.WriteLine($"blobasaur: configuration error: {ex.Message}");
            return null;
        }
    }
}

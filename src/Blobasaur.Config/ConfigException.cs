namespace Blobasaur.Config;

/// <summary>
/// The configuration cannot be used. The message is meant for the operator as it is: it names where the setting came from
/// (file and line, environment variable, or command-line option), the key, the value, and what is allowed.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string where, string? key, string reason, Exception? inner = null)
        : base($"{where}: {reason}", inner)
    {
        Where = where;
        Key = key;
        Reason = reason;
    }

    /// <summary>"config.toml:7", "environment variable BLOBASAUR_NUM_SHARDS", "command line --port", ...</summary>
    public string Where { get; }
    /// <summary>The dotted key ("sqlite.busy_timeout_ms"), or null when the problem is not about one key (e.g. a missing file).</summary>
    public string? Key { get; }
    public string Reason { get; }
}

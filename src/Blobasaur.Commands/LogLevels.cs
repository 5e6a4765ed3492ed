using Microsoft.Extensions.Logging;

namespace Blobasaur.Commands;

/// <summary>
/// Log level names: ours from [logging] level (trace, debug, information/info, warning/warn, error, critical, none) and
/// Redis's from CONFIG SET loglevel (debug, verbose, notice, warning, nothing), mapped to the nearest .NET level.
/// </summary>
public static class LogLevels
{
    public static bool TryParse(string? name, out LogLevel level)
    {
        level = name?.Trim().ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" or "verbose" => LogLevel.Debug,
            "information" or "info" or "notice" => LogLevel.Information,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" => LogLevel.Critical,
            "none" or "nothing" => LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= 0;
    }
}

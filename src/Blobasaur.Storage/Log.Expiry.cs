using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// Expiry log messages: event ids 3010-3019.
internal static partial class Log
{
    [LoggerMessage(3010, LogLevel.Debug, "Swept {Rows} expired rows")]
    public static partial void SweptExpired(ILogger logger, long rows);

    [LoggerMessage(3011, LogLevel.Warning, "The expiry sweep failed; the next tick retries")]
    public static partial void SweepFailed(ILogger logger, Exception error);
}

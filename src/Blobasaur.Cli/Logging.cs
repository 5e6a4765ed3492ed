using Microsoft.Extensions.Logging;

namespace Blobasaur.Cli;

/// <summary>Console logging: one line per event, UTC timestamps, level from [logging] level.</summary>
internal static class Logging
{
    public static ILoggerFactory Create(string level) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(Enum.Parse<LogLevel>(level, ignoreCase: true))
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        }));
}

using Blobasaur.Commands;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Cli;

/// <summary>Console logging: one line per event, UTC timestamps, level from [logging] level and CONFIG SET loglevel.</summary>
internal static class Logging
{
    /// <param name="minimum">Read for every event, so a level changed at run time applies at once.</param>
    public static ILoggerFactory Create(Func<LogLevel> minimum) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Trace)
        .AddFilter(level => level >= minimum())
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        }));
}

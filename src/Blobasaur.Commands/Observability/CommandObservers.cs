using Blobasaur.Commands.Server;
using Blobasaur.Metrics;
using Blobasaur.Protocol;

namespace Blobasaur.Commands.Observability;

/// <summary>
/// Everything that watches commands run: the metrics instruments, the slow log and the MONITOR feed. The dispatcher makes one
/// call per executed command (<see cref="OnCommand"/>); each observer keeps its own cost near zero when it is off
/// (no metrics listener, no command over the slowlog threshold, no monitor connected).
/// </summary>
public sealed class CommandObservers : IDisposable
{
    public CommandObservers(ServerContext server)
    {
        Metrics = new BlobasaurMetrics(new ServerMetricsSource(server));
        Slowlog = new Slowlog(server.Config.Server.SlowlogLogSlowerThan, server.Config.Server.SlowlogMaxLen);
        Monitors = new MonitorFeed(server.Time);
    }

    public BlobasaurMetrics Metrics { get; }
    public Slowlog Slowlog { get; }
    public MonitorFeed Monitors { get; }

    /// <summary>After a command ran (its reply known). Rejected requests (unknown command, wrong arity) never get here, as in Redis.</summary>
    public void OnCommand(CommandContext ctx, long elapsedTicks, Reply reply)
    {
        var definition = ctx.Definition;
        Metrics.RecordCommand(definition.LowerName, elapsedTicks);
        Slowlog.Consider(ctx, elapsedTicks);
        if (Monitors.HasMonitors) Monitors.Feed(ctx);
    }

    public void Dispose() => Metrics.Dispose();
}

using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Blobasaur.Commands.Server;

/// <summary>
/// MONITOR (https://redis.io/docs/latest/commands/monitor/): every executed command is formatted once as
/// <c>+&lt;unix seconds&gt;.&lt;micros&gt; [0 &lt;addr&gt;] "cmd" "arg" ...</c> (values escaped as Redis's sdscatrepr) and offered to each
/// monitoring connection's bounded queue. A monitor that cannot keep up loses lines (counted in <see cref="Dropped"/>), so a slow
/// monitor never slows the server. Unlike Redis, each argument is cut at <see cref="MaxArgBytes"/> bytes ("... (N more bytes)").
/// Admin commands and those flagged skip_monitor are not shown (as Redis).
/// </summary>
public sealed class MonitorFeed(TimeProvider time)
{
    /// <summary>Lines queued per monitor before new ones are dropped.</summary>
    public const int QueueCapacity = 10_000;

    /// <summary>Bytes of each argument shown; the rest is summarised as "... (N more bytes)".</summary>
    public const int MaxArgBytes = 1024;

    private readonly Lock _lock = new();
    private MonitorSubscription[] _monitors = [];
    private long _dropped;

    public bool HasMonitors => Volatile.Read(ref _monitors).Length > 0;
    public long Dropped => Interlocked.Read(ref _dropped);

    public MonitorSubscription Subscribe()
    {
        var subscription = new MonitorSubscription(this);
        lock (_lock) _monitors = [.. _monitors, subscription];
        return subscription;
    }

    internal void CountDropped() => Interlocked.Increment(ref _dropped);

    internal void Unsubscribe(MonitorSubscription subscription)
    {
        lock (_lock) _monitors = [.. _monitors.Where(m => m != subscription)];
    }

    public void Feed(CommandContext ctx)
    {
        if ((ctx.Definition.Flags & (CommandFlags.Admin | CommandFlags.SkipMonitor)) != 0) return;
        if (ctx.Definition.Parent is { } parent && (parent.Flags & (CommandFlags.Admin | CommandFlags.SkipMonitor)) != 0) return;
        var line = Format(time.GetUtcNow(), ctx.Client.Address, Security.AccessControl.Redact(ctx.Args));
        foreach (var monitor in Volatile.Read(ref _monitors))
            if (!monitor.Offer(line)) Interlocked.Increment(ref _dropped);
    }

    internal static string Format(DateTimeOffset now, string address, byte[][] args)
    {
        var micros = (now - DateTimeOffset.UnixEpoch).Ticks / 10;
        var sb = new StringBuilder(64);
        sb.Append('+').Append((micros / 1_000_000).ToString(CultureInfo.InvariantCulture)).Append('.')
            .Append((micros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture)).Append(" [0 ").Append(address).Append(']');
        foreach (var arg in args)
        {
            sb.Append(' ');
            AppendRepr(sb, arg.AsSpan(0, Math.Min(arg.Length, MaxArgBytes)),
                arg.Length > MaxArgBytes ? $"... ({arg.Length - MaxArgBytes} more bytes)" : null);
        }

        return sb.ToString();
    }

    /// <summary>Redis's sdscatrepr: quoted; \\ \" \n \r \t \a \b escaped; other bytes outside printable ASCII as \xHH.</summary>
    internal static void AppendRepr(StringBuilder sb, ReadOnlySpan<byte> value, string? suffix)
    {
        sb.Append('"');
        foreach (var b in value)
        {
            switch (b)
            {
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case 7: sb.Append("\\a"); break;
                case 8: sb.Append("\\b"); break;
                case >= 32 and <= 126: sb.Append((char)b); break;
                default: sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture)); break;
            }
        }

        sb.Append(suffix).Append('"');
    }
}

/// <summary>One monitoring connection's queue of formatted lines. The connection drains it; disposing unsubscribes.</summary>
public sealed class MonitorSubscription : IDisposable
{
    private readonly MonitorFeed _feed;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(MonitorFeed.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the feed counts the drop instead of waiting
        SingleReader = false,
        SingleWriter = false,
    });

    internal MonitorSubscription(MonitorFeed feed) => _feed = feed;

    internal bool Offer(string line) => _lines.Writer.TryWrite(line);

    public bool TryRead(out string line) => _lines.Reader.TryRead(out line!);

    /// <summary>The connection dropped a line it had read (its client is not keeping up): counted with the feed's drops.</summary>
    public void Dropped() => _feed.CountDropped();

    /// <summary>Completes when a line is waiting (or the subscription ended).</summary>
    public Task WaitAsync(CancellationToken cancellation) => _lines.Reader.WaitToReadAsync(cancellation).AsTask();

    public void Dispose()
    {
        _feed.Unsubscribe(this);
        _lines.Writer.TryComplete();
    }
}

using System.Diagnostics;
using System.Text;

namespace Blobasaur.Commands.Server;

/// <summary>One SLOWLOG entry, as Redis keeps it (arguments already truncated).</summary>
public sealed record SlowlogEntry(long Id, long UnixSeconds, long DurationMicros, byte[][] Args, string ClientAddress, string ClientName);

/// <summary>
/// The slow log (https://redis.io/docs/latest/commands/slowlog/): commands that ran longer than slowlog-log-slower-than
/// microseconds (negative: off; 0: every command), newest first, at most slowlog-max-len entries. Arguments are truncated as
/// Redis does: at most 32 (the 32nd says "... (N more arguments)"), each at most 128 bytes ("... (N more bytes)").
/// The duration is the dispatcher's: from handler start to reply (for a write, until committed), without network time.
/// </summary>
public sealed class Slowlog(long logSlowerThanMicros, int maxLen)
{
    public const int MaxArgs = 32;
    public const int MaxArgBytes = 128;

    private readonly LinkedList<SlowlogEntry> _entries = new();
    private readonly Lock _lock = new();
    private long _nextId;
    private long _thresholdTicks = ToTicks(logSlowerThanMicros);
    private long _logSlowerThan = logSlowerThanMicros;
    private int _maxLen = maxLen;
    private long _totalRecorded;

    public long LogSlowerThan
    {
        get => Volatile.Read(ref _logSlowerThan);
        set
        {
            Volatile.Write(ref _logSlowerThan, value);
            Volatile.Write(ref _thresholdTicks, ToTicks(value));
        }
    }

    public int MaxLen
    {
        get => Volatile.Read(ref _maxLen);
        set
        {
            Volatile.Write(ref _maxLen, value);
            lock (_lock) Trim();
        }
    }

    public long TotalRecorded => Interlocked.Read(ref _totalRecorded);

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>The hot path: one comparison unless the command was slow.</summary>
    public void Consider(CommandContext ctx, long elapsedTicks)
    {
        var threshold = Volatile.Read(ref _thresholdTicks);
        if (threshold < 0 || elapsedTicks < threshold || (ctx.Definition.Flags & CommandFlags.SkipSlowlog) != 0) return;
        var micros = elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        if (micros < Volatile.Read(ref _logSlowerThan)) return;
        var entry = new SlowlogEntry(0, ctx.Server.Time.GetUtcNow().ToUnixTimeSeconds(), micros, Truncate(Security.AccessControl.Redact(ctx.Args)),
            ctx.Client.Address, ctx.Client.Name ?? "");
        lock (_lock)
        {
            _entries.AddFirst(entry with { Id = _nextId++ });
            Trim();
        }

        Interlocked.Increment(ref _totalRecorded);
    }

    /// <summary>The newest <paramref name="count"/> entries (all with a negative count).</summary>
    public IReadOnlyList<SlowlogEntry> Newest(long count)
    {
        lock (_lock) return [.. count < 0 ? _entries : _entries.Take((int)Math.Min(count, int.MaxValue))];
    }

    public void Reset()
    {
        lock (_lock) _entries.Clear();
    }

    internal static byte[][] Truncate(byte[][] args)
    {
        var kept = Math.Min(args.Length, MaxArgs);
        var result = new byte[kept][];
        for (var i = 0; i < kept; i++)
        {
            if (kept < args.Length && i == kept - 1)
                result[i] = Encoding.ASCII.GetBytes($"... ({args.Length - kept + 1} more arguments)");
            else if (args[i].Length > MaxArgBytes)
                result[i] = [.. args[i].AsSpan(0, MaxArgBytes), .. Encoding.ASCII.GetBytes($"... ({args[i].Length - MaxArgBytes} more bytes)")];
            else
                result[i] = args[i];
        }

        return result;
    }

    private void Trim()
    {
        var max = Math.Max(0, Volatile.Read(ref _maxLen));
        while (_entries.Count > max) _entries.RemoveLast();
    }

    private static long ToTicks(long micros) => micros switch
    {
        < 0 => -1,
        _ when micros >= long.MaxValue / Stopwatch.Frequency => long.MaxValue,
        _ => micros * Stopwatch.Frequency / 1_000_000,
    };
}

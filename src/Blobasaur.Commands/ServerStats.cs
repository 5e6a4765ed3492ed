using System.Collections.Concurrent;

namespace Blobasaur.Commands;

/// <summary>Counters behind INFO stats, commandstats and errorstats. Recorded by the dispatcher only, never by handlers.</summary>
public sealed class ServerStats
{
    private long _commandsProcessed;
    private long _errorReplies;

    public ConcurrentDictionary<string, CommandStat> Commands { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, long> ErrorsByPrefix { get; } = new(StringComparer.Ordinal);

    public long CommandsProcessed => Interlocked.Read(ref _commandsProcessed);
    public long ErrorReplies => Interlocked.Read(ref _errorReplies);

    public CommandStat RecordCommand(string fullName, long elapsedTicks)
    {
        Interlocked.Increment(ref _commandsProcessed);
        var stat = Commands.GetOrAdd(fullName, static _ => new CommandStat());
        stat.Record(elapsedTicks);
        return stat;
    }

    /// <summary>A known command refused before it ran (wrong arity): Redis's rejected_calls.</summary>
    public void RecordRejected(string fullName) => Commands.GetOrAdd(fullName, static _ => new CommandStat()).RecordRejected();

    public void RecordError(string text)
    {
        Interlocked.Increment(ref _errorReplies);
        var space = text.IndexOf(' ');
        var prefix = space < 0 ? text : text[..space];
        ErrorsByPrefix.AddOrUpdate(prefix, 1, static (_, n) => n + 1);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _commandsProcessed, 0);
        Interlocked.Exchange(ref _errorReplies, 0);
        Commands.Clear();
        ErrorsByPrefix.Clear();
    }
}

public sealed class CommandStat
{
    private long _calls;
    private long _ticks;
    private long _rejected;
    private long _failed;

    public long Calls => Interlocked.Read(ref _calls);
    public long Ticks => Interlocked.Read(ref _ticks);
    public long RejectedCalls => Interlocked.Read(ref _rejected);

    /// <summary>Calls that ran and replied with an error (Redis's failed_calls).</summary>
    public long FailedCalls => Interlocked.Read(ref _failed);

    public void RecordRejected() => Interlocked.Increment(ref _rejected);
    public void RecordFailed() => Interlocked.Increment(ref _failed);

    public void Record(long ticks)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _ticks, ticks);
    }
}

using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Server;

/// <summary>SLOWLOG GET [count] | LEN | RESET | HELP (Redis 7.0 replies).</summary>
public static class SlowlogCommands
{
    private const CommandFlags Flags = Admin | Loading | Stale;

    public static CommandDefinition Definition() => Container("SLOWLOG", -2, None, G.Server,
        "A container for slow log commands.", "2.2.12", Help,
        Row("GET", -2, Flags, 0, 0, 0, G.Server, "Returns the slow log's entries.", "2.2.12", Get),
        Row("LEN", 2, Flags, 0, 0, 0, G.Server, "Returns the number of entries in the slow log.", "2.2.12", Len),
        Row("RESET", 2, Flags, 0, 0, 0, G.Server, "Clears all entries from the slow log.", "2.2.12", Reset),
        Row("HELP", 2, Loading | Stale, 0, 0, 0, G.Server, "Show helpful text about the different subcommands", "6.2.0", Help));

    // SLOWLOG GET [count]: newest first; count defaults to 10, -1 means all.
    private static ValueTask<Reply> Get(CommandContext ctx)
    {
        long count = 10;
        if (ctx.Count > 3) return Done(Reply.Error(RespErrors.WrongArity("slowlog|get")));
        if (ctx.Count == 3 && (!ctx.TryGetLong(2, out count) || count < -1))
            return Done(Reply.Error("ERR count should be greater than or equal to -1"));
        var entries = ctx.Server.Observers.Slowlog.Newest(count);
        return Done(Reply.Array([.. entries.Select(Entry)]));
    }

    // SLOWLOG LEN
    private static ValueTask<Reply> Len(CommandContext ctx) => Done(Reply.Integer(ctx.Server.Observers.Slowlog.Count));

    // SLOWLOG RESET
    private static ValueTask<Reply> Reset(CommandContext ctx)
    {
        ctx.Server.Observers.Slowlog.Reset();
        return Done(Reply.Ok);
    }

    private static Reply Entry(SlowlogEntry e) => Reply.Array(
    [
        Reply.Integer(e.Id), Reply.Integer(e.UnixSeconds), Reply.Integer(e.DurationMicros),
        Reply.Array([.. e.Args.Select(a => Reply.Bulk(a))]), Reply.Bulk(e.ClientAddress), Reply.Bulk(e.ClientName),
    ]);

    private static ValueTask<Reply> Help(CommandContext ctx) => Done(HelpText.For("SLOWLOG",
        "GET [<count>]", "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:", "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name", "LEN", "    Return the length of the slowlog.", "RESET", "    Reset the slowlog."));

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}

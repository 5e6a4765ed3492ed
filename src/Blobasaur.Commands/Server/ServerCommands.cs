using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>TIME, LASTSAVE.</summary>
public static class ServerCommands
{
    // TIME: [unix seconds, microseconds] as bulk strings.
    public static ValueTask<Reply> Time(CommandContext ctx)
    {
        var now = ctx.Server.Time.GetUtcNow();
        var micros = (now - DateTimeOffset.UnixEpoch).Ticks / 10;
        return ValueTask.FromResult(Reply.Array([Reply.Bulk((micros / 1_000_000).ToString()), Reply.Bulk((micros % 1_000_000).ToString())]));
    }

    // LASTSAVE: the end of the last successful BLOBASAUR.BACKUP; before any, the start time (every commit is a save for us,
    // so that is when all data on disk was last known consistent).
    public static ValueTask<Reply> LastSave(CommandContext ctx) =>
        ValueTask.FromResult(Reply.Integer(ctx.Server.Store?.LastBackupUnixSeconds ?? ctx.Server.StartedAt.ToUnixTimeSeconds()));
}

using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>MONITOR: +OK, then the connection streams every command the server runs (see <see cref="MonitorFeed"/>).</summary>
public static class MonitorCommand
{
    public static CommandDefinition Definition() => CommandTable.Row("MONITOR", 1,
        CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, CommandGroup.Server,
        "Listens for all requests received by the server in real-time.", "1.0.0", Monitor);

    // MONITOR: the hosting layer sees ClientState.Monitor set and starts writing the lines after this +OK.
    private static ValueTask<Reply> Monitor(CommandContext ctx)
    {
        ctx.Client.Monitor ??= ctx.Server.Observers.Monitors.Subscribe();
        return ValueTask.FromResult(Reply.Ok);
    }
}

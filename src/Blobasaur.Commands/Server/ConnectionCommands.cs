using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>PING, ECHO, QUIT, RESET, SELECT.</summary>
public static class ConnectionCommands
{
    // PING [message]
    public static ValueTask<Reply> Ping(CommandContext ctx) => ValueTask.FromResult(ctx.Count switch
    {
        1 => Reply.Pong,
        2 => Reply.Bulk(ctx.Arg(1)),
        _ => Reply.Error(RespErrors.WrongArity("ping")),
    });

    // ECHO message: byte-exact (StackExchange.Redis checks 16 random bytes).
    public static ValueTask<Reply> Echo(CommandContext ctx) => ValueTask.FromResult(Reply.Bulk(ctx.Arg(1)));

    // QUIT: +OK, then the connection closes once the reply is flushed.
    public static ValueTask<Reply> Quit(CommandContext ctx)
    {
        ctx.Client.CloseAfterReply = true;
        return ValueTask.FromResult(Reply.Ok);
    }

    // RESET: protocol back to RESP2, name cleared, database 0.
    public static ValueTask<Reply> Reset(CommandContext ctx)
    {
        ctx.Client.Reset();
        return ValueTask.FromResult(Reply.Simple("RESET"));
    }

    // SELECT index: there is one database, as in Redis Cluster (whose refusal text cluster mode uses).
    public static ValueTask<Reply> Select(CommandContext ctx)
    {
        if (!ctx.TryGetLong(1, out var index)) return ValueTask.FromResult(Reply.Error(RespErrors.NotInteger));
        if (index != 0 && ctx.Server.Config.Cluster.Enabled)
            return ValueTask.FromResult(Reply.Error(Cluster.ClusterErrors.SelectNotAllowed));
        return ValueTask.FromResult(index == 0 ? Reply.Ok : Reply.Error(RespErrors.DbIndexOutOfRange));
    }
}

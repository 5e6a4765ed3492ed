using System.Diagnostics;
using Blobasaur.Protocol;
using Blobasaur.Storage;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Commands;

/// <summary>
/// The gate every request passes, in order (as redis processCommand): the command exists, its subcommand exists, the argument
/// count matches the row's arity; then the handler runs behind a fault barrier: an exception is logged, counted and answered
/// "-ERR internal error", and the connection stays open. Statistics are recorded here, never in handlers.
/// </summary>
public sealed partial class Dispatcher(CommandTable table, ServerContext server)
{
    private readonly ILogger _logger = server.Loggers.CreateLogger("Blobasaur.Dispatcher");

    public CommandTable Table { get; } = table;
    public ServerContext Server { get; } = server;

    /// <summary>Resolves the request to a row, or returns the error reply that Redis gives.</summary>
    public bool TryResolve(byte[][] args, out CommandDefinition definition, out Reply? error)
    {
        error = null;
        if (!Table.TryGet(args[0], out definition))
        {
            error = Fail(RespErrors.UnknownCommand(args));
            return false;
        }

        if (definition.Subcommands is { } subs && !(args.Length == 1 && definition.AcceptsArgumentCount(1)))
        {
            if (args.Length < 2)
            {
                error = Fail(RespErrors.WrongArity(definition.Name));
                return false;
            }

            if (!Table.TryGetSubcommand(definition, args[1], out var sub))
            {
                error = Fail(RespErrors.UnknownSubcommand(args[1], definition.Name));
                return false;
            }

            definition = sub;
        }

        if (!definition.AcceptsArgumentCount(args.Length))
        {
            Server.Stats.RecordRejected(definition.LowerName);
            error = Fail(RespErrors.WrongArity(definition.FullName));
            return false;
        }

        return true;
    }

    public ValueTask<Reply> ExecuteAsync(RespRequest request, ClientState client, CancellationToken cancellation)
    {
        if (!TryResolve(request.Args, out var definition, out var error)) return ValueTask.FromResult(error!);
        return ExecuteAsync(definition, request.Args, client, cancellation);
    }

    public ValueTask<Reply> ExecuteAsync(CommandDefinition definition, byte[][] args, ClientState client, CancellationToken cancellation)
    {
        if (Server.Security.Check(definition, args, client) is { } denied) return ValueTask.FromResult(Fail(denied));
        client.LastCommand = definition.LowerName;
        if (Server.Cluster is { } cluster && Cluster.ClusterRouter.Check(cluster, Server, definition, args, client) is { } redirect)
            return ValueTask.FromResult(Fail(redirect));
        var context = new CommandContext(args, client, Server, definition, cancellation);
        var started = Stopwatch.GetTimestamp();
        ValueTask<Reply> pending;
        try
        {
            pending = definition.Handler(context);
        }
        catch (Exception ex)
        {
            return ValueTask.FromResult(Fault(definition, ex));
        }

        if (!pending.IsCompletedSuccessfully) return AwaitAsync(pending, context, started);
        var reply = pending.Result;
        Record(context, started, reply);
        return ValueTask.FromResult(reply);
    }

    private async ValueTask<Reply> AwaitAsync(ValueTask<Reply> pending, CommandContext context, long started)
    {
        var definition = context.Definition;
        try
        {
            var reply = await pending.ConfigureAwait(false);
            Record(context, started, reply);
            return reply;
        }
        catch (OperationCanceledException) when (Server.ShutdownToken.IsCancellationRequested)
        {
            return Fail(RespErrors.ShuttingDown);
        }
        catch (Exception ex)
        {
            return Fault(definition, ex);
        }
    }

    private void Record(CommandContext context, long started, Reply reply)
    {
        var elapsed = Stopwatch.GetTimestamp() - started;
        var stat = Server.Stats.RecordCommand(context.Definition.LowerName, elapsed);
        if (reply is ErrorReply e)
        {
            stat.RecordFailed();
            Server.Stats.RecordError(e.Text);
        }

        Server.Observers.OnCommand(context, elapsed, reply);
    }

    private Reply Fail(string text)
    {
        Server.Stats.RecordError(text);
        return Reply.Error(text);
    }

    private Reply Fault(CommandDefinition definition, Exception ex)
    {
        // An unreadable stored value is a fault of one row, already logged and counted by the store: say which.
        if (ex is StoredValueException stored)
            return Fail(stored.Problem == StoredValueProblem.Corrupt
                ? RespErrors.StoredValueCorrupt(stored.Codec)
                : RespErrors.StoredValueCodecUnavailable(stored.Codec));
        if (ex is DiskFullException full) return Fail(RespErrors.DiskFull(full.Shard));   // logged by the shard writer
        LogFault(definition.FullName, ex);
        return Fail(RespErrors.InternalError);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Command {Command} failed")]
    private partial void LogFault(string command, Exception ex);
}

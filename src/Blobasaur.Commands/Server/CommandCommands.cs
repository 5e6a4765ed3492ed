using System.Text;
using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Server;

/// <summary>
/// COMMAND [COUNT|INFO|DOCS|GETKEYS|LIST|HELP], all answered from the command table rows. redis-py's cluster client reads the key
/// positions from here, so they must be exact (https://redis.io/docs/latest/commands/command/).
/// </summary>
public static class CommandCommands
{
    private const CommandFlags Flags = Loading | Stale;

    public static CommandDefinition Definition() => Container("COMMAND", -1, Flags, G.Server,
        "Returns detailed information about all commands.", "2.8.13", All,
        Row("COUNT", 2, Flags, 0, 0, 0, G.Server, "Returns a count of commands.", "2.8.13", Count),
        Row("INFO", -2, Flags, 0, 0, 0, G.Server, "Returns information about one, multiple or all commands.", "2.8.13", Info),
        Row("DOCS", -2, Flags, 0, 0, 0, G.Server, "Returns documentary information about one, multiple or all commands.", "7.0.0", Docs),
        Row("GETKEYS", -3, Flags, 0, 0, 0, G.Server, "Extracts the key names from an arbitrary command.", "2.8.13", GetKeys),
        Row("LIST", -2, Flags, 0, 0, 0, G.Server, "Returns a list of command names.", "7.0.0", List),
        Row("HELP", 2, Flags, 0, 0, 0, G.Server, "Returns helpful text about the different subcommands.", "5.0.0", Help));

    // COMMAND
    private static ValueTask<Reply> All(CommandContext ctx) =>
        Done(Reply.Array(ctx.Server.Commands.All.Select(CommandReplies.Info).ToList()));

    // COMMAND COUNT
    private static ValueTask<Reply> Count(CommandContext ctx) => Done(Reply.Integer(ctx.Server.Commands.Count));

    // COMMAND INFO [name ...]: unknown names give a null entry.
    private static ValueTask<Reply> Info(CommandContext ctx)
    {
        if (ctx.Count == 2) return All(ctx);
        var items = new List<Reply>();
        for (var i = 2; i < ctx.Count; i++)
            items.Add(TryFind(ctx, ctx.Arg(i), out var def) ? CommandReplies.Info(def) : Reply.NullArray);
        return Done(Reply.Array(items));
    }

    // COMMAND DOCS [name ...]: unknown names are left out.
    private static ValueTask<Reply> Docs(CommandContext ctx)
    {
        var defs = ctx.Count == 2
            ? ctx.Server.Commands.All.ToList()
            : Enumerable.Range(2, ctx.Count - 2).Select(i => TryFind(ctx, ctx.Arg(i), out var d) ? d : null).OfType<CommandDefinition>().ToList();
        return Done(Reply.Map(defs.Select(d => new KeyValuePair<Reply, Reply>(
            Reply.Bulk(d.FullName.ToLowerInvariant()), CommandReplies.Docs(d))).ToList()));
    }

    // COMMAND GETKEYS command [arg ...]
    private static ValueTask<Reply> GetKeys(CommandContext ctx)
    {
        var args = ctx.Args[2..];
        if (!ctx.Server.Commands.TryGet(args[0], out var def)) return Done(Reply.Error("ERR Invalid command specified"));
        if (def.Subcommands is not null && args.Length >= 2 && ctx.Server.Commands.TryGetSubcommand(def, args[1], out var sub)) def = sub;
        // Checked in Redis's order (getKeysSubcommandImpl): a command without keys says so before its arity is looked at.
        if (def.FirstKey <= 0) return Done(Reply.Error("ERR The command has no key arguments"));
        if (!def.AcceptsArgumentCount(args.Length)) return Done(Reply.Error("ERR Invalid number of arguments specified for command"));
        return Done(Reply.Array(def.KeyIndexes(args.Length).Select(i => Reply.Bulk(args[i])).ToList()));
    }

    // COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]
    private static ValueTask<Reply> List(CommandContext ctx)
    {
        var names = ctx.Server.Commands.All.SelectMany(d => new[] { d }.Concat(d.Subcommands?.Values ?? []));
        if (ctx.Count == 5 && ctx.ArgIs(2, "FILTERBY"))
        {
            var value = ctx.Arg(4);
            if (ctx.ArgIs(3, "PATTERN"))
                names = names.Where(d => Glob.IsMatch(value, Encoding.UTF8.GetBytes(d.FullName.ToLowerInvariant()), ignoreCase: true));
            else if (ctx.ArgIs(3, "ACLCAT"))
                names = names.Where(d => CommandReplies.AclCategories(d).Contains("@" + Encoding.UTF8.GetString(value).ToLowerInvariant()));
            else if (ctx.ArgIs(3, "MODULE"))
                names = [];
            else
                return Done(Reply.Error(RespErrors.Syntax));
        }
        else if (ctx.Count != 2)
        {
            return Done(Reply.Error(RespErrors.Syntax));
        }

        return Done(Reply.Array(names.Select(d => Reply.Bulk(d.FullName.ToLowerInvariant())).ToList()));
    }

    private static ValueTask<Reply> Help(CommandContext ctx) => Done(HelpText.For("COMMAND",
        "(no subcommand)", "    Return details about all commands.",
        "COUNT", "    Return the total number of commands in this server.",
        "LIST", "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]", "    Return details about multiple commands.",
        "DOCS [<command-name> ...]", "    Return documentation details about multiple commands.",
        "GETKEYS <full-command>", "    Return the keys from a full command."));

    /// <summary>Finds "get" or "client|list" style names.</summary>
    private static bool TryFind(CommandContext ctx, byte[] name, out CommandDefinition def)
    {
        var bar = Array.IndexOf(name, (byte)'|');
        if (bar < 0) return ctx.Server.Commands.TryGet(name, out def);
        def = null!;
        return ctx.Server.Commands.TryGet(name.AsSpan(0, bar), out var parent)
            && ctx.Server.Commands.TryGetSubcommand(parent, name.AsSpan(bar + 1), out def);
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}

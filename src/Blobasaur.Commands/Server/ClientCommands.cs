using System.Text;
using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Server;

/// <summary>CLIENT ID|SETNAME|GETNAME|SETINFO|LIST|INFO|KILL|NO-EVICT|NO-TOUCH|HELP.</summary>
public static class ClientCommands
{
    private const CommandFlags Conn = NoScript | Loading | Stale;

    public static CommandDefinition Definition() => Container("CLIENT", -2, None, G.Connection,
        "A container for client connection commands.", "2.4.0", Help,
        Row("ID", 2, Conn, 0, 0, 0, G.Connection, "Returns the unique client ID of the connection.", "5.0.0", Id),
        Row("SETNAME", 3, Conn, 0, 0, 0, G.Connection, "Sets the connection name.", "2.6.9", SetName),
        Row("GETNAME", 2, Conn, 0, 0, 0, G.Connection, "Returns the name of the connection.", "2.6.9", GetName),
        Row("SETINFO", 4, Conn, 0, 0, 0, G.Connection, "Sets information specific to the client or connection.", "7.2.0", SetInfo),
        Row("LIST", -2, Admin | Conn, 0, 0, 0, G.Connection, "Lists open connections.", "2.4.0", List),
        Row("INFO", 2, Conn, 0, 0, 0, G.Connection, "Returns information about the connection.", "6.2.0", Info),
        Row("KILL", -3, Admin | Conn, 0, 0, 0, G.Connection, "Terminates open connections.", "2.4.0", Kill),
        Row("NO-EVICT", 3, Admin | Conn, 0, 0, 0, G.Connection, "Sets the client eviction mode of the connection.", "7.0.0",
            NoEvict),
        Row("NO-TOUCH", 3, Conn, 0, 0, 0, G.Connection, "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.",
            "7.2.0", NoTouch),
        Row("HELP", 2, Loading | Stale, 0, 0, 0, G.Connection, "Returns helpful text about the different subcommands.", "5.0.0", Help));

    /// <summary>Redis refuses names with spaces or non-printable characters (so CLIENT LIST stays parseable).</summary>
    public static bool IsValidName(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
            if (b is < (byte)'!' or > (byte)'~') return false;
        return true;
    }

    // CLIENT ID
    private static ValueTask<Reply> Id(CommandContext ctx) => Done(Reply.Integer(ctx.Client.Id));

    // CLIENT SETNAME name (an empty name clears it)
    private static ValueTask<Reply> SetName(CommandContext ctx)
    {
        if (!IsValidName(ctx.Arg(2))) return Done(Reply.Error(RespErrors.InvalidClientName));
        ctx.Client.Name = ctx.Arg(2).Length == 0 ? null : ctx.ArgString(2);
        return Done(Reply.Ok);
    }

    // CLIENT GETNAME
    private static ValueTask<Reply> GetName(CommandContext ctx) =>
        Done(ctx.Client.Name is { } name ? Reply.Bulk(name) : Reply.Null);

    // CLIENT SETINFO LIB-NAME name | LIB-VER version
    private static ValueTask<Reply> SetInfo(CommandContext ctx)
    {
        var isName = ctx.ArgIs(2, "LIB-NAME");
        if (!isName && !ctx.ArgIs(2, "LIB-VER")) return Done(Reply.Error($"ERR Unrecognized option '{RespErrors.Clean(ctx.Arg(2))}'"));
        if (!IsValidName(ctx.Arg(3)))
            return Done(Reply.Error($"ERR {(isName ? "lib-name" : "lib-ver")} cannot contain spaces, newlines or special characters."));
        var value = ctx.Arg(3).Length == 0 ? null : ctx.ArgString(3);
        if (isName) ctx.Client.LibName = value;
        else ctx.Client.LibVersion = value;
        return Done(Reply.Ok);
    }

    // CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]]
    private static ValueTask<Reply> List(CommandContext ctx)
    {
        IEnumerable<ClientState> clients = ctx.Server.Clients.All;
        if (ctx.Count >= 4 && ctx.ArgIs(2, "TYPE"))
        {
            if (ctx.Count != 4) return Done(Reply.Error(RespErrors.Syntax));
            var type = ctx.ArgString(3).ToLowerInvariant();
            if (type is not ("normal" or "master" or "replica" or "slave" or "pubsub"))
                return Done(Reply.Error($"ERR Unknown client type '{RespErrors.Clean(type)}'"));
            if (type != "normal") clients = [];
        }
        else if (ctx.Count >= 4 && ctx.ArgIs(2, "ID"))
        {
            var ids = new HashSet<long>();
            for (var i = 3; i < ctx.Count; i++)
            {
                if (!ctx.TryGetLong(i, out var id) || id <= 0) return Done(Reply.Error("ERR Invalid client ID"));
                ids.Add(id);
            }

            clients = clients.Where(c => ids.Contains(c.Id));
        }
        else if (ctx.Count != 2)
        {
            return Done(Reply.Error(RespErrors.Syntax));
        }

        var sb = new StringBuilder();
        foreach (var client in clients) AppendLine(sb, client, ctx.Server.NowMs);
        return Done(Reply.Verbatim(sb.ToString()));
    }

    // CLIENT INFO: the CLIENT LIST line of this connection.
    private static ValueTask<Reply> Info(CommandContext ctx)
    {
        var sb = new StringBuilder();
        AppendLine(sb, ctx.Client, ctx.Server.NowMs);
        return Done(Reply.Verbatim(sb.ToString()));
    }

    // CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]
    private static ValueTask<Reply> Kill(CommandContext ctx)
    {
        if (ctx.Count == 3)
        {
            var addr = ctx.ArgString(2);
            var target = ctx.Server.Clients.All.FirstOrDefault(c => c.Address == addr);
            if (target is null) return Done(Reply.Error("ERR No such client"));
            target.Closing.Cancel();
            return Done(Reply.Ok);
        }

        if (!KillFilter.TryParse(ctx, out var filter, out var error)) return Done(Reply.Error(error));
        var killed = 0;
        foreach (var client in ctx.Server.Clients.All.Where(filter.Matches).ToList())
        {
            client.Closing.Cancel();
            killed++;
        }

        return Done(Reply.Integer(killed));
    }

    // CLIENT NO-EVICT on|off: accepted and recorded; nothing is ever evicted from disk storage.
    private static ValueTask<Reply> NoEvict(CommandContext ctx) => OnOff(ctx, on => ctx.Client.NoEvict = on);

    // CLIENT NO-TOUCH on|off: accepted and recorded; we keep no LRU/LFU data.
    private static ValueTask<Reply> NoTouch(CommandContext ctx) => OnOff(ctx, on => ctx.Client.NoTouch = on);

    private static ValueTask<Reply> OnOff(CommandContext ctx, Action<bool> set)
    {
        if (ctx.ArgIs(2, "ON")) set(true);
        else if (ctx.ArgIs(2, "OFF")) set(false);
        else return Done(Reply.Error(RespErrors.Syntax));
        return Done(Reply.Ok);
    }

    private static ValueTask<Reply> Help(CommandContext ctx) => Done(HelpText.For("CLIENT",
        "ID", "    Return the ID of the current connection.",
        "SETNAME <name>", "    Assign the name <name> to the current connection.",
        "GETNAME", "    Return the name of the current connection.",
        "SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client library name or version.",
        "LIST [TYPE <type>] [ID <id> [<id> ...]]", "    Return information about client connections.",
        "INFO", "    Return information about the current client connection.",
        "KILL <ip:port> | KILL [ID <id>] [TYPE <type>] [USER <name>] [ADDR <ip:port>] [LADDR <ip:port>] [SKIPME yes|no]",
        "    Kill connections.",
        "NO-EVICT (ON|OFF)", "    Accepted for compatibility; nothing is evicted.",
        "NO-TOUCH (ON|OFF)", "    Accepted for compatibility; no LRU/LFU data is kept."));

    // Redis 7.0's field order (plus lib-name/lib-ver of 7.2 and tot-net-in/out, tot-cmds of 7.4). qbuf and omem are this
    // connection's unparsed input and unflushed output; tot-mem is their sum (the pipes' pooled segments are not counted).
    private static void AppendLine(StringBuilder sb, ClientState c, long nowMs)
    {
        var age = (nowMs - c.CreatedAtMs) / 1000;
        var idle = (nowMs - c.LastInteractionMs) / 1000;
        var f = c.Figures;
        var (qbuf, omem) = (f.QueryBuffer, f.OutputBuffer);
        sb.Append("id=").Append(c.Id).Append(" addr=").Append(c.Address).Append(" laddr=").Append(c.LocalAddress)
            .Append(" fd=-1 name=").Append(c.Name).Append(" age=").Append(age).Append(" idle=").Append(idle)
            .Append(" flags=").Append(c.Monitor is null ? 'N' : 'O').Append(" db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=").Append(qbuf)
            .Append(" qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=").Append(omem).Append(" tot-mem=").Append(qbuf + omem)
            .Append(" events=r cmd=").Append(c.LastCommand).Append(" user=").Append(c.User)
            .Append(" redir=-1 resp=").Append((int)c.Protocol).Append(" lib-name=").Append(c.LibName)
            .Append(" lib-ver=").Append(c.LibVersion).Append(" tot-net-in=").Append(f.NetIn).Append(" tot-net-out=").Append(f.NetOut)
            .Append(" tot-cmds=").Append(f.Commands).Append('\n');
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}

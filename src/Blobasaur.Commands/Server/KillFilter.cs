namespace Blobasaur.Commands.Server;

/// <summary>The filters of CLIENT KILL's new form; all given filters must match.</summary>
internal sealed class KillFilter
{
    private long? _id;
    private string? _addr;
    private string? _laddr;
    private string? _user;
    private bool _noneOfType; // TYPE master|replica|slave|pubsub: we have no such connections
    private bool _skipMe = true;
    private long _me;

    public bool Matches(ClientState c) =>
        !_noneOfType && (_id is null || c.Id == _id) && (_addr is null || c.Address == _addr)
        && (_laddr is null || c.LocalAddress == _laddr) && (_user is null || c.User == _user) && !(_skipMe && c.Id == _me);

    public static bool TryParse(CommandContext ctx, out KillFilter filter, out string error)
    {
        filter = new KillFilter { _me = ctx.Client.Id };
        error = Protocol.RespErrors.Syntax;
        if ((ctx.Count - 2) % 2 != 0) return false;
        for (var i = 2; i < ctx.Count; i += 2)
        {
            if (ctx.ArgIs(i, "ID"))
            {
                if (!ctx.TryGetLong(i + 1, out var id) || id <= 0)
                {
                    error = "ERR client-id should be greater than 0";
                    return false;
                }

                filter._id = id;
            }
            else if (ctx.ArgIs(i, "ADDR")) filter._addr = ctx.ArgString(i + 1);
            else if (ctx.ArgIs(i, "LADDR")) filter._laddr = ctx.ArgString(i + 1);
            else if (ctx.ArgIs(i, "TYPE"))
            {
                var type = ctx.ArgString(i + 1).ToLowerInvariant();
                if (type is not ("normal" or "master" or "replica" or "slave" or "pubsub"))
                {
                    error = $"ERR Unknown client type '{Protocol.RespErrors.Clean(ctx.Arg(i + 1))}'";
                    return false;
                }

                filter._noneOfType |= type != "normal";
            }
            else if (ctx.ArgIs(i, "USER"))
            {
                // One user exists (no ACLs): "default".
                if (ctx.ArgString(i + 1) != "default")
                {
                    error = $"ERR No such user '{Protocol.RespErrors.Clean(ctx.Arg(i + 1))}'";
                    return false;
                }

                filter._user = "default";
            }
            else if (ctx.ArgIs(i, "SKIPME"))
            {
                if (ctx.ArgIs(i + 1, "YES")) filter._skipMe = true;
                else if (ctx.ArgIs(i + 1, "NO")) filter._skipMe = false;
                else return false;
            }
            else return false;
        }

        return true;
    }
}

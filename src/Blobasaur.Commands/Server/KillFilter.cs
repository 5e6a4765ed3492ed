namespace Blobasaur.Commands.Server;

/// <summary>The filters of CLIENT KILL's new form; all given filters must match.</summary>
internal sealed class KillFilter
{
    private long? _id;
    private string? _addr;
    private string? _laddr;
    private bool _skipMe = true;
    private long _me;

    public bool Matches(ClientState c) =>
        (_id is null || c.Id == _id) && (_addr is null || c.Address == _addr) && (_laddr is null || c.LocalAddress == _laddr)
        && !(_skipMe && c.Id == _me);

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

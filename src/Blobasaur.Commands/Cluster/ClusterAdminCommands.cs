using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Blobasaur.Protocol;
using static Blobasaur.Commands.Cluster.ClusterCommands;

namespace Blobasaur.Commands.Cluster;

/// <summary>
/// CLUSTER MEET | FORGET | RESET | SET-CONFIG-EPOCH | BUMPEPOCH | SAVECONFIG. Arguments are checked here with Redis's texts;
/// the cluster layer decides the rest and returns Redis's text for what it refuses (unknown node, epoch already set, ...).
/// </summary>
internal static class ClusterAdminCommands
{
    private const int BusPortOffset = 10000; // CLUSTER_PORT_INCR: the default bus port is the client port + 10000

    // CLUSTER MEET ip port [cport]
    public static ValueTask<Reply> Meet(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return no;
        if (ctx.Count > 5) return Done(Reply.Error(ClusterErrors.SubcommandSyntax(ctx.Arg(1))));
        if (!ctx.TryGetLong(3, out var port)) return Done(Reply.Error(ClusterErrors.InvalidBasePort(ctx.Arg(3))));
        var cport = port + BusPortOffset;
        if (ctx.Count == 5 && !ctx.TryGetLong(4, out cport)) return Done(Reply.Error(ClusterErrors.InvalidBusPort(ctx.Arg(4))));
        var ip = Encoding.UTF8.GetString(ctx.Arg(2));
        // redis clusterStartHandshake: an IPv4/IPv6 literal (no host names) and ports from 1 to 65535.
        if (!IsIpLiteral(ip) || port is <= 0 or > 65535 || cport is <= 0 or > 65535)
            return Done(Reply.Error(ClusterErrors.InvalidNodeAddress(ctx.Arg(2), ctx.Arg(3))));
        return Done(Result(cluster.Meet(ip, (int)port, (int)cport)));
    }

    // CLUSTER FORGET node-id
    public static ValueTask<Reply> Forget(CommandContext ctx) =>
        TryGetCluster(ctx, out var cluster, out var no) ? Done(Result(cluster.Forget(ctx.ArgString(2)))) : no;

    // CLUSTER RESET [HARD|SOFT]: refused while this primary holds keys, as Redis.
    public static async ValueTask<Reply> Reset(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return await no.ConfigureAwait(false);
        if (ctx.Count > 3) return Reply.Error(ClusterErrors.SubcommandSyntax(ctx.Arg(1)));
        var hard = false;
        if (ctx.Count == 3)
        {
            if (ctx.ArgIs(2, "HARD")) hard = true;
            else if (!ctx.ArgIs(2, "SOFT")) return Reply.Error(RespErrors.Syntax);
        }

        if (!await ctx.Server.Store.IsEmptyAsync(ctx.Cancellation).ConfigureAwait(false)) return Reply.Error(ClusterErrors.ResetNotEmpty);
        return Result(cluster.Reset(hard));
    }

    // CLUSTER SET-CONFIG-EPOCH epoch
    public static ValueTask<Reply> SetConfigEpoch(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return no;
        if (!ctx.TryGetLong(2, out var epoch)) return Done(Reply.Error(RespErrors.NotInteger));
        if (epoch < 0) return Done(Reply.Error(ClusterErrors.InvalidConfigEpoch(epoch)));
        return Done(Result(cluster.SetConfigEpoch(epoch)));
    }

    // CLUSTER BUMPEPOCH: +BUMPED <epoch> or +STILL <epoch>
    public static ValueTask<Reply> BumpEpoch(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return no;
        var (bumped, epoch) = cluster.BumpEpoch();
        return Done(Reply.Simple($"{(bumped ? "BUMPED" : "STILL")} {epoch}"));
    }

    // CLUSTER SAVECONFIG
    public static ValueTask<Reply> SaveConfig(CommandContext ctx) =>
        TryGetCluster(ctx, out var cluster, out var no) ? Done(Result(cluster.SaveConfig())) : no;

    // inet_pton's rules: a dotted quad of decimal octets without leading zeros, or an IPv6 literal.
    private static bool IsIpLiteral(string ip)
    {
        if (ip.Contains(':')) return IPAddress.TryParse(ip, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        var parts = ip.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0')
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static Reply Result(string? error) => error is null ? Reply.Ok : Reply.Error(error);
}

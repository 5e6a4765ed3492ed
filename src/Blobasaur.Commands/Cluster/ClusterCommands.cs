using Blobasaur.Cluster;
using Blobasaur.Hashing;
using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Cluster;

/// <summary>
/// CLUSTER (https://redis.io/docs/latest/commands/cluster/) and READONLY, READWRITE, ASKING, with Redis 7.0.15's arities,
/// flags and replies. On a standalone node every one of them answers "ERR This instance has cluster support disabled" after
/// the dispatcher's arity check, exactly as Redis orders them. Slot and admin subcommands are in ClusterSlotCommands.cs and
/// ClusterAdminCommands.cs; the reply formats in ClusterReplies.cs.
/// </summary>
public static class ClusterCommands
{
    private const CommandFlags Info = Stale;
    private const CommandFlags Admin = CommandFlags.Admin | Stale;

    public static IEnumerable<CommandDefinition> Rows()
    {
        yield return Container("CLUSTER", -2, None, G.Cluster, "A container for cluster commands", "3.0.0", Help,
            Row("INFO", 2, Info, 0, 0, 0, G.Cluster, "Provides info about Redis Cluster node state", "3.0.0", InfoCmd),
            Row("NODES", 2, Info, 0, 0, 0, G.Cluster, "Get Cluster config for the node", "3.0.0", Nodes),
            Row("SLOTS", 2, Info, 0, 0, 0, G.Cluster, "Get array of Cluster slot to node mappings", "3.0.0", Slots),
            Row("SHARDS", 2, Info, 0, 0, 0, G.Cluster, "Get array of cluster slots to node mappings", "7.0.0", Shards),
            Row("MYID", 2, Info, 0, 0, 0, G.Cluster, "Return the node id", "3.0.0", MyId),
            Row("MYSHARDID", 2, Info, 0, 0, 0, G.Cluster, "Return the shard id of the node", "7.2.0", MyShardId),
            Row("KEYSLOT", 3, Info, 0, 0, 0, G.Cluster, "Returns the hash slot of the specified key", "3.0.0", KeySlot),
            Row("COUNTKEYSINSLOT", 3, Info, 0, 0, 0, G.Cluster, "Return the number of local keys in the specified hash slot", "3.0.0",
                ClusterSlotCommands.CountKeysInSlot),
            Row("GETKEYSINSLOT", 4, Info, 0, 0, 0, G.Cluster, "Return local key names in the specified hash slot", "3.0.0",
                ClusterSlotCommands.GetKeysInSlot),
            Row("ADDSLOTS", -3, Admin, 0, 0, 0, G.Cluster, "Assign new hash slots to receiving node", "3.0.0",
                ClusterSlotCommands.AddSlots),
            Row("ADDSLOTSRANGE", -4, Admin, 0, 0, 0, G.Cluster, "Assign new hash slots to receiving node", "7.0.0",
                ClusterSlotCommands.AddSlotsRange),
            Row("DELSLOTS", -3, Admin, 0, 0, 0, G.Cluster, "Set hash slots as unbound in receiving node", "3.0.0",
                ClusterSlotCommands.DelSlots),
            Row("DELSLOTSRANGE", -4, Admin, 0, 0, 0, G.Cluster, "Set hash slots as unbound in receiving node", "7.0.0",
                ClusterSlotCommands.DelSlotsRange),
            Row("FLUSHSLOTS", 2, Admin, 0, 0, 0, G.Cluster, "Delete a node's own slots information", "3.0.0",
                ClusterSlotCommands.FlushSlots),
            Row("MEET", -4, Admin, 0, 0, 0, G.Cluster, "Force a node cluster to handshake with another node", "3.0.0",
                ClusterAdminCommands.Meet),
            Row("FORGET", 3, Admin, 0, 0, 0, G.Cluster, "Remove a node from the nodes table", "3.0.0", ClusterAdminCommands.Forget),
            Row("RESET", -2, Admin | NoScript, 0, 0, 0, G.Cluster, "Reset a Redis Cluster node", "3.0.0", ClusterAdminCommands.Reset),
            Row("SET-CONFIG-EPOCH", 3, Admin, 0, 0, 0, G.Cluster, "Set the configuration epoch in a new node", "3.0.0",
                ClusterAdminCommands.SetConfigEpoch),
            Row("BUMPEPOCH", 2, Admin, 0, 0, 0, G.Cluster, "Advance the cluster config epoch", "3.0.0", ClusterAdminCommands.BumpEpoch),
            Row("SAVECONFIG", 2, Admin, 0, 0, 0, G.Cluster, "Forces the node to save cluster state on disk", "3.0.0",
                ClusterAdminCommands.SaveConfig),
            Row("HELP", 2, Loading | Stale, 0, 0, 0, G.Cluster, "Show helpful text about the different subcommands", "5.0.0", Help));
        yield return Row("READONLY", 1, Loading | Stale | Fast, 0, 0, 0, G.Cluster,
            "Enables read queries for a connection to a cluster replica node", "3.0.0", ReadOnly);
        yield return Row("READWRITE", 1, Loading | Stale | Fast, 0, 0, 0, G.Cluster,
            "Disables read queries for a connection to a cluster replica node", "3.0.0", ReadWrite);
        yield return Row("ASKING", 1, Fast, 0, 0, 0, G.Cluster, "Sent by cluster clients after an -ASK redirect", "3.0.0",
            Asking);
    }

    /// <summary>The cluster layer, or the "cluster support disabled" reply on a standalone node.</summary>
    internal static bool TryGetCluster(CommandContext ctx, out IClusterService cluster, out ValueTask<Reply> refusal)
    {
        cluster = ctx.Server.Cluster!;
        refusal = default;
        if (cluster is not null) return true;
        refusal = Done(Reply.Error(RespErrors.ClusterDisabled));
        return false;
    }

    internal static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);

    // CLUSTER INFO: a verbatim string in RESP3, a bulk string in RESP2.
    private static ValueTask<Reply> InfoCmd(CommandContext ctx) =>
        TryGetCluster(ctx, out var c, out var no) ? Done(Reply.Verbatim(ClusterReplies.Info(c.View))) : no;

    // CLUSTER NODES
    private static ValueTask<Reply> Nodes(CommandContext ctx) =>
        TryGetCluster(ctx, out var c, out var no) ? Done(Reply.Verbatim(ClusterReplies.Nodes(c.View))) : no;

    // CLUSTER SLOTS
    private static ValueTask<Reply> Slots(CommandContext ctx) =>
        TryGetCluster(ctx, out var c, out var no) ? Done(ClusterReplies.Slots(c.View)) : no;

    // CLUSTER SHARDS
    private static ValueTask<Reply> Shards(CommandContext ctx) =>
        TryGetCluster(ctx, out var c, out var no) ? Done(ClusterReplies.Shards(c.View)) : no;

    // CLUSTER MYID
    private static ValueTask<Reply> MyId(CommandContext ctx) =>
        TryGetCluster(ctx, out var c, out var no) ? Done(Reply.Bulk(c.View.MyId)) : no;

    // CLUSTER MYSHARDID (Redis 7.2)
    private static ValueTask<Reply> MyShardId(CommandContext ctx) =>
        TryGetCluster(ctx, out var c, out var no) ? Done(Reply.Bulk(ClusterReplies.ShardId(c.View))) : no;

    // CLUSTER KEYSLOT key
    private static ValueTask<Reply> KeySlot(CommandContext ctx) =>
        TryGetCluster(ctx, out _, out var no) ? Done(Reply.Integer(HashSlot.Of(ctx.Arg(2)))) : no;

    // CLUSTER HELP
    private static ValueTask<Reply> Help(CommandContext ctx) =>
        TryGetCluster(ctx, out _, out var no) ? Done(ClusterHelp.Reply) : no;

    // READONLY
    private static ValueTask<Reply> ReadOnly(CommandContext ctx) => SetFlag(ctx, ClusterClientFlags.ReadOnly, on: true);

    // READWRITE
    private static ValueTask<Reply> ReadWrite(CommandContext ctx) => SetFlag(ctx, ClusterClientFlags.ReadOnly, on: false);

    // ASKING: the flag lasts for the next command only (ClusterRouter clears it).
    private static ValueTask<Reply> Asking(CommandContext ctx) => SetFlag(ctx, ClusterClientFlags.Asking, on: true);

    private static ValueTask<Reply> SetFlag(CommandContext ctx, ClusterClientFlags flag, bool on)
    {
        if (!TryGetCluster(ctx, out _, out var no)) return no;
        ctx.Client.ClusterFlags = on ? ctx.Client.ClusterFlags | flag : ctx.Client.ClusterFlags & ~flag;
        return Done(Reply.Ok);
    }
}

using Blobasaur.Cluster;
using Blobasaur.Hashing;
using Blobasaur.Protocol;
using static Blobasaur.Commands.Cluster.ClusterCommands;

namespace Blobasaur.Commands.Cluster;

/// <summary>
/// CLUSTER COUNTKEYSINSLOT | GETKEYSINSLOT | ADDSLOTS | ADDSLOTSRANGE | DELSLOTS | DELSLOTSRANGE | FLUSHSLOTS.
/// Validation follows redis src/cluster.c in order: every argument parsed first (ADDSLOTS) or pair by pair (the RANGE forms),
/// then each slot checked for "already busy/unassigned" and repeats; the whole command is rejected on the first bad slot.
/// </summary>
internal static class ClusterSlotCommands
{
    // CLUSTER COUNTKEYSINSLOT slot
    public static async ValueTask<Reply> CountKeysInSlot(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out _, out var no)) return await no.ConfigureAwait(false);
        if (!ctx.TryGetLong(2, out var slot)) return Reply.Error(RespErrors.NotInteger);
        if (slot is < 0 or >= HashSlot.Count) return Reply.Error(ClusterErrors.InvalidSlot);
        return Reply.Integer(await ctx.Server.Store.CountKeysInSlotAsync((int)slot, ctx.Cancellation).ConfigureAwait(false));
    }

    // CLUSTER GETKEYSINSLOT slot count
    public static async ValueTask<Reply> GetKeysInSlot(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out _, out var no)) return await no.ConfigureAwait(false);
        if (!ctx.TryGetLong(2, out var slot) || !ctx.TryGetLong(3, out var count)) return Reply.Error(RespErrors.NotInteger);
        if (slot is < 0 or >= HashSlot.Count || count < 0) return Reply.Error(ClusterErrors.InvalidSlotOrCount);
        if (count == 0) return Reply.EmptyArray;
        var keys = await ctx.Server.Store.GetKeysInSlotAsync((int)slot, (int)Math.Min(count, int.MaxValue), ctx.Cancellation)
            .ConfigureAwait(false);
        return Reply.Array([.. keys.Select(Reply.Bulk)]);
    }

    // CLUSTER ADDSLOTS slot [slot ...]
    public static ValueTask<Reply> AddSlots(CommandContext ctx) => Slots(ctx, delete: false);

    // CLUSTER DELSLOTS slot [slot ...]
    public static ValueTask<Reply> DelSlots(CommandContext ctx) => Slots(ctx, delete: true);

    // CLUSTER ADDSLOTSRANGE start end [start end ...]
    public static ValueTask<Reply> AddSlotsRange(CommandContext ctx) => Ranges(ctx, delete: false);

    // CLUSTER DELSLOTSRANGE start end [start end ...]
    public static ValueTask<Reply> DelSlotsRange(CommandContext ctx) => Ranges(ctx, delete: true);

    private static ValueTask<Reply> Slots(CommandContext ctx, bool delete)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return no;
        var parsed = new int[ctx.Count - 2];
        for (var i = 2; i < ctx.Count; i++)
            if (!TryParseSlot(ctx.Arg(i), out parsed[i - 2])) return Done(Reply.Error(ClusterErrors.InvalidOrOutOfRangeSlot));
        var check = new SlotCheck(cluster.View, delete);
        foreach (var slot in parsed)
            if (check.Add(slot, slot) is { } error) return Done(Reply.Error(error));
        return Done(Apply(cluster, check.Slots, delete));
    }

    private static ValueTask<Reply> Ranges(CommandContext ctx, bool delete)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return no;
        if (ctx.Count % 2 == 1) return Done(Reply.Error(RespErrors.WrongArity(ctx.Definition.FullName)));
        var check = new SlotCheck(cluster.View, delete);
        for (var i = 2; i < ctx.Count; i += 2)
        {
            if (!TryParseSlot(ctx.Arg(i), out var start) || !TryParseSlot(ctx.Arg(i + 1), out var end))
                return Done(Reply.Error(ClusterErrors.InvalidOrOutOfRangeSlot));
            if (start > end) return Done(Reply.Error(ClusterErrors.StartAfterEnd(start, end)));
            if (check.Add(start, end) is { } error) return Done(Reply.Error(error));
        }

        return Done(Apply(cluster, check.Slots, delete));
    }

    private static Reply Apply(IClusterService cluster, List<int> slots, bool delete) =>
        (delete ? cluster.DelSlots(slots) : cluster.AddSlots(slots)) is { } error ? Reply.Error(error) : Reply.Ok;

    // CLUSTER FLUSHSLOTS: only on an empty node, as Redis.
    public static async ValueTask<Reply> FlushSlots(CommandContext ctx)
    {
        if (!TryGetCluster(ctx, out var cluster, out var no)) return await no.ConfigureAwait(false);
        if (!await ctx.Server.Store.IsEmptyAsync(ctx.Cancellation).ConfigureAwait(false))
            return Reply.Error(ClusterErrors.FlushSlotsNotEmpty);
        return cluster.FlushSlots() is { } error ? Reply.Error(error) : Reply.Ok;
    }

    /// <summary>Redis's getSlotOrReply: a strict integer from 0 to 16383.</summary>
    public static bool TryParseSlot(byte[] text, out int slot)
    {
        slot = -1;
        if (!Arguments.TryParseLong(text, out var value) || value is < 0 or >= HashSlot.Count) return false;
        slot = (int)value;
        return true;
    }

    /// <summary>redis checkSlotAssignmentsOrReply: per slot, its owner state first, then whether it was named already.</summary>
    private sealed class SlotCheck(ClusterView view, bool delete)
    {
        private readonly bool[] _seen = new bool[HashSlot.Count];

        public List<int> Slots { get; } = [];

        public string? Add(int start, int end)
        {
            for (var slot = start; slot <= end; slot++)
            {
                var owner = view.OwnerOf(slot);
                if (delete && owner is null) return ClusterErrors.SlotUnassigned(slot);
                if (!delete && owner is not null) return ClusterErrors.SlotBusy(slot);
                if (_seen[slot]) return ClusterErrors.SlotRepeated(slot);
                _seen[slot] = true;
                Slots.Add(slot);
            }

            return null;
        }
    }
}

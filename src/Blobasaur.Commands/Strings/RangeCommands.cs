using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Strings;

/// <summary>Partial reads and writes of plain blobs: GETRANGE, SETRANGE, APPEND (redis src/t_string.c).</summary>
public static class RangeCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("GETRANGE", 4, ReadOnly, 1, 1, 1, G.String, "Returns a substring of the string stored at a key.", "2.4.0", GetRange),
        Row("SETRANGE", 4, Write | DenyOom, 1, 1, 1, G.String,
            "Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.", "2.2.0", SetRange),
        Row("APPEND", 3, Write | DenyOom | Fast, 1, 1, 1, G.String,
            "Appends a string to the value of a key. Creates the key if it doesn't exist.", "2.0.0", Append),
    ];

    // GETRANGE key start end: inclusive, negative indexes from the end; an empty string when out of range or missing.
    public static async ValueTask<Reply> GetRange(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var start) || !ctx.TryGetLong(3, out var end)) return Reply.Error(RespErrors.NotInteger);
        var result = await ctx.Server.Store.GetRangeAsync(ctx.Arg(1), start, end, ctx.Cancellation).ConfigureAwait(false);
        return StringCommands.ToReply(result);
    }

    // SETRANGE key offset value: the new length; the gap before offset is zero bytes.
    public static async ValueTask<Reply> SetRange(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var offset)) return Reply.Error(RespErrors.NotInteger);
        if (offset < 0) return Reply.Error(RespErrors.OffsetOutOfRange);
        var value = ctx.Arg(3);
        if (value.Length > 0 && offset + value.Length > ctx.Server.Config.Server.ProtoMaxBulkLen) return Reply.Error(RespErrors.StringTooLong);
        var result = await ctx.Server.Store.SetRangeAsync(ctx.Arg(1), offset, value, ctx.Cancellation).ConfigureAwait(false);
        return result.Status == Storage.StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Integer(result.Count);
    }

    // APPEND key value: the new length.
    public static async ValueTask<Reply> Append(CommandContext ctx)
    {
        var value = ctx.Arg(2);
        var result = await ctx.Server.Store.AppendAsync(ctx.Arg(1), value, ctx.Cancellation).ConfigureAwait(false);
        return result.Status == Storage.StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Integer(result.Count);
    }
}

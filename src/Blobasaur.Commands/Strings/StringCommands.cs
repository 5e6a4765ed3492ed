using Blobasaur.Protocol;
using Blobasaur.Storage;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Strings;

/// <summary>Plain blobs (Redis strings): GET, SET, SETNX, GETDEL, MGET, MSET, MSETNX, STRLEN.</summary>
public static class StringCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("GET", 2, ReadOnly | Fast, 1, 1, 1, G.String, "Returns the string value of a key.", "1.0.0", Get),
        Row("SET", -3, Write | DenyOom, 1, 1, 1, G.String,
            "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", "1.0.0", Set),
        Row("SETNX", 3, Write | DenyOom | Fast, 1, 1, 1, G.String, "Set the string value of a key only when the key doesn't exist.",
            "1.0.0", SetNx),
        Row("GETDEL", 2, Write | Fast, 1, 1, 1, G.String, "Returns the string value of a key after deleting the key.", "6.2.0", GetDel),
        Row("MGET", -2, ReadOnly | Fast, 1, -1, 1, G.String, "Atomically returns the string values of one or more keys.", "1.0.0", MGet),
        Row("MSET", -3, Write | DenyOom, 1, -1, 2, G.String, "Atomically creates or modifies the string values of one or more keys.",
            "1.0.1", MSet),
        Row("MSETNX", -3, Write | DenyOom, 1, -1, 2, G.String,
            "Atomically modifies the string values of one or more keys only when all keys don't exist.", "1.0.1", MSetNx),
        Row("STRLEN", 2, ReadOnly | Fast, 1, 1, 1, G.String, "Returns the length of a string value.", "2.2.0", StrLen),
    ];

    // GET key
    public static async ValueTask<Reply> Get(CommandContext ctx)
    {
        var result = await ctx.Server.Store.GetAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false);
        return ToReply(result);
    }

    // SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]
    public static ValueTask<Reply> Set(CommandContext ctx)
    {
        if (!SetArguments.TryParse(ctx, 3, out var options, out var error)) return ValueTask.FromResult(Reply.Error(error!));
        return SetCoreAsync(ctx, options);
    }

    // SETNX key value: 1 when set, 0 when the key existed.
    public static async ValueTask<Reply> SetNx(CommandContext ctx)
    {
        using var result = await ctx.Server.Store.SetAsync(ctx.Arg(1), ctx.Arg(2), new SetOptions(SetCondition.IfNotExists), ctx.Cancellation)
            .ConfigureAwait(false);
        return Reply.Integer(result.Status == StoreStatus.Ok ? 1 : 0);
    }

    // GETDEL key
    public static async ValueTask<Reply> GetDel(CommandContext ctx)
    {
        var result = await ctx.Server.Store.GetDelAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false);
        return ToReply(result);
    }

    // MGET key [key ...]: nil for missing keys and for keys holding a namespace, as Redis does for other types.
    public static async ValueTask<Reply> MGet(CommandContext ctx)
    {
        var replies = new Reply[ctx.Count - 1];
        for (var i = 1; i < ctx.Count; i++)
        {
            var result = await ctx.Server.Store.GetAsync(ctx.Arg(i), ctx.Cancellation).ConfigureAwait(false);
            replies[i - 1] = result.Status == StoreStatus.Found ? Reply.Bulk(result.Value!.Memory, result.Value) : Reply.Null;
        }

        return Reply.Array(replies);
    }

    // MSET key value [key value ...]
    public static async ValueTask<Reply> MSet(CommandContext ctx)
    {
        if (ctx.Count % 2 == 0) return Reply.Error(RespErrors.WrongArity("mset"));
        await ctx.Server.Store.MSetAsync(Pairs(ctx), onlyIfNoneExist: false, ctx.Cancellation).ConfigureAwait(false);
        return Reply.Ok;
    }

    // MSETNX key value [key value ...]: 1 when all were set, 0 when none was (any key existed).
    public static async ValueTask<Reply> MSetNx(CommandContext ctx)
    {
        if (ctx.Count % 2 == 0) return Reply.Error(RespErrors.WrongArity("msetnx"));
        var written = await ctx.Server.Store.MSetAsync(Pairs(ctx), onlyIfNoneExist: true, ctx.Cancellation).ConfigureAwait(false);
        return Reply.Integer(written ? 1 : 0);
    }

    // STRLEN key
    public static async ValueTask<Reply> StrLen(CommandContext ctx)
    {
        var result = await ctx.Server.Store.StrLenAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false);
        return result.Status == StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Integer(result.Count);
    }

    private static async ValueTask<Reply> SetCoreAsync(CommandContext ctx, SetOptions options)
    {
        using var result = await ctx.Server.Store.SetAsync(ctx.Arg(1), ctx.Arg(2), options, ctx.Cancellation).ConfigureAwait(false);
        return result.Status switch
        {
            StoreStatus.WrongType => Reply.Error(RespErrors.WrongType),
            _ when options.ReturnOld => result.OldValue is { } old ? Reply.Bulk(old.ToArray()) : Reply.Null,
            StoreStatus.Ok => Reply.Ok,
            _ => Reply.Null,
        };
    }

    /// <summary>A found value becomes a bulk reply that returns its pooled buffer once written.</summary>
    internal static Reply ToReply(GetResult result) => result.Status switch
    {
        StoreStatus.Found => Reply.Bulk(result.Value!.Memory, result.Value),
        StoreStatus.WrongType => Reply.Error(RespErrors.WrongType),
        _ => Reply.Null,
    };

    private static List<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>> Pairs(CommandContext ctx)
    {
        var pairs = new List<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>>((ctx.Count - 1) / 2);
        for (var i = 1; i + 1 < ctx.Count; i += 2) pairs.Add(new(ctx.Arg(i), ctx.Arg(i + 1)));
        return pairs;
    }
}

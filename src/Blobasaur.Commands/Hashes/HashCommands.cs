using Blobasaur.Protocol;
using Blobasaur.Storage;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Hashes;

/// <summary>
/// Namespaces through the hash commands: HSET namespace key value stores key inside namespace. The namespace is the Redis key
/// (it decides slot and shard), the entry key is the hash field.
/// </summary>
public static class HashCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("HSET", -4, Write | DenyOom | Fast, 1, 1, 1, G.Hash, "Creates or modifies the value of a field in a hash.", "2.0.0", HSet),
        Row("HMSET", -4, Write | DenyOom | Fast, 1, 1, 1, G.Hash, "Sets the values of multiple fields.", "2.0.0", HMSet),
        Row("HSETNX", 4, Write | DenyOom | Fast, 1, 1, 1, G.Hash, "Sets the value of a field in a hash only when the field doesn't exist.",
            "2.0.0", HSetNx),
        Row("HGET", 3, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the value of a field in a hash.", "2.0.0", HGet),
        Row("HMGET", -3, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the values of all fields in a hash.", "2.0.0", HMGet),
        Row("HDEL", -3, Write | Fast, 1, 1, 1, G.Hash, "Deletes one or more fields and their values from a hash.", "2.0.0", HDel),
        Row("HEXISTS", 3, ReadOnly | Fast, 1, 1, 1, G.Hash, "Determines whether a field exists in a hash.", "2.0.0", HExists),
        Row("HLEN", 2, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the number of fields in a hash.", "2.0.0", HLen),
        Row("HSTRLEN", 3, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the length of the value of a field.", "3.2.0", HStrLen),
        Row("HKEYS", 2, ReadOnly, 1, 1, 1, G.Hash, "Returns all fields in a hash.", "2.0.0", HKeys),
        Row("HVALS", 2, ReadOnly, 1, 1, 1, G.Hash, "Returns all values in a hash.", "2.0.0", HVals),
        Row("HGETALL", 2, ReadOnly, 1, 1, 1, G.Hash, "Returns all fields and values in a hash.", "2.0.0", HGetAll),
    ];

    // HSET ns key value [key value ...]: the number of new keys.
    public static async ValueTask<Reply> HSet(CommandContext ctx)
    {
        if (ctx.Count % 2 != 0) return Reply.Error(RespErrors.WrongArity("hset"));
        var result = await ctx.Server.Store.HSetAsync(ctx.Arg(1), Pairs(ctx), false, ctx.Cancellation).ConfigureAwait(false);
        return Count(result);
    }

    // HMSET ns key value [key value ...]: +OK.
    public static async ValueTask<Reply> HMSet(CommandContext ctx)
    {
        if (ctx.Count % 2 != 0) return Reply.Error(RespErrors.WrongArity("hmset"));
        var result = await ctx.Server.Store.HSetAsync(ctx.Arg(1), Pairs(ctx), false, ctx.Cancellation).ConfigureAwait(false);
        return result.Status == StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Ok;
    }

    // HSETNX ns key value: 1 when set, 0 when the key existed.
    public static async ValueTask<Reply> HSetNx(CommandContext ctx) =>
        Count(await ctx.Server.Store.HSetAsync(ctx.Arg(1), Pairs(ctx), true, ctx.Cancellation).ConfigureAwait(false));

    // HGET ns key
    public static async ValueTask<Reply> HGet(CommandContext ctx) =>
        Strings.StringCommands.ToReply(await ctx.Server.Store.HGetAsync(ctx.Arg(1), ctx.Arg(2), ctx.Cancellation).ConfigureAwait(false));

    // HMGET ns key [key ...]
    public static async ValueTask<Reply> HMGet(CommandContext ctx)
    {
        var result = await ctx.Server.Store.HMGetAsync(ctx.Arg(1), Keys.KeyCommands.KeysFrom(ctx, 2), ctx.Cancellation)
            .ConfigureAwait(false);
        if (result.Status == StoreStatus.WrongType) return Reply.Error(RespErrors.WrongType);
        return Reply.Array(result.Values.Select(v => v is null ? Reply.Null : Reply.Bulk(v.Memory, v)).ToList());
    }

    // HDEL ns key [key ...]: the number removed; removing the last entry removes the namespace.
    public static async ValueTask<Reply> HDel(CommandContext ctx) =>
        Count(await ctx.Server.Store.HDelAsync(ctx.Arg(1), Keys.KeyCommands.KeysFrom(ctx, 2), ctx.Cancellation).ConfigureAwait(false));

    // HEXISTS ns key
    public static async ValueTask<Reply> HExists(CommandContext ctx) =>
        Count(await ctx.Server.Store.HExistsAsync(ctx.Arg(1), ctx.Arg(2), ctx.Cancellation).ConfigureAwait(false));

    // HLEN ns
    public static async ValueTask<Reply> HLen(CommandContext ctx) =>
        Count(await ctx.Server.Store.HLenAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false));

    // HSTRLEN ns key
    public static async ValueTask<Reply> HStrLen(CommandContext ctx) =>
        Count(await ctx.Server.Store.HStrLenAsync(ctx.Arg(1), ctx.Arg(2), ctx.Cancellation).ConfigureAwait(false));

    // HKEYS ns
    public static async ValueTask<Reply> HKeys(CommandContext ctx) =>
        List(await ctx.Server.Store.HKeysAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false), e => [Reply.Bulk(e.Key)]);

    // HVALS ns
    public static async ValueTask<Reply> HVals(CommandContext ctx) =>
        List(await ctx.Server.Store.HValsAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false), e => [Reply.Bulk(e.Value)]);

    // HGETALL ns: a map in RESP3, a flat key/value array in RESP2.
    public static async ValueTask<Reply> HGetAll(CommandContext ctx)
    {
        var result = await ctx.Server.Store.HGetAllAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false);
        if (result.Status == StoreStatus.WrongType) return Reply.Error(RespErrors.WrongType);
        return Reply.Map(result.Entries.Select(e => new KeyValuePair<Reply, Reply>(Reply.Bulk(e.Key), Reply.Bulk(e.Value))).ToList());
    }

    private static Reply Count(CountResult result) =>
        result.Status == StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Integer(result.Count);

    private static Reply List(ListResult result, Func<NamespaceEntry, Reply[]> select) =>
        result.Status == StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Array(result.Entries.SelectMany(select).ToList());

    private static List<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> Pairs(CommandContext ctx)
    {
        var pairs = new List<(ReadOnlyMemory<byte>, ReadOnlyMemory<byte>)>((ctx.Count - 2) / 2);
        for (var i = 2; i + 1 < ctx.Count; i += 2) pairs.Add((ctx.Arg(i), ctx.Arg(i + 1)));
        return pairs;
    }
}

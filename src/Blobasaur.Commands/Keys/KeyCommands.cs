using Blobasaur.Protocol;
using Blobasaur.Storage;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Keys;

/// <summary>The keyspace: DEL, UNLINK, EXISTS, TYPE, DBSIZE, FLUSHDB, FLUSHALL, BLOBASAUR.META. A namespace counts as one key.</summary>
public static class KeyCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("DEL", -2, Write, 1, -1, 1, G.Generic, "Deletes one or more keys.", "1.0.0", Del),
        Row("UNLINK", -2, Write | Fast, 1, -1, 1, G.Generic, "Asynchronously deletes one or more keys.", "4.0.0", Del),
        Row("EXISTS", -2, ReadOnly | Fast, 1, -1, 1, G.Generic, "Determines whether one or more keys exist.", "1.0.0", Exists),
        Row("TYPE", 2, ReadOnly | Fast, 1, 1, 1, G.Generic, "Determines the type of value stored at a key.", "1.0.0", Type),
        Row("DBSIZE", 1, ReadOnly | Fast, 0, 0, 0, G.Server, "Returns the number of keys in the database.", "1.0.0", DbSize),
        Row("FLUSHDB", -1, Write, 0, 0, 0, G.Server, "Remove all keys from the current database.", "1.0.0", Flush),
        Row("FLUSHALL", -1, Write, 0, 0, 0, G.Server, "Removes all keys from all databases.", "1.0.0", Flush),
        Row("BLOBASAUR.META", -2, ReadOnly | Fast, 1, 1, 1, G.Generic,
            "Returns storage metadata of a blob or of a namespace entry (Blobasaur extension).", "0.1.0", Meta),
    ];

    // DEL key [key ...] / UNLINK key [key ...]: the number of keys removed; a namespace is removed with all its entries.
    public static async ValueTask<Reply> Del(CommandContext ctx) =>
        Reply.Integer(await ctx.Server.Store.DeleteAsync(KeysFrom(ctx, 1), ctx.Cancellation).ConfigureAwait(false));

    // EXISTS key [key ...]: counts repeats, as Redis.
    public static async ValueTask<Reply> Exists(CommandContext ctx) =>
        Reply.Integer(await ctx.Server.Store.ExistsAsync(KeysFrom(ctx, 1), ctx.Cancellation).ConfigureAwait(false));

    // TYPE key: string (a blob), hash (a namespace) or none.
    public static async ValueTask<Reply> Type(CommandContext ctx) =>
        await ctx.Server.Store.TypeAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false) switch
        {
            KeyType.String => Reply.Simple("string"),
            KeyType.Hash => Reply.Simple("hash"),
            _ => Reply.Simple("none"),
        };

    // DBSIZE: kept as counters, never a scan.
    public static async ValueTask<Reply> DbSize(CommandContext ctx) =>
        Reply.Integer(await ctx.Server.Store.CountKeysAsync(ctx.Cancellation).ConfigureAwait(false));

    // FLUSHDB / FLUSHALL [ASYNC|SYNC]: both modes complete before the reply (the data is gone from every read at once either way).
    public static async ValueTask<Reply> Flush(CommandContext ctx)
    {
        if (ctx.Count > 2 || (ctx.Count == 2 && !ctx.ArgIs(1, "ASYNC") && !ctx.ArgIs(1, "SYNC"))) return Reply.Error(RespErrors.Syntax);
        await ctx.Server.Store.FlushAllAsync(ctx.Cancellation).ConfigureAwait(false);
        return Reply.Ok;
    }

    // BLOBASAUR.META key [namespace-key]: a map of type, created/updated/expires (Unix ms, -1 for no expiry), version, codec, sizes.
    public static async ValueTask<Reply> Meta(CommandContext ctx)
    {
        if (ctx.Count > 3) return Reply.Error(RespErrors.WrongArity("blobasaur.meta"));
        // Careful: "cond ? x : null" would turn null into an empty ReadOnlyMemory (via byte[]), not a missing one.
        var nsKey = ctx.Count == 3 ? ctx.Arg(2) : (ReadOnlyMemory<byte>?)null;
        var result = await ctx.Server.Store.MetaAsync(ctx.Arg(1), nsKey, ctx.Cancellation).ConfigureAwait(false);
        if (result.Status == StoreStatus.WrongType) return Reply.Error(RespErrors.WrongType);
        if (result.Meta is not { } m) return Reply.Null;
        return Reply.Map(
        [
            Entry("type", Reply.Bulk(m.Type == KeyType.Hash ? "hash" : "string")),
            Entry("created_at", Reply.Integer(m.CreatedAtMs)),
            Entry("updated_at", Reply.Integer(m.UpdatedAtMs)),
            Entry("expires_at", Reply.Integer(m.ExpiresAtMs ?? -1)),
            Entry("version", Reply.Integer(m.Version)),
            Entry("codec", Reply.Bulk(CodecName(m.Codec))),
            Entry("stored_size", Reply.Integer(m.StoredSize)),
            Entry("size", Reply.Integer(m.Size)),
        ]);
    }

    internal static List<ReadOnlyMemory<byte>> KeysFrom(CommandContext ctx, int start)
    {
        var keys = new List<ReadOnlyMemory<byte>>(ctx.Count - start);
        for (var i = start; i < ctx.Count; i++) keys.Add(ctx.Arg(i));
        return keys;
    }

    private static KeyValuePair<Reply, Reply> Entry(string name, Reply value) => new(Reply.Bulk(name), value);

    private static string CodecName(int codec) => codec switch
    {
        0 => "none",
        1 => "gzip",
        2 => "zstd",
        3 => "lz4",
        4 => "brotli",
        _ => $"unknown({codec})",
    };
}

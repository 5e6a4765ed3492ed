using System.Globalization;
using Blobasaur.Protocol;
using Blobasaur.Storage;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Scan;

/// <summary>
/// Keyspace iteration: SCAN, HSCAN, KEYS, RANDOMKEY. The cursor design (slot and row position in one integer, so a key
/// present for the whole scan is always returned) is described in Storage/BlobStore.Scan.cs and docs/storage.md.
/// </summary>
public static class ScanCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("SCAN", -2, ReadOnly, 0, 0, 0, G.Generic, "Iterates over the key names in the database.", "2.8.0", Scan),
        Row("HSCAN", -3, ReadOnly, 1, 1, 1, G.Hash, "Iterates over fields and values of a hash.", "2.8.0", HScan),
        Row("KEYS", 2, ReadOnly, 0, 0, 0, G.Generic, "Returns all key names that match a pattern.", "1.0.0", Keys),
        Row("RANDOMKEY", 1, ReadOnly, 0, 0, 0, G.Generic, "Returns a random key name from the database.", "1.0.0", RandomKey),
    ];

    // SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: [next cursor, [key ...]]; cursor "0" starts and ends.
    public static async ValueTask<Reply> Scan(CommandContext ctx)
    {
        if (!ScanArguments.TryParseCursor(ctx.Arg(1), out var cursor)) return Reply.Error(RespErrors.InvalidCursor);
        if (!ScanArguments.TryParse(ctx, 2, isHash: false, out var args, out var error)) return Reply.Error(error!);
        if (args.Filter.Type == KeyType.None) return Page(0, []);
        var result = await ctx.Server.Store.ScanAsync(cursor, args.Filter, args.Count, ctx.Cancellation).ConfigureAwait(false);
        return Page(result.Cursor, [.. result.Keys.Select(Reply.Bulk)]);
    }

    // HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]: [next cursor, [field value ...]] (fields only with NOVALUES).
    public static async ValueTask<Reply> HScan(CommandContext ctx)
    {
        if (!ScanArguments.TryParseCursor(ctx.Arg(2), out var cursor)) return Reply.Error(RespErrors.InvalidCursor);
        if (!ScanArguments.TryParse(ctx, 3, isHash: true, out var args, out var error)) return Reply.Error(error!);
        var result = await ctx.Server.Store.HScanAsync(ctx.Arg(1), cursor, args.Filter.Match, args.Count, !args.NoValues, ctx.Cancellation)
            .ConfigureAwait(false);
        if (result.Status == StoreStatus.WrongType) return Reply.Error(RespErrors.WrongType);
        var items = new List<Reply>(result.Entries.Count * 2);
        foreach (var entry in result.Entries)
        {
            items.Add(Reply.Bulk(entry.Key));
            if (!args.NoValues) items.Add(Reply.Bulk(entry.Value));
        }
        return Page(result.Cursor, items);
    }

    // KEYS pattern: every matching name. Reads the whole keyspace; prefer SCAN in production (as Redis advises).
    public static async ValueTask<Reply> Keys(CommandContext ctx)
    {
        var filter = ScanArguments.FilterFor(ctx.Arg(1), type: null);
        var keys = await ctx.Server.Store.KeysAsync(filter, ctx.Cancellation).ConfigureAwait(false);
        return Reply.Array([.. keys.Select(Reply.Bulk)]);
    }

    // RANDOMKEY: a name, or nil when the database is empty.
    public static async ValueTask<Reply> RandomKey(CommandContext ctx) =>
        Reply.BulkOrNull(await ctx.Server.Store.RandomKeyAsync(ctx.Cancellation).ConfigureAwait(false));

    private static Reply Page(ulong cursor, IReadOnlyList<Reply> items) =>
        Reply.Array([Reply.Bulk(cursor.ToString(CultureInfo.InvariantCulture)), Reply.Array(items)]);
}

using Blobasaur.Protocol;
using Blobasaur.Storage;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Expiry;

/// <summary>
/// Per-entry TTLs inside a namespace, as Redis 7.4 hash-field expiration (https://redis.io/docs/latest/commands/hexpire/)
/// and Redis 8.0 HSETEX/HGETEX. The namespace is the Redis key, the entry key the field.
/// </summary>
public static class FieldExpiryCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("HEXPIRE", -6, Write | Fast, 1, 1, 1, G.Hash, "Set expiry for hash field using relative time to expire (seconds).", "7.4.0",
            HExpire),
        Row("HPEXPIRE", -6, Write | Fast, 1, 1, 1, G.Hash, "Set expiry for hash field using relative time to expire (milliseconds).",
            "7.4.0", HPExpire),
        Row("HEXPIREAT", -6, Write | Fast, 1, 1, 1, G.Hash, "Set expiry for hash field using an absolute Unix timestamp (seconds).",
            "7.4.0", HExpireAt),
        Row("HPEXPIREAT", -6, Write | Fast, 1, 1, 1, G.Hash,
            "Set expiry for hash field using an absolute Unix timestamp (milliseconds).", "7.4.0", HPExpireAt),
        Row("HTTL", -5, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the TTL in seconds of a hash field.", "7.4.0", HTtl),
        Row("HPTTL", -5, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the TTL in milliseconds of a hash field.", "7.4.0", HPTtl),
        Row("HEXPIRETIME", -5, ReadOnly | Fast, 1, 1, 1, G.Hash, "Returns the expiration time of a hash field as a Unix timestamp.",
            "7.4.0", HExpireTime),
        Row("HPEXPIRETIME", -5, ReadOnly | Fast, 1, 1, 1, G.Hash,
            "Returns the expiration time of a hash field as a Unix timestamp, in msec.", "7.4.0", HPExpireTime),
        Row("HPERSIST", -5, Write | Fast, 1, 1, 1, G.Hash, "Removes the expiration time for each specified field.", "7.4.0", HPersist),
        Row("HSETEX", -6, Write | DenyOom | Fast, 1, 1, 1, G.Hash, "Set the value of one or more fields of a given hash key, and optionally "
            + "set their expiration time.", "8.0.0", HSetEx),
        Row("HGETEX", -5, Write | Fast, 1, 1, 1, G.Hash, "Get the value of one or more fields of a given hash key, and optionally set "
            + "their expiration time.", "8.0.0", HGetEx),
    ];

    // HEXPIRE ns seconds [NX|XX|GT|LT] FIELDS numfields key [key ...]: per key -2, 0, 1, or 2 (deleted).
    public static ValueTask<Reply> HExpire(CommandContext ctx) => HExpireAsync(ctx, seconds: true, ctx.Server.NowMs);

    // HPEXPIRE ns milliseconds [NX|XX|GT|LT] FIELDS numfields key [key ...]
    public static ValueTask<Reply> HPExpire(CommandContext ctx) => HExpireAsync(ctx, seconds: false, ctx.Server.NowMs);

    // HEXPIREAT ns unix-time-seconds [NX|XX|GT|LT] FIELDS numfields key [key ...]
    public static ValueTask<Reply> HExpireAt(CommandContext ctx) => HExpireAsync(ctx, seconds: true, 0);

    // HPEXPIREAT ns unix-time-milliseconds [NX|XX|GT|LT] FIELDS numfields key [key ...]
    public static ValueTask<Reply> HPExpireAt(CommandContext ctx) => HExpireAsync(ctx, seconds: false, 0);

    private static async ValueTask<Reply> HExpireAsync(CommandContext ctx, bool seconds, long basetime)
    {
        var condition = ctx.ArgIs(3, "NX") ? ExpireCondition.IfNoTtl
            : ctx.ArgIs(3, "XX") ? ExpireCondition.IfHasTtl
            : ctx.ArgIs(3, "GT") ? ExpireCondition.IfGreater
            : ctx.ArgIs(3, "LT") ? ExpireCondition.IfLess
            : ExpireCondition.None;
        var fieldsAt = condition == ExpireCondition.None ? 3 : 4;
        if (!ExpiryArguments.TryParseFieldTime(ctx, 2, seconds, basetime, out var when, out var error)
            || !ExpiryArguments.TryParseFields(ctx, fieldsAt, RespErrors.NumFieldsNotPositive, out var fields, out error))
            return await ParseErrorAsync(ctx, error!).ConfigureAwait(false);
        var result = await ctx.Server.Store.HExpireAsync(ctx.Arg(1), when, condition, fields, ctx.Cancellation).ConfigureAwait(false);
        return Codes(result.Status, result.Codes);
    }

    // HTTL ns FIELDS numfields key [key ...]: seconds left, rounded up (redis httlGenericCommand); -2 missing, -1 no TTL.
    public static ValueTask<Reply> HTtl(CommandContext ctx) => HTtlAsync(ctx, (at, now) => (Math.Max(0, at - now) + 999) / 1000);

    // HPTTL ns FIELDS numfields key [key ...]
    public static ValueTask<Reply> HPTtl(CommandContext ctx) => HTtlAsync(ctx, (at, now) => Math.Max(0, at - now));

    // HEXPIRETIME ns FIELDS numfields key [key ...]: Unix seconds, rounded up as Redis does.
    public static ValueTask<Reply> HExpireTime(CommandContext ctx) => HTtlAsync(ctx, (at, _) => (at + 999) / 1000);

    // HPEXPIRETIME ns FIELDS numfields key [key ...]
    public static ValueTask<Reply> HPExpireTime(CommandContext ctx) => HTtlAsync(ctx, (at, _) => at);

    private static async ValueTask<Reply> HTtlAsync(CommandContext ctx, Func<long, long, long> present)
    {
        if (!ExpiryArguments.TryParseFields(ctx, 2, RespErrors.NumFieldsNotPositiveInteger, out var fields, out var error))
            return await ParseErrorAsync(ctx, error!).ConfigureAwait(false);
        var result = await ctx.Server.Store.HTtlAsync(ctx.Arg(1), fields, ctx.Cancellation).ConfigureAwait(false);
        var now = ctx.Server.NowMs;
        return Codes(result.Status, [.. result.ExpiresAtMs.Select(at => at < 0 ? at : present(at, now))]);
    }

    // HPERSIST ns FIELDS numfields key [key ...]: per key -2, -1 (no TTL) or 1.
    public static async ValueTask<Reply> HPersist(CommandContext ctx)
    {
        if (!ExpiryArguments.TryParseFields(ctx, 2, RespErrors.NumFieldsNotPositiveInteger, out var fields, out var error))
            return await ParseErrorAsync(ctx, error!).ConfigureAwait(false);
        var result = await ctx.Server.Store.HPersistAsync(ctx.Arg(1), fields, ctx.Cancellation).ConfigureAwait(false);
        return Codes(result.Status, result.Codes);
    }

    // HSETEX ns [FNX|FXX] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL] FIELDS numfields key value [key value ...]: 1 all set, 0 none.
    public static async ValueTask<Reply> HSetEx(CommandContext ctx)
    {
        if (!HSetExArguments.TryParse(ctx, out var options, out var pairs, out var error)) return Reply.Error(error!);
        var result = await ctx.Server.Store.HSetExAsync(ctx.Arg(1), pairs, options, ctx.Cancellation).ConfigureAwait(false);
        return result.Status == StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Integer(result.Count);
    }

    // HGETEX ns [EX s|PX ms|EXAT t|PXAT t|PERSIST] FIELDS numfields key [key ...]: the values, nil where missing.
    public static async ValueTask<Reply> HGetEx(CommandContext ctx)
    {
        var unit = ctx.ArgIs(2, "EX") || ctx.ArgIs(2, "PX") || ctx.ArgIs(2, "EXAT") || ctx.ArgIs(2, "PXAT") ? ctx.ArgString(2).ToUpperInvariant() : null;
        var change = unit is not null ? TtlChange.Set : ctx.ArgIs(2, "PERSIST") ? TtlChange.Persist : TtlChange.None;
        long when = 0;
        string? error = null;
        var valid = unit is null || ExpiryArguments.TryParseFieldTime(ctx, 3, unit is "EX" or "EXAT", unit is "EX" or "PX" ? ctx.Server.NowMs : 0,
            out when, out error);
        var fieldsAt = unit is not null ? 4 : change == TtlChange.Persist ? 3 : 2;
        if (!valid || !ExpiryArguments.TryParseFields(ctx, fieldsAt, RespErrors.NumFieldsNotPositiveInteger, out var fields, out error))
            return await ParseErrorAsync(ctx, error!).ConfigureAwait(false);
        using var result = await ctx.Server.Store.HGetExAsync(ctx.Arg(1), change, when, fields, ctx.Cancellation).ConfigureAwait(false);
        if (result.Status == StoreStatus.WrongType) return Reply.Error(RespErrors.WrongType);
        return Reply.Array([.. result.Values.Select(v => v is null ? Reply.Null : Reply.Bulk(v.ToArray()))]);
    }

    // Redis checks the key's type before parsing these commands' arguments, so a plain blob answers WRONGTYPE first.
    private static async ValueTask<Reply> ParseErrorAsync(CommandContext ctx, string error) =>
        await ctx.Server.Store.TypeAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false) == KeyType.String
            ? Reply.Error(RespErrors.WrongType)
            : Reply.Error(error);

    private static Reply Codes(StoreStatus status, long[] codes) =>
        status == StoreStatus.WrongType ? Reply.Error(RespErrors.WrongType) : Reply.Array([.. codes.Select(Reply.Integer)]);
}

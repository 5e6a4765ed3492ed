using Blobasaur.Protocol;
using Blobasaur.Storage;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Expiry;

/// <summary>
/// Key TTLs (https://redis.io/docs/latest/commands/expire/): SETEX, PSETEX, GETEX, the EXPIRE family, TTL, PTTL,
/// EXPIRETIME, PEXPIRETIME, PERSIST. A key is a plain blob or a whole namespace; both carry a TTL. Per-entry TTLs
/// inside a namespace are in FieldExpiryCommands.
/// </summary>
public static class ExpiryCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("SETEX", 4, Write | DenyOom, 1, 1, 1, G.String, "Sets the string value and expiration time of a key.", "2.0.0", SetEx),
        Row("PSETEX", 4, Write | DenyOom, 1, 1, 1, G.String, "Sets both string value and expiration time in milliseconds of a key.",
            "2.6.0", PSetEx),
        Row("GETEX", -2, Write | Fast, 1, 1, 1, G.String, "Returns the string value of a key after setting its expiration time.",
            "6.2.0", GetEx),
        Row("EXPIRE", -3, Write | Fast, 1, 1, 1, G.Generic, "Sets the expiration time of a key in seconds.", "1.0.0", Expire),
        Row("PEXPIRE", -3, Write | Fast, 1, 1, 1, G.Generic, "Sets the expiration time of a key in milliseconds.", "2.6.0", PExpire),
        Row("EXPIREAT", -3, Write | Fast, 1, 1, 1, G.Generic, "Sets the expiration time of a key to a Unix timestamp.", "1.2.0", ExpireAt),
        Row("PEXPIREAT", -3, Write | Fast, 1, 1, 1, G.Generic, "Sets the expiration time of a key to a Unix milliseconds timestamp.",
            "2.6.0", PExpireAt),
        Row("TTL", 2, ReadOnly | Fast, 1, 1, 1, G.Generic, "Returns the expiration time in seconds of a key.", "1.0.0", Ttl),
        Row("PTTL", 2, ReadOnly | Fast, 1, 1, 1, G.Generic, "Returns the expiration time in milliseconds of a key.", "2.6.0", PTtl),
        Row("EXPIRETIME", 2, ReadOnly | Fast, 1, 1, 1, G.Generic, "Returns the expiration time of a key as a Unix timestamp.", "7.0.0",
            ExpireTime),
        Row("PEXPIRETIME", 2, ReadOnly | Fast, 1, 1, 1, G.Generic,
            "Returns the expiration time of a key as a Unix milliseconds timestamp.", "7.0.0", PExpireTime),
        Row("PERSIST", 2, Write | Fast, 1, 1, 1, G.Generic, "Removes the expiration time of a key.", "2.2.0", Persist),
        .. FieldExpiryCommands.Rows(),
    ];

    // SETEX key seconds value: SET key value EX seconds.
    public static ValueTask<Reply> SetEx(CommandContext ctx) => SetWithTtlAsync(ctx, "EX", "setex");

    // PSETEX key milliseconds value: SET key value PX milliseconds.
    public static ValueTask<Reply> PSetEx(CommandContext ctx) => SetWithTtlAsync(ctx, "PX", "psetex");

    private static async ValueTask<Reply> SetWithTtlAsync(CommandContext ctx, string unit, string command)
    {
        if (!Strings.SetArguments.TryResolveExpiry(ctx.Arg(2), unit, ctx.Server.NowMs, command, out var at, out var error))
            return Reply.Error(error!);
        using var result = await ctx.Server.Store.SetAsync(ctx.Arg(1), ctx.Arg(3), new SetOptions(ExpiresAtMs: at), ctx.Cancellation)
            .ConfigureAwait(false);
        return Reply.Ok;
    }

    // GETEX key [EX seconds|PX milliseconds|EXAT unix-time|PXAT unix-time-ms|PERSIST]
    public static async ValueTask<Reply> GetEx(CommandContext ctx)
    {
        if (!ExpiryArguments.TryParseGetEx(ctx, out var change, out var when, out var error)) return Reply.Error(error!);
        var result = await ctx.Server.Store.GetExAsync(ctx.Arg(1), change, when, ctx.Cancellation).ConfigureAwait(false);
        return Strings.StringCommands.ToReply(result);
    }

    // EXPIRE key seconds [NX|XX|GT|LT]
    public static ValueTask<Reply> Expire(CommandContext ctx) => ExpireAsync(ctx, seconds: true, ctx.Server.NowMs);

    // PEXPIRE key milliseconds [NX|XX|GT|LT]
    public static ValueTask<Reply> PExpire(CommandContext ctx) => ExpireAsync(ctx, seconds: false, ctx.Server.NowMs);

    // EXPIREAT key unix-time-seconds [NX|XX|GT|LT]
    public static ValueTask<Reply> ExpireAt(CommandContext ctx) => ExpireAsync(ctx, seconds: true, 0);

    // PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT]
    public static ValueTask<Reply> PExpireAt(CommandContext ctx) => ExpireAsync(ctx, seconds: false, 0);

    // 1 when the TTL was set (or the key deleted because the time is not in the future), 0 when missing or refused.
    private static async ValueTask<Reply> ExpireAsync(CommandContext ctx, bool seconds, long basetime)
    {
        if (!ExpiryArguments.TryParseExpire(ctx, seconds, basetime, out var when, out var condition, out var error))
            return Reply.Error(error!);
        var set = await ctx.Server.Store.ExpireAsync(ctx.Arg(1), when, condition, ctx.Cancellation).ConfigureAwait(false);
        return Reply.Integer(set ? 1 : 0);
    }

    // TTL key: seconds left, rounded to the nearest (redis ttlGenericCommand); -2 missing, -1 no TTL.
    public static ValueTask<Reply> Ttl(CommandContext ctx) => TtlAsync(ctx, (at, now) => (Math.Max(0, at - now) + 500) / 1000);

    // PTTL key
    public static ValueTask<Reply> PTtl(CommandContext ctx) => TtlAsync(ctx, (at, now) => Math.Max(0, at - now));

    // EXPIRETIME key: the Unix time in seconds (rounded down) at which the key expires.
    public static ValueTask<Reply> ExpireTime(CommandContext ctx) => TtlAsync(ctx, (at, _) => at / 1000);

    // PEXPIRETIME key
    public static ValueTask<Reply> PExpireTime(CommandContext ctx) => TtlAsync(ctx, (at, _) => at);

    private static async ValueTask<Reply> TtlAsync(CommandContext ctx, Func<long, long, long> present)
    {
        var ttl = await ctx.Server.Store.TtlAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false);
        return Reply.Integer(!ttl.Exists ? -2 : ttl.ExpiresAtMs is { } at ? present(at, ctx.Server.NowMs) : -1);
    }

    // PERSIST key: 1 when a TTL was removed, 0 when the key is missing or has none.
    public static async ValueTask<Reply> Persist(CommandContext ctx)
    {
        var removed = await ctx.Server.Store.PersistAsync(ctx.Arg(1), ctx.Cancellation).ConfigureAwait(false);
        return Reply.Integer(removed ? 1 : 0);
    }
}

using Blobasaur.Protocol;
using Blobasaur.Storage;

namespace Blobasaur.Commands.Expiry;

/// <summary>
/// Argument parsing of the expiry commands, with Redis's checks in Redis's order: expire.c expireGenericCommand (EXPIRE
/// family, Redis 7.0) and t_hash.c parseExpireTime / hsetexParseArgs / hgetexCommand (hash fields, Redis 8.0).
/// </summary>
internal static class ExpiryArguments
{
    // Redis keeps field TTLs in 48-bit ebuckets and reserves 2 bits: the latest field expiry is 2^46 - 1 ms (HFE_MAX_ABS_TIME_MSEC).
    public const long MaxFieldExpireMs = (1L << 46) - 1;

    /// <summary>EXPIRE key t [NX|XX|GT|LT ...]: options first, then the time, as Redis checks them.</summary>
    public static bool TryParseExpire(CommandContext ctx, bool seconds, long basetime, out long when, out ExpireCondition condition,
        out string? error)
    {
        when = 0;
        if (!TryParseConditions(ctx, 3, out condition, out error)) return false;
        if (!ctx.TryGetLong(2, out when))
        {
            error = RespErrors.NotInteger;
            return false;
        }
        var name = ctx.Definition.Name.ToLowerInvariant();
        if (seconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                error = RespErrors.InvalidExpireTime(name);
                return false;
            }
            when *= 1000;
        }
        if (when > long.MaxValue - basetime)
        {
            error = RespErrors.InvalidExpireTime(name);
            return false;
        }
        when += basetime;
        return true;
    }

    private static bool TryParseConditions(CommandContext ctx, int start, out ExpireCondition condition, out string? error)
    {
        condition = ExpireCondition.None;
        error = null;
        for (var i = start; i < ctx.Count; i++)
        {
            condition |= ctx.ArgIs(i, "NX") ? ExpireCondition.IfNoTtl
                : ctx.ArgIs(i, "XX") ? ExpireCondition.IfHasTtl
                : ctx.ArgIs(i, "GT") ? ExpireCondition.IfGreater
                : ctx.ArgIs(i, "LT") ? ExpireCondition.IfLess
                : ExpireCondition.None;
            if (!ctx.ArgIs(i, "NX") && !ctx.ArgIs(i, "XX") && !ctx.ArgIs(i, "GT") && !ctx.ArgIs(i, "LT"))
            {
                error = RespErrors.UnsupportedOption(ctx.Arg(i));
                return false;
            }
        }
        if (condition.HasFlag(ExpireCondition.IfNoTtl) && condition != ExpireCondition.IfNoTtl)
            error = RespErrors.ExpireNxConflict;
        else if (condition.HasFlag(ExpireCondition.IfGreater | ExpireCondition.IfLess))
            error = RespErrors.ExpireGtLtConflict;
        return error is null;
    }

    /// <summary>GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST], as t_string.c parseExtendedStringArgumentsOrReply (COMMAND_GET).</summary>
    public static bool TryParseGetEx(CommandContext ctx, out TtlChange change, out long when, out string? error)
    {
        change = TtlChange.None;
        when = 0;
        error = null;
        string? unit = null;
        byte[]? arg = null;
        for (var i = 2; i < ctx.Count; i++)
        {
            var hasNext = i + 1 < ctx.Count;
            if (ctx.ArgIs(i, "PERSIST") && unit is null) change = TtlChange.Persist;
            else if (change != TtlChange.Persist && hasNext && UnitOf(ctx, i) is { } u && (unit is null || unit == u))
            {
                unit = u;
                arg = ctx.Arg(++i);
            }
            else
            {
                error = RespErrors.Syntax;
                return false;
            }
        }
        if (arg is null) return true;
        if (!Strings.SetArguments.TryResolveExpiry(arg, unit!, ctx.Server.NowMs, "getex", out var at, out error)) return false;
        change = TtlChange.Set;
        when = at!.Value;
        return true;
    }

    private static string? UnitOf(CommandContext ctx, int i) =>
        ctx.ArgIs(i, "EX") ? "EX" : ctx.ArgIs(i, "PX") ? "PX" : ctx.ArgIs(i, "EXAT") ? "EXAT" : ctx.ArgIs(i, "PXAT") ? "PXAT" : null;

    /// <summary>t_hash.c parseExpireTime: 0 and past times are allowed (they delete), negatives and times past 2^46 ms are not.</summary>
    public static bool TryParseFieldTime(CommandContext ctx, int index, bool seconds, long basetime, out long when, out string? error)
    {
        error = null;
        if (!ctx.TryGetLong(index, out when))
            error = RespErrors.NotInteger;
        else if (when < 0)
            error = RespErrors.FieldExpireNegative;
        else if ((seconds && when > MaxFieldExpireMs / 1000) || (seconds ? when * 1000 : when) > MaxFieldExpireMs - basetime)
            error = RespErrors.InvalidExpireTime(ctx.Definition.Name.ToLowerInvariant());
        else
            when = (seconds ? when * 1000 : when) + basetime;
        return error is null;
    }

    /// <summary>"FIELDS numfields field ...", FIELDS at position at; the fields are what follows.</summary>
    public static bool TryParseFields(CommandContext ctx, int at, string notPositive, out List<ReadOnlyMemory<byte>> fields, out string? error)
    {
        fields = [];
        error = null;
        if (at + 1 >= ctx.Count || !ctx.ArgIs(at, "FIELDS"))
            error = at >= ctx.Count || !ctx.ArgIs(at, "FIELDS") ? RespErrors.FieldsMissing : notPositive;
        else if (!ctx.TryGetLong(at + 1, out var n) || n < 1)
            error = notPositive;
        else if (n != ctx.Count - at - 2)
            error = RespErrors.NumFieldsMismatch;
        else
            for (var i = at + 2; i < ctx.Count; i++) fields.Add(ctx.Arg(i));
        return error is null;
    }
}

using Blobasaur.Protocol;
using Blobasaur.Storage;

namespace Blobasaur.Commands.Strings;

/// <summary>
/// SET's options: [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL], parsed as redis t_string.c parseExtendedStringArgumentsOrReply:
/// conflicting flags are a syntax error as soon as they are seen; the expire value is checked after the whole line.
/// The same expire option may repeat (EX 1 EX 2): as in Redis, the last one wins and only its value is checked.
/// </summary>
internal static class SetArguments
{
    private enum Unit { None, Seconds, Milliseconds, UnixSeconds, UnixMilliseconds }

    public static bool TryParse(CommandContext ctx, int start, out SetOptions options, out string? error)
    {
        options = default;
        error = null;
        var condition = SetCondition.None;
        bool returnOld = false, keepTtl = false;
        var unit = Unit.None;
        byte[]? expireArg = null;
        for (var i = start; i < ctx.Count; i++)
        {
            var hasNext = i + 1 < ctx.Count;
            if (ctx.ArgIs(i, "NX") && condition != SetCondition.IfExists) condition = SetCondition.IfNotExists;
            else if (ctx.ArgIs(i, "XX") && condition != SetCondition.IfNotExists) condition = SetCondition.IfExists;
            else if (ctx.ArgIs(i, "GET")) returnOld = true;
            else if (ctx.ArgIs(i, "KEEPTTL") && unit == Unit.None) keepTtl = true;
            else if (!keepTtl && hasNext && ParseUnit(ctx, i) is var u && u != Unit.None && (unit == Unit.None || unit == u))
            {
                unit = u;
                expireArg = ctx.Arg(++i);
            }
            else
            {
                error = RespErrors.Syntax;
                return false;
            }
        }

        long? expiresAt = null;
        if (expireArg is not null && !TryResolveExpiry(expireArg, unit, ctx.Server.NowMs, "set", out expiresAt, out error)) return false;
        options = new SetOptions(condition, returnOld, expiresAt, keepTtl);
        return true;
    }

    /// <summary>Turns a relative or absolute expire argument into Unix milliseconds, with Redis's errors.</summary>
    public static bool TryResolveExpiry(byte[] arg, string unitName, long nowMs, string command, out long? expiresAtMs, out string? error)
    {
        var unit = unitName.ToUpperInvariant() switch
        {
            "EX" => Unit.Seconds,
            "PX" => Unit.Milliseconds,
            "EXAT" => Unit.UnixSeconds,
            _ => Unit.UnixMilliseconds,
        };
        return TryResolveExpiry(arg, unit, nowMs, command, out expiresAtMs, out error);
    }

    private static bool TryResolveExpiry(byte[] arg, Unit unit, long nowMs, string command, out long? expiresAtMs, out string? error)
    {
        expiresAtMs = null;
        error = null;
        if (!Arguments.TryParseLong(arg, out var value))
        {
            error = RespErrors.NotInteger;
            return false;
        }

        var seconds = unit is Unit.Seconds or Unit.UnixSeconds;
        if (value <= 0 || (seconds && value > long.MaxValue / 1000))
        {
            error = RespErrors.InvalidExpireTime(command);
            return false;
        }

        var ms = seconds ? value * 1000 : value;
        if (unit is Unit.Seconds or Unit.Milliseconds)
        {
            if (ms > long.MaxValue - nowMs)
            {
                error = RespErrors.InvalidExpireTime(command);
                return false;
            }

            ms += nowMs;
        }

        expiresAtMs = ms;
        return true;
    }

    private static Unit ParseUnit(CommandContext ctx, int i) =>
        ctx.ArgIs(i, "EX") ? Unit.Seconds
        : ctx.ArgIs(i, "PX") ? Unit.Milliseconds
        : ctx.ArgIs(i, "EXAT") ? Unit.UnixSeconds
        : ctx.ArgIs(i, "PXAT") ? Unit.UnixMilliseconds
        : Unit.None;
}

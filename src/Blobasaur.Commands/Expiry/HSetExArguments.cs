using Blobasaur.Protocol;
using Blobasaur.Storage;

namespace Blobasaur.Commands.Expiry;

/// <summary>HSETEX's arguments, checked as redis 8.0 t_hash.c hsetexParseArgs: options in any order until FIELDS.</summary>
internal static class HSetExArguments
{
    public static bool TryParse(CommandContext ctx, out FieldSetOptions options,
        out List<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> pairs, out string? error)
    {
        options = default;
        pairs = [];
        var condition = SetCondition.None;
        var ttl = TtlChange.None;
        bool keepTtl = false, haveTtl = false;
        long when = 0;
        for (var i = 2; i < ctx.Count; i++)
        {
            if (ctx.ArgIs(i, "FIELDS"))
            {
                if (!TryParsePairs(ctx, i, pairs, out error)) return false;
                options = new FieldSetOptions(condition, ttl, keepTtl, when);
                return true;
            }
            if (ctx.ArgIs(i, "EX") || ctx.ArgIs(i, "PX") || ctx.ArgIs(i, "EXAT") || ctx.ArgIs(i, "PXAT") || ctx.ArgIs(i, "KEEPTTL"))
            {
                if (haveTtl) return Fail(RespErrors.OnlyOneExpiration, out error);
                haveTtl = true;
                if (ctx.ArgIs(i, "KEEPTTL"))
                {
                    keepTtl = true;
                    continue;
                }
                if (i >= ctx.Count - 1) return Fail(RespErrors.MissingExpireTime, out error);
                var seconds = ctx.ArgIs(i, "EX") || ctx.ArgIs(i, "EXAT");
                var basetime = ctx.ArgIs(i, "EX") || ctx.ArgIs(i, "PX") ? ctx.Server.NowMs : 0;
                if (!ExpiryArguments.TryParseFieldTime(ctx, ++i, seconds, basetime, out when, out error)) return false;
                ttl = TtlChange.Set;
            }
            else if (ctx.ArgIs(i, "FNX") || ctx.ArgIs(i, "FXX"))
            {
                if (condition != SetCondition.None) return Fail(RespErrors.OnlyOneFxxFnx, out error);
                condition = ctx.ArgIs(i, "FNX") ? SetCondition.IfNotExists : SetCondition.IfExists;
            }
            else
            {
                return Fail(RespErrors.UnknownArgument(ctx.Arg(i)), out error);
            }
        }
        return Fail(RespErrors.WrongArity("hsetex"), out error); // Redis asserts here; no FIELDS means too few arguments
    }

    private static bool TryParsePairs(CommandContext ctx, int at, List<(ReadOnlyMemory<byte>, ReadOnlyMemory<byte>)> pairs,
        out string? error)
    {
        if (at >= ctx.Count - 3) return Fail(RespErrors.WrongArity("hsetex"), out error);
        if (!ctx.TryGetLong(at + 1, out var n) || n < 1 || n > int.MaxValue) return Fail(RespErrors.InvalidNumberOfFields, out error);
        var remaining = ctx.Count - at - 2;
        if (remaining % 2 != 0 || n != remaining / 2) return Fail(RespErrors.WrongArity("hsetex"), out error);
        for (var i = at + 2; i + 1 < ctx.Count; i += 2) pairs.Add((ctx.Arg(i), ctx.Arg(i + 1)));
        error = null;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}

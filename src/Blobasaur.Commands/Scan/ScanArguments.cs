using Blobasaur.Protocol;
using Blobasaur.Storage;

namespace Blobasaur.Commands.Scan;

/// <summary>
/// The options of SCAN and HSCAN after the cursor, parsed as redis scanGenericCommand does (db.c): MATCH p, COUNT n
/// (an integer of at least 1, default 10), TYPE t (SCAN only), NOVALUES (HSCAN only, Redis 7.4). A TYPE other than
/// string or hash is accepted and matches nothing, as in Redis 7.0.
/// </summary>
public sealed record ScanArguments(ScanFilter Filter, int Count, bool NoValues)
{
    public static bool TryParse(CommandContext ctx, int first, bool isHash, out ScanArguments args, out string? error)
    {
        args = null!;
        error = null;
        byte[]? pattern = null;
        string? type = null;
        long count = 10;
        var noValues = false;
        for (var i = first; i < ctx.Count; i++)
        {
            var hasValue = i + 1 < ctx.Count;
            if (ctx.ArgIs(i, "COUNT") && hasValue)
            {
                if (!ctx.TryGetLong(++i, out count)) return Fail(RespErrors.NotInteger, out error);
                if (count < 1) return Fail(RespErrors.Syntax, out error);
            }
            else if (ctx.ArgIs(i, "MATCH") && hasValue) pattern = ctx.Arg(++i);
            else if (ctx.ArgIs(i, "TYPE") && hasValue && !isHash) type = ctx.ArgString(++i).ToLowerInvariant();
            else if (ctx.ArgIs(i, "NOVALUES") && isHash) noValues = true;
            else return Fail(RespErrors.Syntax, out error);
        }

        var filter = FilterFor(pattern, type);
        args = new ScanArguments(filter, (int)Math.Min(count, int.MaxValue), noValues);
        return true;
    }

    /// <summary>The literal prefix of the pattern narrows the key range; the rest is matched with Glob.</summary>
    public static ScanFilter FilterFor(byte[]? pattern, string? type)
    {
        var keyType = type switch
        {
            null => (KeyType?)null,
            "string" => KeyType.String,
            "hash" => KeyType.Hash,
            _ => KeyType.None,                    // list, set, zset, stream, or unknown: no name has that type here
        };
        if (pattern is null || pattern is [(byte)'*'])
            return new ScanFilter(KeyBounds.All, null, keyType);
        var bounds = KeyBounds.ForPrefix(LiteralPrefix(pattern));
        return new ScanFilter(bounds, key => Glob.IsMatch(pattern, key), keyType);
    }

    /// <summary>The bytes every match starts with: up to the first '*', '?', '[' or '\'. Check value: "user:*:x" → "user:".</summary>
    public static ReadOnlySpan<byte> LiteralPrefix(ReadOnlySpan<byte> pattern)
    {
        var special = pattern.IndexOfAny("*?[\\"u8);
        return special < 0 ? pattern : pattern[..special];
    }

    /// <summary>A cursor is an unsigned 64-bit decimal, as redis parseScanCursorOrReply reads it.</summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor) =>
        System.Buffers.Text.Utf8Parser.TryParse(text, out cursor, out var consumed) && consumed == text.Length && text.Length > 0;

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}

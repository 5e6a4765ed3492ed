namespace Blobasaur.Commands;

/// <summary>
/// Redis glob-style matching (as redis util.c stringmatchlen): '*', '?', '[abc]', '[^a-z]', and '\' to escape.
/// Works on bytes, so binary keys match byte-for-byte. Iterative with one backtrack point, so it is linear-ish and cannot
/// be driven into exponential time by patterns like "a*a*a*a*b".
/// </summary>
public static class Glob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    while (p < pattern.Length && pattern[p] == '*') p++;
                    if (p == pattern.Length) return true;
                    starP = p;
                    starT = t;
                    continue;
                }

                if (TryMatchOne(pattern, ref p, text[t], ignoreCase))
                {
                    t++;
                    continue;
                }
            }

            if (starP < 0) return false;
            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>Matches one text byte against the pattern element at <paramref name="p"/>, advancing past it on success.</summary>
    private static bool TryMatchOne(ReadOnlySpan<byte> pattern, ref int p, byte ch, bool ignoreCase)
    {
        var c = pattern[p];
        if (c == '?')
        {
            p++;
            return true;
        }

        if (c == '[') return TryMatchClass(pattern, ref p, ch, ignoreCase);
        if (c == '\\' && p + 1 < pattern.Length) c = pattern[++p];
        if (!Same(c, ch, ignoreCase)) return false;
        p++;
        return true;
    }

    private static bool TryMatchClass(ReadOnlySpan<byte> pattern, ref int p, byte ch, bool ignoreCase)
    {
        var i = p + 1;
        var negate = i < pattern.Length && pattern[i] == '^';
        if (negate) i++;
        var matched = false;
        while (i < pattern.Length && pattern[i] != ']')
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                i++;
                matched |= Same(pattern[i], ch, ignoreCase);
            }
            else if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                var (lo, hi) = pattern[i] <= pattern[i + 2] ? (pattern[i], pattern[i + 2]) : (pattern[i + 2], pattern[i]);
                var x = ignoreCase ? Lower(ch) : ch;
                matched |= ignoreCase ? x >= Lower(lo) && x <= Lower(hi) : ch >= lo && ch <= hi;
                i += 2;
            }
            else
            {
                matched |= Same(pattern[i], ch, ignoreCase);
            }

            i++;
        }

        // An unterminated class ends at the pattern's end, as in Redis.
        p = Math.Min(i + 1, pattern.Length);
        return matched != negate;
    }

    private static bool Same(byte a, byte b, bool ignoreCase) => a == b || (ignoreCase && Lower(a) == Lower(b));

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}

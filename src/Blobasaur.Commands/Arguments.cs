using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Blobasaur.Commands;

/// <summary>Argument parsing with Redis's rules (string2ll: no spaces, no '+', no leading zeros beyond "0").</summary>
public static class Arguments
{
    public static bool TryParseLong(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 20) return false;
        if (text[0] == '+' || (text.Length > 1 && text[0] == '0') || (text.Length > 2 && text[0] == '-' && text[1] == '0')) return false;
        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && !(text[0] == '-' && value == 0);
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        var s = Encoding.ASCII.GetString(text);
        value = 0;
        if (s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return false;
        if (s is "inf" or "+inf" or "infinity") { value = double.PositiveInfinity; return true; }
        if (s is "-inf" or "-infinity") { value = double.NegativeInfinity; return true; }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);
    }
}

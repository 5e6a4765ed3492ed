using System.Globalization;

namespace Blobasaur.Config.Toml;

// Integers and floats. Tokens are checked against the TOML grammar first, because .NET's parsers accept things TOML does not
// (leading zeros, "Infinity", underscores nowhere).
public sealed partial class TomlParser
{
    // A token starting with a digit, sign, 'i' or 'n' is a number, unless it has the shape of a date or a time.
    private TomlNode ParseNumberOrDateTime()
    {
        var at = _reader.Position;
        var token = _reader.ReadScalarToken();
        if (LooksLikeDate(token))
        {
            // Date and time may be separated by a space (RFC 3339 allows it and so does TOML); the token stopped there.
            if (token.Length == 10 && _reader.Peek() == ' ' && TomlReader.IsDigit(_reader.Peek(1)))
            {
                _reader.Advance();
                token += " " + _reader.ReadScalarToken();
            }
            return ParseDateTime(token, at);
        }
        if (token.Length > 2 && token[2] == ':' && TomlReader.IsDigit(token[0]) && TomlReader.IsDigit(token[1]))
            return new TomlLocalTime(ParseLocalTime(token, at), at);
        return ParseNumber(token, at);
    }

    private static bool LooksLikeDate(string token) =>
        token.Length > 4 && token[4] == '-' && token.AsSpan(0, 4).ContainsAnyExcept("0123456789") == false;

    private static TomlNode ParseNumber(string token, TomlPosition at)
    {
        switch (token)
        {
            case "inf" or "+inf":
                return new TomlFloat(double.PositiveInfinity, at);
            case "-inf":
                return new TomlFloat(double.NegativeInfinity, at);
            case "nan" or "+nan" or "-nan":
                return new TomlFloat(double.NaN, at);
        }
        var signed = token.Length > 0 && token[0] is '+' or '-';
        var body = signed ? token[1..] : token;
        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (signed)
                throw Invalid(token, at, "a sign is not allowed on hexadecimal, octal or binary integers");
            return new TomlInteger(ParseRadixInteger(token, at), at);
        }
        var isFloat = body.AsSpan().IndexOfAny(".eE") >= 0;
        var i = 0;
        var intDigits = ReadDigitGroup(body, ref i, 10);
        if (intDigits == 0)
            throw Invalid(token, at, BadDigits);
        if (intDigits > 1 && body[0] == '0')
            throw Invalid(token, at, "leading zeros are not allowed");
        if (!isFloat)
        {
            if (i != body.Length)
                throw Invalid(token, at, "not a number");
            return new TomlInteger(ParseDecimalInteger(token, at), at);
        }
        if (i < body.Length && body[i] == '.')
        {
            i++;
            if (ReadDigitGroup(body, ref i, 10) == 0)
                throw Invalid(token, at, "a decimal point must have digits on both sides");
        }
        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            if (i < body.Length && body[i] is '+' or '-')
                i++;
            if (ReadDigitGroup(body, ref i, 10) == 0)
                throw Invalid(token, at, "the exponent needs digits");
        }
        if (i != body.Length)
            throw Invalid(token, at, "not a number");
        return new TomlFloat(double.Parse(token.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture), at);
    }

    private const string BadDigits = "expected digits, with each underscore between two digits";

    // Digits where each underscore sits between two digits. Returns the digit count, or 0 when the group is malformed.
    private static int ReadDigitGroup(string s, ref int i, int radix)
    {
        var start = i;
        var digits = 0;
        while (i < s.Length)
        {
            if (DigitValue(s[i], radix) >= 0)
            {
                digits++;
                i++;
            }
            else if (s[i] == '_' && i > start && i + 1 < s.Length && DigitValue(s[i + 1], radix) >= 0)
                i++;
            else
                break;
        }
        return i < s.Length && s[i] == '_' ? 0 : digits;
    }

    private static int DigitValue(char c, int radix)
    {
        var v = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return v < radix ? v : -1;
    }

    private static long ParseRadixInteger(string token, TomlPosition at)
    {
        var radix = token[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
        var i = 2;
        if (ReadDigitGroup(token, ref i, radix) == 0 || i != token.Length)
            throw Invalid(token, at, BadDigits);
        ulong value = 0;
        foreach (var c in token.AsSpan(2))
        {
            if (c == '_')
                continue;
            var digit = (ulong)DigitValue(c, radix);
            if (value > (long.MaxValue - digit) / (ulong)radix)
                throw Invalid(token, at, "the value does not fit in a 64-bit signed integer");
            value = value * (ulong)radix + digit;
        }
        return (long)value;
    }

    private static long ParseDecimalInteger(string token, TomlPosition at)
    {
        if (long.TryParse(token.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        throw Invalid(token, at, "the value does not fit in a 64-bit signed integer");
    }

    private static TomlException Invalid(string token, TomlPosition at, string why) =>
        TomlReader.Error($"invalid number '{token}': {why}", at);
}

namespace Blobasaur.Config.Toml;

/// <summary>
/// A cursor over the document text that tracks line and column, and knows TOML's whitespace, newline and comment rules.
/// Only LF and CRLF end a line; a CR on its own is an error everywhere (TOML 1.0 "Spec").
/// </summary>
internal sealed class TomlReader(string text)
{
    public const int End = -1;

    private readonly string _text = text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public bool AtEnd => _pos >= _text.Length;
    public TomlPosition Position => new(_line, _pos - _lineStart + 1);

    /// <summary>The character <paramref name="ahead"/> places on, or <see cref="End"/>.</summary>
    public int Peek(int ahead = 0)
    {
        var i = _pos + ahead;
        return i < _text.Length ? _text[i] : End;
    }

    public bool PeekIs(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    public void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _lineStart = _pos + 1;
        }
        _pos++;
    }

    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
            Advance();
    }

    public TomlException Error(string reason) => Error(reason, Position);

    public static TomlException Error(string reason, TomlPosition at) => new(reason, at.Line, at.Column);

    /// <summary>Characters that may not appear raw in strings or comments: C0 controls except tab, and DEL.</summary>
    public static bool IsControl(int c) => c is >= 0 and < 0x20 and not '\t' || c == 0x7F;

    public static bool IsBareKeyChar(int c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-';

    public static bool IsBareKeyName(string s) => s.Length > 0 && s.All(c => IsBareKeyChar(c));

    public static bool IsDigit(int c) => c is >= '0' and <= '9';

    public void SkipWhitespace()
    {
        while (Peek() is ' ' or '\t')
            _pos++;
    }

    /// <summary>Consumes LF or CRLF. A CR that is not followed by LF is rejected rather than treated as text.</summary>
    public bool TryConsumeNewline()
    {
        var c = Peek();
        if (c == '\n')
        {
            Advance();
            return true;
        }
        if (c != '\r')
            return false;
        if (Peek(1) != '\n')
            throw Error("a carriage return must be followed by a line feed");
        _pos++;
        Advance();
        return true;
    }

    /// <summary>Skips a comment if one starts here; stops before the newline that ends it.</summary>
    public void SkipComment()
    {
        if (Peek() != '#')
            return;
        _pos++;
        for (var c = Peek(); c != End && c != '\n'; c = Peek())
        {
            if (c == '\r' && Peek(1) == '\n')
                return;
            if (IsControl(c))
                throw Error($"control character U+{c:X4} is not allowed in a comment");
            _pos++;
        }
    }

    /// <summary>Whitespace, comments and newlines: everything allowed between array elements.</summary>
    public void SkipBlankLines()
    {
        while (true)
        {
            SkipWhitespace();
            SkipComment();
            if (!TryConsumeNewline())
                return;
        }
    }

    /// <summary>After a key/value pair or a header only whitespace and a comment may follow on the same line.</summary>
    public void ExpectEndOfLine(string after)
    {
        SkipWhitespace();
        SkipComment();
        if (AtEnd || TryConsumeNewline())
            return;
        throw Error($"expected the end of the line after {after}, found {Describe(Peek())}");
    }

    /// <summary>A character as shown in messages: printable ones quoted, others as U+XXXX.</summary>
    public static string Describe(int c) => c switch
    {
        End => "the end of the file",
        '\n' or '\r' => "a newline",
        < 0x20 or 0x7F => $"control character U+{c:X4}",
        _ => $"'{(char)c}'",
    };

    /// <summary>Reads characters that can form a number or date-time: <c>-1_000</c>, <c>0xff</c>, <c>1979-05-27T07:32:00Z</c>.</summary>
    public string ReadScalarToken()
    {
        var start = _pos;
        while (Peek() is var c && (IsBareKeyChar(c) || c is '+' or '.' or ':'))
            _pos++;
        return _text[start.._pos];
    }
}

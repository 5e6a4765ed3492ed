using System.Globalization;
using System.Text;

namespace Blobasaur.Config.Toml;

// The four string forms: "basic", 'literal', """multi-line basic""" and '''multi-line literal'''.
public sealed partial class TomlParser
{
    private string ParseBasicString()
    {
        _reader.Advance();
        var sb = new StringBuilder();
        while (true)
        {
            var c = _reader.Peek();
            switch (c)
            {
                case '"':
                    _reader.Advance();
                    return sb.ToString();
                case '\\':
                    ParseEscape(sb);
                    break;
                default:
                    AppendStringChar(sb, c, "string");
                    break;
            }
        }
    }

    private string ParseLiteralString()
    {
        _reader.Advance();
        var sb = new StringBuilder();
        while (_reader.Peek() != '\'')
            AppendStringChar(sb, _reader.Peek(), "literal string");
        _reader.Advance();
        return sb.ToString();
    }

    private string ParseMultilineBasicString()
    {
        _reader.Advance(3);
        _reader.TryConsumeNewline();    // a newline right after the opening quotes is not part of the value
        var sb = new StringBuilder();
        while (true)
        {
            var c = _reader.Peek();
            if (c == '"')
            {
                if (TryCloseMultiline(sb, '"'))
                    return sb.ToString();
            }
            else if (c == '\\')
            {
                if (!TrySkipLineEndingBackslash())
                    ParseEscape(sb);
            }
            else
                AppendMultilineChar(sb, c, "multi-line string");
        }
    }

    private string ParseMultilineLiteralString()
    {
        _reader.Advance(3);
        _reader.TryConsumeNewline();
        var sb = new StringBuilder();
        while (true)
        {
            var c = _reader.Peek();
            if (c != '\'')
                AppendMultilineChar(sb, c, "multi-line literal string");
            else if (TryCloseMultiline(sb, '\''))
                return sb.ToString();
        }
    }

    // At a quote inside a multi-line string. One or two quotes are content; three close the string, and up to two
    // more right before them still belong to the content (""""a"""" is "a" with quotes); six or more in a row is an error.
    private bool TryCloseMultiline(StringBuilder sb, char quote)
    {
        var run = 0;
        while (_reader.Peek(run) == quote)
            run++;
        if (run > 5)
            throw _reader.Error($"too many {quote} characters in a row: at most two may precede the closing delimiter");
        var closes = run >= 3;
        sb.Append(quote, closes ? run - 3 : run);
        _reader.Advance(run);
        return closes;
    }

    // A backslash that is last on its line (trailing spaces allowed) removes the newline and all whitespace that follows.
    private bool TrySkipLineEndingBackslash()
    {
        var i = 1;
        while (_reader.Peek(i) is ' ' or '\t')
            i++;
        if (_reader.Peek(i) is not ('\n' or '\r'))
            return false;
        _reader.Advance(i);
        while (true)
        {
            _reader.SkipWhitespace();
            if (!_reader.TryConsumeNewline())
                return true;
        }
    }

    private void AppendMultilineChar(StringBuilder sb, int c, string kind)
    {
        // Newlines are kept as LF whatever the file uses, so a value does not depend on how the file was saved.
        if (c is '\n' or '\r')
        {
            _reader.TryConsumeNewline();
            sb.Append('\n');
            return;
        }
        AppendStringChar(sb, c, kind);
    }

    private void AppendStringChar(StringBuilder sb, int c, string kind)
    {
        if (c == TomlReader.End)
            throw _reader.Error($"the {kind} is not closed before the end of the file");
        if (c is '\n' or '\r')
            throw _reader.Error($"a {kind} cannot span lines; use a multi-line string (\"\"\" or ''') instead");
        if (TomlReader.IsControl(c))
            throw _reader.Error($"control character U+{c:X4} must be escaped in a {kind}");
        sb.Append((char)c);
        _reader.Advance();
    }

    private void ParseEscape(StringBuilder sb)
    {
        var at = _reader.Position;
        _reader.Advance();
        var c = _reader.Peek();
        char? simple = c switch
        {
            'b' => '\b',
            't' => '\t',
            'n' => '\n',
            'f' => '\f',
            'r' => '\r',
            '"' => '"',
            '\\' => '\\',
            _ => null,
        };
        if (simple is { } ch)
        {
            sb.Append(ch);
            _reader.Advance();
            return;
        }
        if (c is not ('u' or 'U'))
            throw TomlReader.Error($"invalid escape sequence '\\{(c == TomlReader.End ? "" : (char)c)}' "
                + "(allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", at);
        var digits = c == 'u' ? 4 : 8;
        _reader.Advance();
        var hex = new StringBuilder();
        for (var i = 0; i < digits; i++)
        {
            if (!Uri.IsHexDigit((char)Math.Max(_reader.Peek(), 0)))
                throw TomlReader.Error($"\\{(char)c} must be followed by exactly {digits} hex digits", at);
            hex.Append((char)_reader.Peek());
            _reader.Advance();
        }
        var code = long.Parse(hex.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            throw TomlReader.Error($"\\{(char)c}{hex} is not a Unicode scalar value", at);
        sb.Append(char.ConvertFromUtf32((int)code));
    }
}

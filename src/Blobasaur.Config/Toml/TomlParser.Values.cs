namespace Blobasaur.Config.Toml;

// Values: the dispatch on the first character, arrays, inline tables and booleans.
public sealed partial class TomlParser
{
    private TomlNode ParseValue(int depth)
    {
        var at = _reader.Position;
        var c = _reader.Peek();
        switch (c)
        {
            case '"':
                return new TomlString(_reader.PeekIs("\"\"\"") ? ParseMultilineBasicString() : ParseBasicString(), at);
            case '\'':
                return new TomlString(_reader.PeekIs("'''") ? ParseMultilineLiteralString() : ParseLiteralString(), at);
            case '[':
                return ParseArray(depth + 1);
            case '{':
                return ParseInlineTable(depth + 1);
            case 't' or 'f':
                return ParseBoolean();
            case '+' or '-' or 'i' or 'n':
            case >= '0' and <= '9':
                return ParseNumberOrDateTime();
            default:
                throw _reader.Error($"expected a value, found {TomlReader.Describe(c)}");
        }
    }

    private TomlBoolean ParseBoolean()
    {
        var at = _reader.Position;
        var token = _reader.ReadScalarToken();
        return token switch
        {
            "true" => new TomlBoolean(true, at),
            "false" => new TomlBoolean(false, at),
            _ => throw TomlReader.Error($"'{token}' is not a value (booleans are lowercase true and false; strings need quotes)", at),
        };
    }

    // [ v, v, ... ] with newlines and comments allowed anywhere between elements and a trailing comma allowed.
    private TomlArray ParseArray(int depth)
    {
        var at = _reader.Position;
        CheckNesting(depth);
        _reader.Advance();
        var array = new TomlArray(at, isArrayOfTables: false);
        while (true)
        {
            _reader.SkipBlankLines();
            if (_reader.Peek() == ']')
                break;
            array.Add(ParseValue(depth));
            _reader.SkipBlankLines();
            if (_reader.Peek() == ',')
            {
                _reader.Advance();
                continue;
            }
            if (_reader.Peek() != ']')
                throw _reader.Error($"expected ',' or ']' in the array, found {TomlReader.Describe(_reader.Peek())}");
            break;
        }
        _reader.Advance();
        return array;
    }

    // { k = v, ... } on one line (TOML 1.0: no newlines between pairs and no trailing comma).
    private TomlTable ParseInlineTable(int depth)
    {
        var at = _reader.Position;
        CheckNesting(depth);
        _reader.Advance();
        var table = new TomlTable(at, TomlTableOrigin.Inline);
        _reader.SkipWhitespace();
        if (_reader.Peek() == '}')
        {
            _reader.Advance();
            return table;
        }
        while (true)
        {
            ParseKeyValue(table, depth);
            _reader.SkipWhitespace();
            var c = _reader.Peek();
            if (c == '}')
                break;
            if (c != ',')
                throw _reader.Error($"expected ',' or '}}' in the inline table, found {TomlReader.Describe(c)}");
            _reader.Advance();
            _reader.SkipWhitespace();
            if (_reader.Peek() == '}')
                throw _reader.Error("a trailing comma is not allowed in an inline table");
        }
        _reader.Advance();
        return table;
    }

    private void CheckNesting(int depth)
    {
        if (depth > MaxNesting)
            throw _reader.Error($"arrays and inline tables are nested more than {MaxNesting} deep");
    }
}

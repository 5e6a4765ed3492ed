using System.Text;
using System.Text.Unicode;

namespace Blobasaur.Config.Toml;

/// <summary>
/// A TOML 1.0.0 parser (https://toml.io/en/v1.0.0), checked against every case of toml-test.
/// This file reads the document: lines, headers, keys, and the rules for which table a line may add to.
/// Values, strings, numbers and date-times are in the TomlParser.*.cs partial files.
/// </summary>
public sealed partial class TomlParser
{
    // Arrays and inline tables nest by recursion; toml-test suggests a limit of 128-256 so hostile input cannot overflow the stack.
    private const int MaxNesting = 128;

    private readonly TomlReader _reader;

    private TomlParser(string text) => _reader = new TomlReader(text);

    /// <summary>Parses document text. A leading byte order mark is allowed.</summary>
    /// <exception cref="TomlException">The text is not valid TOML.</exception>
    public static TomlTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF'))
            text = text[1..];
        RejectLoneSurrogates(text);
        return new TomlParser(text).ParseDocument();
    }

    /// <summary>Parses a file's raw bytes, which must be UTF-8 ("A TOML file must be a valid UTF-8 encoded Unicode document").</summary>
    /// <exception cref="TomlException">The bytes are not UTF-8 or not valid TOML.</exception>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];
        if (!Utf8.IsValid(utf8))
            throw InvalidUtf8(utf8);
        return new TomlParser(Encoding.UTF8.GetString(utf8)).ParseDocument();
    }

    private static TomlException InvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < utf8.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                return new TomlException("the file is not valid UTF-8", line, i - lineStart + 1);
            if (utf8[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            i += consumed;
        }
        return new TomlException("the file is not valid UTF-8", line, 1);
    }

    private static void RejectLoneSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            var line = 1 + text.AsSpan(0, i).Count('\n');
            var column = i - text.LastIndexOf('\n', Math.Max(i - 1, 0));
            throw new TomlException("the text contains an unpaired surrogate, which is not Unicode", line, column);
        }
    }

    private TomlTable ParseDocument()
    {
        var root = new TomlTable(new TomlPosition(1, 1), TomlTableOrigin.Root);
        var current = root;
        while (true)
        {
            _reader.SkipWhitespace();
            switch (_reader.Peek())
            {
                case TomlReader.End:
                    return root;
                case '#' or '\n' or '\r':
                    _reader.ExpectEndOfLine("a comment");
                    break;
                case '[':
                    current = ParseHeader(root);
                    _reader.ExpectEndOfLine("a table header");
                    break;
                default:
                    ParseKeyValue(current, depth: 0);
                    _reader.ExpectEndOfLine("a value");
                    break;
            }
        }
    }

    // [a.b.c] or [[a.b.c]]: returns the table that the following key/value lines fill.
    private TomlTable ParseHeader(TomlTable root)
    {
        var at = _reader.Position;
        _reader.Advance();
        var isArray = _reader.Peek() == '[';
        if (isArray)
            _reader.Advance();
        var key = ParseKey();
        Expect(']', isArray ? "']]' to close the array-of-tables header" : "']' to close the table header");
        if (isArray)
            Expect(']', "']]' to close the array-of-tables header (no space between the brackets)");

        var table = root;
        for (var i = 0; i < key.Count - 1; i++)
            table = HeaderParent(table, key, i);

        var (name, namePos) = key[^1];
        var exists = table.TryGetValue(name, out var node);
        if (isArray)
        {
            if (!exists)
            {
                node = new TomlArray(at, isArrayOfTables: true);
                table.Add(name, namePos, node);
            }
            if (node is not TomlArray { IsArrayOfTables: true } array)
                throw TomlReader.Error($"cannot append to '{Dotted(key)}': it is already a {Kind(node!)}", namePos);
            var element = new TomlTable(at, TomlTableOrigin.Header);
            array.Add(element);
            return element;
        }
        if (!exists)
        {
            var created = new TomlTable(at, TomlTableOrigin.Header);
            table.Add(name, namePos, created);
            return created;
        }
        if (node is TomlTable { Origin: TomlTableOrigin.Implicit } implicitTable)
        {
            implicitTable.Origin = TomlTableOrigin.Header;
            return implicitTable;
        }
        throw TomlReader.Error($"cannot define table '{Dotted(key)}': it is already defined as {Kind(node!)}", namePos);
    }

    // One step along a header's key: into an existing table, into the last table of an array of tables, or a new implicit table.
    private static TomlTable HeaderParent(TomlTable table, List<(string Name, TomlPosition Position)> key, int index)
    {
        var (name, pos) = key[index];
        if (!table.TryGetValue(name, out var node))
        {
            var created = new TomlTable(pos, TomlTableOrigin.Implicit);
            table.Add(name, pos, created);
            return created;
        }
        return node switch
        {
            TomlTable { IsInline: false } t => t,
            TomlArray { IsArrayOfTables: true } a => (TomlTable)a[^1],
            _ => throw TomlReader.Error($"cannot add to '{Dotted(key, index + 1)}': it is already {Kind(node)}", pos),
        };
    }

    // key = value, at the top level or inside { }. Dotted keys may only pass through tables that dotted keys created.
    private void ParseKeyValue(TomlTable table, int depth)
    {
        var key = ParseKey();
        if (_reader.Peek() != '=')
            throw _reader.Error($"expected '=' after the key '{Dotted(key)}', found {TomlReader.Describe(_reader.Peek())}");
        _reader.Advance();
        _reader.SkipWhitespace();

        for (var i = 0; i < key.Count - 1; i++)
        {
            var (part, partPos) = key[i];
            if (!table.TryGetValue(part, out var node))
            {
                var created = new TomlTable(partPos, TomlTableOrigin.Dotted);
                table.Add(part, partPos, created);
                table = created;
            }
            else if (node is TomlTable { Origin: TomlTableOrigin.Dotted } dotted)
                table = dotted;
            else
                throw TomlReader.Error($"cannot add to '{Dotted(key, i + 1)}' with a dotted key: it is already {Kind(node)}", partPos);
        }

        var (name, namePos) = key[^1];
        if (table.ContainsKey(name))
            throw TomlReader.Error($"duplicate key '{Dotted(key)}'", namePos);
        table.Add(name, namePos, ParseValue(depth));
    }

    // A key: bare or quoted parts joined by dots, with optional whitespace around each part. Consumes trailing whitespace.
    private List<(string Name, TomlPosition Position)> ParseKey()
    {
        var parts = new List<(string, TomlPosition)>();
        while (true)
        {
            _reader.SkipWhitespace();
            var at = _reader.Position;
            var c = _reader.Peek();
            string name;
            if (c is '"' or '\'')
            {
                if (_reader.PeekIs(c == '"' ? "\"\"\"" : "'''"))
                    throw _reader.Error("a multi-line string cannot be used as a key");
                name = c == '"' ? ParseBasicString() : ParseLiteralString();
            }
            else if (TomlReader.IsBareKeyChar(c))
                name = ReadBareKey();
            else
                throw _reader.Error($"expected a key, found {TomlReader.Describe(c)}");
            parts.Add((name, at));
            _reader.SkipWhitespace();
            if (_reader.Peek() != '.')
                return parts;
            _reader.Advance();
        }
    }

    private string ReadBareKey()
    {
        var sb = new StringBuilder();
        while (TomlReader.IsBareKeyChar(_reader.Peek()))
        {
            sb.Append((char)_reader.Peek());
            _reader.Advance();
        }
        return sb.ToString();
    }

    private void Expect(char c, string what)
    {
        if (_reader.Peek() != c)
            throw _reader.Error($"expected {what}, found {TomlReader.Describe(_reader.Peek())}");
        _reader.Advance();
    }

    private static string Dotted(List<(string Name, TomlPosition Position)> key, int count = int.MaxValue) =>
        string.Join('.', key.Take(count).Select(k => TomlReader.IsBareKeyName(k.Name) ? k.Name : $"\"{k.Name}\""));

    private static string Kind(TomlNode node) => node switch
    {
        TomlTable { IsInline: true } => "an inline table, which cannot be extended",
        TomlTable => "a table",
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "an array value, which cannot be extended",
        _ => $"a value of type {node.TypeName}",
    };
}

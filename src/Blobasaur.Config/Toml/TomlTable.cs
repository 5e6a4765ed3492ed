namespace Blobasaur.Config.Toml;

/// <summary>One key of a table: its name, where the key itself was written, and its value.</summary>
public sealed record TomlEntry(string Key, TomlPosition KeyPosition, TomlNode Value);

/// <summary>
/// A table. Entries keep the order in which they were written, so messages and round trips follow the file.
/// The parser also records how the table came to exist, because TOML 1.0 allows different later additions for each.
/// </summary>
public sealed class TomlTable : TomlNode, IEnumerable<TomlEntry>
{
    private readonly Dictionary<string, TomlEntry> _byKey = new(StringComparer.Ordinal);
    private readonly List<TomlEntry> _entries = [];

    internal TomlTable(TomlPosition position, TomlTableOrigin origin) : base(position) => Origin = origin;

    public override string TypeName => "table";
    public int Count => _entries.Count;
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>True for <c>{ ... }</c> tables, which are complete as written and can never be extended.</summary>
    public bool IsInline => Origin == TomlTableOrigin.Inline;

    internal TomlTableOrigin Origin { get; set; }

    public TomlNode this[string key] => _byKey[key].Value;

    public bool TryGetValue(string key, out TomlNode value)
    {
        if (_byKey.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }
        value = null!;
        return false;
    }

    public bool TryGetEntry(string key, out TomlEntry entry) => _byKey.TryGetValue(key, out entry!);

    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    internal void Add(string key, TomlPosition keyPosition, TomlNode value)
    {
        var entry = new TomlEntry(key, keyPosition, value);
        _byKey.Add(key, entry);
        _entries.Add(entry);
    }

    public IEnumerator<TomlEntry> GetEnumerator() => _entries.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>How a table came to exist; decides what later lines may still add to it (TOML 1.0 "Table" section).</summary>
internal enum TomlTableOrigin
{
    /// <summary>The document root.</summary>
    Root,
    /// <summary>Created only as a parent in a header like <c>[a.b]</c> (for <c>a</c>); a later <c>[a]</c> may define it once.</summary>
    Implicit,
    /// <summary>Defined by its own <c>[header]</c> or as an element of <c>[[header]]</c>; cannot be defined again.</summary>
    Header,
    /// <summary>Created by a dotted key (<c>a.b = 1</c>); more dotted keys may add to it, a header may not define it.</summary>
    Dotted,
    /// <summary>Written as <c>{ ... }</c>; frozen.</summary>
    Inline,
}

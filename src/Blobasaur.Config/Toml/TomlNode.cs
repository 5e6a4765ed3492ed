namespace Blobasaur.Config.Toml;

/// <summary>Where something starts in the source text; both numbers count from 1, columns in UTF-16 code units.</summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// Any value of a TOML document: a table, an array or a scalar. Every node remembers where it was written,
/// so the config binder can point at the exact line of a bad setting.
/// </summary>
public abstract class TomlNode(TomlPosition position)
{
    public TomlPosition Position { get; } = position;
    public int Line => Position.Line;

    /// <summary>The TOML type name used in messages ("integer", "table", ...), matching the spec's vocabulary.</summary>
    public abstract string TypeName { get; }
}

public sealed class TomlString(string value, TomlPosition position) : TomlNode(position)
{
    public string Value { get; } = value;
    public override string TypeName => "string";
    public override string ToString() => Value;
}

public sealed class TomlInteger(long value, TomlPosition position) : TomlNode(position)
{
    public long Value { get; } = value;
    public override string TypeName => "integer";
}

public sealed class TomlFloat(double value, TomlPosition position) : TomlNode(position)
{
    public double Value { get; } = value;
    public override string TypeName => "float";
}

public sealed class TomlBoolean(bool value, TomlPosition position) : TomlNode(position)
{
    public bool Value { get; } = value;
    public override string TypeName => "boolean";
}

/// <summary>
/// A date-time with an offset. Kept as local time plus offset rather than <see cref="DateTimeOffset"/>, because TOML allows
/// offsets up to ±23:59 and instants just outside year 1..9999 (e.g. 0001-01-01T00:00:00+05:00), which DateTimeOffset rejects.
/// </summary>
public sealed class TomlOffsetDateTime(DateTime local, TimeSpan offset, TomlPosition position) : TomlNode(position)
{
    /// <summary>The wall-clock time as written (Kind = Unspecified).</summary>
    public DateTime Local { get; } = local;
    public TimeSpan Offset { get; } = offset;
    public override string TypeName => "offset date-time";

    /// <summary>The same instant, or null when .NET cannot represent it (offset beyond ±14:00 or outside years 1..9999).</summary>
    public DateTimeOffset? ToDateTimeOffset()
    {
        if (Offset.Duration() > TimeSpan.FromHours(14))
            return null;
        var utcTicks = Local.Ticks - Offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            return null;
        return new DateTimeOffset(Local, Offset);
    }
}

public sealed class TomlLocalDateTime(DateTime value, TomlPosition position) : TomlNode(position)
{
    public DateTime Value { get; } = value;
    public override string TypeName => "local date-time";
}

public sealed class TomlLocalDate(DateOnly value, TomlPosition position) : TomlNode(position)
{
    public DateOnly Value { get; } = value;
    public override string TypeName => "local date";
}

public sealed class TomlLocalTime(TimeOnly value, TomlPosition position) : TomlNode(position)
{
    public TimeOnly Value { get; } = value;
    public override string TypeName => "local time";
}

/// <summary>An array: either a value written as <c>[ ... ]</c> or an array of tables built by <c>[[header]]</c> lines.</summary>
public sealed class TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    private readonly List<TomlNode> _items = [];

    internal TomlArray(TomlPosition position, bool isArrayOfTables) : base(position) => IsArrayOfTables = isArrayOfTables;

    /// <summary>True when built by <c>[[header]]</c>; only such arrays may be appended to by later headers.</summary>
    public bool IsArrayOfTables { get; }
    public override string TypeName => "array";
    public int Count => _items.Count;
    public TomlNode this[int index] => _items[index];

    internal void Add(TomlNode item) => _items.Add(item);

    public IEnumerator<TomlNode> GetEnumerator() => _items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Text;

namespace Blobasaur.Protocol;

/// <summary>
/// A reply value, independent of the wire dialect: <see cref="ReplyWriter"/> renders it as RESP2 or RESP3
/// (a map becomes a flat array in RESP2, a null becomes "$-1" or "_", a verbatim string a bulk string).
/// Handlers return replies; they never touch the connection. Common replies are cached singletons.
/// </summary>
public abstract class Reply
{
    public static readonly Reply Ok = new SimpleReply("OK");
    public static readonly Reply Pong = new SimpleReply("PONG");
    /// <summary>A missing value: "$-1" in RESP2, "_" in RESP3.</summary>
    public static readonly Reply Null = new NullReply(isArray: false);
    /// <summary>A missing aggregate: "*-1" in RESP2, "_" in RESP3.</summary>
    public static readonly Reply NullArray = new NullReply(isArray: true);
    public static readonly Reply EmptyArray = new ArrayReply([]);
    public static readonly Reply EmptyBulk = new BulkReply(ReadOnlyMemory<byte>.Empty, null);

    private static readonly IntegerReply[] SmallIntegers = Enumerable.Range(-1, 258).Select(i => new IntegerReply(i)).ToArray();

    public static Reply Simple(string text) => new SimpleReply(text);

    public static Reply Error(string text) => new ErrorReply(text);

    public static Reply Integer(long value) => value is >= -1 and <= 256 ? SmallIntegers[value + 1] : new IntegerReply(value);

    public static Reply Bulk(byte[] value) => value.Length == 0 ? EmptyBulk : new BulkReply(value, null);

    public static Reply Bulk(string value) => Bulk(Encoding.UTF8.GetBytes(value));

    /// <summary>A bulk string over memory owned by <paramref name="owner"/>, disposed once the reply is written (pooled buffers).</summary>
    public static Reply Bulk(ReadOnlyMemory<byte> value, IDisposable? owner) => new BulkReply(value, owner);

    public static Reply BulkOrNull(byte[]? value) => value is null ? Null : Bulk(value);

    public static Reply Array(IReadOnlyList<Reply> items) => items.Count == 0 ? EmptyArray : new ArrayReply(items);

    public static Reply Set(IReadOnlyList<Reply> items) => new SetReply(items);

    public static Reply Map(IReadOnlyList<KeyValuePair<Reply, Reply>> entries) => new MapReply(entries);

    public static Reply Double(double value) => new DoubleReply(value);

    public static Reply Boolean(bool value) => new BooleanReply(value);

    /// <summary>A RESP3 verbatim string ("=len\r\ntxt:..."); a plain bulk string in RESP2. Used for INFO and CLUSTER NODES.</summary>
    public static Reply Verbatim(string text, string format = "txt") => new VerbatimReply(format, Encoding.UTF8.GetBytes(text));
}

public sealed class SimpleReply(string text) : Reply
{
    public string Text { get; } = text;
}

public sealed class ErrorReply(string text) : Reply
{
    /// <summary>The error text without the leading '-', e.g. "ERR syntax error".</summary>
    public string Text { get; } = text;
}

public sealed class IntegerReply(long value) : Reply
{
    public long Value { get; } = value;
}

public sealed class BulkReply(ReadOnlyMemory<byte> value, IDisposable? owner) : Reply
{
    public ReadOnlyMemory<byte> Value { get; } = value;
    public IDisposable? Owner { get; } = owner;
}

public sealed class NullReply(bool isArray) : Reply
{
    public bool IsArray { get; } = isArray;
}

public sealed class ArrayReply(IReadOnlyList<Reply> items) : Reply
{
    public IReadOnlyList<Reply> Items { get; } = items;
}

public sealed class SetReply(IReadOnlyList<Reply> items) : Reply
{
    public IReadOnlyList<Reply> Items { get; } = items;
}

public sealed class MapReply(IReadOnlyList<KeyValuePair<Reply, Reply>> entries) : Reply
{
    public IReadOnlyList<KeyValuePair<Reply, Reply>> Entries { get; } = entries;
}

public sealed class DoubleReply(double value) : Reply
{
    public double Value { get; } = value;
}

public sealed class BooleanReply(bool value) : Reply
{
    public bool Value { get; } = value;
}

public sealed class VerbatimReply(string format, byte[] text) : Reply
{
    public string Format { get; } = format;
    public byte[] Text { get; } = text;
}

using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Blobasaur.Protocol;

/// <summary>
/// Renders <see cref="Reply"/> values in RESP2 or RESP3 (https://redis.io/docs/latest/develop/reference/protocol-spec/).
/// Writes straight into the connection's <see cref="IBufferWriter{T}"/>; large bulk payloads are copied once, in chunks.
/// </summary>
public static class ReplyWriter
{
    public static void Write(IBufferWriter<byte> writer, Reply reply, ProtocolVersion protocol)
    {
        switch (reply)
        {
            case BulkReply bulk:
                WriteBulk(writer, bulk.Value.Span);
                bulk.Owner?.Dispose();
                break;
            case SimpleReply simple:
                WriteLine(writer, (byte)'+', simple.Text);
                break;
            case ErrorReply error:
                WriteLine(writer, (byte)'-', error.Text);
                break;
            case IntegerReply integer:
                WriteHeader(writer, (byte)':', integer.Value);
                break;
            case NullReply nul:
                writer.Write(protocol == ProtocolVersion.Resp3 ? "_\r\n"u8 : nul.IsArray ? "*-1\r\n"u8 : "$-1\r\n"u8);
                break;
            case ArrayReply array:
                WriteAggregate(writer, (byte)'*', array.Items, protocol);
                break;
            case SetReply set:
                WriteAggregate(writer, protocol == ProtocolVersion.Resp3 ? (byte)'~' : (byte)'*', set.Items, protocol);
                break;
            case MapReply map:
                WriteMap(writer, map, protocol);
                break;
            case DoubleReply d:
                WriteDouble(writer, d.Value, protocol);
                break;
            case BooleanReply b:
                writer.Write(protocol == ProtocolVersion.Resp3 ? (b.Value ? "#t\r\n"u8 : "#f\r\n"u8) : (b.Value ? ":1\r\n"u8 : ":0\r\n"u8));
                break;
            case VerbatimReply v:
                WriteVerbatim(writer, v, protocol);
                break;
            default:
                throw new InvalidOperationException($"Unknown reply type {reply.GetType().Name}");
        }
    }

    /// <summary>Releases pooled buffers of a reply that will not be written (the connection closed first).</summary>
    public static void Discard(Reply reply)
    {
        if (reply is BulkReply { Owner: { } owner }) owner.Dispose();
        else if (reply is ArrayReply array) foreach (var item in array.Items) Discard(item);
    }

    public static void WriteBulk(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteHeader(writer, (byte)'$', value.Length);
        writer.Write(value);
        writer.Write("\r\n"u8);
    }

    private static void WriteAggregate(IBufferWriter<byte> writer, byte prefix, IReadOnlyList<Reply> items, ProtocolVersion protocol)
    {
        WriteHeader(writer, prefix, items.Count);
        foreach (var item in items) Write(writer, item, protocol);
    }

    private static void WriteMap(IBufferWriter<byte> writer, MapReply map, ProtocolVersion protocol)
    {
        if (protocol == ProtocolVersion.Resp3) WriteHeader(writer, (byte)'%', map.Entries.Count);
        else WriteHeader(writer, (byte)'*', map.Entries.Count * 2L);
        foreach (var (key, value) in map.Entries)
        {
            Write(writer, key, protocol);
            Write(writer, value, protocol);
        }
    }

    private static void WriteDouble(IBufferWriter<byte> writer, double value, ProtocolVersion protocol)
    {
        var text = double.IsPositiveInfinity(value) ? "inf"
            : double.IsNegativeInfinity(value) ? "-inf"
            : double.IsNaN(value) ? "nan"
            : value.ToString("R", CultureInfo.InvariantCulture);
        if (protocol == ProtocolVersion.Resp3) WriteLine(writer, (byte)',', text);
        else WriteBulk(writer, Encoding.ASCII.GetBytes(text));
    }

    private static void WriteVerbatim(IBufferWriter<byte> writer, VerbatimReply v, ProtocolVersion protocol)
    {
        if (protocol != ProtocolVersion.Resp3)
        {
            WriteBulk(writer, v.Text);
            return;
        }

        WriteHeader(writer, (byte)'=', v.Text.Length + 4);
        writer.Write(Encoding.ASCII.GetBytes(v.Format));
        writer.Write(":"u8);
        writer.Write(v.Text);
        writer.Write("\r\n"u8);
    }

    private static void WriteLine(IBufferWriter<byte> writer, byte prefix, string text)
    {
        var span = writer.GetSpan(text.Length * 3 + 3);
        span[0] = prefix;
        var n = Encoding.UTF8.GetBytes(text, span[1..]);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        writer.Advance(n + 3);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long value)
    {
        var span = writer.GetSpan(24);
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var n);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        writer.Advance(n + 3);
    }
}

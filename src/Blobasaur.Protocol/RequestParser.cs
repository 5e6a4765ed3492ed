using System.Buffers;

namespace Blobasaur.Protocol;

/// <summary>
/// Incremental RESP request parser: multibulk arrays of bulk strings (what every client library sends) and inline commands
/// (what telnet sends). Stateless: each call parses one request from the start of the buffer.
/// <para>
/// Contract, as SequenceReader-based parsers in RESPite: <see cref="OperationStatus.Done"/> gives a request and the position after
/// it; <see cref="OperationStatus.NeedMoreData"/> gives the buffer length worth waiting for, so a 100 MB value arriving in 64 KB
/// pieces is scanned once per piece only by its header, never re-copied (no quadratic work); <see cref="OperationStatus.InvalidData"/>
/// gives the text that follows "ERR Protocol error: " and the caller closes the connection.
/// </para>
/// Limits are checked on the headers, before any argument memory is allocated. Each argument is copied exactly once.
/// </summary>
public static class RequestParser
{
    // "*<count>\r\n" and "$<len>\r\n" headers: a 19-digit number plus sign and CRLF fits; anything longer is garbage.
    private const int MaxHeaderLine = 32;

    // The smallest possible argument, "$0\r\n\r\n": a lower bound for the bytes the arguments not yet seen still need.
    private const int MinArgumentBytes = 6;

    // Above this many arguments nothing is walked or allocated until the buffer could hold them all (Redis preallocates
    // min(count, 1024) argv slots for the same reason). Smaller requests are walked at once, so framing errors show up early.
    private const int EagerArgumentCount = 1024;

    public static OperationStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        in RespLimits limits,
        out RespRequest request,
        out SequencePosition consumed,
        out long minBufferLength,
        out string? error)
    {
        request = RespRequest.Empty;
        consumed = buffer.Start;
        minBufferLength = 0;
        error = null;
        if (buffer.IsEmpty)
        {
            minBufferLength = 1;
            return OperationStatus.NeedMoreData;
        }

        // The first segment may be empty (a pipe can hand out one), so peek through the sequence rather than FirstSpan[0].
        var peek = new SequenceReader<byte>(buffer);
        peek.TryPeek(out var first);
        return first == (byte)'*'
            ? ParseMultibulk(buffer, limits, out request, out consumed, out minBufferLength, out error)
            : InlineParser.TryParse(buffer, limits, out request, out consumed, out minBufferLength, out error);
    }

    private static OperationStatus ParseMultibulk(
        in ReadOnlySequence<byte> buffer,
        in RespLimits limits,
        out RespRequest request,
        out SequencePosition consumed,
        out long minBufferLength,
        out string? error)
    {
        request = RespRequest.Empty;
        consumed = buffer.Start;
        minBufferLength = 0;
        error = null;

        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(1);
        var header = TryReadNumberLine(ref reader, out var count);
        if (header == LineStatus.Incomplete) return NeedMore(buffer.Length + 1, out minBufferLength);
        if (header == LineStatus.TooLong) return Invalid("too big mbulk count string", out error);
        if (header == LineStatus.NotANumber || count > limits.MaxMultibulkLength)
            return Invalid("invalid multibulk length", out error);
        if (limits.Unauthenticated && count > RespLimits.UnauthenticatedMaxArguments)
            return Invalid(RespErrors.UnauthenticatedMultibulk, out error);
        if (count <= 0)
        {
            // Redis ignores "*0" and "*-1" requests without a reply.
            consumed = reader.Position;
            return OperationStatus.Done;
        }

        if (count > EagerArgumentCount && reader.Remaining < count * MinArgumentBytes)
            return NeedMore(reader.Consumed + count * MinArgumentBytes, out minBufferLength);

        // Pass 1 walks the headers and skips payloads without allocating anything but the position list.
        var slots = ArrayPool<(SequencePosition Start, int Length)>.Shared.Rent((int)count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                // When waiting, ask for the current argument plus the minimum size of the ones after it, so a request with many
                // arguments arriving in small pieces is not re-walked from its start for every piece.
                var later = (count - i - 1) * MinArgumentBytes;
                if (!reader.TryPeek(out var prefix)) return NeedMore(reader.Consumed + MinArgumentBytes + later, out minBufferLength);
                if (prefix != (byte)'$') return Invalid($"expected '$', got '{Printable(prefix)}'", out error);
                reader.Advance(1);
                header = TryReadNumberLine(ref reader, out var length);
                if (header == LineStatus.Incomplete) return NeedMore(buffer.Length + 1 + later, out minBufferLength);
                if (header == LineStatus.TooLong) return Invalid("too big bulk count string", out error);
                if (header == LineStatus.NotANumber || length < 0 || length > limits.MaxBulkLength)
                    return Invalid("invalid bulk length", out error);
                if (limits.Unauthenticated && length > RespLimits.UnauthenticatedMaxBulk)
                    return Invalid(RespErrors.UnauthenticatedBulk, out error);
                if (reader.Remaining < length + 2) return NeedMore(reader.Consumed + length + 2 + later, out minBufferLength);

                slots[i] = (reader.Position, (int)length);
                reader.Advance(length);
                if (!reader.IsNext("\r\n"u8, advancePast: true)) return Invalid("expected CRLF after bulk data", out error);
            }

            // Pass 2: the whole request is here; copy each argument once into its own array.
            var args = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                var (start, length) = slots[i];
                var arg = length == 0 ? [] : GC.AllocateUninitializedArray<byte>(length);
                buffer.Slice(start, length).CopyTo(arg);
                args[i] = arg;
            }

            request = new RespRequest(args, isInline: false);
            consumed = reader.Position;
            return OperationStatus.Done;
        }
        finally
        {
            ArrayPool<(SequencePosition, int)>.Shared.Return(slots);
        }
    }

    internal enum LineStatus { Ok, Incomplete, TooLong, NotANumber }

    /// <summary>Reads "[-]digits\r\n" from a bounded window, so garbage without CRLF is rejected without scanning the buffer.</summary>
    internal static LineStatus TryReadNumberLine(ref SequenceReader<byte> reader, out long value)
    {
        value = 0;
        Span<byte> window = stackalloc byte[MaxHeaderLine];
        scoped ReadOnlySpan<byte> span = reader.UnreadSpan;
        if (span.Length < MaxHeaderLine && reader.Remaining > span.Length)
        {
            var n = (int)Math.Min(reader.Remaining, MaxHeaderLine);
            reader.TryCopyTo(window[..n]);
            span = window[..n];
        }
        else if (span.Length > MaxHeaderLine)
        {
            span = span[..MaxHeaderLine];
        }

        var cr = span.IndexOf((byte)'\r');
        if (cr < 0) return span.Length >= MaxHeaderLine ? LineStatus.TooLong : LineStatus.Incomplete;
        if (cr + 1 >= span.Length) return LineStatus.Incomplete;
        if (span[cr + 1] != (byte)'\n' || !TryParseInt64(span[..cr], out value)) return LineStatus.NotANumber;
        reader.Advance(cr + 2);
        return LineStatus.Ok;
    }

    /// <summary>
    /// Strict decimal as Redis's string2ll (util.c), which Redis uses for these headers: "0", or an optional '-' and 1 to 19 digits
    /// without a leading zero; so "01", "-0", "+1" and " 1" are all invalid lengths, as they are in Redis.
    /// </summary>
    internal static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.Length == 1 && text[0] == (byte)'0') return true;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        if (digits.Length is 0 or > 19 || digits[0] == (byte)'0') return false;
        ulong acc = 0;
        foreach (var b in digits)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            acc = acc * 10 + d;
        }

        if (acc > long.MaxValue) return false;
        value = negative ? -(long)acc : (long)acc;
        return true;
    }

    internal static char Printable(byte b) => b is >= 0x20 and < 0x7f ? (char)b : '?';

    private static OperationStatus NeedMore(long length, out long minBufferLength)
    {
        minBufferLength = length;
        return OperationStatus.NeedMoreData;
    }

    internal static OperationStatus Invalid(string message, out string? error)
    {
        error = message;
        return OperationStatus.InvalidData;
    }
}

using System.Buffers;

namespace Blobasaur.Protocol;

/// <summary>
/// A multibulk request assembled while its bytes arrive, for requests too large to wait for whole (a 200 MB SET).
/// <see cref="RequestParser"/> leaves a request in the connection's buffer until all of it is there, so a huge value would
/// sit in the pipe <em>and</em> then be copied into its argument array: twice its size. Here each argument is copied out as
/// soon as its bytes arrive, so the caller can release them from the pipe at once; a bulk of at least
/// <see cref="Threshold"/> bytes gets its exact array up front (its length was checked against the limit) and is filled
/// piece by piece. Each byte is still copied exactly once.
/// </summary>
public sealed class StreamingRequest
{
    /// <summary>A request still missing at least this many bytes is assembled incrementally.</summary>
    public const int Threshold = 1 << 20;

    private readonly byte[][] _args;
    private int _done;
    private byte[]? _current;
    private int _filled;

    private StreamingRequest(long count) => _args = new byte[count][];

    /// <summary>
    /// Starts streaming when <see cref="RequestParser.TryParse"/> asked for at least <see cref="Threshold"/> more bytes of a
    /// multibulk request (it has already checked the headers it saw). Consumes the "*count" header.
    /// </summary>
    public static bool TryStart(in ReadOnlySequence<byte> buffer, long minBufferLength, out StreamingRequest request, out SequencePosition consumed)
    {
        request = null!;
        consumed = buffer.Start;
        if (minBufferLength - buffer.Length < Threshold || buffer.IsEmpty || buffer.FirstSpan.Length == 0 || buffer.FirstSpan[0] != (byte)'*')
            return false;
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(1);
        if (RequestParser.TryReadNumberLine(ref reader, out var count) != RequestParser.LineStatus.Ok || count <= 0) return false;
        request = new StreamingRequest(count);
        consumed = reader.Position;
        return true;
    }

    /// <summary>Copies what <paramref name="buffer"/> holds into the arguments; Done once the last one is complete.</summary>
    public OperationStatus Feed(in ReadOnlySequence<byte> buffer, in RespLimits limits, out RespRequest result, out SequencePosition consumed,
        out string? error)
    {
        result = RespRequest.Empty;
        error = null;
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            consumed = reader.Position;
            if (_current is not null)
            {
                var take = (int)Math.Min(reader.Remaining, _current.Length - _filled);
                reader.TryCopyTo(_current.AsSpan(_filled, take));
                reader.Advance(take);
                _filled += take;
                consumed = reader.Position;
                if (_filled < _current.Length || reader.Remaining < 2) return OperationStatus.NeedMoreData;
                if (!reader.IsNext("\r\n"u8, advancePast: true)) return RequestParser.Invalid("expected CRLF after bulk data", out error);
                _args[_done++] = _current;
                _current = null;
                continue;
            }

            if (_done == _args.Length)
            {
                result = new RespRequest(_args, isInline: false);
                return OperationStatus.Done;
            }

            if (!reader.TryPeek(out var prefix)) return OperationStatus.NeedMoreData;
            if (prefix != (byte)'$') return RequestParser.Invalid($"expected '$', got '{RequestParser.Printable(prefix)}'", out error);
            reader.Advance(1);
            var header = RequestParser.TryReadNumberLine(ref reader, out var length);
            if (header == RequestParser.LineStatus.Incomplete) return OperationStatus.NeedMoreData;
            if (header == RequestParser.LineStatus.TooLong) return RequestParser.Invalid("too big bulk count string", out error);
            if (header == RequestParser.LineStatus.NotANumber || length < 0 || length > limits.MaxBulkLength)
                return RequestParser.Invalid("invalid bulk length", out error);
            if (length >= Threshold)
            {
                _current = GC.AllocateUninitializedArray<byte>((int)length);
                _filled = 0;
                continue;
            }

            // A small argument is taken whole or not at all (its header stays in the buffer until it can be).
            if (reader.Remaining < length + 2) return OperationStatus.NeedMoreData;
            var arg = length == 0 ? [] : new byte[length];
            reader.TryCopyTo(arg);
            reader.Advance(length);
            if (!reader.IsNext("\r\n"u8, advancePast: true)) return RequestParser.Invalid("expected CRLF after bulk data", out error);
            _args[_done++] = arg;
        }
    }
}

using System.Buffers;

namespace Blobasaur.Protocol;

/// <summary>
/// A multibulk request assembled while its bytes arrive, for requests too large to wait for whole (a 200 MB SET).
/// <see cref="RequestParser"/> leaves a request in the connection's buffer until all of it is there, so a huge value would
/// sit in the pipe <em>and</em> then be copied into its argument array: twice its size. Here each argument is copied out as
/// soon as its bytes arrive, so the caller can release them from the pipe at once. A bulk of at least <see cref="Threshold"/>
/// bytes starts in a <see cref="Threshold"/>-byte array that doubles as data arrives, and takes its exact declared length once
/// more than an eighth of it has arrived: a header that declares 500 MB and sends nothing costs 1 MB, never 500 MB, and an
/// argument never holds more than 8 times what the client actually sent (plus the first 1 MB). Each byte is copied at most
/// twice (amortized).
/// </summary>
public sealed class StreamingRequest
{
    /// <summary>A request still missing at least this many bytes is assembled incrementally.</summary>
    public const int Threshold = 1 << 20;

    private readonly List<byte[]> _args;
    private readonly int _count;
    private long _completedBytes;
    private byte[]? _current;
    private int _length;
    private int _filled;

    // The argument list grows as arguments arrive (as Redis preallocates at most 1024 argv slots): "*1000000" alone costs little.
    private StreamingRequest(long count)
    {
        _count = (int)count;
        _args = new List<byte[]>((int)Math.Min(count, 1024));
    }

    /// <summary>Memory held for this request so far: completed arguments plus the array of the one being filled.</summary>
    public long HeldBytes => _completedBytes + (_current?.Length ?? 0);

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
                var take = (int)Math.Min(reader.Remaining, _length - _filled);
                Reserve(_filled + take);
                reader.TryCopyTo(_current.AsSpan(_filled, take));
                reader.Advance(take);
                _filled += take;
                consumed = reader.Position;
                if (_filled < _length || reader.Remaining < 2) return OperationStatus.NeedMoreData;
                if (!reader.IsNext("\r\n"u8, advancePast: true)) return RequestParser.Invalid("expected CRLF after bulk data", out error);
                Add(_current);
                _current = null;
                continue;
            }

            if (_args.Count == _count)
            {
                result = new RespRequest([.. _args], isInline: false);
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
            if (limits.Unauthenticated && length > RespLimits.UnauthenticatedMaxBulk)
                return RequestParser.Invalid(RespErrors.UnauthenticatedBulk, out error);
            if (length >= Threshold)
            {
                _length = (int)length;
                _current = GC.AllocateUninitializedArray<byte>(Threshold);
                _filled = 0;
                continue;
            }

            // A small argument is taken whole or not at all (its header stays in the buffer until it can be).
            if (reader.Remaining < length + 2) return OperationStatus.NeedMoreData;
            var arg = length == 0 ? [] : new byte[length];
            reader.TryCopyTo(arg);
            reader.Advance(length);
            if (!reader.IsNext("\r\n"u8, advancePast: true)) return RequestParser.Invalid("expected CRLF after bulk data", out error);
            Add(arg);
        }
    }

    private void Add(byte[] arg)
    {
        _args.Add(arg);
        _completedBytes += arg.Length;
    }

    // Grows the argument being filled to hold at least `needed` bytes: doubling while little has arrived, then, once more than
    // an eighth of the declared length is here, straight to the exact length (one last copy of at most that eighth, instead
    // of doubling to the end, which would hold up to 1.6x the value at the last copy: the 200 MB SET test bounds that peak).
    private void Reserve(int needed)
    {
        if (needed <= _current!.Length) return;
        var next = Math.Max(needed, 2L * _current.Length);
        if (next * 4 >= _length) next = _length;
        var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(_length, next));
        _current.AsSpan(0, _filled).CopyTo(grown);
        _current = grown;
    }
}

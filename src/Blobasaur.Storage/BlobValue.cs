using System.Buffers;

namespace Blobasaur.Storage;

// A value read from storage, leased from ArrayPool so that a GET of a large value does not put a fresh array on the
// large object heap (perf-baselines.md: a byte[] per 100 KiB read halves throughput in GC). Dispose it once the
// reply is written; Memory must not be used after that.
public sealed class BlobValue : IDisposable
{
    private byte[]? _buffer;

    private BlobValue(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(BlobValue))).AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    public byte[] ToArray() => Span.ToArray();

    // Set only on a value the writer read still encoded (GETDEL, SET ... GET): the row's codec and original length,
    // for ValueCompression.Decode after the commit. 0 for every value handed to a caller.
    internal long Codec { get; private init; }
    internal long DecodedLength { get; private init; }

    internal Span<byte> Writable => (_buffer ?? throw new ObjectDisposedException(nameof(BlobValue))).AsSpan(0, Length);

    internal static BlobValue Copy(ReadOnlySpan<byte> source)
    {
        var value = Rent(source.Length);
        source.CopyTo(value.Writable);
        return value;
    }

    /// <summary>A pooled value of the given length for the caller to fill through Writable (range reads, decoding).</summary>
    internal static BlobValue Rent(int length) => new(ArrayPool<byte>.Shared.Rent(Math.Max(length, 1)), length);

    internal static BlobValue CopyEncoded(ReadOnlySpan<byte> stored, long codec, long size)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(stored.Length, 1));
        stored.CopyTo(buffer);
        return new BlobValue(buffer, stored.Length) { Codec = codec, DecodedLength = size };
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}

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

    internal static BlobValue Copy(ReadOnlySpan<byte> source)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(source.Length, 1));
        source.CopyTo(buffer);
        return new BlobValue(buffer, source.Length);
    }

    /// <summary>A pooled value of the given length for the caller to fill through Writable (range reads).</summary>
    internal static BlobValue Rent(int length) => new(ArrayPool<byte>.Shared.Rent(Math.Max(length, 1)), length);

    internal Span<byte> Writable => (_buffer ?? throw new ObjectDisposedException(nameof(BlobValue))).AsSpan(0, Length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}

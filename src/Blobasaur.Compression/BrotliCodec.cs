using System.IO.Compression;

namespace Blobasaur.Compression;

// Brotli from System.IO.Compression, span to span (BrotliEncoder/BrotliDecoder.Try*): no stream, no copy.
// Levels are Brotli's qualities 0..11; the window is 22 bits (4 MB), the library default. Brotli has no checksum:
// structural damage and a wrong length are detected, a flipped literal may not be.
public sealed class BrotliCodec : ICompressionCodec
{
    private const int Window = 22;

    public static BrotliCodec Instance { get; } = new();

    public CodecId Id => CodecId.Brotli;
    public string Name => "brotli";
    public int MinLevel => 0;
    public int MaxLevel => 11;
    public int DefaultLevel => 4;

    public void EnsureAvailable()
    {
    }

    public int MaxCompressedLength(int length) => checked((int)BrotliEncoder.GetMaxCompressedLength(length));

    public bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        return BrotliEncoder.TryCompress(source, destination, out written, level, Window);
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using var decoder = new BrotliDecoder();
        // An empty destination would make the decoder report DestinationTooSmall before it looks at the data.
        Span<byte> none = stackalloc byte[1];
        var status = decoder.Decompress(source, destination.IsEmpty ? none : destination, out var consumed, out var written);
        if (status != System.Buffers.OperationStatus.Done)
            throw new CompressedDataException(Name, status == System.Buffers.OperationStatus.DestinationTooSmall
                ? $"decodes to more than the expected {destination.Length} bytes"
                : $"decoder stopped with {status} after {written} bytes");
        if (written != destination.Length || consumed != source.Length)
            throw new CompressedDataException(Name, $"decoded {written} bytes from {consumed} of {source.Length}, expected {destination.Length}");
    }
}

namespace Blobasaur.Compression;

// Codec 0: the bytes as the client wrote them. Used for values below min_size, for values that do not shrink,
// and for every value when compression is off.
public sealed class NoneCodec : ICompressionCodec
{
    public static NoneCodec Instance { get; } = new();

    public CodecId Id => CodecId.None;
    public string Name => "none";
    public int MinLevel => 0;
    public int MaxLevel => 0;
    public int DefaultLevel => 0;

    public void EnsureAvailable()
    {
    }

    public int MaxCompressedLength(int length) => length;

    public bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written)
    {
        written = source.TryCopyTo(destination) ? source.Length : 0;
        return written == source.Length;
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
            throw new CompressedDataException(Name, $"stored {source.Length} bytes, expected {destination.Length}");
        source.CopyTo(destination);
    }
}

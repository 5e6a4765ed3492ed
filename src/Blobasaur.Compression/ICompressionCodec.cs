namespace Blobasaur.Compression;

// One compression format. Stateless and thread-safe. The caller stores the uncompressed length next to the
// compressed bytes (the row's `size` column), so Decompress gets a destination of exactly that length and allocates
// nothing; every codec checks that the data fills it exactly.
// How to add a codec: append an id to CodecId, add a file implementing this interface, list it in CodecRegistry,
// add its name to config (ConfigSettings "algorithm", ConfigValidation level range) and to KeyCommands.CodecName.
public interface ICompressionCodec
{
    CodecId Id { get; }

    /// <summary>The name used in config.toml and BLOBASAUR.META: none, gzip, zstd, lz4, brotli.</summary>
    string Name { get; }

    int MinLevel { get; }
    int MaxLevel { get; }
    int DefaultLevel { get; }

    /// <summary>Throws CodecUnavailableException (naming the Debian package) when the native library cannot be loaded.</summary>
    void EnsureAvailable();

    /// <summary>An output size that always suffices for a source of this length.</summary>
    int MaxCompressedLength(int length);

    /// <summary>
    /// Compresses source into destination. False when the result does not fit (callers pass a destination one byte
    /// shorter than the source to keep only output that shrinks). Level must be within MinLevel..MaxLevel.
    /// </summary>
    bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written);

    /// <summary>
    /// Decompresses source, whose uncompressed length is destination.Length. Throws CompressedDataException when the
    /// data is malformed, fails its checksum, or does not decode to exactly destination.Length bytes.
    /// </summary>
    void Decompress(ReadOnlySpan<byte> source, Span<byte> destination);
}

using System.Runtime.InteropServices;

namespace Blobasaur.Compression;

// LZ4 block format through the reference library liblz4.so.1 (Debian liblz4-1): https://github.com/lz4/lz4/blob/dev/lib/lz4.h
// Level 1 is LZ4_compress_default (the fast compressor); 2..12 go to LZ4_compress_HC at that level (lz4hc.h; 9 is
// its default, 12 its maximum). The block format has no checksum: LZ4_decompress_safe never reads or writes out of
// bounds and rejects malformed sequences and a wrong length, but a flipped literal byte decodes to a wrong value.
public sealed partial class Lz4Codec : ICompressionCodec
{
    private const string Library = "liblz4.so.1";
    private const int MaxInputSize = 0x7E000000; // LZ4_MAX_INPUT_SIZE

    private static readonly Lazy<bool> _loaded = NativeLibraryProbe.For(Library);

    public static Lz4Codec Instance { get; } = new();

    public CodecId Id => CodecId.Lz4;
    public string Name => "lz4";
    public int MinLevel => 1;
    public int MaxLevel => 12;
    public int DefaultLevel => 1;

    public void EnsureAvailable()
    {
        if (!_loaded.Value)
            throw new CodecUnavailableException(Name, Library, "liblz4-1");
    }

    public int MaxCompressedLength(int length)
    {
        EnsureAvailable();
        return Native.LZ4_compressBound(length);
    }

    public bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        EnsureAvailable();
        written = 0;
        if (source.Length > MaxInputSize)
            return false;
        ref var src = ref NativeLibraryProbe.Ref(source);
        ref var dst = ref NativeLibraryProbe.Ref(destination);
        // Both return 0 when the output does not fit in destination.
        written = level == 1
            ? Native.LZ4_compress_default(ref src, ref dst, source.Length, destination.Length)
            : Native.LZ4_compress_HC(ref src, ref dst, source.Length, destination.Length, level);
        return written > 0;
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        EnsureAvailable();
        var result = Native.LZ4_decompress_safe(ref NativeLibraryProbe.Ref(source), ref NativeLibraryProbe.Ref(destination),
            source.Length, destination.Length);
        if (result < 0)
            throw new CompressedDataException(Name, $"malformed block (LZ4_decompress_safe returned {result})");
        if (result != destination.Length)
            throw new CompressedDataException(Name, $"decoded {result} bytes, expected {destination.Length}");
    }

    private static partial class Native
    {
        [LibraryImport(Library)]
        public static partial int LZ4_compressBound(int inputSize);

        [LibraryImport(Library)]
        public static partial int LZ4_compress_default(ref byte src, ref byte dst, int srcSize, int dstCapacity);

        [LibraryImport(Library)]
        public static partial int LZ4_compress_HC(ref byte src, ref byte dst, int srcSize, int dstCapacity, int compressionLevel);

        [LibraryImport(Library)]
        public static partial int LZ4_decompress_safe(ref byte src, ref byte dst, int compressedSize, int dstCapacity);
    }
}

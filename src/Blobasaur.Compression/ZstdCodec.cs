using System.Runtime.InteropServices;

namespace Blobasaur.Compression;

// Zstandard through the reference library libzstd.so.1 (Debian libzstd1): https://facebook.github.io/zstd/zstd_manual.html
// Levels 1 (fast) to 22 (ultra); libzstd's negative "fast" levels are not offered, lz4 covers that end. Frames carry
// a content checksum (ZSTD_c_checksumFlag, 4 bytes per value), so any flipped byte is detected at read time, not
// returned as a wrong value. One compression and one decompression context per thread are kept and reused:
// ZSTD_decompress creates a context per call, which costs more than decoding a 4 KB value (64 x 4 KB JSON took
// 1.8-2.7 ms with it, 0.47-0.71 ms with a reused context; noisy machine, docs/benchmarks.md). Contexts live as long as their thread (thread-pool threads are long-lived).
public sealed partial class ZstdCodec : ICompressionCodec
{
    private const string Library = "libzstd.so.1";
    private const int CompressionLevelParam = 100; // ZSTD_c_compressionLevel
    private const int ChecksumFlagParam = 201;     // ZSTD_c_checksumFlag

    private static readonly Lazy<bool> _loaded = NativeLibraryProbe.For(Library);

    [ThreadStatic]
    private static nint t_context;

    [ThreadStatic]
    private static nint t_decompressContext;

    public static ZstdCodec Instance { get; } = new();

    public CodecId Id => CodecId.Zstd;
    public string Name => "zstd";
    public int MinLevel => 1;
    public int MaxLevel => 22;
    public int DefaultLevel => 3;

    public void EnsureAvailable()
    {
        if (!_loaded.Value)
            throw new CodecUnavailableException(Name, Library, "libzstd1");
    }

    public int MaxCompressedLength(int length)
    {
        EnsureAvailable();
        return checked((int)Native.ZSTD_compressBound((nuint)length));
    }

    public bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        EnsureAvailable();
        var context = Context();
        Check(Native.ZSTD_CCtx_setParameter(context, CompressionLevelParam, level));
        var result = Native.ZSTD_compress2(context, ref NativeLibraryProbe.Ref(destination), (nuint)destination.Length,
            ref NativeLibraryProbe.Ref(source), (nuint)source.Length);
        // The only error left once parameters are valid is "destination too small": the value does not shrink.
        written = Native.ZSTD_isError(result) != 0 ? 0 : (int)result;
        return Native.ZSTD_isError(result) == 0;
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        EnsureAvailable();
        if (t_decompressContext == 0)
            t_decompressContext = Native.ZSTD_createDCtx() is not 0 and var created ? created
                : throw new OutOfMemoryException("ZSTD_createDCtx failed");
        var result = Native.ZSTD_decompressDCtx(t_decompressContext, ref NativeLibraryProbe.Ref(destination), (nuint)destination.Length,
            ref NativeLibraryProbe.Ref(source), (nuint)source.Length);
        if (Native.ZSTD_isError(result) != 0)
            throw new CompressedDataException(Name, ErrorName(result));
        if (result != (nuint)destination.Length)
            throw new CompressedDataException(Name, $"decoded {result} bytes, expected {destination.Length}");
    }

    private static nint Context()
    {
        if (t_context == 0)
        {
            t_context = Native.ZSTD_createCCtx();
            if (t_context == 0)
                throw new OutOfMemoryException("ZSTD_createCCtx failed");
            Check(Native.ZSTD_CCtx_setParameter(t_context, ChecksumFlagParam, 1));
        }
        return t_context;
    }

    private static void Check(nuint result)
    {
        if (Native.ZSTD_isError(result) != 0)
            throw new InvalidOperationException("libzstd: " + ErrorName(result));
    }

    // ZSTD_getErrorName returns a static string: read it, never free it (so no string marshalling on the import).
    private static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(Native.ZSTD_getErrorName(code)) ?? "unknown error";

    private static partial class Native
    {
        [LibraryImport(Library)]
        public static partial nuint ZSTD_compressBound(nuint srcSize);

        [LibraryImport(Library)]
        public static partial nint ZSTD_createCCtx();

        [LibraryImport(Library)]
        public static partial nuint ZSTD_CCtx_setParameter(nint cctx, int param, int value);

        [LibraryImport(Library)]
        public static partial nuint ZSTD_compress2(nint cctx, ref byte dst, nuint dstCapacity, ref byte src, nuint srcSize);

        [LibraryImport(Library)]
        public static partial nint ZSTD_createDCtx();

        [LibraryImport(Library)]
        public static partial nuint ZSTD_decompressDCtx(nint dctx, ref byte dst, nuint dstCapacity, ref byte src, nuint srcSize);

        [LibraryImport(Library)]
        public static partial uint ZSTD_isError(nuint code);

        [LibraryImport(Library)]
        public static partial nint ZSTD_getErrorName(nuint code);
    }
}

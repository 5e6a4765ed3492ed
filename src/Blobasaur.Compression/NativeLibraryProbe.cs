using System.Runtime.InteropServices;

namespace Blobasaur.Compression;

// Helpers shared by the codecs that call a C library through [LibraryImport].
internal static class NativeLibraryProbe
{
    private static readonly byte[] _placeholder = new byte[1];

    /// <summary>Loads the library once and remembers the outcome; the import stubs then resolve to the same handle.</summary>
    public static Lazy<bool> For(string library) => new(() => NativeLibrary.TryLoad(library, out _));

    /// <summary>
    /// A reference to a span's first byte. An empty span may have no address, and the C libraries reject NULL even with
    /// a zero length, so an empty span is given a placeholder byte (the length passed alongside stays 0).
    /// </summary>
    public static ref byte Ref(ReadOnlySpan<byte> span) =>
        ref span.IsEmpty ? ref _placeholder[0] : ref MemoryMarshal.GetReference(span);
}

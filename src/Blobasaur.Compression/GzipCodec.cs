using System.Buffers;
using System.IO.Compression;

namespace Blobasaur.Compression;

// gzip (RFC 1952) from System.IO.Compression's GZipStream, which .NET builds on its bundled zlib-ng. Levels 0..9 are
// zlib's own and are passed through unchanged with ZLibCompressionOptions (0 = stored, 1 = fastest, 6 = zlib's
// default, 9 = smallest); the CompressionLevel enum is not used, since it has only four steps. The gzip trailer's
// CRC-32 and length are checked on read, so any damage is detected.
// There is no span-based gzip API, so both directions go through a stream over a pooled buffer: one extra copy of
// the compressed bytes each way, which is small next to deflate's own cost.
public sealed class GzipCodec : ICompressionCodec
{
    public static GzipCodec Instance { get; } = new();

    public CodecId Id => CodecId.Gzip;
    public string Name => "gzip";
    public int MinLevel => 0;
    public int MaxLevel => 9;
    public int DefaultLevel => 6;

    public void EnsureAvailable()
    {
    }

    // Deflate's stored blocks add 5 bytes per 16 KB at worst; zlib-ng's level 1 may add a little more. Generous on purpose.
    public int MaxCompressedLength(int length) => checked(length + (length >> 8) + 64);

    public bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(destination.Length, 1));
        try
        {
            var output = new BoundedStream(buffer, destination.Length);
            using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
                gzip.Write(source);
            written = output.Overflowed ? 0 : output.Written;
            if (output.Overflowed)
                return false;
            buffer.AsSpan(0, written).CopyTo(destination);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(source.Length, 1));
        try
        {
            source.CopyTo(buffer);
            using var gzip = new GZipStream(new MemoryStream(buffer, 0, source.Length, writable: false), CompressionMode.Decompress);
            var read = gzip.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            if (read != destination.Length)
                throw new CompressedDataException(Name, $"decoded {read} bytes, expected {destination.Length}");
            Span<byte> extra = stackalloc byte[1];
            if (gzip.Read(extra) != 0) // also reads to the trailer, so the CRC-32 is checked
                throw new CompressedDataException(Name, $"decodes to more than the expected {destination.Length} bytes");
        }
        catch (InvalidDataException ex)
        {
            throw new CompressedDataException(Name, ex.Message, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A write-only stream over a fixed buffer that records an overflow instead of throwing: an incompressible value
    // is the normal case here, not an exceptional one.
    private sealed class BoundedStream(byte[] buffer, int capacity) : Stream
    {
        public int Written { get; private set; }
        public bool Overflowed { get; private set; }

        public override void Write(ReadOnlySpan<byte> data)
        {
            if (Overflowed || Written + data.Length > capacity)
            {
                Overflowed = true;
                return;
            }
            data.CopyTo(buffer.AsSpan(Written));
            Written += data.Length;
        }

        public override void Write(byte[] data, int offset, int count) => Write(data.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] data, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

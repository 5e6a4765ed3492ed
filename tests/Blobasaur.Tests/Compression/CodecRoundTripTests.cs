using Blobasaur.Compression;

namespace Blobasaur.Tests.Compression;

public sealed class CodecRoundTripTests
{
    public static readonly TheoryData<string, int, bool> Cases = Build();

    private static TheoryData<string, int, bool> Build()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var codec in CodecRegistry.All)
            foreach (var size in new[] { 0, 1, 63, 64, 4096, 1 << 20, 8 << 20 })
                foreach (var compressible in new[] { false, true })
                    data.Add(codec.Name, size, compressible);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_codec_round_trips_random_and_compressible_data(string name, int size, bool compressible)
    {
        var codec = CodecRegistry.ByName(name)!;
        var input = compressible ? TestData.Text(size) : TestData.Random(size);

        var compressed = new byte[codec.MaxCompressedLength(size)];
        Assert.True(codec.TryCompress(input, compressed, codec.DefaultLevel, out var written));
        var output = new byte[size];
        codec.Decompress(compressed.AsSpan(0, written), output);

        Assert.Equal(input, output);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("lz4")]
    [InlineData("brotli")]
    public void Compression_gives_up_when_the_output_would_not_shrink(string name)
    {
        var codec = CodecRegistry.ByName(name)!;
        var random = TestData.Random(4096);
        var text = TestData.Text(4096);
        var buffer = new byte[4095];

        Assert.False(codec.TryCompress(random, buffer, codec.DefaultLevel, out _));
        Assert.True(codec.TryCompress(text, buffer, codec.DefaultLevel, out var written));
        Assert.InRange(written, 1, 2048);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("lz4")]
    [InlineData("brotli")]
    public void Every_level_in_range_round_trips(string name)
    {
        var codec = CodecRegistry.ByName(name)!;
        var input = TestData.Text(16 * 1024);
        var compressed = new byte[codec.MaxCompressedLength(input.Length)];
        var output = new byte[input.Length];
        for (var level = codec.MinLevel; level <= codec.MaxLevel; level++)
        {
            Assert.True(codec.TryCompress(input, compressed, level, out var written), $"level {level}");
            codec.Decompress(compressed.AsSpan(0, written), output);
            Assert.Equal(input, output);
        }
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("lz4")]
    [InlineData("brotli")]
    public void A_wrong_length_or_truncated_data_is_reported_as_corrupt(string name)
    {
        var codec = CodecRegistry.ByName(name)!;
        var input = TestData.Text(4096);
        var compressed = new byte[codec.MaxCompressedLength(input.Length)];
        Assert.True(codec.TryCompress(input, compressed, codec.DefaultLevel, out var written));
        var data = compressed.AsSpan(0, written).ToArray();

        Assert.Throws<CompressedDataException>(() => codec.Decompress(data, new byte[input.Length - 1]));
        Assert.Throws<CompressedDataException>(() => codec.Decompress(data, new byte[input.Length + 1]));
        Assert.Throws<CompressedDataException>(() => codec.Decompress(data.AsSpan(0, data.Length / 2), new byte[input.Length]));
        var ex = Assert.Throws<CompressedDataException>(() => codec.Decompress(TestData.Random(100), new byte[input.Length]));
        Assert.Equal(name, ex.Codec);
    }

    // gzip (CRC-32 trailer) and zstd (content checksum, which we turn on) detect any flipped byte of the data; lz4
    // blocks and brotli have no checksum, so there only structural damage is guaranteed to be caught (docs/storage.md).
    // gzip's 10-byte header (mtime, flags, OS) is not covered by its CRC and does not affect the value.
    [Theory]
    [InlineData("gzip", 10)]
    [InlineData("zstd", 0)]
    public void Checksummed_codecs_detect_a_flipped_byte_anywhere_in_the_data(string name, int uncheckedHeader)
    {
        var codec = CodecRegistry.ByName(name)!;
        var input = TestData.Text(4096);
        var compressed = new byte[codec.MaxCompressedLength(input.Length)];
        Assert.True(codec.TryCompress(input, compressed, codec.DefaultLevel, out var written));

        for (var i = uncheckedHeader; i < written; i += 7)
        {
            var damaged = compressed.AsSpan(0, written).ToArray();
            damaged[i] ^= 0x20;
            Assert.Throws<CompressedDataException>(() => codec.Decompress(damaged, new byte[input.Length]));
        }
    }

    [Fact]
    public void Codec_ids_are_the_stored_format_and_never_change()
    {
        Assert.Equal(["none", "gzip", "zstd", "lz4", "brotli"], CodecRegistry.All.Select(c => c.Name));
        Assert.Equal([0, 1, 2, 3, 4], CodecRegistry.All.Select(c => (int)c.Id));
        Assert.False(CodecRegistry.TryGet(5, out _));
        Assert.False(CodecRegistry.TryGet(-1, out _));
    }
}

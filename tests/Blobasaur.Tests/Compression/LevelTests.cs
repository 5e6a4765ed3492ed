using Blobasaur.Compression;
using Blobasaur.Config;

namespace Blobasaur.Tests.Compression;

public sealed class LevelTests
{
    [Theory]
    [InlineData("gzip", 0, 9, 6)]
    [InlineData("zstd", 1, 22, 3)]
    [InlineData("lz4", 1, 12, 1)]
    [InlineData("brotli", 0, 11, 4)]
    public void Each_codec_accepts_its_documented_levels_only(string name, int min, int max, int defaultLevel)
    {
        var codec = CodecRegistry.ByName(name)!;

        Assert.Equal((min, max, defaultLevel), (codec.MinLevel, codec.MaxLevel, codec.DefaultLevel));
        Assert.Equal(defaultLevel, CodecRegistry.ResolveLevel(codec, null));
        Assert.Equal(max, CodecRegistry.ResolveLevel(codec, max));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CodecRegistry.ResolveLevel(codec, max + 1));
        Assert.Contains($"{name} levels go from {min} to {max}", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CodecRegistry.ResolveLevel(codec, min - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.TryCompress([1, 2, 3], new byte[64], max + 1, out _));
    }

    // Config cannot reference Compression (both are leaves), so it keeps its own table: it must match the codecs.
    [Fact]
    public void Config_level_ranges_match_the_codecs()
    {
        foreach (var algorithm in Enum.GetValues<CompressionAlgorithm>().Where(a => a != CompressionAlgorithm.None))
        {
            var codec = CodecRegistry.Get((CodecId)(int)algorithm);
            Assert.Equal(algorithm.ToString(), codec.Name, ignoreCase: true);
            Assert.Equal((codec.MinLevel, codec.MaxLevel), ConfigValidation.LevelRange(algorithm));
        }
    }

    [Fact]
    public void Config_accepts_a_compression_algorithm_with_level_and_min_size()
    {
        var config = ConfigLoader.LoadText("[storage_compression]\nenabled = true\nalgorithm = \"lz4\"\nlevel = 9\nmin_size = 128\n",
            "f.toml", new Dictionary<string, string?>());

        Assert.Equal(CompressionAlgorithm.Lz4, config.StorageCompression.Algorithm);
        Assert.Equal(9, config.StorageCompression.Level);
        Assert.Equal(128, config.StorageCompression.MinSize);
        Assert.Equal(64, new CompressionSection().MinSize);
    }

    [Fact]
    public void A_missing_library_names_the_debian_package()
    {
        var ex = new CodecUnavailableException("zstd", "libzstd.so.1", "libzstd1");

        Assert.Equal("zstd needs the native library libzstd.so.1, which could not be loaded: install the Debian package libzstd1 "
            + "(apt-get install -y libzstd1)", ex.Message);
    }
}

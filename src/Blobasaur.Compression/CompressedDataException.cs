namespace Blobasaur.Compression;

/// <summary>Compressed bytes that cannot be decoded into the recorded length: damaged on disk, or not that codec's data.</summary>
public sealed class CompressedDataException(string codec, string detail, Exception? inner = null)
    : Exception($"{codec} data is corrupt: {detail}", inner)
{
    public string Codec { get; } = codec;
}

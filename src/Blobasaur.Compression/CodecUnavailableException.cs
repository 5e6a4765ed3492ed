namespace Blobasaur.Compression;

/// <summary>A codec whose native library could not be loaded. The message names the Debian package to install.</summary>
public sealed class CodecUnavailableException(string codec, string library, string package, Exception? inner = null)
    : Exception($"{codec} needs the native library {library}, which could not be loaded: install the Debian package {package} "
        + $"(apt-get install -y {package})", inner)
{
    public string Codec { get; } = codec;
    public string Package { get; } = package;
}

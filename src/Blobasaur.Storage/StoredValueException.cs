namespace Blobasaur.Storage;

public enum StoredValueProblem
{
    /// <summary>The bytes fail to decode (checksum, format or length): damaged on disk.</summary>
    Corrupt,
    /// <summary>The row's codec needs a native library that is not installed (e.g. a zstd row after libzstd1 was removed).</summary>
    CodecUnavailable,
}

/// <summary>
/// A stored value that cannot be read back. A fault, not an outcome (see STYLE.md "Errors"): the dispatcher answers
/// it with its own error text instead of "internal error"; the store has already counted and logged it.
/// </summary>
public sealed class StoredValueException(StoredValueProblem problem, string codec, Exception? inner = null)
    : Exception(problem == StoredValueProblem.Corrupt
        ? $"stored value is corrupt (codec {codec})"
        : $"stored value needs codec {codec}, which is not available: {inner?.Message}", inner)
{
    public StoredValueProblem Problem { get; } = problem;

    /// <summary>The codec's name (none, gzip, zstd, lz4, brotli) or unknown(N) for an id no codec has.</summary>
    public string Codec { get; } = codec;
}

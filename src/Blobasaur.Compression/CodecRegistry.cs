namespace Blobasaur.Compression;

// Every codec by its stored id and by its config name. Reads resolve the row's codec here whatever the configured
// algorithm is, so switching algorithms (or turning compression off) keeps every older row readable.
public static class CodecRegistry
{
    private static readonly ICompressionCodec[] _byId =
        [NoneCodec.Instance, GzipCodec.Instance, ZstdCodec.Instance, Lz4Codec.Instance, BrotliCodec.Instance];

    public static IReadOnlyList<ICompressionCodec> All => _byId;

    public static ICompressionCodec Get(CodecId id) =>
        TryGet((int)id, out var codec) ? codec : throw new ArgumentOutOfRangeException(nameof(id), id, "unknown codec");

    /// <summary>False for an id no codec has (a row from a newer version, or a damaged codec column).</summary>
    public static bool TryGet(long id, out ICompressionCodec codec)
    {
        codec = id >= 0 && id < _byId.Length ? _byId[id] : null!;
        return codec is not null;
    }

    public static ICompressionCodec? ByName(string name) =>
        Array.Find(_byId, c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The level to use: the configured one if given (checked against the codec's range), else the codec's default.</summary>
    public static int ResolveLevel(ICompressionCodec codec, int? level)
    {
        if (level is not { } value)
            return codec.DefaultLevel;
        if (value < codec.MinLevel || value > codec.MaxLevel)
            throw new ArgumentOutOfRangeException(nameof(level), value,
                $"{codec.Name} levels go from {codec.MinLevel} to {codec.MaxLevel}");
        return value;
    }
}

using Blobasaur.Compression;

namespace Blobasaur.Storage;

/// <summary>
/// A value as it goes into a row: Data is what the `value` column gets, Codec the `codec` column and Size the client's
/// original length (`size`, which STRLEN reports). Built by the caller before the write is queued, so the shard's
/// single writer only binds bytes. A raw value's Data is the caller's own memory (borrowed, as for any write).
/// </summary>
internal readonly record struct EncodedValue(ReadOnlyMemory<byte> Data, CodecId Codec, int Size)
{
    public static EncodedValue Raw(ReadOnlyMemory<byte> value) => new(value, CodecId.None, value.Length);

    public bool IsCompressed => Codec != CodecId.None;
}

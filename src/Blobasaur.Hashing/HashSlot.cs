namespace Blobasaur.Hashing;

// Redis Cluster key -> slot mapping: CRC16(key) mod 16384, hashing only the "{hash tag}" when the key has one.
// Tag rule (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags): take the first '{';
// if a '}' follows it with at least one byte in between, hash the bytes between them; otherwise hash the whole key.
// Check values: "k" -> 7629, "{user1}a" -> 8106, "foo{}bar" -> 14292 (empty tag: whole key), "foo" -> 12182.
public static class HashSlot
{
    public const int Count = 16384;

    public static int Of(ReadOnlySpan<byte> key) => Crc16.Compute(TagOf(key)) & (Count - 1);

    // The bytes that decide the slot: the hash tag when there is a non-empty one, otherwise the whole key.
    public static ReadOnlySpan<byte> TagOf(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open < 0)
            return key;
        var close = key[(open + 1)..].IndexOf((byte)'}');
        return close <= 0 ? key : key.Slice(open + 1, close);
    }
}

namespace Blobasaur.Storage;

/// <summary>
/// The key range [Low, High) that holds every key starting with a literal prefix, so MATCH "user:*" becomes an
/// index range instead of a filter. High is null when no upper bound exists (empty prefix, or only 0xFF bytes).
/// Check value: prefix "ab\xFF" gives [ "ab\xFF", "ac" ).
/// </summary>
public readonly record struct KeyBounds(byte[] Low, byte[]? High)
{
    public static KeyBounds All { get; } = new([], null);

    public static KeyBounds ForPrefix(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == 0xFF)
            end--;
        if (end == 0)
            return new KeyBounds(prefix.ToArray(), null);
        var high = prefix[..end].ToArray();
        high[^1]++;
        return new KeyBounds(prefix.ToArray(), high);
    }

    public bool Contains(ReadOnlySpan<byte> key) =>
        key.SequenceCompareTo(Low) >= 0 && (High is null || key.SequenceCompareTo(High) < 0);
}

/// <summary>Decides whether a key passes MATCH; the commands layer supplies it (Glob.IsMatch), storage never parses globs.</summary>
public delegate bool KeyPredicate(ReadOnlySpan<byte> key);

/// <summary>SCAN/KEYS filters: Bounds from the pattern's literal prefix, Match for the rest, Type null for any type.</summary>
public sealed record ScanFilter(KeyBounds Bounds, KeyPredicate? Match, KeyType? Type)
{
    public static ScanFilter None { get; } = new(KeyBounds.All, null, null);

    internal bool Accepts(ReadOnlySpan<byte> key, KeyType type) =>
        (Type is null || Type == type) && Bounds.Contains(key) && (Match is null || Match(key));
}

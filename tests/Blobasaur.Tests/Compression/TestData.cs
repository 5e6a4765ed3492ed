using System.Text;

namespace Blobasaur.Tests.Compression;

// Deterministic inputs: random bytes (incompressible) and English-like text (compressible), from fixed seeds.
internal static class TestData
{
    private static readonly string[] _words =
    [
        "the", "blob", "store", "keeps", "values", "in", "sqlite", "shards", "and", "every", "row", "records", "its", "codec",
        "so", "old", "data", "stays", "readable", "after", "a", "change", "of", "algorithm", "compression", "saves", "space",
    ];

    public static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Text(int length, int seed = 2)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(length + 16);
        while (sb.Length < length)
            sb.Append(_words[random.Next(_words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        return Encoding.ASCII.GetBytes(sb.ToString(0, length));
    }
}

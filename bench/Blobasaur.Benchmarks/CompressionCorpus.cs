using System.IO.Compression;
using System.Text;

namespace Blobasaur.Benchmarks;

// A deterministic corpus of 64 values of about 4 KB each, in three kinds: JSON documents (user records with
// repeated field names), English-like prose, and already-compressed bytes (gzip of random data, as stored images
// or archives would be). Same seeds, same bytes on every run.
internal static class CompressionCorpus
{
    public const int Values = 64;

    private static readonly string[] _words =
    [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their", "one",
        "storage", "value", "shard", "writer", "network", "latency", "throughput", "compression", "document", "customer",
    ];

    public static byte[][] Build(string kind) => kind switch
    {
        "json" => Make(Json),
        "text" => Make(Text),
        "compressed" => Make(Compressed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static byte[][] Make(Func<Random, byte[]> make)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, Values).Select(_ => make(random))];
    }

    private static byte[] Json(Random random)
    {
        var sb = new StringBuilder("{\"users\":[");
        for (var i = 0; sb.Length < 4000; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append("{\"id\":").Append(random.Next(1_000_000))
                .Append(",\"name\":\"").Append(Word(random)).Append(' ').Append(Word(random))
                .Append("\",\"email\":\"").Append(Word(random)).Append(random.Next(1000)).Append("@example.com\"")
                .Append(",\"active\":").Append(random.Next(2) == 0 ? "true" : "false")
                .Append(",\"balance\":").Append(random.Next(100_000) / 100.0)
                .Append(",\"tags\":[\"").Append(Word(random)).Append("\",\"").Append(Word(random)).Append("\"]}");
        }
        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static byte[] Text(Random random)
    {
        var sb = new StringBuilder();
        while (sb.Length < 4096)
            sb.Append(Word(random)).Append(random.Next(15) == 0 ? ". " : " ");
        return Encoding.UTF8.GetBytes(sb.ToString(0, 4096));
    }

    private static byte[] Compressed(Random random)
    {
        var raw = new byte[4096];
        random.NextBytes(raw);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(raw);
        return output.ToArray();
    }

    private static string Word(Random random) => _words[random.Next(_words.Length)];
}
